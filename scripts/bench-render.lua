-- wrk script for scripts/bench: one browser-like client loading a page again and again.
-- Environment: COPLAN_COOKIE, COPLAN_ENCODING, COPLAN_LABEL (what the line says was measured).
wrk.headers["Cookie"] = os.getenv("COPLAN_COOKIE")
wrk.headers["Accept"] = "text/html"
wrk.headers["Accept-Encoding"] = os.getenv("COPLAN_ENCODING") or "gzip, deflate, br, zstd"

function done(summary, latency, requests)
  io.write(string.format("%s (%s): n=%d per_s=%.1f p50=%.2f ms p99=%.2f ms errors=%d\n",
    os.getenv("COPLAN_LABEL") or "render of the largest plan", wrk.headers["Accept-Encoding"], summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
