local function counter(step)
  local count = 0
  return function() count = count + step; return count end
end
local function apply(f, x) return f(x) end
local c = counter(3)
local total = 0
for i = 0, 5000000 - 1 do
  -- count stays positive, so Lua's % is Loop's here.
  total = total + c() % 5 + apply(function(v) return v + i end, 1)
end
io.write(total, "\n")
