/** The wrk script of `npm run load`. */
// Random pages; one request in ten with a junk query string, one in twenty for a made-up address
// (from a fixed thousand, as scanners repeat theirs). Counts answers by status in every thread.
export const LUA = (paths: string[]) => `
local paths = { ${paths.map((p) => JSON.stringify(p)).join(', ')} }
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  ok, missing, other, errors = 0, 0, 0, 0
end
function request()
  local r = math.random()
  if r < 0.05 then
    return wrk.format(nil, "/articles/no-such-" .. math.random(1, 1000))
  elseif r < 0.15 then
    return wrk.format(nil, paths[math.random(#paths)] .. "?utm_source=load&n=" .. math.random(1, 1000000))
  end
  return wrk.format(nil, paths[math.random(#paths)])
end
function response(status, headers, body)
  if status == 200 then ok = ok + 1
  elseif status == 404 then missing = missing + 1
  elseif status >= 500 then errors = errors + 1
  else other = other + 1 end
end
function done(summary, latency, requests)
  local t = { ok = 0, missing = 0, other = 0, errors = 0 }
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  io.write(string.format("STATUS ok=%d missing=%d other=%d errors5xx=%d\\n", t.ok, t.missing, t.other, t.errors))
  io.write(string.format("LATENCY p50=%d p99=%d max=%d\\n", latency:percentile(50), latency:percentile(99), latency.max))
  local e = summary.errors
  io.write(string.format("TOTAL requests=%d seconds=%f socket=%d\\n", summary.requests, summary.duration / 1e6,
    e.connect + e.read + e.write + e.timeout))
  io.write(string.format("SOCKET connect=%d read=%d write=%d timeout=%d\\n", e.connect, e.read, e.write, e.timeout))
end
`;

/** Warms workerd up: an address neither the app nor KV answers (the bench entry counts reads). */
export const IDLE_PATH = '/__bench/reads';

/** The warm-up's script: the same counters as LUA, on IDLE_PATH only. */
export const IDLE = LUA([]).replace(
  /function request\(\)[\s\S]*?\nend\n/,
  `function request()\n  return wrk.format(nil, "${IDLE_PATH}")\nend\n`,
);
