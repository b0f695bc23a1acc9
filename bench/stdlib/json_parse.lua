-- The twin of json_parse.loop: an idiomatic hand-written JSON parser in
-- LuaJIT (recursive descent over string.byte/string.find, as json.lua-style
-- libraries do), building the same values: arrays with their length,
-- objects with their keys in order.
local byte, sub, find, char, tonumber, concat = string.byte, string.sub, string.find, string.char, tonumber, table.concat

local parse_value

local function skip(s, i)
  local _, e = find(s, "^[ \t\r\n]*", i)
  return e + 1
end

local escapes = { [34] = '"', [92] = "\\", [47] = "/", [98] = "\b", [102] = "\f", [110] = "\n", [114] = "\r", [116] = "\t" }

local function utf8(c)
  if c < 0x80 then return char(c) end
  if c < 0x800 then return char(0xc0 + math.floor(c / 64), 0x80 + c % 64) end
  return char(0xe0 + math.floor(c / 4096), 0x80 + math.floor(c / 64) % 64, 0x80 + c % 64)
end

local function parse_string(s, i)
  local j = i + 1
  local parts, n = nil, 0
  while true do
    local e = find(s, '["\\]', j)
    if not e then error("unterminated string at " .. i) end
    if byte(s, e) == 34 then
      if not parts then return sub(s, i + 1, e - 1), e + 1 end
      n = n + 1; parts[n] = sub(s, j, e - 1)
      return concat(parts), e + 1
    end
    parts = parts or {}
    n = n + 1; parts[n] = sub(s, j, e - 1)
    local c = byte(s, e + 1)
    if c == 117 then
      n = n + 1; parts[n] = utf8(tonumber(sub(s, e + 2, e + 5), 16))
      j = e + 6
    else
      n = n + 1; parts[n] = escapes[c] or error("bad escape at " .. e)
      j = e + 2
    end
  end
end

local function parse_array(s, i)
  local out, n = {}, 0
  i = skip(s, i + 1)
  if byte(s, i) == 93 then out.n = 0; return out, i + 1 end
  while true do
    local v
    v, i = parse_value(s, i)
    n = n + 1; out[n] = v
    i = skip(s, i)
    local c = byte(s, i)
    if c == 93 then out.n = n; return out, i + 1 end
    if c ~= 44 then error("expected , or ] at " .. i) end
    i = skip(s, i + 1)
  end
end

local function parse_object(s, i)
  local out, keys, n = {}, {}, 0
  i = skip(s, i + 1)
  if byte(s, i) == 125 then out[keys] = keys; return out, i + 1 end
  while true do
    local k, v
    k, i = parse_string(s, i)
    i = skip(s, i)
    if byte(s, i) ~= 58 then error("expected : at " .. i) end
    v, i = parse_value(s, skip(s, i + 1))
    if out[k] == nil then n = n + 1; keys[n] = k end
    out[k] = v
    i = skip(s, i)
    local c = byte(s, i)
    if c == 125 then out[keys] = keys; return out, i + 1 end
    if c ~= 44 then error("expected , or } at " .. i) end
    i = skip(s, i + 1)
  end
end

parse_value = function(s, i)
  local c = byte(s, i)
  if c == 123 then return parse_object(s, i) end
  if c == 91 then return parse_array(s, i) end
  if c == 34 then return parse_string(s, i) end
  if c == 116 then return true, i + 4 end
  if c == 102 then return false, i + 5 end
  if c == 110 then return nil, i + 4 end
  local _, e = find(s, "^-?%d+%.?%d*[eE]?[-+]?%d*", i)
  return tonumber(sub(s, i, e)), e + 1
end

local f = assert(io.open(arg and arg[1] or os.getenv("LOOP_BENCH_FILE"), "rb"))
local text = f:read("*a")
f:close()
local records = parse_value(text, skip(text, 1))
print(records.n .. " " .. records[records.n].id)
