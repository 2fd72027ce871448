#!/usr/bin/env bash
# What one inspection round costs the monitored server, side by side with prometheus-mysqld-exporter
# (--collect.binlog_size), counted by the server itself in performance_schema: statements per round, and the
# server time they took. Then the exporter's own round time with BINLOGS binary log files on the server.
# Usage: bench/server-cost.sh [ROUNDS=200] [BINLOGS=5000]
# Needs: mariadb-server mariadb-client prometheus-mysqld-exporter curl, the .NET SDK. Starts a throwaway MariaDB.
set -euo pipefail
rounds=${1:-200}
binlogs=${2:-5000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
mx_pid=
# shellcheck source=../scripts/throwaway-mariadb.sh
source "$root/scripts/throwaway-mariadb.sh"
trap '[ -n "$mx_pid" ] && kill "$mx_pid" 2>/dev/null; stop_throwaway_mariadb' EXIT
start_throwaway_mariadb --performance-schema=ON
sql() { mariadb --socket="$work/mysqld.sock" -N -B -e "$1"; }

# One account per exporter, with what each documents, so performance_schema tells their statements apart.
sql "CREATE USER bx@localhost IDENTIFIED BY 'bx'; GRANT BINLOG MONITOR, PROCESS ON *.* TO bx@localhost;
     CREATE USER mx@localhost IDENTIFIED BY 'mx'; GRANT PROCESS, REPLICATION CLIENT, BINLOG MONITOR, SELECT ON *.* TO mx@localhost;"
echo bx > "$work/bx.password"; chmod 600 "$work/bx.password"
cat > "$work/config.yml" <<YML
global:
  interval: 1s
servers:
  - name: db
    socket: $work/mysqld.sock
    user: bx
    password_file: $work/bx.password
    binlog_directory: $work/data
backups: # the exporter needs one set; an empty directory queries nothing on the server
  - name: nightly
    server: db
    kind: mysqldump
    path: $work/backups
YML
mkdir -p "$work/backups"

dotnet build -c Release "$root/src/BackupExporter" -o "$work/bin" >/dev/null

cost() { # user: statements and server milliseconds per round, and which statements
  sql "SELECT COUNT_STAR, SUM_TIMER_WAIT, EVENT_NAME FROM performance_schema.events_statements_summary_by_user_by_event_name
       WHERE USER = '$1' AND COUNT_STAR > 0 ORDER BY SUM_TIMER_WAIT DESC" |
  awk -v r="$rounds" -v who="$2" '{ n += $1; t += $2; sub("statement/", "", $3); kinds = kinds sprintf(" %s×%.1f=%.3fms", $3, $1 / r, $2 / r / 1e9) }
    END { printf "%-48s %6.1f statements/round  %8.3f ms server time/round  [%s ]\n", who, n / r, t / r / 1e9, kinds }'
}

round_time() { # the exporter's own time for one server round, from its metric, after a few rounds
  local port=19408
  "$work/bin/backup-exporter" --config.file="$work/config.yml" --web.listen-address=127.0.0.1:$port >/dev/null 2>&1 &
  local pid=$!
  sleep 8
  curl -fsS "http://127.0.0.1:$port/metrics" | grep -E '^mysql_backup_(exporter_inspection_duration_seconds\{inspection="server:db"\}|binlog_files)'
  kill $pid; wait $pid 2>/dev/null || true
}

measure() { # both exporters, ROUNDS rounds each, counted from a clean slate
  sql "TRUNCATE TABLE performance_schema.events_statements_summary_by_user_by_event_name"
  echo "== $(sql 'SELECT VERSION()'), $(sql 'SHOW BINARY LOGS' | wc -l) binary logs, $rounds rounds each"
  for _ in $(seq "$rounds"); do "$work/bin/backup-exporter" verify --config.file="$work/config.yml" --output=json >/dev/null 2>&1 || true; done
  cost bx "backup-exporter (one server inspection)"
  DATA_SOURCE_NAME="mx:mx@unix($work/mysqld.sock)/" prometheus-mysqld-exporter --web.listen-address=127.0.0.1:19104 \
    --collect.binlog_size >/dev/null 2>&1 &
  mx_pid=$!
  sleep 2
  for _ in $(seq "$rounds"); do curl -fsS http://127.0.0.1:19104/metrics >/dev/null; done
  kill "$mx_pid"; wait "$mx_pid" 2>/dev/null || true; mx_pid=
  cost mx "mysqld_exporter (defaults + --collect.binlog_size)"
  echo "exporter's own time for a server round (its metric, after a few rounds):"
  round_time
}

sql "FLUSH BINARY LOGS; FLUSH BINARY LOGS;"
measure
for _ in $(seq 100 100 "$binlogs"); do sql "$(printf 'FLUSH BINARY LOGS;%.0s' $(seq 100))"; done
measure
