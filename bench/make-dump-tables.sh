#!/usr/bin/env bash
# Makes a real dump of many small tables with secondary indexes, the other shape of the disk-factor measurement
# (bench/drill.sh measures data directory bytes per SQL byte): TABLES tables of ROWS rows each, every table with two
# secondary indexes, dumped by the real mariadb-dump from a throwaway MariaDB (socket only).
# Usage: bench/make-dump-tables.sh [TABLES=200] [ROWS=5000]   Output: $BENCH_DATA/tables-TABLESxROWS/dump.sql
set -euo pipefail
tables=${1:-200}
rows=${2:-5000}
root=$(cd "$(dirname "$0")/.." && pwd)
out="${BENCH_DATA:-$root/bench/data}/tables-${tables}x${rows}"
work=$(mktemp -d /tmp/backup-exporter-bench.XXXXXX)
mkdir -p "$out"
source "$root/scripts/throwaway-mariadb.sh"
start_throwaway_mariadb --innodb-buffer-pool-size=512M --innodb-flush-log-at-trx-commit=0

{
  echo "CREATE DATABASE crm; USE crm;"
  for t in $(seq "$tables"); do
    echo "CREATE TABLE contacts_$t (id INT PRIMARY KEY, email VARCHAR(96), city VARCHAR(48), score INT, updated DATETIME,
            KEY by_email (email), KEY by_city_score (city, score));"
    echo "INSERT INTO contacts_$t SELECT seq, CONCAT('user', seq, '@example', $t, '.org'), CONCAT('city-', seq % 500),
            (seq * 7919) % 1000, '2026-01-01' + INTERVAL (seq * 13) MINUTE FROM seq_1_to_$rows;"
  done
} | mariadb --socket="$work/mysqld.sock"

mariadb-dump --socket="$work/mysqld.sock" --single-transaction --databases crm > "$out/dump.sql"
ls -l "$out"
