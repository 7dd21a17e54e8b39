-- Reference 1: GET /bench/ref-plain, no authentication.
dofile("bench/wrk/common.lua")

function request()
   return wrk.format("GET", "/bench/ref-plain")
end
