#!/usr/bin/env bash
# Restore drill of a ~500 MB dump against the plain restore a DBA would time, interleaved in one run
# (sandbox-options baseline, defaults baseline, drill, then again, RUNS times), on the same dump:
#   sandbox:  mariadb-install-db + mariadbd with the drill sandbox's own options (SandboxServer.cs) + `mariadb < dump.sql`
#             (at normal priority, no memory cap): what the drill machinery adds on top of the same server
#   defaults: the same with mariadbd started by hand with MariaDB's defaults (only datadir, socket, pid and log set)
#   drill:    the release native binary's `backup-exporter drill --output=json`, whole command (the set's inspection,
#             the lock, the sandbox, the streamed load, CHECK TABLE and COUNT(*), removal); its phases from its JSON
# After each baseline's load the data directory is measured (du -sb), less the empty one: bytes per SQL byte, the
# figure behind DiskEstimate.InnoDbFactor.
# Usage: bench/drill.sh [RUNS=3] [DUMP=$BENCH_DATA/dump.sql]
#   BINARY=path          the binary to time (default: the release tar.gz in dist/, built by scripts/package if missing)
#   BEFORE_BINARY=path   also time this binary's drill in every round (a before/after pair in one run)
#   NICED=1              also time the sandbox baseline with the drill's priority (nice -n 10, ionice -c 2 -n 7):
#                        what the drill loses to its low priority on a busy host, apart from its machinery
set -euo pipefail
runs=${1:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
data="${BENCH_DATA:-$root/bench/data}"
dump=${2:-$data/dump.sql}
[ -f "$dump" ] || BENCH_DATA="$data" "$root/bench/make-dump.sh" 5500000
scratch=$(mktemp -d "$(dirname "$dump")/db.XXXXXX") # beside the dump: the set hard-links it
trap 'rm -rf "$scratch"' EXIT
if [ -z "${BINARY:-}" ]; then
  # shellcheck source=release-binary.sh
  source "$root/bench/release-binary.sh"
  unpack_release_binary "$scratch/release"
  BINARY=$scratch/release/backup-exporter
fi
as_root=(); [ "$(id -u)" = 0 ] && as_root=(--user=root)
size=$(stat -c %s "$dump")
results=$scratch/results.tsv
echo "dump: $dump ($((size / 1024 / 1024)) MiB), binary: $BINARY ($("$BINARY" --version))"

# The drill sandbox's options for a 2 GiB memory cap (the default), as SandboxServer.ServerOptions sets them.
sandbox_options=(--skip-log-bin --innodb-buffer-pool-size=512M --innodb-log-file-size=512M --innodb-flush-log-at-trx-commit=0
  --innodb-doublewrite=0 --max-connections=20 --performance-schema=OFF --skip-name-resolve)

now() { date +%s.%N; }

# baseline NAME [nice] SERVER-OPTIONS...: one timed restore; appends "NAME seconds load-seconds datadir-growth" to results.
baseline() {
  local name=$1; shift
  local priority=()
  [ "${1:-}" = nice ] && { priority=(nice -n 10 ionice -c 2 -n 7); shift; }
  local dir="$scratch/$name"; rm -rf "$dir"; mkdir -p "$dir/run" "$dir/tmp"
  local start; start=$(now)
  mariadb-install-db --no-defaults "${as_root[@]}" --datadir="$dir/data" --tmpdir="$dir/tmp" \
    --auth-root-authentication-method=normal --skip-test-db "$@" >/dev/null 2>&1
  local empty; empty=$(du -sb "$dir/data" | cut -f1)
  "${priority[@]}" mariadbd --no-defaults "${as_root[@]}" --datadir="$dir/data" --socket="$dir/run/sock" --skip-networking \
    --pid-file="$dir/run/pid" --log-error="$dir/run/err.log" --tmpdir="$dir/tmp" "$@" &
  until mariadb --no-defaults --socket="$dir/run/sock" -uroot -e 'SELECT 1' >/dev/null 2>&1; do sleep 0.1; done
  local loading; loading=$(now)
  mariadb --no-defaults --socket="$dir/run/sock" -uroot < "$dump"
  local end; end=$(now)
  local full; full=$(du -sb "$dir/data" | cut -f1)
  kill -9 "$(cat "$dir/run/pid")"; wait 2>/dev/null || true
  rm -rf "$dir"
  echo -e "$name\t$(echo "$end - $start" | bc)\t$(echo "$end - $loading" | bc)\t$((full - empty))" >> "$results"
}

# drill NAME BINARY: one timed drill; appends "NAME seconds fetch restore verify total" to results.
drill() {
  local name=$1 binary=$2
  local dir="$scratch/$name"; rm -rf "$dir"; mkdir -p "$dir/backups"
  ln "$dump" "$dir/backups/dump.sql"
  cat > "$dir/config.yml" <<YAML
backups:
  - {name: bench, kind: mysqldump, path: $dir/backups, checksum: none, settle_time: 0s,
     restore_test: {scratch_dir: $dir/s, timeout: 2h}} # short: a socket path has at most 107 bytes
YAML
  local start; start=$(now)
  BACKUP_EXPORTER_DRILL_HISTORY="$dir/history" "$binary" drill --config.file="$dir/config.yml" --backup=bench --output=json > "$dir/out.json" || true
  local end; end=$(now)
  jq -e '.verdict | ascii_downcase == "ok"' "$dir/out.json" >/dev/null || { cat "$dir/out.json" >&2; exit 1; }
  echo -e "$name\t$(echo "$end - $start" | bc)\t$(jq -r '[.phase_seconds.fetch, .phase_seconds.restore, .phase_seconds.verify, .phase_seconds.total] | @tsv' "$dir/out.json")" >> "$results"
  rm -rf "$dir"
}

for round in $(seq "$runs"); do
  echo "round $round/$runs (load $(cut -d' ' -f1 /proc/loadavg))"
  baseline sandbox "${sandbox_options[@]}"
  [ -n "${NICED:-}" ] && baseline sandbox-niced nice "${sandbox_options[@]}"
  baseline defaults
  [ -n "${BEFORE_BINARY:-}" ] && drill drill-before "$BEFORE_BINARY"
  drill drill "$BINARY"
done

python3 - "$results" "$size" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
sql = int(sys.argv[2])
by = {}
for row in rows:
    by.setdefault(row[0], []).append([float(v) for v in row[1:]])
def med(name, i): return statistics.median(r[i] for r in by[name])
print(f"{'':14} {'median s':>9} {'min':>7} {'max':>7}  {'/sandbox':>8} {'/defaults':>9}  details (medians)")
for name, runs in by.items():
    walls = [r[0] for r in runs]
    line = (f"{name:14} {statistics.median(walls):9.2f} {min(walls):7.2f} {max(walls):7.2f}  "
            f"{statistics.median(walls) / med('sandbox', 0):8.3f} {statistics.median(walls) / med('defaults', 0):9.3f}  ")
    if name.startswith("drill"):
        line += "phases fetch {:.1f} / restore {:.1f} / verify {:.1f} / total {:.1f} s".format(*(med(name, i) for i in range(1, 5)))
    else:
        line += f"load {med(name, 1):.1f} s, data dir +{med(name, 2) / 2**20:.0f} MiB = {med(name, 2) / sql:.3f} bytes per SQL byte"
    print(line)
print("every run:")
for row in rows: print("  " + "  ".join(row))
PY
