#!/usr/bin/env bash
# One off-site round against a WebDAV remote (rclone serve webdav, basic auth, loopback) holding OBJECTS objects,
# side by side with `rclone lsjson -R` alone on the same remote. Prints, per verify mode, the HTTP requests of one
# round (rclone's --dump headers, set through RCLONE_DUMP: one "HTTP REQUEST" line per request) and the bytes it
# downloaded; then the median time of RUNS rounds against RUNS bare listings, interleaved. Goals: one listing per
# round, 0 bytes downloaded unless verify: download, a round within 1.2x the bare listing.
# Usage: bench/offsite.sh [OBJECTS=10000] [RUNS=5]
# Needs: rclone, python3, bc, the .NET SDK. Writes its data under $OFFSITE_BENCH_DATA (default /tmp/backup-exporter-bench/offsite).
set -euo pipefail
objects=${1:-10000}
runs=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
data="${OFFSITE_BENCH_DATA:-${TMPDIR:-/tmp}/backup-exporter-bench/offsite}"
rm -rf "$data" && mkdir -p "$data/set" "$data/remote/other"

# The set: 20 dumps of 1 MiB; the remote: their copies and enough other objects to make OBJECTS.
python3 - "$data" "$objects" <<'PY'
import os, sys, random
data, objects = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)
for i in range(20):
    body = rnd.randbytes(1 << 20)
    for where in ("set", "remote"):
        with open(os.path.join(data, where, f"shop-{i:02d}.sql.gz"), "wb") as f:
            f.write(body)
for i in range(objects - 20):
    with open(os.path.join(data, "remote", "other", f"object-{i:05d}"), "wb") as f:
        f.write(b"x" * 64)
PY
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
rclone serve webdav "$data/remote" --config /dev/null --addr "127.0.0.1:$port" --user bench --pass bench-pass >"$data/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
printf '[dav]\ntype = webdav\nurl = http://127.0.0.1:%s/\nvendor = other\nuser = bench\npass = %s\n' "$port" "$(rclone obscure bench-pass)" >"$data/rclone.conf"
chmod 600 "$data/rclone.conf"
until rclone --config "$data/rclone.conf" lsjson --max-depth 1 dav: >/dev/null 2>&1; do sleep 0.1; done

dotnet build -c Release "$root/bench/BackupExporter.Benchmarks" -o "$data/bin" >/dev/null
bench() { dotnet "$data/bin/BackupExporter.Benchmarks.dll" offsite-round "$data/rclone.conf" dav: "$data/set" "$@"; }

echo "== requests and bytes of one round ($objects objects on the remote)"
rclone --config "$data/rclone.conf" --dump headers --log-file "$data/lsjson.dump" lsjson -R --files-only --no-mimetype dav: >/dev/null
echo "rclone lsjson -R alone: requests=$(grep -c 'HTTP REQUEST' "$data/lsjson.dump")"
for verify in size hash download; do
  rm -f "$data/round.dump"
  out=$(RCLONE_DUMP=headers RCLONE_LOG_FILE="$data/round.dump" bench "$verify" 2)
  echo "verify=$verify: requests over 2 rounds=$(grep -c 'HTTP REQUEST' "$data/round.dump")"
  echo "$out" | grep '^round='
done

echo "== time of a round against rclone lsjson -R alone (median of $runs, interleaved)"
lsjson_times=()
round_times=()
for i in $(seq "$runs"); do
  start=$(date +%s.%N)
  rclone --config "$data/rclone.conf" --contimeout 15s --timeout 5m --low-level-retries 1 --retries 1 lsjson -R --files-only --no-mimetype dav: >/dev/null
  lsjson_times+=("$(echo "$(date +%s.%N) - $start" | bc)")
  round_times+=("$(bench size 1 | sed -n 's/^round=1 seconds=\([0-9.]*\).*/\1/p')")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
l=$(median "${lsjson_times[@]}")
r=$(median "${round_times[@]}")
echo "rclone lsjson -R: ${lsjson_times[*]} -> median ${l}s"
echo "exporter round:   ${round_times[*]} -> median ${r}s"
echo "ratio: $(echo "scale=3; $r / $l" | bc)x"
