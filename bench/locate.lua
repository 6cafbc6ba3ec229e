-- wrk: locate a random point near a grid's centre (bench_points.txt).
local token, points, n = "", {}, 0

function setup(thread)
  thread:set("id", n)
  n = n + 1
end

function init(args)
  token = io.open("bench_token.txt"):read("*l")
  for line in io.lines("bench_points.txt") do points[#points + 1] = line end
  math.randomseed(4000 + (id or 0))
end

function request()
  local lng, lat = points[math.random(#points)]:match("([%d%.]+) ([%d%.]+)")
  return wrk.format("GET", "/api/v1/areas/locate?lng=" .. lng .. "&lat=" .. lat,
    { ["Authorization"] = "Bearer " .. token })
end
