-- wrk: dashboards of random areas (streets and communities of one district, listed one per line
-- in areas.txt in wrk's working directory) over random periods of 1, 7, 30, 90 or 365 days ending
-- on a random day of the generated year.
local areas = {}
local lengths = {1, 7, 30, 90, 365}
local last_day = os.time({year = 2026, month = 11, day = 25, hour = 12})

function init(args)
  for line in io.lines("areas.txt") do
    if #line > 0 then areas[#areas + 1] = line end
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)
end

function request()
  local area = areas[math.random(#areas)]
  local days = lengths[math.random(#lengths)]
  local to = last_day - math.random(0, 365 - days) * 86400
  local from = to - (days - 1) * 86400
  local path = "/api/v1/evaluation/dashboard?area=" .. area .. "&from=" .. os.date("!%Y-%m-%d", from) ..
               "&to=" .. os.date("!%Y-%m-%d", to)
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("status " .. status .. ": " .. body:sub(1, 200) .. "\n")
  end
end
