-- wrk script for scripts/bench: each wrk thread is one writer editing its own joint action,
-- every save expecting the value it saved last (so a conflict means a lost update).
-- Environment: COPLAN_COOKIE, COPLAN_PLAN, COPLAN_ROWS ("id|text" lines, one per writer).
local writers = {}
for id, text in os.getenv("COPLAN_ROWS"):gmatch("(%d+)|([^\n]*)") do
  writers[#writers + 1] = { id = id, text = text }
end
local threads = {}
local next_writer = 1

function setup(thread)
  local writer = writers[next_writer]
  next_writer = next_writer + 1
  thread:set("row", writer.id)
  thread:set("expected", writer.text)
  table.insert(threads, thread)
end

function init(args)
  saves, conflicts = 0, 0
  headers = {
    ["Cookie"] = os.getenv("COPLAN_COOKIE"),
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
  }
end

function request()
  saves = saves + 1
  local body = string.format(
    '{"edit":{"plan_id":%s,"field":"ActionText","row":%s,"expected":"%s","value":"Bench action %s edit %d"}}',
    os.getenv("COPLAN_PLAN"), row, expected, row, saves)
  return wrk.format("POST", "/api/save_field", headers, body)
end

function response(status, headers, body)
  local saved = body:match('"Saved":{"value":"(.-)"}')
  if saved then expected = saved else conflicts = conflicts + 1 end
end

function done(summary, latency, requests)
  local lost = 0
  for _, thread in ipairs(threads) do lost = lost + thread:get("conflicts") end
  io.write(string.format("save round trip, %d concurrent writers: n=%d per_s=%.1f p50=%.2f ms p99=%.2f ms conflicts=%d errors=%d\n",
    #threads, summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, lost,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
