-- Shared by the wrk scripts of eng/bench/load.sh: think time between a connection's requests, a count of answers
-- the scenario did not expect (wrk itself only counts socket errors and non-2xx), and one summary line per run
-- (last), after a line saying which errors when there were any.
-- Environment: LABEL (the row's name), THINK_MS (mean pause after each answer; 0 for none).

local think_ms = tonumber(os.getenv("THINK_MS") or "0")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

-- Each connection pauses between 0.5x and 1.5x THINK_MS, so connections do not march in step.
function delay()
  if think_ms <= 0 then return 0 end
  return math.floor(think_ms * (0.5 + math.random()))
end

-- expected(status): set by each script; every other status counts as an error.
unexpected = 0
function response(status, headers, body)
  if not expected(status) then unexpected = unexpected + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("unexpected") end
  local e = summary.errors
  local errors = bad + e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  if errors > 0 then
    io.write(string.format("errors: %d unexpected statuses, %d connect, %d read, %d write, %d timeouts\n",
      bad, e.connect, e.read, e.write, e.timeout))
  end
  io.write(string.format("%-46s %8.0f req/s  p50 %7.2f  p95 %7.2f  p99 %7.2f  max %8.2f ms  requests %7d  errors %d\n",
    os.getenv("LABEL") or "", summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests, errors))
end
