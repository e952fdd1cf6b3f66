-- wrk script for the serving soak: POST /embed with 1 to 4 texts of 1 to 60 words each, drawn per
-- request from a seeded generator (one seed per wrk thread), so the tensors' shapes change on every
-- batch; counts 200, 429, other 4xx, 5xx and socket errors apart.
local words = {"garment", "covering", "the", "upper", "part", "of", "body", "a", "knitted", "wool", "animal",
  "small", "river", "flowing", "into", "sea", "instrument", "for", "measuring", "time", "person", "who", "writes",
  "poems", "large", "building", "with", "many", "rooms", "and", "an", "open", "court", "light", "boat", "used"}
local threads = {}
local counter = 0

setup = function(thread)
  counter = counter + 1
  thread:set("seed", counter)
  table.insert(threads, thread)
end

init = function(args)
  ok, busy, client, server = 0, 0, 0, 0
  math.randomseed(seed)
end

request = function()
  local texts = {}
  for i = 1, math.random(1, 4) do
    local t = {}
    for j = 1, math.random(1, 60) do t[j] = words[math.random(1, #words)] end
    texts[i] = '"' .. table.concat(t, " ") .. '"'
  end
  return wrk.format("POST", "/embed", {["Content-Type"] = "application/json"}, '{"texts": [' .. table.concat(texts, ",") .. ']}')
end

response = function(status, headers, body)
  if status == 200 then ok = ok + 1 elseif status == 429 then busy = busy + 1
  elseif status >= 500 then server = server + 1 else client = client + 1 end
end

done = function(summary, latency, requests)
  local okAll, busyAll, clientAll, serverAll = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    okAll = okAll + t:get("ok"); busyAll = busyAll + t:get("busy")
    clientAll = clientAll + t:get("client"); serverAll = serverAll + t:get("server")
  end
  local e = summary.errors
  io.write(string.format("RESULT requests/s=%.1f p50_ms=%.1f p99_ms=%.1f ok=%d busy=%d errors=%d 4xx=%d 5xx=%d "
    .. "connect=%d read=%d write=%d timeouts=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    okAll, busyAll, clientAll + serverAll + e.connect + e.read + e.write + e.timeout, clientAll, serverAll,
    e.connect, e.read, e.write, e.timeout))
end
