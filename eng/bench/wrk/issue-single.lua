-- Issuing: POST /api/certificates with an API key (API_KEY), one certificate per request; 201 expected.
dofile(os.getenv("WRK_SCRIPTS") .. "/report.lua")
local counter = 0

function request()
  counter = counter + 1
  local body = string.format('{"recipientName":"Load Recipient %d","title":"Load Test Certificate"}', counter)
  return wrk.format("POST", "/api/certificates",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("API_KEY") }, body)
end

function expected(status) return status == 201 end
