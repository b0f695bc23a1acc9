#!/usr/bin/env python3
"""Benchmarks of loopc: generated Lua against hand-written Lua on the same
LuaJIT, and a bundled hello world against a C hello world.

    python3 scripts/bench.py            (builds the release binaries first)

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
    sh("cargo", "build", "--release", "--quiet", "-p", "loopc", "-p", "loop-stub")
    sh("cargo", "build", "--release", "--quiet", "-p", "loop-stub", "--example", "lua")
    scratch = tempfile.mkdtemp(prefix="loop-bench-")
    print("== generated Lua vs hand-written Lua (same LuaJIT, best of 5)")
    print(f"{'program':<10} {'loop':>9} {'lua':>9} {'ratio':>6}")
    for name in sorted(f[:-5] for f in os.listdir(os.path.join(ROOT, "bench")) if f.endswith(".loop")):
        exe = os.path.join(scratch, name)
        sh(LOOPC, "bundle", os.path.join("bench", name + ".loop"), "-o", exe)
        a = subprocess.run([exe], capture_output=True, text=True).stdout
        b = subprocess.run([LUA, os.path.join(ROOT, "bench", name + ".lua")], capture_output=True, text=True).stdout
        if a != b:
            print(f"  {name}: outputs differ: {a!r} vs {b!r}")
        loop_t, _ = best([exe], 5)
        lua_t, _ = best([LUA, os.path.join(ROOT, "bench", name + ".lua")], 5)
        print(f"{name:<10} {loop_t*1000:8.1f}ms {lua_t*1000:8.1f}ms {loop_t/lua_t:6.2f}")

    print("\n== hello world")
    hello = os.path.join(scratch, "hello")
    bundle_times = []
    for _ in range(10):
        t = time.perf_counter()
        sh(LOOPC, "bundle", "examples/hello.loop", "-o", hello)
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
    header_check(scratch)
    shutil.rmtree(scratch)


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
