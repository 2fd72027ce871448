# Sourced by scripts that need a real server for a moment (example backups, benchmark data):
# starts a throwaway MariaDB with binary logging in $work (which the caller creates), reachable through
# $work/mysqld.sock only, and stops it and removes $work when the calling script exits.
as_root=()
[ "$(id -u)" = 0 ] && as_root=(--user=root)

stop_throwaway_mariadb() {
  [ -f "$work/mysqld.pid" ] && kill "$(cat "$work/mysqld.pid")" 2>/dev/null && sleep 2
  rm -rf "$work"
}
trap stop_throwaway_mariadb EXIT

start_throwaway_mariadb() { # extra mariadbd options
  mariadb-install-db --no-defaults "${as_root[@]}" --datadir="$work/data" --tmpdir="$work" \
    --auth-root-authentication-method=normal --skip-test-db >/dev/null
  mariadbd --no-defaults "${as_root[@]}" --datadir="$work/data" --tmpdir="$work" --socket="$work/mysqld.sock" \
    --skip-networking --pid-file="$work/mysqld.pid" --log-error="$work/error.log" \
    --log-bin="$work/data/mysql-bin" --server-id=1 "$@" &
  for _ in $(seq 60); do
    mariadb --socket="$work/mysqld.sock" -e 'SELECT 1' >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "the throwaway MariaDB did not start:" >&2
  tail -20 "$work/error.log" >&2
  return 1
}
