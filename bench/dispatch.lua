local Shape = {}
Shape.__index = Shape
function Shape:area() return 0.0 end
function Shape:weight() return self:area() * 2.0 end
local Rect = setmetatable({}, {__index = Shape})
Rect.__index = Rect
function Rect:area() return self.w * self.h end
local Square = setmetatable({}, {__index = Rect})
Square.__index = Square
function Square:area() return self.w * self.w end
local Circle = setmetatable({}, {__index = Shape})
Circle.__index = Circle
function Circle:area() return 3.0 * self.r * self.r end
local shapes = {
  setmetatable({w = 2.0, h = 3.0}, Rect),
  setmetatable({w = 2.0, h = 3.0}, Square),
  setmetatable({r = 1.5}, Circle),
  setmetatable({}, Shape),
}
local total = 0.0
for i = 0, 5000000 - 1 do
  total = total + shapes[i % 4 + 1]:weight()
end
io.write(string.format("%.14g", total), "\n")
