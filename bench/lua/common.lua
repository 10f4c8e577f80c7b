-- Shared by the wrk scripts of bench/run.sh. Every secret uses the same key, so one precomputed
-- authToken (the DESIGN.md vector) and its verifier serve them all; the server never looks inside
-- the ciphertext, which is 768 bytes of base64url, making a create body of about 1 KB.
local M = {}

M.auth_token = "Rmf6ci9MhSAfm3h3uLk55nqg3vWgt19t-hEb89OxrOg"
M.verifier = "WoNrccR2P74hCez9Aayfhp1wIB8K7bsdhFEYL2hzN8c"
M.max_logins = tonumber(os.getenv("BENCH_MAX_LOGINS") or "1")

local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
M.ciphertext = string.rep(alphabet, 16)

M.create_body = string.format('{"ciphertext":"%s","verifier":"%s","ttl":"1d","maxLogins":%d}',
  M.ciphertext, M.verifier, M.max_logins)
M.open_body = string.format('{"authToken":"%s"}', M.auth_token)
M.json = { ["Content-Type"] = "application/json" }

function M.create_request()
  return wrk.format("POST", "/api/v1/secrets", M.json, M.create_body)
end

function M.open_request(id)
  return wrk.format("POST", "/api/v1/secrets/" .. id .. "/open", M.json, M.open_body)
end

function M.id_of(body)
  return string.match(body, '"id":"([%w_-]+)"')
end

-- Threads are kept so done() can add up what each counted.
local threads = {}
M.threads = threads
local next_id = 0

function M.setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

-- One JSON line per run, appended to $BENCH_OUT, for run.sh to aggregate.
function M.done(summary, latency, counters)
  local totals = {}
  for _, name in ipairs(counters) do
    totals[name] = 0
    for _, t in ipairs(threads) do
      totals[name] = totals[name] + (t:get(name) or 0)
    end
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local line = string.format(
    '{"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"socket_errors":%d,"status_errors":%d',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout, e.status)
  for _, name in ipairs(counters) do
    line = line .. string.format(',"%s":%d', name, totals[name])
  end
  line = line .. "}"
  local out = os.getenv("BENCH_OUT")
  if out then
    local f = assert(io.open(out, "a"))
    f:write(line, "\n")
    f:close()
  end
  io.write(line, "\n")
end

return M
