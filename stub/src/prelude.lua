-- The Loop runtime: helpers that generated code binds to locals, module
-- loading, and the protected entry point. Loaded once per program.
--
-- Each program gets only the top-level statements it needs (prelude.rs):
-- a top-level statement starts in the first column, and everything inside
-- one is indented or is its closing `end`.
--
-- The Rust side passes the native functions that write and flush standard
-- output and read lines of standard input (streams.rs), whether output
-- may be gathered before it is written (see `write`), and `native`, which
-- gives the standard library's native functions by name (natives/mod.rs).
local native_write, native_flush, read_line, gather_output, native = ...
local R = {}
local floor, ceil, abs, huge, fmod, log10 =
  math.floor, math.ceil, math.abs, math.huge, math.fmod, math.log10
local format, sub, byte, find, rep, match =
  string.format, string.sub, string.byte, string.find, string.rep, string.match
local concat, tsort = table.concat, table.sort
local type, tostring, tonumber, setmetatable, getmetatable, error, select =
  type, tostring, tonumber, setmetatable, getmetatable, error, select

R.setmetatable = setmetatable
R.floor = floor
R.ceil = ceil
R.unpack = unpack
R.tostring = tostring
R.tonumber = tonumber
R.sub = sub

local ARR = {}
local MAP = {}
R.ARR = ARR
R.MAP = MAP
-- A map holds its entries itself; under the key META, the table of its
-- keys in insertion order (see "maps" below). A null value is stored as
-- NULL, a removed key's slot holds TOMB.
local META, NULL, TOMB = {}, {}, {}

local function fail(msg) error(msg, 0) end
R.fail = fail

-- Standard output is C's buffered stdout. A write or flush that fails
-- (a full disk, a pipe whose reader has gone, a closed descriptor) stops
-- the program: the error carries the C library's message and errno, and
-- the Rust side decides what it means for the exit (streams.rs).
--
-- Writing goes through a native function, each call a few times the cost
-- of LuaJIT's compiled io.write (see streams.rs for why not io.write). So
-- when nothing else writes stdout (no C libraries) and it is not a
-- terminal (which C line-buffers), output is gathered here first and
-- written in blocks of 4 KB, as C's stdio would.
local OUTPUT = {}
local stdout = io.stdout
local pending, count, size = {}, 0, 0
local function output_failed(msg, errno)
  error(setmetatable({ msg = msg, errno = errno }, OUTPUT), 0)
end
local function write_pending()
  local text = concat(pending, "", 1, count)
  count, size = 0, 0
  local msg, errno = native_write(stdout, text)
  if msg then output_failed(msg, errno) end
end
local function write_through(a, b)
  local msg, errno = native_write(stdout, a, b)
  if msg then output_failed(msg, errno) end
end
local function write_gathered(a, b)
  count = count + 1
  pending[count] = a
  size = size + #a
  if b then
    count = count + 1
    pending[count] = b
    size = size + #b
  end
  if size >= 4096 then write_pending() end
end
local write = gather_output and write_gathered or write_through
R.write = write
local function flush()
  if count > 0 then write_pending() end
  local msg, errno = native_flush(stdout)
  if msg then output_failed(msg, errno) end
end
-- Null where a value is needed, in Loop words.
local function null_call(method) fail("cannot call " .. method .. "() on null") end
local function null_argument(method) fail("cannot pass null to " .. method .. "()") end
local function null_index() fail("cannot index null") end

-- numbers ------------------------------------------------------------------

-- Int results are never -0 (`+ 0` turns -0 into 0).
function R.idiv(a, b)
  if b == 0 then fail("division by zero") end
  local q = a / b
  return (q >= 0 and floor(q) or ceil(q)) + 0
end

function R.imod(a, b)
  if b == 0 then fail("remainder by zero") end
  local q = a / b
  return a - b * (q >= 0 and floor(q) or ceil(q))
end

-- The remainder truncated toward zero, exactly as C's fmod. Lua's `a % b`
-- is `a - floor(a / b) * b`, which rounds (`1 % 0.001` would be 0, not
-- 0.000999…), except for whole numbers below 2^53, where every step is
-- exact: those take the fast path the JIT compiles, and a dividend smaller
-- than the divisor is the remainder itself.
function R.fmod(a, b)
  if abs(a) < abs(b) then return a end
  if floor(a) == a and floor(b) == b and abs(a) < 9007199254740992 and b ~= 0 then
    local r = a % b
    -- A zero remainder keeps the dividend's sign (`-4 % 2` is -0).
    if r == 0 then return a * 0 end
    if (r < 0) ~= (a < 0) then r = r - b end
    return r
  end
  return fmod(a, b)
end

function R.ipow(a, b)
  if b < 0 then fail(format("negative exponent %d in an int power; use a float", b)) end
  return a ^ b
end

function R.to_int(x)
  if x ~= x or x == huge or x == -huge then fail("cannot convert " .. tostring(x) .. " to int") end
  if x >= 0 then return floor(x) + 0 else return ceil(x) + 0 end
end

R.abs = abs

-- A float with 14 significant digits, rounded to nearest as C's "%.14g".
-- LuaJIT's own formatter takes a 15th digit 5 followed by 0 for a tie and
-- rounds it to even (1.32272447180045026e-159 gives 1.3227244718004e-159,
-- about one double in 50,000). Its digits are then just over half a unit
-- from x: only then are they rounded again from x's exact digits.
local function fmt_float(x)
  if x ~= x then return "nan" end
  if x == huge then return "inf" end
  if x == -huge then return "-inf" end
  local s = format("%.14g", x)
  local err = abs(x - tonumber(s))
  if err == 0 or err < 0.49 * 10 ^ (floor(log10(abs(x))) - 13) then return s end
  local sign, first, rest, exp = match(format("%.40e", x), "^(-?)(%d)%.(%d+)e([-+]%d+)$")
  local digits = first .. rest
  local d = byte(digits, 15)
  local up = d > 53 or d == 53 and (find(digits, "[1-9]", 16) ~= nil or byte(digits, 14) % 2 == 1)
  local head, e = tonumber(sub(digits, 1, 14)), tonumber(exp) - 13
  if up then
    head = head + 1
    if head == 1e14 then head, e = 1e13, e + 1 end
  end
  return format("%.14g", tonumber(format("%s%de%d", sign, head, e)))
end
R.fmt_float = fmt_float

-- An int in plain decimal: the exact value of its double, however large.
local function fmt_int(x)
  if x == floor(x) then
    if x > -9.2e18 and x < 9.2e18 then return format("%d", x) end
    if x ~= huge and x ~= -huge then return format("%.0f", x) end
  end
  return fmt_float(x)
end
R.fmt_int = fmt_int

-- printing -----------------------------------------------------------------

-- What init_c adds for C values, reached without naming R's members, so
-- that programs without C libraries do not carry init_c (see prelude.rs).
local c_hooks = {}

local tostr
local function inner(v, d)
  if d == "s" and v ~= nil then return '"' .. v .. '"' end
  if d == "x" and type(v) == "string" then return '"' .. v .. '"' end
  return tostr(v, d)
end

tostr = function(v, d)
  if v == nil then return "null" end
  if d == "s" then return v end
  if d == "i" then return fmt_int(v) end
  if d == "f" then return fmt_float(v) end
  if d == "b" then return tostring(v) end
  local t = type(v)
  if t == "table" then
    local mt = getmetatable(v)
    if mt == ARR then
      local e = type(d) == "table" and d[2] or "x"
      local parts = {}
      for i = 1, v.n do parts[i] = inner(v[i], e) end
      return "[" .. concat(parts, ", ") .. "]"
    elseif mt == MAP then
      local kd = type(d) == "table" and d[2] or "x"
      local vd = type(d) == "table" and d[3] or "x"
      local parts = {}
      local meta = v[META]
      local keys = meta.keys
      for i = 1, meta.hi do
        local k = keys[i]
        if k ~= TOMB then
          local x = v[k]
          if x == NULL then x = nil end
          parts[#parts + 1] = inner(k, kd) .. ": " .. inner(x, vd)
        end
      end
      return "{" .. concat(parts, ", ") .. "}"
    elseif mt and mt._Lbuffer then
      return "buffer(" .. v.n .. ")"
    elseif mt and mt._Lfields then
      -- A class's own `string to_string()` says how its instances print.
      local own = mt.to_string
      if own then return own(v) or "null" end
      local fields, labels = mt._Lfields, mt._Llabels
      local parts = {}
      for i = 1, #fields, 2 do
        local name = fields[i]
        parts[#parts + 1] = (labels and labels[name] or name) .. ": " .. inner(v[name], fields[i + 1])
      end
      if #parts == 0 then return mt._Lname .. " {}" end
      return mt._Lname .. " { " .. concat(parts, ", ") .. " }"
    end
  elseif t == "number" then
    return fmt_int(v)
  elseif t == "string" then
    return v
  elseif t == "boolean" then
    return tostring(v)
  elseif t == "function" then
    return "<function>"
  elseif t == "cdata" then
    return c_hooks.describe and c_hooks.describe(v, inner) or "<C pointer>"
  end
  return tostring(v)
end
R.tostr = tostr

function R.print_final(v, d)
  if v ~= nil then write(tostr(v, d), "\n") end
end

-- run-time type checks of `any` values ---------------------------------------

local kinds = { i = "number", f = "number", b = "boolean", s = "string", fn = "function" }
local names = { i = "int", f = "float", b = "bool", s = "string", fn = "function", a = "array", m = "map", h = "C pointer", bf = "buffer" }

local function kind_of(v)
  local t = type(v)
  if t == "table" then
    local mt = getmetatable(v)
    if mt == ARR then return "array" elseif mt == MAP then return "map" elseif mt and mt._Lname then return mt._Lname end
  end
  if t == "number" then return v == floor(v) and "int" or "float" end
  if t == "boolean" then return "bool" end
  if t == "nil" then return "null" end
  if t == "cdata" then return "C value" end
  return t
end

function R.cast(v, d)
  local tag = type(d) == "table" and d[1] or d
  if v == nil then
    if tag == "i" or tag == "f" or tag == "b" then fail("cannot convert null to " .. names[tag]) end
    return v
  end
  local ok
  if tag == "a" then ok = type(v) == "table" and getmetatable(v) == ARR
  elseif tag == "m" then ok = type(v) == "table" and getmetatable(v) == MAP
  elseif tag == "i" then ok = type(v) == "number" and v == floor(v)
  elseif tag == "h" then ok = type(v) == "cdata"
  elseif tag == "bf" then ok = type(v) == "table" and (getmetatable(v) or {})._Lbuffer == true
  elseif kinds[tag] then ok = type(v) == kinds[tag]
  else ok = true end
  if not ok then fail(format("expected %s, found %s", names[tag] or tag, kind_of(v))) end
  return v
end

function R.cast_class(v, C)
  if v == nil then return v end
  if c_hooks.to_instance and type(v) == "cdata" then
    local o = c_hooks.to_instance(v, C)
    if o then return o end
  end
  local mt = type(v) == "table" and getmetatable(v)
  while mt do
    if mt == C then return v end
    mt = mt._Lparent
  end
  fail(format("expected %s, found %s", C._Lname, kind_of(v)))
end

-- strings --------------------------------------------------------------------

function R.sidx(s, i)
  if s == nil then null_index() end
  local n = #s
  if i < 0 or i >= n then fail(format("index %s out of range for a string of length %d", fmt_int(i), n)) end
  return sub(s, i + 1, i + 1)
end

local function bounds(lo, hi, n, what)
  lo = lo or 0
  hi = hi or n
  if lo < 0 or hi > n or lo > hi then
    fail(format("slice [%s..%s] out of range for %s of length %d", fmt_int(lo), fmt_int(hi), what, n))
  end
  return lo, hi
end

function R.sslice(s, lo, hi)
  if s == nil then fail("cannot slice null") end
  lo, hi = bounds(lo, hi, #s, "a string")
  return sub(s, lo + 1, hi)
end

function R.str_to_int(s)
  if s == nil then null_call("to_int") end
  local t = s:match("^%s*([-+]?%d+)%s*$")
  local n = t and tonumber(t)
  if not n then
    local h = s:match("^%s*(0[xX]%x+)%s*$")
    n = h and tonumber(h)
  end
  if not n then fail(format("cannot convert %q to int", s)) end
  return n + 0
end

function R.str_to_float(s)
  if s == nil then null_call("to_float") end
  local n = s:match("^%s*[-+]?[%d.]+[eE]?[-+]?%d*%s*$") and tonumber(s)
  if not n then
    local word = s:match("^%s*(.-)%s*$"):lower()
    if word == "inf" or word == "+inf" then return huge elseif word == "-inf" then return -huge elseif word == "nan" then return 0 / 0 end
    fail(format("cannot convert %q to float", s))
  end
  return n
end

-- A string method's receiver `s` and string argument `t`, checked for null.
local function strings(method, s, t)
  if s == nil then null_call(method) end
  if t == nil then null_argument(method) end
end

function R.contains(s, t)
  strings("contains", s, t)
  return find(s, t, 1, true) ~= nil
end
function R.starts_with(s, t)
  strings("starts_with", s, t)
  return sub(s, 1, #t) == t
end
function R.ends_with(s, t)
  strings("ends_with", s, t)
  return #t == 0 or sub(s, -#t) == t
end
function R.find(s, t)
  strings("find", s, t)
  local i = find(s, t, 1, true)
  return i and i - 1 or -1
end
function R.trim(s)
  if s == nil then null_call("trim") end
  return (s:match("^%s*(.-)%s*$"))
end
local upper, lower = string.upper, string.lower
function R.upper(s)
  if s == nil then null_call("upper") end
  return upper(s)
end
function R.lower(s)
  if s == nil then null_call("lower") end
  return lower(s)
end

function R.split(s, sep)
  strings("split", s, sep)
  local out = setmetatable({ n = 0 }, ARR)
  local n = 0
  if sep == "" then
    for i = 1, #s do out[i] = sub(s, i, i) end
    out.n = #s
    return out
  end
  local start = 1
  while true do
    local i, j = find(s, sep, start, true)
    n = n + 1
    if not i then out[n] = sub(s, start); break end
    out[n] = sub(s, start, i - 1)
    start = j + 1
  end
  out.n = n
  return out
end

function R.replace(s, a, b)
  strings("replace", s, a)
  if b == nil then null_argument("replace") end
  if a == "" then return s end
  local parts, start, n = {}, 1, 0
  while true do
    local i, j = find(s, a, start, true)
    if not i then break end
    n = n + 1
    parts[n] = sub(s, start, i - 1)
    start = j + 1
  end
  if n == 0 then return s end
  parts[n + 1] = sub(s, start)
  return concat(parts, b)
end

-- arrays -----------------------------------------------------------------------

local function out_of_range(i, n)
  fail(format("index %s out of range for an array of length %d", fmt_int(i), n))
end

function R.aget(a, i)
  if a == nil then null_index() end
  if i < 0 or i >= a.n then out_of_range(i, a.n) end
  return a[i + 1]
end

-- For arrays whose elements are never null: nil means out of range.
function R.agetv(a, i)
  if a == nil then null_index() end
  local v = a[i + 1]
  if v == nil then out_of_range(i, a.n) end
  return v
end

function R.aset(a, i, v)
  if a == nil then null_index() end
  if i < 0 or i >= a.n then out_of_range(i, a.n) end
  a[i + 1] = v
end

function R.push(a, v)
  if a == nil then null_call("push") end
  local n = a.n + 1
  a[n] = v
  a.n = n
end

function R.push_all(a, ...)
  if a == nil then null_call("push") end
  local n = a.n
  for i = 1, select("#", ...) do a[n + i] = (select(i, ...)) end
  a.n = n + select("#", ...)
end

function R.pop(a)
  if a == nil then null_call("pop") end
  local n = a.n
  if n == 0 then fail("pop from an empty array") end
  local v = a[n]
  a[n] = nil
  a.n = n - 1
  return v
end

function R.insert(a, i, v)
  if a == nil then null_call("insert") end
  local n = a.n
  if i < 0 or i > n then fail(format("insert position %s out of range for an array of length %d", fmt_int(i), n)) end
  for j = n, i + 1, -1 do a[j + 1] = a[j] end
  a[i + 1] = v
  a.n = n + 1
end

function R.remove(a, i)
  if a == nil then null_call("remove") end
  local n = a.n
  if i < 0 or i >= n then out_of_range(i, n) end
  local v = a[i + 1]
  for j = i + 1, n - 1 do a[j] = a[j + 1] end
  a[n] = nil
  a.n = n - 1
  return v
end

function R.index_of(a, v)
  if a == nil then null_call("index_of") end
  for i = 1, a.n do
    if a[i] == v then return i - 1 end
  end
  return -1
end

function R.acontains(a, v)
  if a == nil then null_call("contains") end
  return R.index_of(a, v) >= 0
end

function R.join(a, sep, d)
  if a == nil then null_call("join") end
  if sep == nil then null_argument("join") end
  local parts = {}
  for i = 1, a.n do
    local v = a[i]
    parts[i] = type(v) == "string" and v or tostr(v, d)
  end
  return concat(parts, sep)
end

function R.reverse(a)
  if a == nil then null_call("reverse") end
  local i, j = 1, a.n
  while i < j do
    a[i], a[j] = a[j], a[i]
    i, j = i + 1, j - 1
  end
end

function R.sort(a)
  if a == nil then null_call("sort") end
  for i = 1, a.n do
    if a[i] == nil then fail("cannot sort an array holding null") end
  end
  tsort(a)
end

function R.aslice(a, lo, hi)
  if a == nil then fail("cannot slice null") end
  lo, hi = bounds(lo, hi, a.n, "an array")
  local out = setmetatable({ n = hi - lo }, ARR)
  for i = lo + 1, hi do out[i - lo] = a[i] end
  return out
end

-- The string, array or map a `for … in` loop goes over.
function R.iterate(v)
  if v == nil then fail("cannot loop over null") end
  return v
end

-- maps: insertion-ordered. A map's META table holds `keys` (slots 1..hi
-- in insertion order, TOMB where a key was removed) and the count `n`;
-- once a key is removed, also `pos`, each key's slot. A map made by `umap`
-- holds its count there instead. ---------------------------------------------

function R.map(kv, count)
  local m = setmetatable({}, MAP)
  local keys, n = {}, 0
  for i = 1, 2 * count, 2 do
    local k, v = kv[i], kv[i + 1]
    if k ~= k then fail("a map key cannot be NaN") end
    if m[k] == nil then
      n = n + 1
      keys[n] = k
    end
    if v == nil then v = NULL end
    m[k] = v
  end
  m[META] = { keys = keys, n = n, hi = n }
  return m
end

-- A map whose order nothing in the program can see (the compiler proves
-- it: the map is only indexed, assigned and asked len, contains, get and
-- remove): no list of its keys, and under META only its count, so an
-- insertion costs what a plain table's does.
function R.umap(kv, count)
  local m = R.map(kv, count)
  m[META] = m[META].n
  return m
end

local function show_key(k)
  if type(k) == "string" then return format("%q", k) end
  return tostr(k, "x")
end

local function missing(k) fail("key " .. show_key(k) .. " is not in the map") end

function R.mget(m, k)
  if m == nil then null_index() end
  local v = m[k]
  if v == nil then missing(k) end
  if v == NULL then return nil end
  return v
end

-- For maps whose values are never null.
function R.mgetv(m, k)
  if m == nil then null_index() end
  local v = m[k]
  if v == nil then missing(k) end
  return v
end

function R.mgetd(m, k, d)
  if m == nil then null_call("get") end
  local v = m[k]
  if v == nil then return d end
  if v == NULL then return nil end
  return v
end

function R.mset(m, k, v)
  if m == nil then null_index() end
  if m[k] == nil then
    if k == nil then fail("a map key cannot be null") end
    if k ~= k then fail("a map key cannot be NaN") end
    local meta = m[META]
    if type(meta) == "number" then
      m[META] = meta + 1
    else
      meta.n = meta.n + 1
      local hi = meta.hi + 1
      meta.keys[hi] = k
      meta.hi = hi
      local pos = meta.pos
      if pos then pos[k] = hi end
    end
  end
  if v == nil then v = NULL end
  m[k] = v
end

function R.mlen(m)
  if m == nil then null_call("len") end
  local meta = m[META]
  if type(meta) == "number" then return meta end
  return meta.n
end

function R.mcontains(m, k)
  if m == nil then null_call("contains") end
  return m[k] ~= nil
end

function R.mremove(m, k)
  if m == nil then null_call("remove") end
  if m[k] == nil then return end
  m[k] = nil
  local meta = m[META]
  if type(meta) == "number" then
    m[META] = meta - 1
    return
  end
  local keys, pos = meta.keys, meta.pos
  if not pos then
    pos = {}
    for i = 1, meta.hi do
      local key = keys[i]
      if key ~= TOMB then pos[key] = i end
    end
    meta.pos = pos
  end
  keys[pos[k]] = TOMB
  pos[k] = nil
  meta.n = meta.n - 1
  if meta.hi > 8 and meta.n * 2 < meta.hi then
    local kept, n = {}, 0
    for i = 1, meta.hi do
      local key = keys[i]
      if key ~= TOMB then
        n = n + 1
        kept[n] = key
        pos[key] = n
      end
    end
    meta.keys, meta.hi = kept, n
  end
end

function R.mkeys(m)
  if m == nil then null_call("keys") end
  local out, n, meta = setmetatable({}, ARR), 0, m[META]
  local keys = meta.keys
  for i = 1, meta.hi do
    local k = keys[i]
    if k ~= TOMB then n = n + 1; out[n] = k end
  end
  out.n = n
  return out
end

function R.mvalues(m)
  if m == nil then null_call("values") end
  local out, n, meta = setmetatable({}, ARR), 0, m[META]
  local keys = meta.keys
  for i = 1, meta.hi do
    local k = keys[i]
    if k ~= TOMB then
      n = n + 1
      local v = m[k]
      if v ~= NULL then out[n] = v end
    end
  end
  out.n = n
  return out
end

-- classes ----------------------------------------------------------------------

-- A class: its name, its parent class (or nil), its own fields as a list
-- of Lua names and type descriptors, and, when a field of the class or its
-- parents has a Lua name other than its Loop name, each such field's Loop
-- name by its Lua name.
function R.class(name, parent, fields, labels)
  local C = {}
  local all = {}
  if parent then
    for k, v in pairs(parent) do C[k] = v end
    for i, f in ipairs(parent._Lfields) do all[i] = f end
  end
  for _, f in ipairs(fields) do all[#all + 1] = f end
  C.__index = C
  C._Lname = name
  C._Lparent = parent
  C._Lfields = all
  if labels then C._Llabels = labels end
  return C
end


-- input, output, exit ------------------------------------------------------------

local EXIT = {}
R.EXIT = EXIT

-- A line of standard input without its line ending (`\n` or `\r\n`), every
-- other byte kept, NUL included.
function R.input(prompt)
  if prompt == nil then null_argument("input") end
  write(prompt)
  flush()
  local line, msg = read_line(io.stdin)
  if msg then fail("cannot read standard input: " .. msg) end
  return line
end

function R.exit(code)
  error(setmetatable({ code = code }, EXIT), 0)
end

function R.args()
  local out = setmetatable({ n = #R.argv }, ARR)
  for i = 1, #R.argv do out[i] = R.argv[i] end
  return out
end

-- the standard library (docs/stdlib.md) -----------------------------------------
-- Native functions return nil and the system's reason when they fail; the
-- errors here name what failed (the path, the program) and why.

-- The program's own error: its message is reported as it is (never read
-- as one of LuaJIT's, see R.run).
local RAISED = {}
function R.raise(msg)
  if msg == nil then null_argument("error") end
  error(setmetatable({ msg = msg }, RAISED), 0)
end

function R.assert(cond, msg)
  if msg == nil then null_argument("assert") end
  if not cond then fail("assertion failed: " .. msg) end
end

local char = string.char
function R.chr(n)
  if n < 0 or n > 255 then fail(format("chr(%s): a byte is an int from 0 to 255", fmt_int(n))) end
  return char(n)
end

function R.srepeat(s, n)
  if s == nil then null_call("repeat") end
  if n < 0 then fail(format("cannot repeat a string %s times", fmt_int(n))) end
  return rep(s, n)
end

function R.sbyte(s, i)
  if s == nil then null_call("byte") end
  local n = #s
  if i < 0 or i >= n then fail(format("index %s out of range for a string of length %d", fmt_int(i), n)) end
  return byte(s, i + 1)
end

function R.pad_left(s, n)
  if s == nil then null_call("pad_left") end
  if #s >= n then return s end
  return rep(" ", n - #s) .. s
end

function R.pad_right(s, n)
  if s == nil then null_call("pad_right") end
  if #s >= n then return s end
  return s .. rep(" ", n - #s)
end

local lines_of = native("lines", ARR)

function R.slines(s)
  if s == nil then null_call("lines") end
  return lines_of(s)
end

-- Sorts a[lo..hi] by `less`, keeping equal elements in their order: runs
-- of a few elements by insertion, then merges through `tmp`.
local function merge_sort(a, tmp, lo, hi, less)
  if hi - lo < 12 then
    for i = lo + 1, hi do
      local v, j = a[i], i - 1
      while j >= lo and less(v, a[j]) do
        a[j + 1] = a[j]
        j = j - 1
      end
      a[j + 1] = v
    end
    return
  end
  local mid = floor((lo + hi) / 2)
  merge_sort(a, tmp, lo, mid, less)
  merge_sort(a, tmp, mid + 1, hi, less)
  if not less(a[mid + 1], a[mid]) then return end
  for i = lo, mid do tmp[i] = a[i] end
  local i, j, k = lo, mid + 1, lo
  while i <= mid and j <= hi do
    local right = a[j]
    if less(right, tmp[i]) then
      a[k] = right
      j = j + 1
    else
      a[k] = tmp[i]
      i = i + 1
    end
    k = k + 1
  end
  for m = i, mid do
    a[k] = tmp[m]
    k = k + 1
  end
end

function R.sort_by(a, less)
  if a == nil then null_call("sort") end
  if less == nil then null_argument("sort") end
  merge_sort(a, {}, 1, a.n, less)
end

function R.amap(a, f)
  if a == nil then null_call("map") end
  if f == nil then null_argument("map") end
  -- `f` sees the array as it was: the values are copied first, and `f`
  -- cannot reach the copy.
  local n = a.n
  local out = setmetatable({ n = n }, ARR)
  for i = 1, n do out[i] = a[i] end
  for i = 1, n do out[i] = f(out[i]) end
  return out
end

function R.afilter(a, keep)
  if a == nil then null_call("filter") end
  if keep == nil then null_argument("filter") end
  -- As in `map`, `keep` sees the array as it was when `filter` began.
  local len = a.n
  local out, n = setmetatable({}, ARR), 0
  for i = 1, len do out[i] = a[i] end
  for i = 1, len do
    local v = out[i]
    if keep(v) then
      n = n + 1
      out[n] = v
    end
  end
  for i = n + 1, len do out[i] = nil end
  out.n = n
  return out
end

-- files and folders

local fs_read = native("fs_read")
local function read_file(path, what)
  if path == nil then null_argument(what) end
  local text, why = fs_read(path)
  if not text then fail('cannot read "' .. path .. '": ' .. why) end
  return text
end

function R.fs_read(path) return read_file(path, "fs.read") end

function R.fs_lines(path) return lines_of(read_file(path, "fs.lines")) end

local fs_write = native("fs_write")
local function write_file(path, text, append, what)
  if path == nil or text == nil then null_argument(what) end
  local _, why = fs_write(path, text, append)
  if why then fail((append and 'cannot append to "' or 'cannot write "') .. path .. '": ' .. why) end
end

function R.fs_write(path, text) write_file(path, text, false, "fs.write") end

function R.fs_append(path, text) write_file(path, text, true, "fs.append") end

local fs_kind = native("fs_kind")

function R.fs_exists(path)
  if path == nil then null_argument("fs.exists") end
  return fs_kind(path) ~= nil
end

function R.fs_is_dir(path)
  if path == nil then null_argument("fs.is_dir") end
  return fs_kind(path) == "dir"
end

local fs_list = native("fs_list", ARR)
function R.fs_list(path)
  if path == nil then null_argument("fs.list") end
  local names, why = fs_list(path)
  if not names then fail('cannot list the folder "' .. path .. '": ' .. why) end
  tsort(names)
  return names
end

local fs_mkdir = native("fs_mkdir")
function R.fs_mkdir(path)
  if path == nil then null_argument("fs.mkdir") end
  local _, why = fs_mkdir(path)
  if why then fail('cannot create the folder "' .. path .. '": ' .. why) end
end

local fs_remove = native("fs_remove")
function R.fs_remove(path)
  if path == nil then null_argument("fs.remove") end
  local _, why = fs_remove(path)
  if why then fail('cannot remove "' .. path .. '": ' .. why) end
end

-- the process, other programs, clocks

local os_env = native("os_env")
function R.os_env(name)
  if name == nil then null_argument("os.env") end
  return os_env(name)
end

function R.os_stdin()
  local text, why = io.stdin:read("*a")
  if not text then fail("cannot read standard input: " .. why) end
  return text
end

-- What `os.run` gives: a class of the runtime's own (`os.Result`).
local Result = R.class("os.Result", nil, { "code", "i", "out", "s", "err", "s" })
R.os_result = Result

local os_run = native("os_run")
function R.os_run(argv)
  if argv == nil then null_argument("os.run") end
  local n = argv.n
  if n == 0 then fail("cannot run a program: os.run was given no program name") end
  for i = 1, n do
    if argv[i] == nil then fail(format("cannot run a program: element %d of the list given to os.run is null", i - 1)) end
  end
  local code, out, err = os_run(argv, n)
  if not code then fail('cannot run "' .. argv[1] .. '": ' .. out) end
  return setmetatable({ code = code, out = out, err = err }, Result)
end

function R.os_platform()
  local name = jit.os
  if name == "OSX" then return "macos" end
  return lower(name)
end

local time_now = native("time_now")
R.time_now = time_now

R.time_clock = native("time_clock")

local time_sleep = native("time_sleep")
function R.time_sleep(seconds)
  if not (seconds >= 0 and seconds < huge) then fail("cannot sleep for " .. fmt_float(seconds) .. " seconds") end
  time_sleep(seconds)
end

-- math

R.math_sqrt = math.sqrt
R.math_sin = math.sin
R.math_cos = math.cos
R.math_tan = math.tan
R.math_asin = math.asin
R.math_acos = math.acos
R.math_atan = math.atan
R.math_atan2 = math.atan2
R.math_exp = math.exp
R.math_log = math.log
R.math_log10 = math.log10
R.math_min = math.min
R.math_max = math.max

local function whole(x)
  if x ~= x or x == huge or x == -huge then fail("cannot convert " .. fmt_float(x) .. " to int") end
end

function R.math_floor(x)
  whole(x)
  return floor(x) + 0
end

function R.math_ceil(x)
  whole(x)
  return ceil(x) + 0
end

-- Halves away from zero. `x - floor(x)` is exact for every double.
function R.math_round(x)
  whole(x)
  if x >= 0 then
    local r = floor(x)
    if x - r >= 0.5 then r = r + 1 end
    return r + 0
  end
  local r = ceil(x)
  if r - x >= 0.5 then r = r - 1 end
  return r + 0
end

-- LuaJIT's generator: the same sequence after the same seed, in `loopc
-- run` and in bundles alike. Unseeded, it starts from the clock.
local random, randomseed = math.random, math.randomseed
local generator = { seeded = false }
local function next_random()
  if not generator.seeded then
    generator.seeded = true
    randomseed(time_now() * 1000003 % 2147483647)
  end
  return random()
end

R.math_random = next_random

function R.math_random_int(lo, hi)
  if hi <= lo then fail(format("math.random_int(%s, %s): the range is empty", fmt_int(lo), fmt_int(hi))) end
  return lo + floor(next_random() * (hi - lo))
end

function R.math_seed(n)
  generator.seeded = true
  randomseed(n)
end

-- JSON

local json_parse = native("json_parse", ARR, MAP, META, NULL)
function R.json_parse(text)
  if text == nil then null_argument("json.parse") end
  local value, why, at = json_parse(text)
  if why then fail(format("invalid JSON at byte %d: %s", at, why)) end
  return value
end

local gsub = string.gsub
local json_escapes = {
  ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t",
}
local function json_escape(c) return json_escapes[c] or format("\\u%04x", byte(c)) end

-- A number as JavaScript writes it: the shortest digits that read back as
-- the same double, in plain decimal from 1e-6 up to 1e21.
local function json_number(x)
  if x ~= x or x == huge or x == -huge then fail("cannot write " .. fmt_float(x) .. " as JSON") end
  if x == floor(x) and x > -1e21 and x < 1e21 then return fmt_int(x) end
  -- A normal double's 15 digits read back as itself whenever fewer do;
  -- a subnormal one may need as few as one.
  local s
  for precision = (x > -2.2250738585072014e-308 and x < 2.2250738585072014e-308) and 1 or 15, 17 do
    s = format("%." .. precision .. "g", x)
    if tonumber(s) == x then break end
  end
  local sign = ""
  if x < 0 then sign, s = "-", sub(s, 2) end
  local mantissa, exponent = s:match("^([^e]+)e([-+]%d+)$")
  local point = 0
  if mantissa then s, point = mantissa, tonumber(exponent) end
  local whole_part, fraction = s:match("^(%d*)%.?(%d*)$")
  local digits = whole_part .. fraction
  point = point + #whole_part
  local zeros = #digits:match("^0*")
  digits, point = sub(digits, zeros + 1):gsub("0+$", ""), point - zeros
  local k = #digits
  if k <= point and point <= 21 then return sign .. digits .. rep("0", point - k) end
  if 0 < point and point <= 21 then return sign .. sub(digits, 1, point) .. "." .. sub(digits, point + 1) end
  if -6 < point and point <= 0 then return sign .. "0." .. rep("0", -point) .. digits end
  local e = point - 1
  local shown = e < 0 and tostring(e) or "+" .. e
  if k == 1 then return sign .. digits .. "e" .. shown end
  return sign .. sub(digits, 1, 1) .. "." .. sub(digits, 2) .. "e" .. shown
end

-- Appends the JSON text of `v` to `out` (holding `n` pieces); gives the
-- new count. `open` holds the arrays and maps being written, to refuse
-- one that contains itself.
local function json_write(v, out, n, open)
  local t = type(v)
  n = n + 1
  if v == nil then
    out[n] = "null"
  elseif t == "string" then
    out[n] = '"' .. gsub(v, '[%z\1-\31"\\]', json_escape) .. '"'
  elseif t == "number" then
    out[n] = json_number(v)
  elseif t == "boolean" then
    out[n] = v and "true" or "false"
  else
    local mt = t == "table" and getmetatable(v)
    if mt ~= ARR and mt ~= MAP then fail("cannot write a value of type " .. kind_of(v) .. " as JSON") end
    if open[v] then fail("cannot write as JSON an array or map that contains itself") end
    open[v] = true
    if mt == ARR then
      out[n] = "["
      for i = 1, v.n do
        if i > 1 then
          n = n + 1
          out[n] = ","
        end
        n = json_write(v[i], out, n, open)
      end
      n = n + 1
      out[n] = "]"
    else
      out[n] = "{"
      local meta = v[META]
      local keys, first = meta.keys, true
      for i = 1, meta.hi do
        local k = keys[i]
        if k ~= TOMB then
          if type(k) ~= "string" then
            fail("cannot write a map with " .. kind_of(k) .. " keys as JSON (its keys are strings)")
          end
          if not first then
            n = n + 1
            out[n] = ","
          end
          first = false
          n = json_write(k, out, n, open) + 1
          out[n] = ":"
          local x = v[k]
          if x == NULL then x = nil end
          n = json_write(x, out, n, open)
        end
      end
      n = n + 1
      out[n] = "}"
    end
    open[v] = nil
  end
  return n
end

function R.json_stringify(v)
  local out = {}
  return concat(out, "", 1, json_write(v, out, 0, {}))
end


-- C values -------------------------------------------------------------------------

-- Called with LuaJIT's ffi library before any C library is loaded, only for
-- programs that import C libraries (opening ffi costs start-up time).
function R.init_c(ffi)
  R.C = {}
  local int_t, double_t = ffi.typeof("int"), ffi.typeof("double")
  local tonum = tonumber
  function R.c_int(v)
    if v == true then return int_t(1) elseif v == false then return int_t(0) end
    return int_t(v)
  end
  function R.c_double(v) return double_t(v) end
  function R.c_buffer(s)
    if s == nil then return nil end
    return ffi.new("char[?]", #s + 1, s)
  end
  -- A 64-bit C integer as a Loop int: only within +-2^53, where every
  -- integer is exact (`v ~= n` catches those that rounding would change).
  function R.from_int64(v)
    local n = tonum(v)
    if n > 9007199254740992 or n < -9007199254740992 or v ~= n then
      fail(format("C integer %s does not fit in a Loop int (beyond 2^53)", (tostring(v):gsub("[UL]+$", ""))))
    end
    return n
  end
  function R.from_cstring(p)
    if p == nil then return nil end
    return ffi.string(p)
  end
  -- The constructor of a C struct type, for class instances passed as structs.
  R.ctype = ffi.typeof

  -- A value of type any passed for a C struct parameter of type ct (named
  -- `name` in messages). spec lists each field's Lua key, Loop type
  -- descriptor, C name and conversion back (see struct_back). A struct C
  -- gave passes as is; through a pointer, any C pointer or null too; an
  -- instance of a class with exactly the struct's fields is copied into a
  -- new struct. Anything else is an error.
  local istype, unpack = ffi.istype, unpack
  function R.any_struct(v, ct, name, spec, by_pointer)
    local t = type(v)
    if t == "cdata" then
      if by_pointer or istype(ct, v) then return v end
    elseif t == "nil" then
      if by_pointer then return nil end
    elseif t == "table" then
      local mt = getmetatable(v)
      local fields = mt and mt._Lfields
      local n = #spec / 4
      if fields and #fields == 2 * n then
        local values = {}
        for i = 1, n do
          local key = spec[4 * i - 3]
          if fields[2 * i - 1] ~= key or fields[2 * i] ~= spec[4 * i - 2] then values = nil; break end
          values[i] = v[key]
        end
        if values then return ct(unpack(values, 1, n)) end
      end
    end
    fail(format("expected %s, found %s", name, t == "cdata" and "another C value" or kind_of(v)))
  end
  -- Buffers: n bytes of C memory owned by Loop, passed to C as the pointer
  -- p without copying; the memory lives as long as the buffer.
  local BUFFER = { _Lbuffer = true, _Lname = "buffer" }
  local bytes_t = ffi.typeof("uint8_t[?]")
  function R.buffer(n)
    if n < 0 then fail(format("buffer(%s): a size cannot be negative", fmt_int(n))) end
    return setmetatable({ p = bytes_t(n > 0 and n or 1), n = n }, BUFFER)
  end
  function R.blen(b) return b.n end
  function R.bptr(b) return b and b.p end
  local function byte_index(b, i)
    if i < 0 or i >= b.n then
      fail(format("index %s out of range for a buffer of length %d", fmt_int(i), b.n))
    end
  end
  function R.bget(b, i)
    byte_index(b, i)
    return b.p[i]
  end
  function R.bset(b, i, v)
    byte_index(b, i)
    if v < 0 or v > 255 then fail(format("%s is not a byte (0 to 255)", fmt_int(v))) end
    b.p[i] = v
  end
  -- b.to_string(): the bytes up to the first zero byte; b.to_string(n):
  -- exactly the first n bytes.
  function R.bstring(b, n)
    local p = b.p
    if n == nil then
      n = 0
      while n < b.n and p[n] ~= 0 do n = n + 1 end
    elseif n < 0 or n > b.n then
      fail(format("to_string(%s) out of range for a buffer of length %d", fmt_int(n), b.n))
    end
    return ffi.string(p, n)
  end
  -- Structs C returns by value: their shapes by ctype id (struct_shape,
  -- registered by the generated code), to print them with their fields
  -- (c_describe) and to convert them to class instances (c_to_instance).
  local shapes, typeof = {}, ffi.typeof
  local function field_value(x, how)
    if how == "w" then return R.from_int64(x) elseif how == "e" then return tonum(x) end
    return x
  end
  function R.struct_shape(ct, name, spec)
    shapes[tonum(ct)] = { name = name, spec = spec }
    return true
  end
  function c_hooks.describe(v, show)
    local shape = shapes[tonum(typeof(v))]
    if not shape then return nil end
    local spec, parts = shape.spec, {}
    for i = 1, #spec, 4 do
      parts[#parts + 1] = spec[i + 2] .. ": " .. show(field_value(v[spec[i + 2]], spec[i + 3]), spec[i + 1])
    end
    return shape.name .. " { " .. concat(parts, ", ") .. " }"
  end
  function c_hooks.to_instance(v, C)
    local shape = shapes[tonum(typeof(v))]
    local fields = C._Lfields
    if not shape or #fields * 2 ~= #shape.spec then return nil end
    local spec = shape.spec
    for i = 1, #fields / 2 do
      if fields[2 * i - 1] ~= spec[4 * i - 3] or fields[2 * i] ~= spec[4 * i - 2] then return nil end
    end
    local o = setmetatable({}, C)
    for i = 1, #spec, 4 do o[spec[i]] = field_value(v[spec[i + 2]], spec[i + 3]) end
    return o
  end
  -- A pointer C left in an out-parameter: NULL becomes null.
  function R.from_pointer(p)
    if p == nil then return nil end
    return p
  end
  -- An array of numbers for a C pointer: a new C array (of type ct, a
  -- variable-length array type) holding its elements.
  function R.c_array(ct, a)
    local n = a.n
    local c = ct(n > 0 and n or 1)
    for i = 1, n do c[i - 1] = a[i] end
    return c
  end
  -- After the call, through a writable pointer: the C array's elements
  -- back into the Loop array (how: "w" 64-bit, "e" enum, "p" plain).
  function R.c_array_back(a, c, how)
    for i = 1, a.n do
      local x = c[i - 1]
      if how == "w" then x = R.from_int64(x) elseif how == "e" then x = tonum(x) end
      a[i] = x
    end
  end
  -- After a call through a writable pointer: the fields of the struct s
  -- copied back into the class instance v it was made from (nothing when v
  -- was not an instance).
  function R.struct_back(v, s, spec)
    if type(v) ~= "table" then return end
    for i = 1, #spec, 4 do
      local x, how = s[spec[i + 2]], spec[i + 3]
      if how == "w" then x = R.from_int64(x) elseif how == "e" then x = tonum(x) end
      v[spec[i]] = x
    end
  end

  -- Declares a library's cdefs, loads it and binds each needed symbol under
  -- its alias in R.C. Returns nothing when all went well; else the loader's
  -- error, or nil and the list of the symbols the library lacks.
  function R.load_library(path, cdefs, symbols, aliases)
    if cdefs ~= "" then ffi.cdef(cdefs) end
    local ok, lib = pcall(ffi.load, path)
    if not ok then return tostring(lib) end
    local missing = {}
    for i = 1, #symbols do
      local found, fn = pcall(function() return lib[aliases[i]] end)
      if found then
        R.C[aliases[i]] = fn
      else
        missing[#missing + 1] = symbols[i]
      end
    end
    if #missing > 0 then return nil, missing end
    -- Keep the library loaded for as long as the program runs.
    R.clibs = R.clibs or {}
    R.clibs[#R.clibs + 1] = lib
  end
end

-- modules and the protected entry point ----------------------------------------------

local chunks, loaded, modnames = {}, {}, {}

function R.register(name, fn)
  chunks[name] = fn
  modnames[name] = true
end

function R.require(name)
  local m = loaded[name]
  if m then return m end
  m = {}
  loaded[name] = m
  chunks[name](R, m)
  return m
end

local getinfo = debug.getinfo

-- Levels of a deep stack read at each end: reading level n costs n steps.
local EDGE = 50

-- The Loop frames on the stack of the coroutine `co` after the error
-- `message`, innermost first: { module, Lua line, Lua line of the function
-- }. Of a stack deeper than 2 * EDGE levels only the EDGE innermost and
-- outermost are read, with { "", count } for the levels between.
--
-- The innermost frame has lost its current line when LuaJIT itself raised
-- the error there; the message's `chunk:line:` position still has it. After
-- a stack overflow that frame is a call that never began, and is left out.
local function loop_frames(co, message)
  local depth, beyond = 0, 1
  while getinfo(co, beyond, "l") do depth, beyond = beyond, beyond * 2 end
  while beyond - depth > 1 do
    local middle = floor((depth + beyond) / 2)
    if getinfo(co, middle, "l") then depth = middle else beyond = middle end
  end
  depth = depth + 1
  local frames = {}
  local function read(from, to)
    for level = from, to do
      local info = getinfo(co, level, "Sl")
      local src, line = info.source, info.currentline
      if line < 0 and level == 0 and not find(message, "stack overflow", 1, true) then
        local chunk, at = message:match("^(.-):(%d+): ")
        if chunk == sub(src, 2) then line = tonumber(at) end
      end
      if line > 0 and sub(src, 1, 1) == "=" and modnames[sub(src, 2)] then
        frames[#frames + 1] = { sub(src, 2), line, info.linedefined }
      end
    end
  end
  if depth <= 2 * EDGE then
    read(0, depth - 1)
  else
    read(0, EDGE - 1)
    frames[#frames + 1] = { "", depth - 2 * EDGE }
    read(depth - EDGE, depth - 1)
  end
  return frames
end

-- Runs the main module and flushes standard output. Returns "ok", or
-- "exit" and a code, or "error" (or "raised", for the program's own
-- `error(msg)`), a message and the Loop frames (see loop_frames), or
-- "output" (a write stopped the program); then, when
-- writing standard output failed (during the program or in the final
-- flush), the C library's message and errno.
--
-- The program runs in a coroutine, whose stack stays as the error left it
-- for loop_frames to read. An error handler (xpcall) could not always read
-- it: after a stack overflow LuaJIT leaves a handler only a few slots, and
-- when those run out it drops the handler and its frames.
function R.run(main)
  local co = coroutine.create(R.require)
  local ok, e = coroutine.resume(co, main)
  local ended = type(e) == "table" and getmetatable(e)
  if not ok and ended == OUTPUT then return "output", nil, nil, e.msg, e.errno end
  local flushed, msg, errno = pcall(flush)
  if not flushed then msg, errno = msg.msg, msg.errno end
  if ok then return "ok", nil, nil, msg, errno end
  if ended == EXIT then return "exit", e.code, nil, msg, errno end
  if ended == RAISED then return "raised", e.msg, loop_frames(co, ""), msg, errno end
  local message = type(e) == "string" and e or tostring(e)
  return "error", message, loop_frames(co, message), msg, errno
end

return R
