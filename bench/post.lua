-- bench/post.lua: POST /api/orders with a fixed JSON body (the peers ignore it).
-- Static request (no request()/response() defined), so wrk sends it without a Lua call per request.
wrk.method = "POST"
wrk.path = "/api/orders"
wrk.body = '{"customerId":"c-1","items":[{"sku":"sku-1","quantity":1}]}'
wrk.headers["Content-Type"] = "application/json"

-- One machine-readable line for bench/run; latencies in microseconds.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
