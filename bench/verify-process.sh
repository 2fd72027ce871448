#!/usr/bin/env bash
# The whole `backup-exporter verify` process on one big dump, side by side with the fastest tool a user has for the
# same format, on the same page-cached file: `igzip -t` (ISA-L) for .gz, `zstd -t` for .zst; `gzip -t` for reference.
# Usage: bench/verify-process.sh [RUNS=5]   (after bench/make-dump.sh; needs python3, isal, zstd, libisal2)
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/bench/data"
bin="$data/exporter-bin"
# What a user runs: the native (AOT) binary of the release tar.gz.
# shellcheck source=release-binary.sh
source "$root/bench/release-binary.sh"
unpack_release_binary "$bin"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
ls -l "$data"/dump.sql.gz "$data"/dump.sql.zst
for format in gz zst; do # one set, one artifact (with its .sha256 sidecar): one read, hash + decompress + footer
  cat > "$data/verify-$format.yml" <<YAML
backups:
  - name: bench
    kind: mysqldump
    path: $data
    pattern: "dump.sql.$format"
    checksum: sha256
YAML
done
cat "$data"/dump.sql.gz "$data"/dump.sql.zst > /dev/null # page cache

verify="$bin/backup-exporter verify --output=nagios --config.file"
$verify="$data/verify-gz.yml" && $verify="$data/verify-zst.yml" # both must pass before they are timed
# Interleaved rather than one command after the other (hyperfine): the load of a shared machine moves within seconds.
python3 "$root/bench/interleave.py" "$runs" \
  "igzip -t=igzip -t $data/dump.sql.gz" \
  "backup-exporter verify (.gz)=$verify=$data/verify-gz.yml" \
  "gzip -t=gzip -t $data/dump.sql.gz"
python3 "$root/bench/interleave.py" "$runs" \
  "zstd -t=zstd -q -t $data/dump.sql.zst" \
  "backup-exporter verify (.zst)=$verify=$data/verify-zst.yml"
