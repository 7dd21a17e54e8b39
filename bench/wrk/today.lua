-- GET /api/v1/me/today as 50 patients in turn (each in their own time zone).
dofile("bench/wrk/common.lua")

function request()
   local p = next_patient()
   return wrk.format("GET", "/api/v1/me/today", {["Authorization"] = "Token " .. p.token})
end
