-- Open only, over secrets made beforehand by create.lua: each thread takes every n-th id and
-- opens them in turn, one pass after another, up to $BENCH_MAX_LOGINS passes, so every open
-- should succeed and two opens of one secret are far apart (as they are in real use; racing opens
-- of one secret are the tests' business). Where each thread stopped is kept in $BENCH_IDS.pos, so
-- the next run (after the warm-up) goes on from there.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local c = require("common")

local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  c.setup(thread)
end

function init(args)
  opened, bad, exhausted = 0, 0, 0
  ids, position, pass = {}, 1, 1
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
      local t, p, k = string.match(line, "(%d+) (%d+) (%d+)")
      if tonumber(t) == thread_id then
        position, pass = tonumber(p), tonumber(k)
      end
    end
    saved:close()
  end
end

function request()
  if position > #ids then
    position, pass = 1, pass + 1
  end
  if pass > c.max_logins then
    exhausted = 1
    pass = 1
  end
  local id = ids[position]
  position = position + 1
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
    f:write(t:get("thread_id"), " ", t:get("position"), " ", t:get("pass"), "\n")
  end
  f:close()
  c.done(summary, latency, { "opened", "bad", "exhausted" })
end
