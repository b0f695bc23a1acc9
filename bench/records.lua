local Item = {}
Item.__index = Item
local items, n = {}, 0
for i = 0, 1000000 - 1 do
  n = n + 1
  items[n] = setmetatable({name = "item", count = i % 10, price = i * 0.5}, Item)
end
local total = 0.0
for k = 1, n do
  local it = items[k]
  total = total + it.price * it.count
end
io.write(string.format("%.14g", total), "\n")
