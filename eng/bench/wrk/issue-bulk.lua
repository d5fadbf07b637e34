-- Issuing in batches: POST /api/certificates/bulk with 50 rows per request and an API key (API_KEY); 201 expected.
dofile(os.getenv("WRK_SCRIPTS") .. "/report.lua")
local rows = {}
for i = 1, 50 do
  rows[i] = string.format('{"recipientName":"Bulk Load Recipient %d","title":"Bulk Load Certificate"}', i)
end
local body = "[" .. table.concat(rows, ",") .. "]"

function request()
  return wrk.format("POST", "/api/certificates/bulk",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("API_KEY") }, body)
end

function expected(status) return status == 201 end
