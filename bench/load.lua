-- wrk script for bench/http.py: send the requests listed in a file, in turn, and stop after a
-- fixed number of responses; then print the figures as "name value" lines. One thread (-t 1).
--
--   wrk -t 1 -c CLIENTS -d SECONDS -s bench/load.lua URL -- REQUESTS_FILE COUNT [body=FILE] [header=NAME:VALUE]...
--
-- REQUESTS_FILE holds one path per line. With a body FILE, every request is a POST of it as JSON;
-- each header=NAME:VALUE is sent with every request.

-- wrk waits out the whole duration even once every thread has stopped; an interrupt ends it then.
local ffi = require("ffi")
ffi.cdef([[
  int getpid(void);
  int kill(int pid, int signal);
]])
local SIGINT = 2

local requests = {}
local next_request = 0
local responses = 0
local count

function init(args)
  count = tonumber(args[2])
  local method, body = "GET", nil
  local headers = {}
  for i = 3, #args do
    local key, value = args[i]:match("^(%a+)=(.*)$")
    if key == "body" then
      local file = assert(io.open(value, "rb"))
      body = file:read("*a")
      file:close()
      method = "POST"
      headers["Content-Type"] = "application/json"
    elseif key == "header" then
      local name, header_value = value:match("^([^:]+):(.*)$")
      headers[name] = header_value
    else
      error("unknown argument: " .. args[i])
    end
  end
  for path in io.lines(args[1]) do
    requests[#requests + 1] = wrk.format(method, path, headers, body)
  end
end

function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end

function response(status, headers, body)
  responses = responses + 1
  if responses == count then
    wrk.thread:stop()
    ffi.C.kill(ffi.C.getpid(), SIGINT)
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("seconds %.6f\n", summary.duration / 1e6))
  io.write(string.format("errors %d\n", errors.connect + errors.read + errors.write + errors.status + errors.timeout))
  io.write(string.format("median_ms %.3f\n", latency:percentile(50) / 1000))
  io.write(string.format("p99_ms %.3f\n", latency:percentile(99) / 1000))
end
