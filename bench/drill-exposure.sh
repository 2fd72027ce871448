#!/usr/bin/env bash
# The exporter while one of its scheduled restore drills runs: its own RSS (/proc/PID/status of the exporter
# process only; the drill is a child process with its own sandbox server) and the scrape latency of /metrics
# (wrk, one thread, one connection: how Prometheus scrapes), with no drill running and while a drill of the
# ~500 MB dump runs, interleaved: idle, drill, idle, drill ... ROUNDS times.
# The release native binary; the set `big` has restore_test.schedule every 3 minutes; 20 other sets of small dumps.
# Usage: bench/drill-exposure.sh [ROUNDS=3] [DURATION=20s]
#   BINARY=path   the binary to run (default: the release tar.gz in dist/, built by scripts/package if missing)
set -euo pipefail
rounds=${1:-3}
duration=${2:-20s}
root=$(cd "$(dirname "$0")/.." && pwd)
data="${BENCH_DATA:-$root/bench/data}"
port=${PORT:-19417}
[ -f "$data/dump.sql" ] || BENCH_DATA="$data" "$root/bench/make-dump.sh" 5500000
# shellcheck source=wait-for.sh
source "$root/bench/wait-for.sh"
work=$(mktemp -d "$data/drill-exposure.XXXXXX") # beside the dump: the set hard-links it
exporter=
cleanup() { [ -n "$exporter" ] && kill "$exporter" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
if [ -z "${BINARY:-}" ]; then
  # shellcheck source=release-binary.sh
  source "$root/bench/release-binary.sh"
  unpack_release_binary "$work/release"
  BINARY=$work/release/backup-exporter
fi

mkdir -p "$work/big" "$work/state"
ln "$data/dump.sql" "$work/big/dump.sql"
PYTHONPATH="$root/bench" python3 - "$work" <<'PY'
import os, sys, time
from dump_sets import gzip_dump, set_entry, write_set
work = sys.argv[1]
blob, digest = gzip_dump()
with open(os.path.join(work, "config.yml"), "w") as config:
    config.write("global:\n  interval: 60s\n  settle_time: 0s\nbackups:\n")
    config.write(f"  - name: big\n    kind: mysqldump\n    path: {work}/big\n    pattern: '*.sql'\n    checksum: none\n"
                 f"    restore_test: {{schedule: '*/3 * * * *', scratch_dir: {work}/scratch, timeout: 1h}}\n")
    for s in range(20):
        d = os.path.join(work, f"set{s:02d}")
        write_set(d, 10, blob, digest, time.time())
        config.write(set_entry(f"set{s:02d}", d))
PY

STATE_DIRECTORY="$work/state" BACKUP_EXPORTER_DRILL_HISTORY="$work/state/drills" \
  "$BINARY" --config.file="$work/config.yml" --web.listen-address="127.0.0.1:$port" --log.level=warn &
exporter=$!
wait_for_url "http://127.0.0.1:$port/-/ready"
url="http://127.0.0.1:$port/metrics"
echo "binary: $BINARY ($("$BINARY" --version)); series: $(curl -fs "$url" | grep -c '^mysql_backup_')"

drill_running() { pgrep -P "$exporter" -f ' drill ' >/dev/null; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$exporter/status"; }
# measure STATE: wrk for DURATION, then the exporter's RSS; one line of results.
measure() {
  local rss_before out; rss_before=$(rss)
  out=$(wrk -t1 -c1 -d"$duration" --latency "$url")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$rss_before" "$(rss)" \
    "$(awk '/^ +50%/ {print $2}' <<<"$out")" "$(awk '/^ +99%/ {print $2}' <<<"$out")" \
    "$(awk '/^Requests\/sec/ {print $2}' <<<"$out")" | tee -a "$work/results.tsv"
}
wait_until() { # CONDITION-COMMAND: polls for up to 10 minutes
  local deadline=$((SECONDS + 600))
  until "$@"; do [ "$SECONDS" -lt "$deadline" ] || { echo "timed out waiting for: $*" >&2; exit 1; }; sleep 0.5; done
}
not() { ! "$@"; }

printf 'state\trss_kib_before\trss_kib_after\tp50\tp99\treq_per_s   (load %s)\n' "$(cut -d' ' -f1 /proc/loadavg)"
for _ in $(seq "$rounds"); do
  wait_until not drill_running
  measure idle
  drill_running && echo "(a drill started during that measurement)"
  wait_until drill_running
  sleep 10 # past the set's inspection and the sandbox's start: into the load
  drill_running || { echo "the drill ended within 10 s: it failed?" >&2; exit 1; }
  measure drill
  drill_running || echo "(the drill ended during that measurement)"
done
echo "peak RSS of the exporter (VmHWM): $(awk '/^VmHWM/ {print $2}' "/proc/$exporter/status") KiB; load $(cut -d' ' -f1 /proc/loadavg)"
echo "drills recorded: $(curl -fs "$url" | grep '^mysql_backup_restore_test_ok')"
