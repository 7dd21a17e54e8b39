-- GET /api/v1/patients as the therapist of the 10,000-patient clinic: its first page.
dofile("bench/wrk/common.lua")

function request()
   return wrk.format("GET", "/api/v1/patients", {["Authorization"] = "Token " .. therapist_10k_token})
end
