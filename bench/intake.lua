-- wrk: every request reports a case at a random point near a grid's centre.
-- Reads bench_points.txt ("lng lat" per line) and bench_token.txt from the working directory
-- (bench/run.sh writes both). Each thread seeds its own generator from its id.
local points = {}
local token = ""
local n = 0

function setup(thread)
  thread:set("id", n)
  n = n + 1
end

function init(args)
  for line in io.lines("bench_points.txt") do
    local lng, lat = line:match("([%d%.]+) ([%d%.]+)")
    points[#points + 1] = { tonumber(lng), tonumber(lat) }
  end
  token = io.open("bench_token.txt"):read("*l")
  math.randomseed(1000 + (id or 0))
end

local categories = { "06010", "06016", "09022", "03005" }
local count = 0

function request()
  count = count + 1
  local p = points[math.random(#points)]
  local body = string.format(
    '{"category_code":"%s","description":"bench report %d","lng":%.7f,"lat":%.7f,' ..
    '"channel":"resident","address":"bench"}',
    categories[math.random(#categories)], count, p[1], p[2])
  return wrk.format("POST", "/api/v1/cases",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
