-- wrk script: POST one short text to /embed; counts 2xx, 429 and other answers for the summary.
wrk.method = "POST"
wrk.body = '{"texts": ["a crocheted or knitted garment covering the upper part of the body"]}'
wrk.headers["Content-Type"] = "application/json"

local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  ok, busy, other = 0, 0, 0
end

response = function(status, headers, body)
  if status == 200 then ok = ok + 1 elseif status == 429 then busy = busy + 1 else other = other + 1 end
end

done = function(summary, latency, requests)
  local okAll, busyAll, otherAll = 0, 0, 0
  for _, t in ipairs(threads) do
    okAll = okAll + t:get("ok"); busyAll = busyAll + t:get("busy"); otherAll = otherAll + t:get("other")
  end
  local e = summary.errors
  io.write(string.format("RESULT requests/s=%.1f p50_ms=%.1f p99_ms=%.1f ok=%d busy=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    okAll, busyAll, otherAll + e.connect + e.read + e.write + e.timeout))
end
