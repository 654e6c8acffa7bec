/**
 * Page weight of the sample site's article pages, as a reader downloads them (uncompressed and
 * gzipped), so a change can say what it adds: `npx tsx bench/page-weight.ts [--json]`.
 */
import { gzipSync } from 'node:zlib';
import { buildFromDisk } from '../src/cli/build';
import { inMemory } from '../tests/support/memory-app';

const built = await buildFromDisk('content');
if (!built.ok) throw new Error(built.report);
const site = inMemory(built.release, { edgeCache: false });
const rows: { path: string; bytes: number; gzip: number }[] = [];
for (const path of ['/articles/the-summer-the-river-stank', '/articles/the-bargain-at-vienna', '/articles/getting-started']) {
  const html = new Uint8Array(await (await site.request(path)).arrayBuffer());
  rows.push({ path, bytes: html.byteLength, gzip: gzipSync(html).byteLength });
}
if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
else for (const r of rows) console.log(`${r.path}\t${r.bytes} B\t${r.gzip} B gzipped`);
