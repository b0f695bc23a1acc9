local keys = {"alpha", "beta", "gamma", "delta"}
local n = 0
for i = 0, 3000000 - 1 do
  local a, b = keys[i % 4 + 1], keys[(i + 1) % 4 + 1]
  local line = a .. "=" .. b .. "; " .. a .. "!"
  n = n + #line
end
io.write(n, "\n")
