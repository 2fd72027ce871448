#!/usr/bin/env python3
"""Times commands interleaved (A B C, A B C, ...) so that a change of load on a shared machine hits every command
alike; prints, per command, the min and median wall time and the median CPU time (user + system, children included).
Usage: bench/interleave.py RUNS NAME=COMMAND [NAME=COMMAND ...]   (the first command is the reference of the ratios)"""
import os, shlex, statistics, subprocess, sys, time

runs = int(sys.argv[1])
commands = [arg.split("=", 1) for arg in sys.argv[2:]]
walls = {name: [] for name, _ in commands}
cpus = {name: [] for name, _ in commands}
for name, command in commands:  # warm-up, and every command must succeed
    subprocess.run(shlex.split(command), check=True, stdout=subprocess.DEVNULL)
for _ in range(runs):
    for name, command in commands:
        start = time.perf_counter()
        process = subprocess.Popen(shlex.split(command), stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        walls[name].append(time.perf_counter() - start)
        cpus[name].append(usage.ru_utime + usage.ru_stime)
        if status != 0:
            sys.exit(f"{name} failed: {status}")
reference = commands[0][0]
print(f"load {os.getloadavg()[0]:.1f}, {runs} interleaved runs")
for name, command in commands:
    print(f"{name:34} min {min(walls[name]):6.3f} s  median {statistics.median(walls[name]):6.3f} s  "
          f"cpu {statistics.median(cpus[name]):6.3f} s  min/ref {min(walls[name]) / min(walls[reference]):5.2f}  "
          f"median/ref {statistics.median(walls[name]) / statistics.median(walls[reference]):5.2f}   ({command})")
