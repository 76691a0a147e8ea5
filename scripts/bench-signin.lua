-- wrk script for scripts/bench-signin: password guessers, each POSTing a wrong password for
-- an email of its own series, as fast as the server answers. Counts what the server did
-- with the guesses: checked them (401, an argon2 verification each) or held them (429).
-- Environment: COPLAN_LOGIN (the sign-in endpoint's path), COPLAN_CONNECTIONS (for the report).
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  guesses, checked, held = 0, 0, 0
  headers = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = "application/json" }
end

function request()
  guesses = guesses + 1
  local body = string.format("email=guess-%d-%d%%40example.test&password=wrong+%d", id, guesses % 7, guesses)
  return wrk.format("POST", os.getenv("COPLAN_LOGIN"), headers, body)
end

function response(status, headers, body)
  if status == 401 then checked = checked + 1 elseif status == 429 then held = held + 1 end
end

function done(summary, latency, requests)
  local c, h = 0, 0
  for _, thread in ipairs(threads) do c = c + thread:get("checked"); h = h + thread:get("held") end
  local seconds = summary.duration / 1e6
  io.write(string.format("guessers, %d connections: %.0f guesses/s checked (argon2), %.0f/s held (429), p50=%.2f ms\n",
    tonumber(os.getenv("COPLAN_CONNECTIONS")), c / seconds, h / seconds, latency:percentile(50) / 1000))
end
