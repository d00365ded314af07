-- wrk script of benchmarks/serve_load.py: POST each document of a listing once, then stop.
--
--   wrk -t1 -cN -d600s --timeout 60s -s serve_load.lua URL -- LISTING ROUTE
--
-- LISTING holds one file path per line; ROUTE is "json" (/api/v1/validate) or "kosit" (/NAME).
-- The requests are made in init(), so a request costs wrk no Lua work beyond a table lookup.
-- wrk calls delay() before each request it sends, so delay() counts them: once every document
-- is sent it holds the connections idle, and exactly one request per document reaches the
-- server. The last answer stops the thread and prints "finished SECONDS" (first request to last
-- answer); wrk itself runs until its duration ends (a bound) or SIGINT, which the benchmark then sends,
-- and done() prints "result ANSWERED BAD P50_US P99_US FIRST_BAD_STATUS".

local ffi = require("ffi")
ffi.cdef([[
  typedef struct { long tv_sec; long tv_nsec; } serve_load_timespec;
  int clock_gettime(int clock, serve_load_timespec *now);
]])
local CLOCK_MONOTONIC = 1
local clock = ffi.new("serve_load_timespec")

local function seconds()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) + tonumber(clock.tv_nsec) / 1e9
end

local requests = {}
local total = 0
local made = 0
local sent = 0
local answered = 0
local started = nil
bad = 0
first_bad = 0

function init(args)
  local listing = assert(io.open(args[1], "rb"))
  local route = args[2]
  for path in listing:lines() do
    local file = assert(io.open(path, "rb"))
    local body = file:read("*a")
    file:close()
    local name = path:match("([^/]+)$")
    local target = route == "kosit" and ("/" .. name) or "/api/v1/validate"
    local headers = { ["Content-Type"] = "application/xml" }
    requests[#requests + 1] = wrk.format("POST", target, headers, body)
  end
  listing:close()
  total = #requests
end

function delay()
  if sent >= total then
    return 3600000
  end
  sent = sent + 1
  return 0
end

function request()
  -- wrk also calls this once before init(), to check the script: nothing is sent then.
  if total == 0 then
    return wrk.format("POST", "/")
  end
  started = started or seconds()
  made = made % total + 1
  return requests[made]
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= 200 and status ~= 406 then
    bad = bad + 1
    if first_bad == 0 then
      first_bad = status
    end
  end
  if answered == total then
    io.write(string.format("finished %.6f\n", seconds() - started))
    io.flush()
    wrk.thread:stop()
  end
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, _)
  local failures = 0
  local status = 0
  for _, thread in ipairs(threads) do
    failures = failures + thread:get("bad")
    if status == 0 then
      status = thread:get("first_bad")
    end
  end
  io.write(string.format(
    "result %d %d %d %d %d\n",
    summary.requests, failures, latency:percentile(50), latency:percentile(99), status
  ))
end
