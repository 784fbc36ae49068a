-- bench/mixed.lua: POST /api/orders, and GET /api/orders/{id} for ids taken from the Location header of earlier 201s.
-- Argument (after "--"): percentage of requests that are GETs once an id is known (default 50).
-- An implementation that returns no Location on 201 (the peers) gets POSTs only; bench/run reports its GET share as n/a.
-- MIXED_KEYS (environment, default 0): each POST carries an Idempotency-Key drawn at random from that many, so the
-- in-memory store holds at most MIXED_KEYS orders from this load however long it runs (bench/soak); 0 sends none, every
-- POST a new order. "replayed" counts the 201s that answered an earlier request's order (Idempotent-Replayed).
local body = '{"customerId":"c-1","items":[{"sku":"sku-1","quantity":1}]}'
local get_pct = 50
local keys = tonumber(os.getenv("MIXED_KEYS") or "0")
local post_req
local post_headers = { ["Content-Type"] = "application/json" }
local gets_cache, ncached, nextslot, MAXIDS = {}, 0, 1, 1024

-- Per-thread counters, read by done() through thread:get().
posts, gets, st201, st200, st_other, no_location, replayed = 0, 0, 0, 0, 0, 0, 0

local threads = {}
function setup(thread) table.insert(threads, thread) end

function init(args)
  get_pct = tonumber(args[1] or "50") or 50
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
  post_req = wrk.format("POST", "/api/orders", post_headers, body)
end

function request()
  if ncached > 0 and math.random(100) <= get_pct then
    gets = gets + 1
    return gets_cache[math.random(ncached)]
  end
  posts = posts + 1
  if keys > 0 then
    post_headers["Idempotency-Key"] = "mixed-" .. math.random(keys)
    return wrk.format("POST", "/api/orders", post_headers, body)
  end
  return post_req
end

function response(status, headers, _)
  if status == 201 then
    st201 = st201 + 1
    local loc
    for k, v in pairs(headers) do
      local name = string.lower(k)
      if name == "location" then loc = v elseif name == "idempotent-replayed" then replayed = replayed + 1 end
    end
    if loc then
      loc = loc:gsub("^%a+://[^/]+", "")   -- an absolute Location (JAX-RS created(URI)) is cut to its path
      gets_cache[nextslot] = wrk.format("GET", loc, {})
      if ncached < MAXIDS then ncached = ncached + 1 end
      nextslot = nextslot % MAXIDS + 1
    else
      no_location = no_location + 1
    end
  elseif status == 200 then
    st200 = st200 + 1
  else
    st_other = st_other + 1
  end
end

function done(summary, latency, requests)
  local t = { posts = 0, gets = 0, st201 = 0, st200 = 0, st_other = 0, no_location = 0, replayed = 0 }
  for _, th in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + (th:get(k) or 0) end
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d posts=%d gets=%d st201=%d st200=%d st_other=%d no_location=%d replayed=%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    t.posts, t.gets, t.st201, t.st200, t.st_other, t.no_location, t.replayed))
end
