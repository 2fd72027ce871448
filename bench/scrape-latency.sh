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

rm -rf "$data" && mkdir -p "$data"
python3 - "$data" "$sets" "$artifacts" <<'PY'
import gzip, hashlib, os, sys, time
data, sets, artifacts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
body = ("-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n"
        "-- Server version\t10.11.19-MariaDB-0+deb12u1-log\n"
        "-- CHANGE MASTER TO MASTER_LOG_FILE='mysql-bin.000002', MASTER_LOG_POS=385;\n"
        + "INSERT INTO `t` VALUES " + ",".join(f"({i},'row {i}')" for i in range(200)) + ";\n"
        "-- Dump completed on 2026-11-24 23:55:18\n").encode()
blob = gzip.compress(body)
digest = hashlib.sha256(blob).hexdigest()
now = time.time()
with open(os.path.join(data, "config.yml"), "w") as config:
    config.write("global:\n  interval: 10s\n  settle_time: 0s\nbackups:\n")
    for s in range(sets):
        d = os.path.join(data, f"set{s:04d}")
        os.mkdir(d)
        for a in range(artifacts):
            name = os.path.join(d, f"dump-{a:03d}.sql.gz")
            with open(name, "wb") as f:
                f.write(blob)
            with open(name + ".sha256", "w") as f:
                f.write(f"{digest}  dump-{a:03d}.sql.gz\n")
            t = now - (artifacts - a) * 86400
            os.utime(name, (t, t))
        config.write(f"  - name: set{s:04d}\n    kind: mysqldump\n    path: {d}\n    pattern: '*.sql.gz'\n"
                     f"    schedule: '0 2 * * *'\n    grace: 2h\n    checksum: sha256\n    max_shrink: 50%\n")
PY

dotnet build "$root/src/BackupExporter" -c Release -o "$data/bin" >/dev/null
start() { # interval
  sed -i "s/^  interval: .*/  interval: $1/" "$data/config.yml"
  dotnet "$data/bin/backup-exporter.dll" --config.file="$data/config.yml" --web.listen-address="127.0.0.1:$port" --log.level=warn &
  exporter=$!
  until curl -fs "http://127.0.0.1:$port/-/ready" >/dev/null; do sleep 0.5; done
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
