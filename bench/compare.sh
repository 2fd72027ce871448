#!/usr/bin/env bash
# Side by side, on the same page-cached files: the exporter's one-pass verification against the standard tools.
# Usage: bench/compare.sh [RUNS=5]   (after bench/make-dump.sh; needs openssl, gzip, isal, zstd, hyperfine, libisal2)
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/bench/data"
bin="$data/bench-bin"
dotnet build "$root/bench/BackupExporter.Benchmarks" -c Release -o "$bin" >/dev/null
verify="dotnet $bin/BackupExporter.Benchmarks.dll verify"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
ls -l "$data"/dump.sql "$data"/dump.sql.gz "$data"/dump.sql.zst
cat "$data"/dump.sql* > /dev/null # page cache

# The exporter's figure is the median of in-process runs (no process start-up counted);
# the tools' figures are hyperfine medians of whole commands (their start-up is a few milliseconds).
measure() { hyperfine --runs "$runs" --warmup 1 --style basic --export-json /tmp/hf.json "$1" >/dev/null; python3 -c 'import json;print("%.3f" % json.load(open("/tmp/hf.json"))["results"][0]["median"])'; }
# Not `tee /dev/stderr`: that reopens a log file that stderr is redirected to and truncates it.
ours() { local line; line=$($verify "$1" "$runs" ${2:-}); echo "$line" >&2; sed -E 's/.*median_seconds=([0-9.]+).*/\1/' <<<"$line"; }

row() { # name, tool command, file, goal[, fallbacks: zlib and ZstdSharp instead of ISA-L and libzstd]
  local tool ours ratio
  tool=$(measure "$2")
  ours=$(ours "$3" "${5:-}")
  ratio=$(python3 -c "print('%.2f' % ($ours / $tool))")
  printf '%-8s tool=%ss exporter=%ss ratio=%s goal=%s  (%s)\n' "$1" "$tool" "$ours" "$ratio" "$4" "$2"
}

row plain "openssl dgst -sha256 $data/dump.sql" "$data/dump.sql" "<=1.15"
row gzip "igzip -t $data/dump.sql.gz" "$data/dump.sql.gz" "<=1.0"
row gzip-zlib "gzip -t $data/dump.sql.gz" "$data/dump.sql.gz" "<=0.60" fallbacks
row zstd "zstd -q -t $data/dump.sql.zst" "$data/dump.sql.zst" "<=1.0"
row zstd-managed "zstd -q -t $data/dump.sql.zst" "$data/dump.sql.zst" "report" fallbacks
