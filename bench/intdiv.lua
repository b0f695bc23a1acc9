local floor, ceil = math.floor, math.ceil
local total = 0
for i = 1, 4000000 - 1 do
  for j = -2, 3 do
    local n = i * j
    -- Truncating division and remainder.
    local q = n / 3
    q = q >= 0 and floor(q) or ceil(q)
    local r = n % 7
    if r ~= 0 and n < 0 then r = r - 7 end
    total = total + r + q
  end
end
io.write(string.format("%d", total), "\n")
