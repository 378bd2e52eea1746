-- wrk script: GET /v1alpha/verify with "Authorization: Bearer <secret>", cycling over a pool of valid secrets.
-- usage: wrk ... -s verify.lua http://127.0.0.1:PORT -- TOKENS_FILE "projectId=..&regionId=..&instanceId=.."
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  secrets = {}
  for line in io.lines(args[1]) do
    local secret = line:match("%S+%s+(%S+)")
    if secret then secrets[#secrets + 1] = secret end
  end
  assert(#secrets > 0, "no secrets in " .. args[1])
  path = "/v1alpha/verify?" .. args[2]
  cursor = (id * 1009) % #secrets
  allowed, other = 0, 0
end

function request()
  cursor = cursor % #secrets + 1
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. secrets[cursor] })
end

function response(status, headers, body)
  if status == 204 then allowed = allowed + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local a, n = 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("allowed")
    n = n + t:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f allowed=%d other=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    a, n, e.connect + e.read + e.write + e.timeout))
end
