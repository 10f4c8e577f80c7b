-- Open only, over secrets made beforehand by create.lua: each thread takes every n-th id and
-- opens it $BENCH_MAX_LOGINS times, so every open should succeed. Where each thread stopped is kept
-- in $BENCH_IDS.pos, so the next run (after the warm-up) goes on with fresh ids.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local c = require("common")

local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  c.setup(thread)
end

function init(args)
  opened, bad, exhausted = 0, 0, 0
  ids, position, used = {}, 1, 0
  local prefix = os.getenv("BENCH_IDS")
  local threads = tonumber(os.getenv("BENCH_THREADS"))
  local n = 0
  for t = 0, 63 do
    local f = io.open(prefix .. "." .. t, "r")
    if f then
      for id in f:lines() do
        if n % threads == thread_id then
          table.insert(ids, id)
        end
        n = n + 1
      end
      f:close()
    end
  end
  local saved = io.open(prefix .. ".pos", "r")
  if saved then
    for line in saved:lines() do
      local t, p = string.match(line, "(%d+) (%d+)")
      if tonumber(t) == thread_id then
        position = tonumber(p)
      end
    end
    saved:close()
  end
end

function request()
  if position > #ids then
    exhausted = 1
    position = 1
  end
  local id = ids[position]
  used = used + 1
  if used >= c.max_logins then
    used = 0
    position = position + 1
  end
  return c.open_request(id)
end

function response(status, headers, body)
  if status == 200 then
    opened = opened + 1
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local f = assert(io.open(os.getenv("BENCH_IDS") .. ".pos", "w"))
  for _, t in ipairs(c.threads) do
    f:write(t:get("thread_id"), " ", t:get("position") + 1, "\n")
  end
  f:close()
  c.done(summary, latency, { "opened", "bad", "exhausted" })
end
