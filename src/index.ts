import * as v from 'valibot';
import { createApp } from './app';
import { editionClock } from './content/schedule';
import { rootSchema } from './content/stored';
// Written by `quire build` / `npm start`: the root of the release this deployment serves.
import releaseJson from './generated/release.json';
import { memoryCache } from './middleware/memory-cache';

const release = v.parse(rootSchema, releaseJson);
const app = createApp(release);

export default {
  fetch: memoryCache(app.fetch, editionClock(release)),
} satisfies ExportedHandler<Env>;
