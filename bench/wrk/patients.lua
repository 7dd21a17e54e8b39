-- GET /api/v1/patients as the therapist: the clinic's 1,000 patients with adherence.
dofile("bench/wrk/common.lua")

function request()
   return wrk.format("GET", "/api/v1/patients", {["Authorization"] = "Token " .. therapist_token})
end
