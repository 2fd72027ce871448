#!/usr/bin/env bash
# Scrape latency of /metrics with SETS backup sets of ARTIFACTS artifacts each, measured with wrk.
# Usage: bench/scrape-latency.sh [SETS=1000] [ARTIFACTS=30] [DURATION=30s]
# Needs: wrk (apt-get install wrk), the .NET SDK. Writes its data under bench/data/scrape (git-ignored).
set -euo pipefail
sets=${1:-1000}
artifacts=${2:-30}
duration=${3:-30s}
root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/bench/data/scrape"
port=${PORT:-19407}
# shellcheck source=wait-for.sh
source "$root/bench/wait-for.sh"

rm -rf "$data" && mkdir -p "$data"
PYTHONPATH="$root/bench" python3 - "$data" "$sets" "$artifacts" <<'PY'
import os, sys, time
from dump_sets import gzip_dump, set_entry, write_set
data, sets, artifacts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
blob, digest = gzip_dump()
now = time.time()
with open(os.path.join(data, "config.yml"), "w") as config:
    config.write("global:\n  interval: 10s\n  settle_time: 0s\nbackups:\n")
    for s in range(sets):
        d = os.path.join(data, f"set{s:04d}")
        write_set(d, artifacts, blob, digest, now)
        config.write(set_entry(f"set{s:04d}", d, extra="    max_shrink: 50%\n"))
PY

dotnet build "$root/src/BackupExporter" -c Release -o "$data/bin" >/dev/null
start() { # interval
  sed -i "s/^  interval: .*/  interval: $1/" "$data/config.yml"
  dotnet "$data/bin/backup-exporter.dll" --config.file="$data/config.yml" --web.listen-address="127.0.0.1:$port" --log.level=warn &
  exporter=$!
  wait_for_url "http://127.0.0.1:$port/-/ready"
}
trap 'kill $exporter 2>/dev/null || true' EXIT
start 10s

# Re-inspection of unchanged artifacts reads nothing: the counter stays flat across several rounds.
read_after_first=$(curl -fs "http://127.0.0.1:$port/metrics" | awk '/^mysql_backup_exporter_hashed_bytes_total/ {print $2}')
sleep 25
read_later=$(curl -fs "http://127.0.0.1:$port/metrics" | awk '/^mysql_backup_exporter_hashed_bytes_total/ {print $2}')
echo "hashed_bytes_total after the first round: $read_after_first; after 2 more rounds (interval 10s): $read_later"

# Latency at the default interval (60s): the inspections of 1,000 sets still run during the measurement.
kill $exporter; wait $exporter 2>/dev/null || true
start 60s

series=$(curl -fs "http://127.0.0.1:$port/metrics" | grep -c '^mysql_backup_')
bytes=$(curl -fs "http://127.0.0.1:$port/metrics" | wc -c)
echo "sets=$sets artifacts_per_set=$artifacts series=$series body_bytes=$bytes"
# One connection, one thread: the way Prometheus scrapes, one request after the other.
wrk -t1 -c1 -d"$duration" --latency "http://127.0.0.1:$port/metrics"
