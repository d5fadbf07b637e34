-- Verification mix: 80% codes of issued certificates (one per line in CODES_FILE), 20% well-formed codes that do
-- not exist (each new, so each reaches PostgreSQL once). Valid codes must answer 200, unknown ones 404.
-- VALID_SHARE (default 0.8) sets the share of issued codes: 1 for cached verifications only, 0 for unknown codes only.
dofile(os.getenv("WRK_SCRIPTS") .. "/report.lua")

local codes = {}
local valid_share = tonumber(os.getenv("VALID_SHARE") or "0.8")
local alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

function init(args)
  for line in io.lines(os.getenv("CODES_FILE")) do table.insert(codes, line) end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16))
end

local function unknown_code()
  local groups = {}
  for g = 1, 5 do
    local group = ""
    for _ = 1, 4 do
      local i = math.random(#alphabet)
      group = group .. alphabet:sub(i, i)
    end
    groups[g] = group
  end
  return "CV-" .. table.concat(groups, "-")
end

function request()
  if math.random() < valid_share then
    return wrk.format("GET", "/api/verify/" .. codes[math.random(#codes)])
  end
  return wrk.format("GET", "/api/verify/" .. unknown_code())
end

function expected(status)
  if valid_share >= 1 then return status == 200 end
  if valid_share <= 0 then return status == 404 end
  return status == 200 or status == 404
end
