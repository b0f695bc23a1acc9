local Vec = {}
Vec.__index = Vec
local function new(x, y) return setmetatable({x = x, y = y}, Vec) end
function Vec:dot(o) return self.x * o.x + self.y * o.y end
local vs = {new(1.0, 2.0)}
for i = 0, 1000000 - 1 do vs[#vs + 1] = new(i, 1.0) end
local sum = 0.0
local first = vs[1]
for i = 1, #vs do sum = sum + vs[i]:dot(first) end
io.write(string.format("%.14g", sum), "\n")
