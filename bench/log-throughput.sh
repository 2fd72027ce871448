#!/usr/bin/env bash
# Side by side, on the same page-cached ~1 GB job log: the exporter's first read of a log (follower, run segmenter
# and error classifier, in process) against grep -c over the classifier's own patterns; then the steady state, where
# only the bytes appended since the previous read are read.
# Usage: bench/log-throughput.sh [RUNS=5] [SIZE_BYTES=1000000000]   (needs python3, grep, hyperfine)
set -euo pipefail
runs=${1:-5}
size=${2:-1000000000}
root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/bench/data"
bin="$data/bench-bin"
log="$data/job.log"
mkdir -p "$data"
dotnet build "$root/bench/BackupExporter.Benchmarks" -c Release -o "$bin" >/dev/null
bench="dotnet $bin/BackupExporter.Benchmarks.dll"

# A realistic log: runs of the run wrapper around mariabackup, with mariadb-dump, InnoDB and error lines (make-log.py).
if [ ! -f "$log" ] || [ "$(stat -c %s "$log")" -lt "$size" ]; then
  echo "making $log ($size bytes)..." >&2
  python3 "$root/bench/make-log.py" "$log" "$size"
fi
patterns="$data/run-patterns.ere"
$bench log-pattern run > "$patterns"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(grep --version | head -1)"
ls -l "$log"
echo "lines: $(wc -l < "$log"), matching the patterns (grep -c -E): $(grep -c -E -f "$patterns" "$log")"
cat "$log" > /dev/null # page cache

# The exporter's figure is the median of in-process reads (no process start-up counted);
# grep's figures are hyperfine medians of whole commands (its start-up is a millisecond).
# --output=pipe: GNU grep stops at the first match when its output is /dev/null (hyperfine's default), even with -c.
measure() { hyperfine --runs "$runs" --warmup 1 --style basic --output=pipe --export-json /tmp/hf-log.json "$1" >/dev/null; python3 -c 'import json;print("%.3f" % json.load(open("/tmp/hf-log.json"))["results"][0]["median"])'; }
grep_cs=$(measure "grep -c -E -f $patterns $log")
grep_ci=$(measure "grep -c -i -E -f $patterns $log")
line=$($bench log-first "$log" run "$runs")
echo "$line"
ours=$(sed -E 's/.*median_seconds=([0-9.]+).*/\1/' <<<"$line")
bytes=$(stat -c %s "$log")
python3 - "$bytes" "$grep_cs" "$grep_ci" "$ours" <<'PY'
import sys
size, cs, ci, ours = int(sys.argv[1]), *map(float, sys.argv[2:])
print(f"grep -c -E     {cs:.3f}s  {size / cs / 1e6:7.1f} MB/s")
print(f"grep -c -i -E  {ci:.3f}s  {size / ci / 1e6:7.1f} MB/s")
print(f"exporter       {ours:.3f}s  {size / ours / 1e6:7.1f} MB/s  throughput ratio to the faster grep {min(cs, ci) / ours:.2f}x (goal >= 0.5x)")
PY

# Steady state on a copy, so the 1 GB log stays as it was made: 20 rounds of 1 MiB appended, each read alone.
cp "$log" "$data/job-steady.log"
$bench log-steady "$data/job-steady.log" run 1048576 20
rm -f "$data/job-steady.log"
