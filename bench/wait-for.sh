# Sourced by the benchmarks. wait_for_url URL [curl options...]: polls URL until it answers 2xx. Gives up after
# WAIT_SECONDS (default 900: 1,000 backup sets take a while to be ready on a busy machine) with a message, so that
# a process that never comes up fails the run instead of hanging it.
wait_for_url() {
  local url=$1; shift
  local limit=${WAIT_SECONDS:-900}
  local deadline=$((SECONDS + limit))
  until curl -fs "$@" "$url" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$url did not answer within ${limit}s" >&2
      return 1
    fi
    sleep 0.2
  done
}
