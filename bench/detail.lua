-- wrk: case detail (with history) of a random case id in 1..max from bench_max_id.txt.
local token, max_id, n = "", 1, 0

function setup(thread)
  thread:set("id", n)
  n = n + 1
end

function init(args)
  token = io.open("bench_token.txt"):read("*l")
  max_id = tonumber(io.open("bench_max_id.txt"):read("*l"))
  math.randomseed(2000 + (id or 0))
end

function request()
  return wrk.format("GET", "/api/v1/cases/" .. math.random(max_id),
    { ["Authorization"] = "Bearer " .. token })
end
