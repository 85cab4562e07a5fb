-- wrk script for bench/nginx.py: spreads requests over the public pages and prints the
-- figures as one JSON line (wrk's own summary has no 95th percentile).
local paths = {}
for _, lang in ipairs({"en", "fr"}) do
  for _, path in ipairs({
    "/", "/schools/", "/schools/imt-atlantique/", "/schools/imt-mines-ales/",
    "/schools/mines-saint-etienne/", "/rankings/", "/rankings/2021/",
    "/rankings/2021/?country=FR", "/rankings/2021/sdg/11/", "/rankings/2020/",
    "/contact/", "/about/",
  }) do
    table.insert(paths, "/" .. lang .. path)
  end
end

local counter = 0
local floor = false
init = function(args)
  floor = wrk.headers["X-Bench-Floor"] ~= nil
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
