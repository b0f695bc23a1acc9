local parts = {}
for i = 0, 1000000 - 1 do parts[#parts + 1] = "w" .. (i % 100) end
local text = table.concat(parts, " ")
local counts, n = {}, 0
for w in text:gmatch("[^ ]+") do
  if counts[w] == nil then n = n + 1 end
  counts[w] = (counts[w] or 0) + 1
end
io.write(n, "\n", counts["w42"], "\n")
