#!/usr/bin/env bash
# Restore drill against the restore docs/runbooks.md ("Restoring a backup") tells a DBA to run, side by side on the
# same dump, interleaved (runbook, drill, drill, runbook, ...: a change of load hits both alike):
#   runbook: mariadb-install-db, mariadbd with MariaDB's defaults plus the runbook's restore settings (1 GiB packets,
#            a 512 MiB redo log) and the sandbox's buffer pool (512 MiB, a quarter of the default memory_limit),
#            SET GLOBAL innodb_flush_log_at_trx_commit=2, the runbook's `mariadb ... < dump.sql`, flush back to 1,
#            `mariadb-check --all-databases --quick` and an exact COUNT(*) of every table, at normal priority
#   drill:   the release native binary's `backup-exporter drill --output=json`, whole command (the set's inspection,
#            the lock, the sandbox, the streamed load, CHECK TABLE ... QUICK and COUNT(*), removal); phases from its JSON
# Both are timed from nothing to a checked restore. Each run also records the machine's load average (the mean of the
# 1-minute figure sampled every second while it ran). The summary: the ratio of the medians, and the median and range
# of the rounds' own ratios (each drill over the runbook restore of its round). After the runbook's load the data directory is measured (du -sb),
# less the empty one: bytes per SQL byte, the figure behind DiskEstimate.InnoDbFactor.
# Usage: bench/drill.sh [RUNS=3] [DUMP=$BENCH_DATA/dump.sql]
#   BINARY=path          the binary to time (default: the release tar.gz in dist/, built by scripts/package if missing)
#   BEFORE_BINARY=path   also time this binary's drill in every round (a before/after pair in one run)
#   LOAD=N               N busy loops (`yes > /dev/null`, normal priority) running for the whole benchmark
set -euo pipefail
runs=${1:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
data="${BENCH_DATA:-$root/bench/data}"
dump=${2:-$data/dump.sql}
[ -f "$dump" ] || BENCH_DATA="$data" "$root/bench/make-dump.sh" 5500000
scratch=$(mktemp -d "$(dirname "$dump")/db.XXXXXX") # beside the dump: the set hard-links it
busy=()
cleanup() {
  [ ${#busy[@]} -gt 0 ] && kill "${busy[@]}" 2>/dev/null
  [ -n "${sampler:-}" ] && kill "$sampler" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT
if [ -z "${BINARY:-}" ]; then
  # shellcheck source=release-binary.sh
  source "$root/bench/release-binary.sh"
  unpack_release_binary "$scratch/release"
  BINARY=$scratch/release/backup-exporter
fi
as_root=(); [ "$(id -u)" = 0 ] && as_root=(--user=root)
size=$(stat -c %s "$dump")
results=$scratch/results.tsv
loads=$scratch/loadavg
echo "dump: $dump ($((size / 1024 / 1024)) MiB), binary: $BINARY ($("$BINARY" --version))"

for _ in $(seq "${LOAD:-0}"); do yes > /dev/null & busy+=($!); done
[ ${#busy[@]} -gt 0 ] && echo "load: ${#busy[@]} × yes > /dev/null"
(while :; do echo "$(date +%s.%N) $(cut -d' ' -f1 /proc/loadavg)" >> "$loads"; sleep 1; done) & sampler=$!

# The runbook's server: MariaDB's defaults (doublewrite on, no binlog) and the restore settings it adds.
runbook_options=(--max-allowed-packet=1G --innodb-log-file-size=512M --innodb-buffer-pool-size=512M)

now() { date +%s.%N; }

# load_during START END: the mean 1-minute load average sampled between START and END.
load_during() {
  awk -v s="$1" -v e="$2" '$1 >= s && $1 <= e { t += $2; n++ } END { printf "%.2f", n ? t / n : -1 }' "$loads"
}

# runbook: one timed restore; appends "runbook seconds start-seconds load-seconds check-seconds growth load-average".
runbook() {
  local dir="$scratch/runbook"; rm -rf "$dir"; mkdir -p "$dir/run" "$dir/tmp"
  local client=(mariadb --no-defaults --socket="$dir/run/sock" -uroot)
  local start; start=$(now)
  mariadb-install-db --no-defaults "${as_root[@]}" --datadir="$dir/data" --tmpdir="$dir/tmp" \
    --auth-root-authentication-method=normal --skip-test-db --innodb-log-file-size=512M >/dev/null 2>&1
  local empty; empty=$(du -sb "$dir/data" | cut -f1)
  mariadbd --no-defaults "${as_root[@]}" --datadir="$dir/data" --socket="$dir/run/sock" --skip-networking \
    --pid-file="$dir/run/pid" --log-error="$dir/run/err.log" --tmpdir="$dir/tmp" "${runbook_options[@]}" &
  until "${client[@]}" -e 'SELECT 1' >/dev/null 2>&1; do sleep 0.1; done
  "${client[@]}" -e 'SET GLOBAL innodb_flush_log_at_trx_commit = 2'
  local loading; loading=$(now)
  "${client[@]}" --max-allowed-packet=1G --init-command='SET SESSION unique_checks=0, foreign_key_checks=0, sql_log_bin=0' \
    < "$dump"
  local checking; checking=$(now)
  local full; full=$(du -sb "$dir/data" | cut -f1) # not timed: taken out of the check's time below
  local measured; measured=$(now)
  "${client[@]}" -e 'SET GLOBAL innodb_flush_log_at_trx_commit = 1'
  mariadb-check --no-defaults --socket="$dir/run/sock" -uroot --all-databases --quick >/dev/null
  "${client[@]}" -N -e "SELECT CONCAT('SELECT COUNT(*) FROM \`', table_schema, '\`.\`', table_name, '\`;')
    FROM information_schema.tables WHERE table_type = 'BASE TABLE'
    AND table_schema NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')" | "${client[@]}" -N >/dev/null
  local end; end=$(now)
  kill -9 "$(cat "$dir/run/pid")"; wait "$!" 2>/dev/null || true
  rm -rf "$dir"
  local du_time; du_time=$(echo "$measured - $checking" | bc)
  echo -e "runbook\t$(echo "$end - $start - $du_time" | bc)\t$(echo "$loading - $start" | bc)\t$(echo "$checking - $loading" | bc)\t$(
    echo "$end - $measured" | bc)\t$((full - empty))\t$(load_during "$start" "$end")" >> "$results"
}

# drill NAME BINARY: one timed drill; appends "NAME seconds fetch restore verify total load-average" to results.
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
  echo -e "$name\t$(echo "$end - $start" | bc)\t$(jq -r '[.phase_seconds.fetch, .phase_seconds.restore, .phase_seconds.verify, .phase_seconds.total] | @tsv' "$dir/out.json")\t$(load_during "$start" "$end")" >> "$results"
  rm -rf "$dir"
}

sleep 2 # a first load sample
for round in $(seq "$runs"); do
  echo "round $round/$runs (load $(cut -d' ' -f1-3 /proc/loadavg))"
  if [ $((round % 2)) = 1 ]; then
    runbook
    [ -n "${BEFORE_BINARY:-}" ] && drill drill-before "$BEFORE_BINARY"
    drill drill "$BINARY"
  else
    drill drill "$BINARY"
    [ -n "${BEFORE_BINARY:-}" ] && drill drill-before "$BEFORE_BINARY"
    runbook
  fi
done

python3 - "$results" "$size" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
sql = int(sys.argv[2])
by = {}
for row in rows:
    by.setdefault(row[0], []).append([float(v) for v in row[1:]])
def med(name, i): return statistics.median(r[i] for r in by[name])
book = by["runbook"]
print(f"{'':13} {'median s':>9} {'min':>7} {'max':>7}  {'/runbook':>8}  {'pairs: median':>13} {'range':>11}  details (medians)")
for name, runs in by.items():
    walls = [r[0] for r in runs]
    pairs = [r[0] / b[0] for r, b in zip(runs, book)]  # each run against the runbook restore of its own round
    line = (f"{name:13} {statistics.median(walls):9.2f} {min(walls):7.2f} {max(walls):7.2f}  "
            f"{statistics.median(walls) / med('runbook', 0):8.3f}  {statistics.median(pairs):13.3f} "
            f"{min(pairs):5.3f}-{max(pairs):5.3f}  ")
    if name.startswith("drill"):
        line += ("phases fetch {:.1f} / restore {:.1f} / verify {:.1f} / total {:.1f} s".format(*(med(name, i) for i in range(1, 5)))
                 + f"; restore phase / runbook's start + load {med(name, 2) / (med('runbook', 1) + med('runbook', 2)):.3f}")
    else:
        line += (f"start {med(name, 1):.1f} s, load {med(name, 2):.1f} s, check {med(name, 3):.1f} s, data dir "
                 f"+{med(name, 4) / 2**20:.0f} MiB = {med(name, 4) / sql:.3f} bytes per SQL byte")
    print(line)
print("every run (name, wall s, details..., mean load average during the run):")
for row in rows: print("  " + "  ".join(row))
PY
