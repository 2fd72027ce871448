#!/usr/bin/env bash
# Regenerates examples/backups/: real dumps made by mariadb-dump from a throwaway MariaDB server, one backup set
# per verdict. Run by hand; the output is committed so that a fresh clone can run the example configuration.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out="$here/backups"
work=$(mktemp -d /tmp/backup-exporter-example.XXXXXX)
source "$root/scripts/throwaway-mariadb.sh"
start_throwaway_mariadb

mariadb --socket="$work/mysqld.sock" <<'SQL'
CREATE DATABASE shop;
USE shop;
CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(64), email VARCHAR(128));
CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, amount DECIMAL(10,2), placed DATE);
INSERT INTO customers SELECT seq, CONCAT('customer ', seq), CONCAT('c', seq, '@example.com') FROM seq_1_to_300;
INSERT INTO orders SELECT seq, seq % 300 + 1, (seq % 997) / 10, '2026-01-01' + INTERVAL (seq % 300) DAY FROM seq_1_to_600;
SQL

dump() { # file: a real dump of the shop database, gzip-compressed, with a sha256sum sidecar
  mariadb-dump --socket="$work/mysqld.sock" --single-transaction --master-data=2 --databases shop | gzip -9 -n > "$1"
  (cd "$(dirname "$1")" && sha256sum "$(basename "$1")" > "$(basename "$1").sha256")
}

rm -rf "$out"
mkdir -p "$out/good" "$out/truncated" "$out/checksum-mismatch"
for set in good truncated checksum-mismatch; do
  dump "$out/$set/shop-2026-11-23.sql.gz"
  mariadb --socket="$work/mysqld.sock" -e "INSERT INTO shop.orders VALUES ((SELECT MAX(id) + 1 FROM shop.orders o), 1, 9.99, '2026-11-24')"
  dump "$out/$set/shop-2026-11-24.sql.gz"
done

# Cut off half way, as when the disk fills up mid-dump; the sidecar is of the cut file, so only the content fails.
half=$(( $(stat -c %s "$out/truncated/shop-2026-11-24.sql.gz") / 2 ))
truncate -s "$half" "$out/truncated/shop-2026-11-24.sql.gz"
(cd "$out/truncated" && sha256sum shop-2026-11-24.sql.gz > shop-2026-11-24.sql.gz.sha256)

# The job's log of the truncated set: what mariadb-dump says when the disk is full (here: a dump into /dev/full).
mariadb-dump --socket="$work/mysqld.sock" --single-transaction --master-data=2 --databases shop > /dev/full 2> "$out/truncated.log" || true

# A dump that is fine, but not the one its checksum was taken of.
echo "0000000000000000000000000000000000000000000000000000000000000000  shop-2026-11-24.sql.gz" > "$out/checksum-mismatch/shop-2026-11-24.sql.gz.sha256"

ls -lR "$out"
