import * as v from 'valibot';
import { createApp } from './app';
import { rootSchema } from './content/layout';
import { editionClock } from './content/schedule';
// Written by `quire build` / `npm start`: the root of the release this deployment serves.
import releaseJson from './generated/release.json';
import { memoryCache } from './middleware/memory-cache';

const release = v.parse(rootSchema, releaseJson);
const app = createApp(release);

export default {
  fetch: memoryCache(app.fetch, editionClock(release)),
} satisfies ExportedHandler<Env>;
