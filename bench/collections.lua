local squares, count = {}, 0
local order, n = {}, 0
for i = 0, 4000000 - 1 do
  if squares[i] == nil then count = count + 1 end
  squares[i] = i * i
  n = n + 1
  order[n] = i
end
local total = 0
for round = 0, 20 - 1 do
  for k = 1, n do
    local v = squares[order[k]]
    if v == nil then error("missing key") end
    total = total + v % 1000
  end
end
io.write(total, "\n", count, "\n")
