-- wrk script: POST one short text to /embed; counts non-2xx responses as errors in the summary.
wrk.method = "POST"
wrk.body = '{"texts": ["a crocheted or knitted garment covering the upper part of the body"]}'
wrk.headers["Content-Type"] = "application/json"

local errors = 0
response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests/s=%.1f p50_ms=%.1f p99_ms=%.1f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
