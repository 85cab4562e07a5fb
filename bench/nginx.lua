-- wrk script for bench/nginx.py: spreads requests over the public pages and prints the
-- figures as one JSON line (wrk's own summary has no 95th percentile).
-- The pages, one path a line, from the file bench/nginx.py names after `--` (the same list it
-- warms the cache with before the timed run).
local paths = {}

local counter = 0
local floor = false
init = function(args)
  floor = wrk.headers["X-Bench-Floor"] ~= nil
  if args[1] then
    for line in io.lines(args[1]) do
      table.insert(paths, line)
    end
  end
end

request = function()
  if floor then
    return wrk.format("GET", "/bench-floor")
  end
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, ' ..
    '"max_ms": %.3f, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, ' ..
    '"bytes": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout, summary.bytes))
end
