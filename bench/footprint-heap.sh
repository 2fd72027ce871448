#!/usr/bin/env bash
# Where the managed memory of a running exporter goes: the JIT build (a GC heap dump needs the diagnostics the
# native binary leaves out) watching SETS backup sets of 30 small gzip dumps each (like footprint.sh), scraped once
# a second for SECONDS, then a heap dump with dotnet-gcdump and its types by total bytes.
# Usage: bench/footprint-heap.sh [SETS=1000] [SECONDS=30] [TOP=30]   (PORT=N to listen elsewhere than 19599)
# Needs: dotnet-gcdump (dotnet tool install -g dotnet-gcdump), python3, curl.
set -euo pipefail
sets=${1:-1000} seconds=${2:-30} top=${3:-30}
root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/bench/data/footprint-heap"
gcdump=$(command -v dotnet-gcdump || echo "$HOME/.dotnet/tools/dotnet-gcdump")
[ -x "$gcdump" ] || { echo "dotnet-gcdump is missing: dotnet tool install -g dotnet-gcdump" >&2; exit 1; }
# shellcheck source=wait-for.sh
source "$root/bench/wait-for.sh"

mkdir -p "$data"
dotnet build "$root/src/BackupExporter" -c Release -o "$data/bin" --nologo -v quiet >/dev/null
PYTHONPATH="$root/bench" python3 - "$data" "$sets" <<'PY'
import os, sys, time
from dump_sets import gzip_dump, set_entry, write_set
data, n = sys.argv[1], int(sys.argv[2])
blob, digest = gzip_dump()
with open(os.path.join(data, "config.yml"), "w") as config:
    config.write("global:\n  interval: 60s\n  settle_time: 0s\nbackups:\n")
    for s in range(n):
        d = os.path.join(data, "sets", f"set{s:04d}")
        if not os.path.isdir(d):
            write_set(d, 30, blob, digest, time.time())
        config.write(set_entry(f"set{s:04d}", d))
PY

port=${PORT:-19599}
# The settings the native binary has built in (BackupExporter.csproj): workstation GC, non-concurrent, 1 MiB gen 0.
DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_GCgen0size=100000 \
  dotnet "$data/bin/backup-exporter.dll" --config.file="$data/config.yml" --web.listen-address=127.0.0.1:$port --log.level=warn >/dev/null 2>&1 &
launcher=$!
trap 'kill $launcher 2>/dev/null || true' EXIT
wait_for_url "http://127.0.0.1:$port/-/ready"
end=$((SECONDS + seconds))
while [ $SECONDS -lt $end ]; do curl -fsS -o /dev/null "http://127.0.0.1:$port/metrics"; sleep 1; done
pid=$(ss -ltnpH "sport = :$port" | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2)
echo "== $sets sets after ${seconds}s of 1 scrape/s: RSS $(awk '/^VmRSS/ {printf "%.1f MB", $2 / 1024}' "/proc/$pid/status"), $(grep Threads "/proc/$pid/status" | tr -d '\t')"
"$gcdump" collect -p "$pid" -o "$data/heap.gcdump" >/dev/null
"$gcdump" report "$data/heap.gcdump" | head -n 2
echo "   total bytes    count  type"
"$gcdump" report "$data/heap.gcdump" | awk 'NR > 4 && $1 ~ /^[0-9,]+$/ {
    size = $1; count = $2; gsub(",", "", size); gsub(",", "", count); $1 = ""; $2 = ""
    printf "%14d %8d %s\n", size * count, count, $0 }' | sort -rn | head -n "$top"
