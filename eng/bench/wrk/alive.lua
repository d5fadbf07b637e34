-- Baseline: GET /alive through Nginx, the cheapest answer a replica gives.
dofile(os.getenv("WRK_SCRIPTS") .. "/report.lua")

function request()
  return wrk.format("GET", "/alive")
end

function expected(status) return status == 200 end
