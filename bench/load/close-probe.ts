/**
 * Who closes a keep-alive connection with a request in flight, and when (`node --import tsx
 * bench/load/close-probe.ts [stallMs] [seconds]`): a worker answering 3 KB from a constant, in
 * workerd through miniflare's API, under 64 keep-alive connections from raw sockets for 12 s.
 * About 40 answers in, one request makes the isolate busy for `stallMs` (default 6000) in one
 * synchronous loop; workerd's one thread does nothing else meanwhile. Every connection the server ends while a request is outstanding is
 * printed with how long that request had waited. Seen: 5300 ms, all 64 closed (EOF) the moment the
 * hold ends; 4800 ms, none; 0 for 30 s, none: kj's 5 s pipeline timeout, expired during the hold,
 * wins over the request that arrived meanwhile.
 */
import { connect, type Socket } from 'node:net';
import { Miniflare } from 'miniflare';

const STALL = Number(process.argv[2] ?? 6000);
const CONNECTIONS = 64;
const SECONDS = Number(process.argv[3] ?? 12);
const mf = new Miniflare({
  modules: true,
  script: `const BODY = 'x'.repeat(3000);
export default {
  fetch(request) {
    const stall = Number(new URL(request.url).searchParams.get('stall') ?? 0);
    const until = Date.now() + stall;
    while (Date.now() < until);
    return new Response(BODY);
  },
};`,
  compatibilityDate: '2026-04-20',
  host: '127.0.0.1',
  port: 0,
});
const url = new URL((await mf.ready).origin);
const start = performance.now();
const now = () => (performance.now() - start) / 1000;
let answered = 0;
const closes: string[] = [];
let running = true;

function open(id: number): void {
  const socket: Socket = connect(Number(url.port), url.hostname);
  let buffer = '';
  let sentAt = 0;
  let n = 0;
  const send = (path: string) => {
    sentAt = now();
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
  };
  socket.on('connect', () => send(`/page-${n}`));
  socket.on('data', (chunk) => {
    buffer += chunk.toString('latin1');
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(buffer.slice(0, end).match(/content-length: (\d+)/i)?.[1] ?? Number.NaN);
      if (buffer.length < end + 4 + length) return;
      buffer = buffer.slice(end + 4 + length);
      answered++;
      n++;
      if (!running) return void socket.end();
      send(id === 0 && n === 40 && STALL > 0 ? `/stall?stall=${STALL}` : `/page-${n}`);
    }
  });
  const closed = (how: string) => {
    if (!running) return;
    closes.push(`${now().toFixed(2)}s conn ${id} ${how} after ${n} answers, request waiting ${(now() - sentAt).toFixed(2)}s`);
    open(id);
  };
  socket.on('error', (e) => closed(`error ${(e as NodeJS.ErrnoException).code}`));
  socket.on('end', () => closed('EOF'));
}

for (let id = 0; id < CONNECTIONS; id++) open(id);
await new Promise((done) => setTimeout(done, SECONDS * 1000));
running = false;
console.log(
  `stall ${STALL} ms: ${answered} answers in ${SECONDS} s, ${closes.length} connections closed by the server mid-request`,
);
for (const line of closes.slice(0, 70)) console.log(`  ${line}`);
await mf.dispose();
