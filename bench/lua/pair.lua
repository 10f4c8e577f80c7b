-- Create -> open pairs: a create's answer queues its id, and the next request on any of the
-- thread's connections opens it; with nothing queued, a connection creates. Pairs/s = opens/s.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local c = require("common")

setup = c.setup

function init(args)
  created, opened, bad = 0, 0, 0
  queue, head, tail = {}, 1, 0
end

function request()
  if head <= tail then
    local id = queue[head]
    queue[head] = nil
    head = head + 1
    return c.open_request(id)
  end
  return c.create_request()
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
    tail = tail + 1
    queue[tail] = c.id_of(body)
  elseif status == 200 then
    opened = opened + 1
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  c.done(summary, latency, { "created", "opened", "bad" })
end
