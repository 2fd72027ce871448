#!/usr/bin/env bash
# Rotating re-verification, side by side with a first verification, on the same page-cached (tmpfs) files:
#   1. rate: a serve process with `reverify: {period: 10s, max_rate: RATE}` over SIZE MiB that a pass cannot finish
#      within the period, so the rotation never rests: bytes read per second (its own counter and the kernel's rchar)
#      against the configured rate;
#   2. CPU per byte: that process's CPU (utime+stime, minus the same process idle without reverify over the same
#      time) per byte re-read, against a whole `verify` process's CPU per byte hashing the same file against its
#      .sha256 sidecar (minus `verify` of an empty set: start-up);
#   3. memory: one set of 1,000 unchanged small dumps, RSS after WAIT seconds with reverify off and on (period 7d: the
#      ledger, and the rounds that find nothing due).
# Usage: bench/reverify.sh [DURATION_SECONDS=60]
#   BINARY=path  the binary to measure (default: the release tar.gz's native binary, bench/release-binary.sh)
#   SIZE=256 (MiB)  RATE=64 (MiB/s)  WAIT=60 (s)  PORT_BASE=19531
set -euo pipefail
duration=${1:-60}
size=${SIZE:-256}
rate=${RATE:-64}
wait_s=${WAIT:-60}
base=${PORT_BASE:-19531}
root=$(cd "$(dirname "$0")/.." && pwd)
data=/dev/shm/backup-exporter-bench-reverify
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}" $(cat "$work/pids" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
  rm -rf "$data" "$work"
}
trap cleanup EXIT
if [ -z "${BINARY:-}" ]; then
  # shellcheck source=release-binary.sh
  source "$root/bench/release-binary.sh"
  unpack_release_binary "$work/bin"
  BINARY=$work/bin/backup-exporter
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary: $BINARY"

mkdir -p "$data/big" "$data/empty" "$data/many" "$work/state-on" "$work/state-off"
# Files of 16 MiB: the rotation goes from one to the next without waiting for a file it has just read.
for i in $(seq -w 1 $((size / 16))); do head -c $((16 << 20)) /dev/urandom > "$data/big/dump-$i.sql"; done
(cd "$data/big" && sha256sum dump-*.sql > SHA256SUMS)
touch -d '2 days ago' "$data/big"/dump-*.sql
for i in $(seq -w 1 1000); do printf -- '-- MariaDB dump 10.19\n-- row %s\n-- Dump completed on 2026-12-01 02:00:00\n' "$i" \
  > "$data/many/shop-$i.sql"; done
touch -d '2 days ago' "$data/many"/*.sql
ticks=$(getconf CLK_TCK)
cpu_seconds() { awk -v t="$ticks" '{ print ($14 + $15) / t }' "/proc/$1/stat"; }
rchar() { sed -n 's/^rchar: //p' "/proc/$1/io"; }
metric() { curl -s "localhost:$1/metrics" | awk -v m="$2" '$1 ~ "^"m"[{ ]" || $1 == m { print $2; exit }'; }
rss_kib() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"; }
config() { # name path reverify(on|off) checksum [period]
  cat <<YAML
global: {interval: 1s, timeout: 120s, settle_time: 0s}
backups:
  - name: $1
    kind: mysqldump
    path: $2
    checksum: $4
$( [ "$3" = on ] && echo "    reverify: {period: ${5:-10s}, max_rate: ${rate}MiB/s}" )
YAML
}
serve() { # config state port -> pid
  STATE_DIRECTORY=$2 "$BINARY" --config.file="$1" --web.listen-address="127.0.0.1:$3" >"$1.log" 2>&1 &
  echo $! >> "$work/pids" # serve runs in $(...): the cleanup finds its processes here
  for _ in $(seq 600); do curl -sf "localhost:$3/-/ready" >/dev/null && break; sleep 0.2; done
  echo $!
}

echo "== 1, 2: rate and CPU per byte of re-verification (${size} MiB, max_rate ${rate} MiB/s, ${duration} s)"
config big "$data/big" on none > "$work/on.yml"
config big "$data/big" off none > "$work/off.yml"
config big "$data/big" off sha256 > "$work/verify.yml"
config big "$data/empty" off sha256 > "$work/verify-empty.yml"
on=$(serve "$work/on.yml" "$work/state-on" "$base")
off=$(serve "$work/off.yml" "$work/state-off" $((base + 1)))
sleep 5 # both past their first verification (the serve with reverify on is already re-reading)
c0_on=$(cpu_seconds "$on"); c0_off=$(cpu_seconds "$off"); r0=$(rchar "$on"); m0=$(metric "$base" mysql_backup_reverify_read_bytes_total)
sleep "$duration"
c1_on=$(cpu_seconds "$on"); c1_off=$(cpu_seconds "$off"); r1=$(rchar "$on"); m1=$(metric "$base" mysql_backup_reverify_read_bytes_total)
kill "$on" "$off"
echo "$(grep -c . "$work/pids") processes started; idle-class reading threads seen: see the integration test"
vcpu() { /usr/bin/time -f '%U %S' "$BINARY" verify --output=nagios --config.file="$1" 2>&1 >/dev/null | tail -1 | awk '{ print $1 + $2 }'; }
v_full=0; v_empty=0
for _ in 1 2 3; do
  v_full=$(awk -v a="$v_full" -v b="$(vcpu "$work/verify.yml")" 'BEGIN { print a + b }')
  v_empty=$(awk -v a="$v_empty" -v b="$(vcpu "$work/verify-empty.yml")" 'BEGIN { print a + b }')
done
awk -v d="$duration" -v rate="$rate" -v m0="$m0" -v m1="$m1" -v r0="$r0" -v r1="$r1" \
  -v c0on="$c0_on" -v c1on="$c1_on" -v c0off="$c0_off" -v c1off="$c1_off" -v vf="$v_full" -v ve="$v_empty" -v size="$size" 'BEGIN {
  mib = 1048576; read = m1 - m0; kernel = r1 - r0
  printf "re-verification read %.1f MiB/s by its own count, %.1f MiB/s by rchar; configured %d MiB/s (%.3f of it)\n",
    read / d / mib, kernel / d / mib, rate, read / d / mib / rate
  cpu = (c1on - c0on) - (c1off - c0off)
  printf "re-verification CPU: %.2f s over %d s (idle serve subtracted) = %.2f ns/byte\n", cpu, d, cpu / read * 1e9
  first = (vf - ve) / 3
  printf "first verification (verify, sha256 against the sidecar, start-up subtracted): %.2f s for %d MiB = %.2f ns/byte\n",
    first, size, first / (size * mib) * 1e9
  printf "ratio re-verification / first verification CPU per byte: %.2f\n", (cpu / read) / (first / (size * mib))
}'

echo "== 3: one set of 1,000 unchanged dumps, RSS after ${wait_s} s"
config many "$data/many" off auto > "$work/many-off.yml"
config many "$data/many" on auto 7d > "$work/many-on.yml" # the default period: an unchanged set, as a site runs it
a=$(serve "$work/many-off.yml" "$work/state-off" $((base + 2)))
b=$(serve "$work/many-on.yml" "$work/state-on" $((base + 3)))
sleep "$wait_s"
rss_a=$(rss_kib "$a"); rss_b=$(rss_kib "$b")
echo "RSS: reverify off $((rss_a / 1024)) MiB, on $((rss_b / 1024)) MiB (ratio $(awk -v a="$rss_a" -v b="$rss_b" 'BEGIN { printf "%.3f", b / a }')); ledger $(du -h "$work/state-on/reverify/many.json" | cut -f1)"
echo "changed: $(metric $((base + 3)) mysql_backup_reverify_changed_artifacts), verified share: $(metric $((base + 3)) mysql_backup_reverify_verified_artifacts_ratio)"
