#!/usr/bin/env python3
"""Benchmarks of loopc: generated Lua against hand-written Lua on the same
LuaJIT, and a bundled hello world against a C hello world.

    python3 scripts/bench.py [codegen] [compile] [headers] [startup] [stdlib]   (all when none is named;
                                                    builds the release binaries first)

Uses hyperfine when installed, else its own best-of-N timer.
"""
import json, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REL = os.path.join(ROOT, "target", "release")
LOOPC = os.path.join(REL, "loopc")
LUA = os.path.join(REL, "examples", "lua")


def sh(*cmd, **kw):
    return subprocess.run(cmd, check=True, cwd=ROOT, **kw)


def best(cmd, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def cpu_time(cmd):
    """CPU seconds (user + system) one run of `cmd` took: on a shared
    machine this drifts far less than wall time."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_utime + usage.ru_stime


def compare(a, b, runs):
    """Runs `a` and `b` alternately; the median CPU time of each and the
    median of the runs' ratios a/b."""
    pairs = [(cpu_time(a), cpu_time(b)) for _ in range(runs)]
    ratios = sorted(x / y for x, y in pairs)
    return (statistics.median(x for x, _ in pairs), statistics.median(y for _, y in pairs),
            statistics.median(ratios))


ROUNDS, RUNS = 12, 200
TIMER = "hyperfine" if shutil.which("hyperfine") else "own timer"


def startup(exe):
    """Median wall time of one run of `exe` over RUNS runs."""
    if TIMER == "hyperfine":
        out = os.path.join(tempfile.gettempdir(), "loop-bench-startup.json")
        sh("hyperfine", "-N", "--warmup", "20", "--runs", str(RUNS), "--export-json", out, exe,
           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out) as f:
            return json.load(f)["results"][0]["median"]
    return best([exe], RUNS)[1]


def main():
    sh("cargo", "build", "--release", "--quiet", "-p", "loopc")
    sh("cargo", "build", "--release", "--quiet", "-p", "loop-stub", "--example", "lua")
    scratch = tempfile.mkdtemp(prefix="loop-bench-")
    parts = set(sys.argv[1:]) or {"codegen", "compile", "headers", "startup", "stdlib"}
    if "codegen" in parts:
        codegen(scratch)
    if "compile" in parts:
        compile_speed(scratch)
    if "headers" in parts:
        header_check(scratch)
    if "startup" in parts:
        startup_bench(scratch)
    if "stdlib" in parts:
        stdlib_bench(scratch)
    shutil.rmtree(scratch)


def program_unit(i):
    """A few lines of Loop with a class, a closure, loops and a map."""
    return f"""class C{i} {{
    int a = {i}
    string s = "c{i}"
    int get(int k) {{ self.a + k }}
}}
fn f{i}(int n) {{
    m := {{"k": n, "j": {i}}}
    total := 0
    for var j = 0 to n {{
        if j % 2 == 0 {{ total = total + j }} else {{ total = total - 1 }}
    }}
    add := fn(int x) {{ x + total + m["j"] }}
    c := C{i}()
    add(c.get(n))
}}
v{i} := f{i}(3)
"""


def write_program(folder, lines, modules):
    """A program of about `lines` lines in `modules` files; returns the main file."""
    units = lines // program_unit(0).count("\n")
    per = units // modules
    main = []
    for m in range(modules):
        body = "".join(program_unit(m * per + i) for i in range(per))
        if modules == 1:
            main.append(body)
        else:
            with open(os.path.join(folder, f"m{m}.loop"), "w") as f:
                f.write(body + f"pub fn last() {{ v{m * per + per - 1} }}\n")
            main.append(f'import "m{m}.loop" as m{m}\nprintln(m{m}.last())\n')
    path = os.path.join(folder, "main.loop")
    with open(path, "w") as f:
        f.write("".join(main))
    return path


def compile_speed(scratch):
    print("\n== compiler speed (lines per CPU second, best of 3)")
    print(f"{'program':<22} {'check':>12} {'bundle':>12}")
    for lines in (10_000, 100_000):
        for modules in (1, 10):
            folder = os.path.join(scratch, f"big{lines}_{modules}")
            os.makedirs(folder)
            main = write_program(folder, lines, modules)
            with open(main) as f:
                total = sum(1 for _ in f)
            for m in range(modules if modules > 1 else 0):
                with open(os.path.join(folder, f"m{m}.loop")) as f:
                    total += sum(1 for _ in f)
            check = min(cpu_time([LOOPC, "check", "--quiet", main]) for _ in range(3))
            bundle = min(cpu_time([LOOPC, "bundle", "--quiet", main, "-o", os.path.join(folder, "exe")])
                         for _ in range(3))
            label = f"{total} lines, {modules} file{'s' if modules > 1 else ''}"
            print(f"{label:<22} {total / check / 1000:8.0f}k/s {total / bundle / 1000:8.0f}k/s")


def codegen(scratch):
    print("== generated Lua vs hand-written Lua (same LuaJIT, CPU time, median of 7 alternating runs)")
    print(f"{'program':<12} {'loop':>9} {'lua':>9} {'ratio':>6}")
    for name in sorted(f[:-5] for f in os.listdir(os.path.join(ROOT, "bench")) if f.endswith(".loop")):
        exe = os.path.join(scratch, name)
        sh(LOOPC, "bundle", "--quiet", os.path.join("bench", name + ".loop"), "-o", exe)
        twin = [LUA, os.path.join(ROOT, "bench", name + ".lua")]
        a = subprocess.run([exe], capture_output=True, text=True).stdout
        b = subprocess.run(twin, capture_output=True, text=True).stdout
        if a != b:
            print(f"  {name}: outputs differ: {a!r} vs {b!r}")
        loop_t, lua_t, ratio = compare([exe], twin, 7)
        print(f"{name:<12} {loop_t*1000:8.0f}ms {lua_t*1000:8.0f}ms {ratio:6.2f}")



def json_document(path, size):
    """A JSON array of records, about `size` bytes."""
    with open(path, "w") as f:
        f.write("[")
        i, written = 0, 1
        while written < size:
            record = json.dumps({
                "id": i, "name": f"user {i}", "email": f"user{i}@example.com",
                "score": i * 0.25, "active": i % 3 == 0, "tags": ["a", "b\u00e9", str(i)],
                "address": {"street": f"{i} Main St", "zip": f"{10000 + i % 90000}", "geo": [i / 7, -i / 11]},
                "note": None if i % 5 else "escaped \"quotes\" and \\ and \n",
            })
            f.write(("," if i else "") + record)
            written += len(record) + 1
            i += 1
        f.write("]")


def lines_file(path, count):
    with open(path, "w") as f:
        for i in range(count):
            f.write(f"line {i}: the quick brown fox jumps over {i % 97} lazy dogs\n")


def stdlib_bench(scratch):
    print("\n== standard library against hand-written LuaJIT (same LuaJIT, CPU time of whole runs, "
          "median of 5 alternating runs)")
    print(f"{'work':<28} {'loop':>9} {'lua':>9} {'ratio':>6}")
    data = {"json_parse": os.path.join(scratch, "doc.json"), "lines": os.path.join(scratch, "lines.txt")}
    json_document(data["json_parse"], 10_000_000)
    lines_file(data["lines"], 1_000_000)
    labels = {"json_parse": "json.parse, 10 MB", "lines": "fs.lines, 1M lines"}
    for name, path in data.items():
        exe = os.path.join(scratch, "std_" + name)
        sh(LOOPC, "bundle", "--quiet", os.path.join("bench", "stdlib", name + ".loop"), "-o", exe)
        twin = [LUA, os.path.join(ROOT, "bench", "stdlib", name + ".lua")]
        env = dict(os.environ, LOOP_BENCH_FILE=path)
        a = subprocess.run([exe, path], capture_output=True, text=True).stdout
        b = subprocess.run(twin, capture_output=True, text=True, env=env).stdout
        if a != b:
            print(f"  {name}: outputs differ: {a!r} vs {b!r}")
        os.environ["LOOP_BENCH_FILE"] = path
        loop_t, lua_t, ratio = compare([exe, path], twin, 5)
        print(f"{labels[name]:<28} {loop_t*1000:8.0f}ms {lua_t*1000:8.0f}ms {ratio:6.2f}")


def startup_bench(scratch):
    print("\n== hello world")
    hello = os.path.join(scratch, "hello")
    bundle_times = []
    for _ in range(10):
        t = time.perf_counter()
        sh(LOOPC, "bundle", "--quiet", "examples/hello.loop", "-o", hello)
        bundle_times.append(time.perf_counter() - t)
    c_src = os.path.join(scratch, "hello.c")
    with open(c_src, "w") as f:
        f.write('#include <stdio.h>\nint main(void) { puts("Hello, world!"); return 0; }\n')
    c_exe = os.path.join(scratch, "hello_c")
    sh("cc", "-O2", "-o", c_exe, c_src)
    print(f"bundle size        {os.path.getsize(hello) / 1e6:.2f} MB ({os.path.getsize(hello)} bytes)")
    print(f"stub size          {os.path.getsize(os.path.join(REL, 'loop-stub')) / 1e6:.2f} MB")
    print(f"time to bundle     {statistics.median(bundle_times) * 1000:.0f} ms (median of 10)")
    # Start-up times on a shared machine drift by tens of percent from one
    # minute to the next: the two programs are timed in alternating rounds
    # and compared round by round.
    rounds = []
    for _ in range(ROUNDS):
        rounds.append((startup(hello), startup(c_exe)))
    ratios = sorted(b / c for b, c in rounds)
    loop_med = statistics.median(b for b, _ in rounds)
    c_med = statistics.median(c for _, c in rounds)
    print(f"start-up           bundle {loop_med * 1e6:.0f} µs, C {c_med * 1e6:.0f} µs "
          f"(medians of {ROUNDS} rounds of {RUNS} runs, {TIMER})")
    print(f"start-up ratio     {statistics.median(ratios):.2f}x (median of the rounds' ratios; "
          f"range {ratios[0]:.2f}-{ratios[-1]:.2f})")


def header_check(scratch):
    """What importing sqlite3.h adds to `loopc check` (target: 50 ms),
    with the parsed header cached and, once, without (a fresh cache folder)."""
    print("\n== loopc check with a system header (sqlite3.h)")
    if not os.path.exists("/usr/include/sqlite3.h"):
        print("sqlite3.h is not installed (apt-get install libsqlite3-dev): skipped")
        return
    plain = os.path.join(scratch, "plain.loop")
    with open(plain, "w") as f:
        f.write('println("x")\n')
    sql = os.path.join(scratch, "sql.loop")
    with open(sql, "w") as f:
        f.write('import "sqlite3" as sql header "sqlite3.h"\nprintln(sql.sqlite3_libversion())\n')
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(scratch, "cache"))
    cold = []
    for i in range(5):
        env["XDG_CACHE_HOME"] = os.path.join(scratch, f"cache{i}")
        t = time.perf_counter()
        subprocess.run([LOOPC, "check", sql], check=True, env=env, stdout=subprocess.DEVNULL)
        cold.append(time.perf_counter() - t)

    def median_of(path, runs=30):
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run([LOOPC, "check", path], check=True, env=env, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    base, warm = median_of(plain), median_of(sql)
    print(f"check without C    {base * 1000:.1f} ms")
    print(f"check with sqlite3 {warm * 1000:.1f} ms cached (+{(warm - base) * 1000:.1f} ms), "
          f"{statistics.median(cold) * 1000:.1f} ms uncached (+{(statistics.median(cold) - base) * 1000:.1f} ms)")


if __name__ == "__main__":
    sys.exit(main())
