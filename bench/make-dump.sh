#!/usr/bin/env bash
# Makes a real ~1 GB dump for the verification benchmark: a throwaway MariaDB (socket only), filled with
# generated rows, dumped by the real mariadb-dump, then compressed with gzip and zstd, each with a .sha256 sidecar.
# Usage: bench/make-dump.sh [ROWS=11000000]   Output: bench/data/dump.sql{,.gz,.zst} (+ .sha256)
set -euo pipefail
rows=${1:-11000000}
root=$(cd "$(dirname "$0")/.." && pwd)
out="${BENCH_DATA:-$root/bench/data}"   # BENCH_DATA: another place for the data (a bigger volume)
work=$(mktemp -d /tmp/backup-exporter-bench.XXXXXX)
mkdir -p "$out"
source "$root/scripts/throwaway-mariadb.sh"
start_throwaway_mariadb --innodb-buffer-pool-size=1G --innodb-flush-log-at-trx-commit=0

mariadb --socket="$work/mysqld.sock" <<SQL
CREATE DATABASE shop;
USE shop;
CREATE TABLE shop.orders (id BIGINT PRIMARY KEY, customer VARCHAR(64), note VARCHAR(128), amount DECIMAL(12,2), created DATETIME);
INSERT INTO shop.orders
  SELECT seq, CONCAT('customer-', seq % 100000), MD5(seq), (seq % 100000) / 100, '2026-01-01' + INTERVAL (seq % 31536000) SECOND
  FROM seq_1_to_${rows};
SQL

mariadb-dump --socket="$work/mysqld.sock" --single-transaction --master-data=2 --databases shop > "$out/dump.sql"
gzip -6 -c "$out/dump.sql" > "$out/dump.sql.gz"
zstd -q -3 -f "$out/dump.sql" -o "$out/dump.sql.zst"
(cd "$out" && for f in dump.sql dump.sql.gz dump.sql.zst; do sha256sum "$f" > "$f.sha256"; done)
ls -l "$out"
