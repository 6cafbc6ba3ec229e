# Shared by the bench scripts (sourced): the data shapes and making the data once per shape.
# bench_shape <district|megacity>: sets the array `shape` (civicgrid gen flags).
bench_shape() {
  case "$1" in
    district) shape=(--districts 1 --streets 10 --communities 20 --grids 5 --cases 1000000) ;;
    megacity) shape=(--districts 16 --streets 14 --communities 28 --grids 8 --cases 10000000) ;;
    *) echo "unknown scale $1" >&2; return 2 ;;
  esac
  shape+=(--residents 4 --days 365 --until 2026-11-26 --seed 1)
}

# bench_data <civicgrid binary> <data dir> [--db URL]: runs gen unless the data dir already holds
# this shape (its `stamp` file); logs through `log` when it generates.
bench_data() {
  local bin="$1" data="$2"
  shift 2
  local stamp="${shape[*]}"
  if [ "$(cat "$data/stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -f "$data/civicgrid.db" "$data/civicgrid.db-wal" "$data/civicgrid.db-shm" "$data/stamp"
    log ""
    log "## civicgrid gen ${shape[*]}"
    local start
    start=$(date +%s.%N)
    "$bin" --data-dir "$data" "$@" gen "${shape[@]}" --quiet | tee -a "$out"
    log "gen wall time: $(echo "$(date +%s.%N) - $start" | bc) s"
    echo "$stamp" > "$data/stamp"
  fi
}

# bench_build: installs the benchmark tools and builds the Release tree; sets `bin`.
bench_build() {
  bash scripts/setup-bench.sh > /dev/null
  bash scripts/build.sh build-bench -DCMAKE_BUILD_TYPE=Release -DCIVICGRID_BENCH=ON \
    -DCIVICGRID_TESTS=OFF > /dev/null
  bin="$(pwd)/build-bench/src/cli/civicgrid"
}

# bench_free_port: a port the system has just handed out, for nginx and PostgreSQL, which must be
# given one (our server takes port 0 and says which it got).
bench_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# bench_serve <log file> <civicgrid command line…>: starts the server on a free port in the
# background and waits until it answers; sets `port` and `server_pid`. On failure shows the log
# and returns 1.
bench_serve() {
  local log_file="$1"
  shift
  "$@" --address 127.0.0.1 --port 0 > "$log_file" 2>&1 &
  server_pid=$!
  port=""
  for _ in $(seq 600); do
    port="$(grep -o 'serving on http://127.0.0.1:[0-9]*' "$log_file" 2>/dev/null | grep -o '[0-9]*$' || true)"
    [ -n "$port" ] && curl -fs "http://127.0.0.1:$port/api/v1/health" > /dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$log_file" >&2
  return 1
}

# bench_workdir <name>: a scratch directory in `work`, removed on exit together with the server
# that bench_serve started.
bench_workdir() {
  work="$(mktemp -d "/tmp/civicgrid-$1-XXXXXX")"
  server_pid=""
  trap bench_cleanup EXIT
}
bench_cleanup() {
  if [ -n "${server_pid:-}" ]; then kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; fi
  rm -rf "$work"
}
