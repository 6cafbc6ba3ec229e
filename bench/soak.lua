-- wrk: a mixed load for the soak test (bench/soak.sh): 70% case list, 20% case detail, 10%
-- reports. Reads soak_token.txt, soak_point.txt ("lng lat") and soak_ids.txt from the working
-- directory. Counts answers of 500 and above per thread; done() prints the total.
local token, lng, lat = "", 0, 0
local ids = {}
local threads = {}
local n = 0

function setup(thread)
  thread:set("id", n)
  n = n + 1
  table.insert(threads, thread)
end

function init(args)
  token = io.open("soak_token.txt"):read("*l")
  local p = io.open("soak_point.txt"):read("*l")
  lng, lat = p:match("([%d%.]+) ([%d%.]+)")
  for line in io.lines("soak_ids.txt") do ids[#ids + 1] = line end
  math.randomseed(4242 + (id or 0))
  errors5xx = 0
end

local count = 0
function request()
  count = count + 1
  local h = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
  local r = math.random(100)
  if r <= 70 then
    return wrk.format("GET", "/api/v1/cases?page_size=20&state=open", h)
  elseif r <= 90 then
    return wrk.format("GET", "/api/v1/cases/" .. ids[math.random(#ids)], h)
  end
  local body = string.format(
    '{"category_code":"06010","description":"soak %d","lng":%s,"lat":%s,"channel":"patrol"}',
    count, lng, lat)
  return wrk.format("POST", "/api/v1/cases", h, body)
end

function response(status, headers, body)
  if status >= 500 then errors5xx = errors5xx + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get("errors5xx") or 0) end
  io.write(string.format("5xx: %d\n", total))
  io.write(string.format("p50_ms: %.2f\np99_ms: %.2f\n", latency:percentile(50) / 1000,
    latency:percentile(99) / 1000))
end
