-- bench/post.lua: POST /api/orders with a fixed JSON body (the peers ignore it).
-- Each request carries an Idempotency-Key from a pool of ORDER_KEYS keys (default 100000, split over wrk's threads),
-- used in turn: the first request with a key places an order, later ones are retries that get the same answer back
-- (same parsing, validation, id generation and serialization; no new entry in the store). The store then holds at
-- most ORDER_KEYS orders, whatever the load's length: with a new order per request our in-memory store reaches its
-- bound (app.orders.memory.heap-share) within seconds and answers 507, which would be measured instead. The peers
-- ignore the header. ORDER_KEYS=0 sends no key (every POST a new order) as a static request, with no Lua call per
-- request.
wrk.method = "POST"
wrk.path = "/api/orders"
wrk.body = '{"customerId":"c-1","items":[{"sku":"sku-1","quantity":1}]}'
wrk.headers["Content-Type"] = "application/json"

local keys = tonumber(os.getenv("ORDER_KEYS") or "100000")
local threads = 0

function setup(thread) -- each thread gets its own share of the keys
  threads = threads + 1
  thread:set("id", threads)
end

if keys > 0 then
  local pool, n, i = {}, 0, 0
  function init(args)
    local per = math.max(1, math.floor(keys / tonumber(os.getenv("WRK_THREADS") or "1")))
    for k = 1, per do
      wrk.headers["Idempotency-Key"] = string.format("bench-%d-%d", id, k)
      pool[k] = wrk.format()
    end
    n = per
  end
  function request()
    i = i % n + 1
    return pool[i]
  end
end

-- One machine-readable line for bench/run; latencies in microseconds.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
