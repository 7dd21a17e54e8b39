-- Shared by the load scripts: device tokens, per-thread ids and a parsable summary.
-- wrk runs setup() in the main state once per thread, then init() and request() in each
-- thread's own state, and done() once at the end.

local tokens_file = os.getenv("BENCH_TOKENS") or "bench/results/tokens.lua"
dofile(tokens_file)  -- defines therapist_token and patients

local next_id = 0
function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
end

thread_id = 0
counter = 0

function init(args)
   thread_id = tonumber(id) or 0
   math.randomseed(os.time() * 1000 + thread_id * 7919)
   counter = thread_id * 7  -- threads start at different patients
end

-- Patients in turn: every request carries the next patient's token.
function next_patient()
   counter = counter + 1
   return patients[(counter % #patients) + 1]
end

function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d seconds=%.3f rps=%.2f mean_ms=%.3f p50_ms=%.3f p75_ms=%.3f "
      .. "p90_ms=%.3f p95_ms=%.3f p99_ms=%.3f max_ms=%.3f err_status=%d err_connect=%d "
      .. "err_read=%d err_write=%d err_timeout=%d\n",
      summary.requests, seconds, summary.requests / seconds, latency.mean / 1000,
      latency:percentile(50) / 1000, latency:percentile(75) / 1000,
      latency:percentile(90) / 1000, latency:percentile(95) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000, e.status, e.connect, e.read,
      e.write, e.timeout))
end
