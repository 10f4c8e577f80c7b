-- Create only. With $BENCH_IDS set, each thread writes the ids it got to $BENCH_IDS.<thread>,
-- which open.lua then opens.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local c = require("common")

setup = c.setup

function init(args)
  created, bad, pending = 0, 0, 0
  local ids = os.getenv("BENCH_IDS")
  if ids then
    -- Appended: the warm-up and every run add ids, so the open runs never run out.
    file = assert(io.open(ids .. "." .. thread_id, "a"))
  end
end

function request()
  return c.create_request()
end

function response(status, headers, body)
  if status ~= 201 then
    bad = bad + 1
    return
  end
  created = created + 1
  if file then
    file:write(c.id_of(body), "\n")
    pending = pending + 1
    if pending >= 256 then
      file:flush()
      pending = 0
    end
  end
end

function done(summary, latency, requests)
  c.done(summary, latency, { "created", "bad" })
end
