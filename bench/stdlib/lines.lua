-- The twin of lines.loop: the lines of a file into a table, as LuaJIT
-- programs read them.
local t, n = {}, 0
for line in io.lines(arg and arg[1] or os.getenv("LOOP_BENCH_FILE")) do
  n = n + 1
  t[n] = line
end
print(n .. " " .. t[n])
