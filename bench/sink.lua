local Vec = {}
Vec.__index = Vec
local function new(x, y) return setmetatable({x = x, y = y}, Vec) end
function Vec:add(o) return new(self.x + o.x, self.y + o.y) end
function Vec:len2() return self.x * self.x + self.y * self.y end
local total = 0.0
for i = 0, 100000000 - 1 do
  local v = new(i, 2.0):add(new(1.0, -1.0))
  total = total + v:len2()
end
io.write(string.format("%.14g", total), "\n")
