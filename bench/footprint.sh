#!/usr/bin/env bash
# Footprint of the released native binary, side by side with prometheus-mysqld-exporter in the same run:
#   1. 10 backup sets (and the server) against mysqld_exporter on the same throwaway MariaDB: RSS at ready and after
#      DURATION of one scrape a second each, CPU time per scrape;
#   2. 1,000 backup sets: RSS at ready and after DURATION of one scrape a second;
#   3. one backup set of 100,000 files (a mariabackup directory): RSS sampled each 10 s over DURATION (flat?);
#   4. whole-process `verify` of a ~550 MB plain dump with its .sha256 against `openssl dgst -sha256` (hyperfine);
#   5. `check-config` and `--version` against `prometheus-mysqld-exporter --version` (hyperfine).
# Usage: bench/footprint.sh [DURATION_SECONDS=300]
#   BINARY=path  the binary to measure (default: from the release tar.gz in dist/, built by scripts/package when missing)
#   CASES="1 3"  only these cases (default: all five); data is made only for the cases that run
#   PORT_BASE=N  listen on N..N+3 (default 19511), so that two runs on one machine do not scrape each other
# Needs: mariadb-server mariadb-client prometheus-mysqld-exporter hyperfine curl python3 openssl.
# Writes its data under bench/data/footprint (git-ignored).
set -euo pipefail
duration=${1:-300}
cases=" ${CASES:-1 2 3 4 5} "
for c in $cases; do
  case $c in 1|2|3|4|5) ;; *) echo "bench/footprint.sh: CASES=\"$CASES\": case $c does not exist (1 to 5)" >&2; exit 2 ;; esac
done
runs() { [[ $cases == *" $1 "* ]]; }
base=${PORT_BASE:-19511}
root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/bench/data/footprint"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; stop_throwaway_mariadb; }
# shellcheck source=../scripts/throwaway-mariadb.sh
source "$root/scripts/throwaway-mariadb.sh"
# shellcheck source=wait-for.sh
source "$root/bench/wait-for.sh"
trap cleanup EXIT

rm -rf "$data" && mkdir -p "$data/bin"
if [ -z "${BINARY:-}" ]; then
  # shellcheck source=release-binary.sh
  source "$root/bench/release-binary.sh"
  unpack_release_binary "$data/bin"
  BINARY=$data/bin/backup-exporter
fi
echo "== $("$BINARY" --version) ($BINARY, $(stat -c %s "$BINARY") bytes); $(prometheus-mysqld-exporter --version 2>&1 | head -n1)"
echo "== $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"

start_throwaway_mariadb
sql() { mariadb --socket="$work/mysqld.sock" -N -B -e "$1"; }
sql "CREATE USER bx@localhost IDENTIFIED BY 'bx'; GRANT BINLOG MONITOR, PROCESS ON *.* TO bx@localhost;
     CREATE USER mx@localhost IDENTIFIED BY 'mx'; GRANT PROCESS, REPLICATION CLIENT, BINLOG MONITOR, SELECT ON *.* TO mx@localhost;"
echo bx > "$data/bx.password"; chmod 600 "$data/bx.password"

# Backup sets of 30 small gzip dumps with sha256 sidecars (like bench/scrape-latency.sh), a 100,000-file backup
# directory, and a plain dump of about 550 MB.
PYTHONPATH="$root/bench" python3 - "$data" "$work/mysqld.sock" "$cases" <<'PY'
import hashlib, os, sys, time
from dump_sets import gzip_dump, set_entry, write_set
data, sock, cases = sys.argv[1], sys.argv[2], sys.argv[3].split()
blob, digest = gzip_dump()
now = time.time()
server = (f"servers:\n  - name: db\n    socket: {sock}\n    user: bx\n    password_file: {data}/bx.password\n")
def sets(n, name):
    with open(os.path.join(data, name), "w") as config:
        config.write("global:\n  interval: 60s\n  settle_time: 0s\n" + server + "backups:\n")
        for s in range(n):
            d = os.path.join(data, "sets", f"set{s:04d}")
            if not os.path.isdir(d):  # the 10 sets are the first of the 1,000
                write_set(d, 30, blob, digest, now)
            config.write(set_entry(f"set{s:04d}", d, server="db"))
sets(10, "sets10.yml")
if "2" in cases:
    sets(1000, "sets1000.yml")

if "3" in cases:
    backup = os.path.join(data, "files", "2026-11-24-full")
    for i in range(100000):
        d = os.path.join(backup, f"db{i % 100:03d}")
        os.makedirs(d, exist_ok=True)
        open(os.path.join(d, f"t{i:06d}.ibd"), "wb").write(b"\0" * 512)
    open(os.path.join(backup, "xtrabackup_checkpoints"), "w").write("backup_type = full-backuped\nfrom_lsn = 0\nto_lsn = 44404\nlast_lsn = 48277\n")
    open(os.path.join(backup, "xtrabackup_info"), "w").write("tool_name = mariabackup\nstart_time = 2026-11-24 02:00:00\nend_time = 2026-11-24 02:10:00\n")
    open(os.path.join(data, "files.yml"), "w").write(
        f"global:\n  interval: 10s\n  timeout: 60s\n  settle_time: 0s\nbackups:\n  - name: big\n    kind: mariabackup\n    path: {data}/files\n    pattern: '*'\n")

if "4" in cases:
    os.makedirs(os.path.join(data, "dump"))
    dump = os.path.join(data, "dump", "shop.sql")
    h = hashlib.sha256()
    row = "".join(f"({i},'customer {i:08d}','2026-11-24 02:00:00',{i * 7 % 1000}.{i % 100:02d})," for i in range(2000))
    with open(dump, "w") as f:
        def w(s):
            f.write(s); h.update(s.encode())
        w("-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n"
          "-- Server version\t10.11.19-MariaDB-0+deb12u1-log\n")
        while f.tell() < 550 * 1000 * 1000:
            w("INSERT INTO `orders` VALUES " + row[:-1] + ";\n")
        w("-- Dump completed on 2026-11-24 23:55:18\n")
    open(dump + ".sha256", "w").write(f"{h.hexdigest()}  shop.sql\n")
    t = now - 3600
    os.utime(dump, (t, t))
    open(os.path.join(data, "dump.yml"), "w").write(
        f"global:\n  settle_time: 0s\n  timeout: 600s\nbackups:\n  - name: shop\n    kind: mysqldump\n    path: {data}/dump\n    pattern: '*.sql'\n    checksum: sha256\n")
PY

rss() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
hwm() { awk '/^VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
start_backup_exporter() { # config port
  "$BINARY" --config.file="$data/$1" --web.listen-address="127.0.0.1:$2" --log.level=warn >/dev/null 2>&1 &
  bx=$!; pids+=("$bx")
  wait_for_url "http://127.0.0.1:$2/-/ready"
}
scrape_for() { # seconds, then port...: one scrape a second of each port, like Prometheus at a 1 s interval
  local end=$((SECONDS + $1)); shift
  while [ $SECONDS -lt $end ]; do
    for port in "$@"; do curl -fsS -o /dev/null "http://127.0.0.1:$port/metrics"; done
    sleep 1
  done
}
hz=$(getconf CLK_TCK)

if runs 1; then
  echo
  echo "== 1. 10 backup sets and the server, side by side with mysqld_exporter, ${duration}s of 1 scrape/s each"
  start_backup_exporter sets10.yml $base
  DATA_SOURCE_NAME="mx:mx@unix($work/mysqld.sock)/" prometheus-mysqld-exporter --web.listen-address=127.0.0.1:$((base + 1)) >/dev/null 2>&1 &
  mx=$!; pids+=("$mx")
  wait_for_url http://127.0.0.1:$((base + 1))/metrics
  echo "RSS at ready: backup-exporter $(rss $bx) MB (peak so far $(hwm $bx)), mysqld_exporter $(rss $mx) MB"
  b0=$(cpu_ticks $bx); m0=$(cpu_ticks $mx); s0=$SECONDS
  scrape_for "$duration" $base $((base + 1))
  scrapes=$((SECONDS - s0))
  b1=$(cpu_ticks $bx); m1=$(cpu_ticks $mx)
  echo "RSS after ${duration}s: backup-exporter $(rss $bx) MB (peak $(hwm $bx)), mysqld_exporter $(rss $mx) MB (peak $(hwm $mx))"
  awk -v b=$((b1 - b0)) -v m=$((m1 - m0)) -v n=$scrapes -v hz="$hz" 'BEGIN {
    printf "CPU over %d s (~%d scrapes each, inspections included): backup-exporter %.2f s, mysqld_exporter %.2f s, ratio %.2f\n",
      n, n, b / hz, m / hz, (m > 0 ? b / m : 0) }'
  kill $bx $mx; wait $bx $mx 2>/dev/null || true
fi

if runs 2; then
  echo
  echo "== 2. 1,000 backup sets (30 dumps each), ${duration}s of 1 scrape/s"
  start_backup_exporter sets1000.yml $((base + 2))
  echo "RSS at ready: $(rss $bx) MB (peak so far $(hwm $bx)), CPU until ready $(awk -v t="$(cpu_ticks $bx)" -v hz="$hz" 'BEGIN {printf "%.2f", t / hz}') s"
  b0=$(cpu_ticks $bx); s0=$SECONDS
  samples=""
  for ((t = 0; t < duration; t += 30)); do scrape_for $((duration - t < 30 ? duration - t : 30)) $((base + 2)); samples="$samples $(rss $bx)"; done
  echo "RSS (MB) each 30 s of scrapes:$samples"
  echo "RSS after ${duration}s: $(rss $bx) MB (peak $(hwm $bx)), CPU over those $((SECONDS - s0)) s $(awk -v t=$(($(cpu_ticks $bx) - b0)) -v hz="$hz" 'BEGIN {printf "%.2f", t / hz}') s"
  kill $bx; wait $bx 2>/dev/null || true
fi

if runs 3; then
  echo
  echo "== 3. one backup set of 100,000 files, interval 10s, RSS every 10s for ${duration}s"
  start_backup_exporter files.yml $((base + 3))
  samples="$(rss $bx)"
  for _ in $(seq 10 10 "$duration"); do sleep 10; curl -fsS -o /dev/null http://127.0.0.1:$((base + 3))/metrics; samples="$samples $(rss $bx)"; done
  echo "RSS (MB) from ready, each 10 s: $samples (peak $(hwm $bx))"
  kill $bx; wait $bx 2>/dev/null || true
fi

if runs 4; then
  echo
  echo "== 4. whole-process verify of a $(($(stat -c %s "$data/dump/shop.sql") / 1000000)) MB plain dump vs openssl dgst -sha256 (page-cached)"
  cat "$data/dump/shop.sql" >/dev/null
  hyperfine -N --warmup 2 --runs 10 \
    "openssl dgst -sha256 $data/dump/shop.sql" \
    "$BINARY verify --config.file=$data/dump.yml --output=nagios" 2>&1 | grep -E 'Time|±|faster|^ +[0-9.]+ ±|Benchmark'
fi

if runs 5; then
  echo
  echo "== 5. start-up: check-config and --version vs prometheus-mysqld-exporter --version"
  hyperfine -N --warmup 3 --runs 30 \
    "prometheus-mysqld-exporter --version" \
    "$BINARY --version" \
    "$BINARY check-config --config.file=$data/sets10.yml" 2>&1 | grep -E 'Time|Benchmark'
fi
