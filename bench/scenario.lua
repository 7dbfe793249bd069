-- One benchmark scenario for wrk: the method, an optional body file, and a
-- summary printed as one JSON line so that bench/loadgen.py can read it.
--
-- Usage: wrk ... -s bench/scenario.lua <url> -- <METHOD> [<body file>]
-- Headers (Authorization, Prefer, Content-Type) are passed with wrk's -H.

function init(args)
  wrk.method = args[1] or "GET"
  local path = args[2]
  if path ~= nil and path ~= "" then
    local file = assert(io.open(path, "rb"))
    wrk.body = file:read("*a")
    file:close()
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "BENCH_JSON {\"requests\": %d, \"duration_us\": %d, \"bytes\": %d, " ..
    "\"p50_us\": %d, \"p99_us\": %d, \"mean_us\": %.1f, \"max_us\": %d, " ..
    "\"errors_connect\": %d, \"errors_read\": %d, \"errors_write\": %d, " ..
    "\"errors_status\": %d, \"errors_timeout\": %d}\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99), latency.mean, latency.max,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout
  ))
end
