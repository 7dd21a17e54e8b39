-- Reference 2: GET /bench/ref-drf with a device token, patients in turn.
dofile("bench/wrk/common.lua")

function request()
   local p = next_patient()
   return wrk.format("GET", "/bench/ref-drf", {["Authorization"] = "Token " .. p.token})
end
