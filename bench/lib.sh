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
