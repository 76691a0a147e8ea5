-- wrk script for scripts/bench: one browser-like client loading the plan page again and again.
-- Environment: COPLAN_COOKIE.
wrk.headers["Cookie"] = os.getenv("COPLAN_COOKIE")
wrk.headers["Accept"] = "text/html"
wrk.headers["Accept-Encoding"] = os.getenv("COPLAN_ENCODING") or "gzip, deflate, br, zstd"

function done(summary, latency, requests)
  io.write(string.format("render of the largest plan (%s): n=%d p50=%.2f ms p99=%.2f ms errors=%d\n",
    wrk.headers["Accept-Encoding"], summary.requests, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status))
end
