-- wrk: the case list a street centre opens all day: one random street's open cases, or all its
-- cases, first pages, 20 a page. Streets from bench_streets.txt.
local token, streets, n = "", {}, 0

function setup(thread)
  thread:set("id", n)
  n = n + 1
end

function init(args)
  token = io.open("bench_token.txt"):read("*l")
  for line in io.lines("bench_streets.txt") do streets[#streets + 1] = line end
  math.randomseed(3000 + (id or 0))
end

local filters = { "&state=open", "", "&overdue=true", "&state=closed" }

function request()
  local path = string.format("/api/v1/cases?area=%s&page=%d&page_size=20%s",
    streets[math.random(#streets)], math.random(3), filters[math.random(#filters)])
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
