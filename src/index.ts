import * as v from 'valibot';
import { createApp } from './app';
import { rootSchema } from './content/layout';
// Written by `quire build` / `npm start`: the root of the release this deployment serves.
import release from './generated/release.json';

export default createApp(v.parse(rootSchema, release)) satisfies ExportedHandler<Env>;
