-- Verification mix: 80% codes of issued certificates (one per line in CODES_FILE), 20% well-formed codes that do
-- not exist (each new, so each reaches PostgreSQL once). Valid codes must answer 200, unknown ones 404.
dofile(os.getenv("WRK_SCRIPTS") .. "/report.lua")

local codes = {}
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
  if math.random() < 0.8 then
    return wrk.format("GET", "/api/verify/" .. codes[math.random(#codes)])
  end
  return wrk.format("GET", "/api/verify/" .. unknown_code())
end

function expected(status) return status == 200 or status == 404 end
