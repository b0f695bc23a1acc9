local total = 0
for i = 1, 20000000 - 1 do
  local r = i % 7
  local q = i / 3
  q = q >= 0 and math.floor(q) or math.ceil(q)
  total = total + r + q
end
io.write(string.format("%d", total), "\n")
