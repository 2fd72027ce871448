#!/usr/bin/env bash
# Restore drill against the plain restore a DBA would time, side by side in one run, on the same ~500 MB dump:
#   baseline: mariadb-install-db + mariadbd (the sandbox's own options) + `mariadb < dump.sql`
#   drill:    backup-exporter drill (inspection, sandbox, streamed load, CHECK TABLE, counts), whole command
# Usage: bench/drill.sh [ROWS=5500000]   (bench/make-dump.sh makes bench/data/dump.sql when it is missing)
set -euo pipefail
rows=${1:-5500000}
root=$(cd "$(dirname "$0")/.." && pwd)
data="${BENCH_DATA:-$root/bench/data}"
[ -f "$data/dump.sql" ] || BENCH_DATA="$data" "$root/bench/make-dump.sh" "$rows"
dll="$root/src/BackupExporter/bin/Release/net10.0/backup-exporter.dll"
dotnet build -c Release "$root/src/BackupExporter" -v q >/dev/null
as_root=(); [ "$(id -u)" = 0 ] && as_root=(--user=root)
scratch=$(mktemp -d "$data/drill-bench.XXXXXX") # beside the dump: the set links it
trap 'rm -rf "$scratch"' EXIT
size=$(stat -c %s "$data/dump.sql")
echo "dump: $data/dump.sql ($((size / 1024 / 1024)) MiB)"

baseline() {
  local dir="$scratch/baseline"; mkdir -p "$dir/run" "$dir/tmp"
  local start=$(date +%s.%N)
  mariadb-install-db --no-defaults "${as_root[@]}" --datadir="$dir/data" --tmpdir="$dir/tmp" \
    --auth-root-authentication-method=normal --skip-test-db >/dev/null
  # The same server options as the drill's sandbox (Inspection/Drills/Sandbox/SandboxServer.cs), default memory_limit.
  mariadbd --no-defaults "${as_root[@]}" --datadir="$dir/data" --socket="$dir/run/sock" --skip-networking --skip-log-bin \
    --pid-file="$dir/run/pid" --log-error="$dir/run/err.log" --tmpdir="$dir/tmp" --innodb-buffer-pool-size=268435456 \
    --max-connections=20 --performance-schema=OFF --skip-name-resolve --innodb-flush-log-at-trx-commit=2 &
  until mariadb --no-defaults --socket="$dir/run/sock" -uroot -e 'SELECT 1' >/dev/null 2>&1; do sleep 0.1; done
  mariadb --no-defaults --socket="$dir/run/sock" -uroot < "$data/dump.sql"
  local end=$(date +%s.%N)
  kill -9 "$(cat "$dir/run/pid")"; wait 2>/dev/null || true
  rm -rf "$dir"
  echo "$end - $start" | bc
}

drill() {
  local dir="$scratch/drill"; mkdir -p "$dir/backups"
  ln "$data/dump.sql" "$dir/backups/dump.sql"
  cat > "$dir/config.yml" <<YAML
backups:
  - {name: bench, kind: mysqldump, path: $dir/backups, checksum: none, settle_time: 0s,
     restore_test: {scratch_dir: $dir/scratch, timeout: 2h}}
YAML
  local start=$(date +%s.%N)
  BACKUP_EXPORTER_DRILL_HISTORY="$dir/history" dotnet "$dll" drill --config.file="$dir/config.yml" --backup=bench > "$dir/out.txt"
  local end=$(date +%s.%N)
  sed 's/^/    /' "$dir/out.txt" >&2
  rm -rf "$dir"
  echo "$end - $start" | bc
}

b=$(baseline); echo "baseline (install-db + start + mariadb < dump.sql): ${b}s"
d=$(drill);    echo "drill (backup-exporter drill, whole command):       ${d}s"
echo "ratio drill / baseline: $(echo "scale=3; $d / $b" | bc)"
