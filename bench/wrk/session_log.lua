-- POST /api/v1/session-logs as 50 patients in turn: a new client_id every time (a fresh
-- log, answered 201; never a replay), one of the patient's assignments, an entry for each
-- exercise of its current phase. Marked "wrk" so bench/make_clinic.py removes them later.
dofile("bench/wrk/common.lua")

local function hex(digits)
   local out = {}
   for i = 1, digits do
      out[i] = string.format("%x", math.random(0, 15))
   end
   return table.concat(out)
end

local function uuid4()
   -- Random, with the thread and a per-thread counter in the last group: unique per run.
   return string.format("%s-%s-4%s-a%s-%02x%010x", hex(8), hex(4), hex(3), hex(3),
                        thread_id % 256, counter)
end

local function body_for(p)
   local a = p.assignments[math.random(1, #p.assignments)]
   local entries = {}
   for i, slug in ipairs(a.exercises) do
      entries[i] = string.format('{"exercise":"%s","sets":2,"reps":10,"rpe":3}', slug)
   end
   return string.format(
      '{"client_id":"%s","assignment":%d,"performed_at":"%s","entries":[%s],'
      .. '"pain_during":2,"soreness_after":1,"headache_triggered":false,"notes":"wrk"}',
      uuid4(), a.id, os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() - 60),
      table.concat(entries, ","))
end

function request()
   local p = next_patient()
   return wrk.format("POST", "/api/v1/session-logs", {
      ["Authorization"] = "Token " .. p.token,
      ["Content-Type"] = "application/json",
   }, body_for(p))
end
