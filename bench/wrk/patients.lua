-- GET /api/v1/patients as the therapist of the 1,000-patient clinic: its first page (50).
dofile("bench/wrk/common.lua")

function request()
   return wrk.format("GET", "/api/v1/patients", {["Authorization"] = "Token " .. therapist_token})
end
