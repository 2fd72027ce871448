#!/usr/bin/env bash
# Scrape latency at SETS backup sets: TLS with basic auth against plain HTTP, and gzip against none, side by side in
# one run (two exporters on the same files, measured in turns so that load from elsewhere hits both alike).
# Usage: bench/web-latency.sh [SETS=1000] [DURATION=15s] [ROUNDS=2]
# Needs: wrk, openssl, htpasswd (apache2-utils), the .NET SDK. Writes under bench/data/web (git-ignored).
set -euo pipefail
sets=${1:-1000}
duration=${2:-15s}
rounds=${3:-2}
root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/bench/data/web"
plain_port=${PORT:-19417}
tls_port=$((plain_port + 1))
# shellcheck source=wait-for.sh
source "$root/bench/wait-for.sh"

rm -rf "$data" && mkdir -p "$data"
PYTHONPATH="$root/bench" python3 - "$data" "$sets" <<'PY'
import os, sys, time
from dump_sets import PLAIN_HEADER, gzip_dump, set_entry, write_set
data, sets = sys.argv[1], int(sys.argv[2])
blob, digest = gzip_dump(PLAIN_HEADER)
now = time.time()
with open(os.path.join(data, "config.yml"), "w") as config:
    config.write("global:\n  interval: 60s\n  settle_time: 0s\nbackups:\n")
    for s in range(sets):
        d = os.path.join(data, f"set{s:04d}")
        write_set(d, 3, blob, digest, now)
        config.write(set_entry(f"set{s:04d}", d))
PY

cd "$data"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.crt -days 2 \
  -subj /CN=localhost -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
printf 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nbasic_auth_users:\n  prometheus: %s\n' \
  "$(htpasswd -nbBC 10 "" bench-password | tr -d ':\n')" > web.yml
auth="Authorization: Basic $(printf 'prometheus:bench-password' | base64)"

# What a user runs: the native (AOT) binary of the release tar.gz.
# shellcheck source=release-binary.sh
source "$root/bench/release-binary.sh"
unpack_release_binary "$data/bin"
bin/backup-exporter --config.file=config.yml --web.listen-address="127.0.0.1:$plain_port" --log.level=warn &
plain=$!
bin/backup-exporter --config.file=config.yml --web.listen-address="127.0.0.1:$tls_port" --web.config.file=web.yml --log.level=warn &
tls=$!
trap 'kill $plain $tls 2>/dev/null || true' EXIT
wait_for_url "http://127.0.0.1:$plain_port/-/ready"
wait_for_url "https://127.0.0.1:$tls_port/-/ready" -k -H "$auth"

plain_bytes=$(curl -fs "http://127.0.0.1:$plain_port/metrics" | wc -c)
gzip_bytes=$(curl -fs -H 'Accept-Encoding: gzip' "http://127.0.0.1:$plain_port/metrics" | wc -c)
echo "sets=$sets body_bytes=$plain_bytes gzip_bytes=$gzip_bytes"

# One connection, one thread, as Prometheus scrapes: the TLS handshake and the first bcrypt happen once, in the
# first request; wrk's percentiles cover the requests on the open connection after it.
measure() { # label, wrk arguments...
  local label=$1; shift
  local out; out=$(wrk -t1 -c1 -d"$duration" --latency "$@")
  if grep -q 'Non-2xx' <<<"$out"; then echo "$label: some answers were not 200:"; echo "$out"; exit 1; fi
  printf '%-28s p50 %-9s p90 %-9s p99 %-9s %s\n' "$label" \
    "$(awk '$1=="50%" {print $2}' <<<"$out")" "$(awk '$1=="90%" {print $2}' <<<"$out")" "$(awk '$1=="99%" {print $2}' <<<"$out")" \
    "$(awk '/Requests\/sec/ {print $2 " req/s"}' <<<"$out")"
}
for round in $(seq "$rounds"); do
  echo "round $round"
  measure "http, identity" "http://127.0.0.1:$plain_port/metrics"
  measure "https + basic auth, identity" -H "$auth" "https://127.0.0.1:$tls_port/metrics"
  measure "http, gzip" -H 'Accept-Encoding: gzip' "http://127.0.0.1:$plain_port/metrics"
  measure "https + basic auth, gzip" -H "$auth" -H 'Accept-Encoding: gzip' "https://127.0.0.1:$tls_port/metrics"
done
