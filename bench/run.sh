#!/usr/bin/env bash
# Every benchmark of bench/RESULTS.md, one scale and backend per run, on 127.0.0.1 only:
#   bench/run.sh [--scale district|megacity] [--backend sqlite|postgres] [--duration SECONDS]
# district: 1 district of 1,000 grids and 1,000,000 cases; megacity: 16 districts of 50,176 grids
# and 10,000,000 cases (Shanghai: ~50,000 grids). It builds a Release tree (build-bench), makes
# the data once with `civicgrid gen` (kept in $CIVICGRID_BENCH_DIR, default /tmp/civicgrid-bench,
# and reused while the shape is the same), then measures beside their ceilings in the same run:
#   the locate kernel (Google Benchmark), nginx's fixed reply (HTTP ceiling), the raw SQLite
#   insert of the rows a report writes (storage ceiling), case intake over HTTP, case detail,
#   case list, locate over HTTP, and the server's memory (VmRSS idle, VmHWM at the end).
# Raw output goes to bench/results/<date>-<scale>-<backend>.txt. PostgreSQL runs in a throwaway
# cluster (scripts/pg-cluster.sh). Long: a megacity run takes about half an hour.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
scale=district
backend=sqlite
duration=20
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --backend) backend="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    *) echo "usage: bench/run.sh [--scale district|megacity] [--backend sqlite|postgres] [--duration S]" >&2; exit 2 ;;
  esac
done
source bench/lib.sh
bench_shape "$scale" || exit 2

bench_build

mkdir -p bench/results
out="$root/bench/results/$(date +%Y-%m-%d)-$scale-$backend.txt"
work="$(mktemp -d /tmp/civicgrid-bench-run-XXXXXX)"
pids=()
pgdir=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "$pgdir" ] && bash scripts/pg-cluster.sh stop "$pgdir" > /dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
log() { echo "$*" | tee -a "$out"; }
: > "$out"
log "# CivicGrid benchmark: scale=$scale backend=$backend duration=${duration}s"
log "date: $(date -u +%Y-%m-%dT%H:%MZ)  commit: $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes')"
log "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -r)"
log "command: bench/run.sh --scale $scale --backend $backend --duration $duration"
wait_http() { for _ in $(seq 100); do curl -fs "$1" > /dev/null 2>&1 && return 0; sleep 0.2; done; return 1; }
# wrk_run <label> <lua script> <url>: throughput with 64 connections (the server saturated, so
# latency there is mostly queueing), then latency with 4 connections (a loaded but not saturated
# server). 2 wrk threads each time.
wrk_run() {
  local label="$1" script="$2" url="$3" c
  for c in 64 4; do
    log ""
    log "## $label — $c connections"
    (cd "$work" && wrk -t2 -c"$c" -d"${duration}s" --latency ${script:+-s "$root/bench/$script"} "$url") 2>&1 |
      grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors|requests in" | tee -a "$out"
  done
}

log ""
log "## locate kernel (Google Benchmark, one core, 50,176 grids)"
build-bench/bench/bench_locate --benchmark_min_time=2 2>/dev/null | grep BM_ | tee -a "$out"

# The data, made once per shape and backend.
data="${CIVICGRID_BENCH_DIR:-/tmp/civicgrid-bench}/$scale-$backend"
mkdir -p "$data"
dbarg=()
if [ "$backend" = postgres ]; then
  pgdir="$(mktemp -d /tmp/civicgrid-bench-pg-XXXXXX)"
  rm -rf "$pgdir"
  pgport=$(bench_free_port)
  bash scripts/pg-cluster.sh start "$pgdir" "$pgport" civicgrid > /dev/null
  dbarg=(--db "postgresql://postgres@127.0.0.1:$pgport/civicgrid")
  rm -f "$data/stamp"  # a throwaway cluster: the data is made again
fi
bench_data "$bin" "$data" "${dbarg[@]}"
# Rows a benchmark adds (the ceiling's BENCH- numbers, intake's "bench report"s) are removed
# before and after, so every run starts from the generated history.
forget_bench_rows() {
  [ "$backend" = sqlite ] || return 0
  sqlite3 "$data/civicgrid.db" "DELETE FROM case_events WHERE case_id IN (SELECT id FROM cases
    WHERE number LIKE 'BENCH-%' OR description LIKE 'bench report%');
    DELETE FROM cases WHERE number LIKE 'BENCH-%' OR description LIKE 'bench report%';
    DELETE FROM case_numbers WHERE prefix LIKE 'BENCH-%'; PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
}
forget_bench_rows
[ "$backend" = sqlite ] && log "database file: $(du -sh "$data/civicgrid.db" | cut -f1)"

log ""
log "## HTTP ceiling: nginx fixed reply"
nport=$(bench_free_port)
mkdir -p "$work/nginx/tmp"
sed "s/__PORT__/$nport/" bench/nginx.conf > "$work/nginx/nginx.conf"
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" 2> "$work/nginx.log" &
pids+=($!)
wait_http "http://127.0.0.1:$nport/"
wrk_run "nginx fixed reply (GET /)" "" "http://127.0.0.1:$nport/"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

if [ "$backend" = sqlite ]; then
  log ""
  log "## storage ceiling: raw SQLite insert of a report's rows, durable transactions"
  for b in 1 16 256; do
    build-bench/bench/bench_sqlite_ceiling "$data/civicgrid.db" $((b == 1 ? 5000 : 100000)) "$b" | tee -a "$out"
  done
fi
if [ "$backend" = postgres ]; then
  log ""
  log "## storage ceiling: the rows of a report inserted by pgbench (bench/pg_ceiling.sql), 16 clients"
  pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  for b in 1 16; do
    tps="$("$pgbin/pgbench" -n -h 127.0.0.1 -p "$pgport" -U postgres -c 16 -j 2 \
      -T "$duration" -D batch="$b" -f "$root/bench/pg_ceiling.sql" civicgrid 2>&1 |
      grep -E '^tps' | grep -o '[0-9.]*' | head -1)"
    log "raw PostgreSQL insert: $b per transaction, 16 clients: $tps transactions/s = $(echo "$tps * $b" | bc) reports/s"
  done
  psql "postgresql://postgres@127.0.0.1:$pgport/civicgrid" -qAtc "DELETE FROM case_events WHERE case_id IN (SELECT id FROM cases WHERE number LIKE 'PGBENCH-%'); DELETE FROM cases WHERE number LIKE 'PGBENCH-%'; DELETE FROM case_numbers WHERE prefix LIKE 'PGBENCH-%'" > /dev/null
fi
forget_bench_rows  # the ceiling's rows would skew the reads below
if [ "$backend" = sqlite ]; then
  # The server reads a database that a running deployment has in the page cache: read the file
  # once so that every run starts warm (cold-cache figures measure the disk, not the server).
  cat "$data/civicgrid.db" > /dev/null
fi

# The server.
# One client address posts every report: the abuse limits are off for the benchmark.
bench_serve "$work/serve.log" "$bin" --data-dir "$data" "${dbarg[@]}" serve --threads 16 \
  --reports-per-resident-hour 0 --reports-per-address-hour 0 || exit 1
spid=$server_pid
pids+=($spid)
sleep 1
log ""
log "## server memory, idle after start: $(grep VmRSS /proc/$spid/status | awk '{print $2/1024 " MiB"}')"
api="http://127.0.0.1:$port/api/v1"
password="$(grep -o '"password": "[^"]*"' "$data/gen-users.json" | cut -d'"' -f4)"
login() {
  curl -fs -X POST "$api/auth/login" -d "{\"username\":\"$1\",\"password\":\"$password\"}" |
    grep -o '"token":"[^"]*"' | cut -d'"' -f4
}
admin="$(login admin)"
resident="$(login "$(grep -o '"resident": "[^"]*"' "$data/gen-users.json" | cut -d'"' -f4)")"
# Grid centres and street codes of every district, through the API (any backend).
: > "$work/bench_points.txt"
: > "$work/bench_streets.txt"
for d in $(seq 1 16); do
  code=$(printf "91%02d%02d000000" $(((d - 1) / 99 + 1)) $(((d - 1) % 99 + 1)))
  curl -fs "$api/areas/$code/grids" -H "Authorization: Bearer $admin" > "$work/grids.json" 2>/dev/null || break
  grep -o '"center":{"lat":[0-9.]*,"lng":[0-9.]*}' "$work/grids.json" |
    sed 's/.*"lat":\([0-9.]*\),"lng":\([0-9.]*\).*/\2 \1/' >> "$work/bench_points.txt"
  curl -fs "$api/areas/$code/children" -H "Authorization: Bearer $admin" |
    grep -o '"code":"[0-9]*"' | cut -d'"' -f4 >> "$work/bench_streets.txt"
done
log "grids with points: $(wc -l < "$work/bench_points.txt"), streets: $(wc -l < "$work/bench_streets.txt")"
# The newest case's id (ids are dense: gen numbers them 1..N).
newest_id() { curl -fs "$api/cases?page_size=1" -H "Authorization: Bearer $admin" | grep -o '"id":[0-9]*,"lat"' | cut -d: -f2 | cut -d, -f1; }
cases_before="$(newest_id)"
log "cases before intake: $cases_before"

# Reads first, on the generated history (about 1% of cases open, as in a running centre); then
# intake, whose tens of thousands of new open cases would swell every open-case list.
echo "$admin" > "$work/bench_token.txt"
echo "$cases_before" > "$work/bench_max_id.txt"
wrk_run "case detail: GET /cases/{random id} with history (admin)" detail.lua "$api/cases/1"
wrk_run "case list: a random street, filters, pages 1-3 (admin)" list.lua "$api/cases"
wrk_run "locate: GET /areas/locate at random grid points" locate.lua "$api/areas/locate"

echo "$resident" > "$work/bench_token.txt"
wrk_run "case intake: POST /cases at random points (resident)" intake.lua "$api/cases"
cases_after="$(newest_id)"
log "cases after intake: $cases_after (+$((cases_after - cases_before)) stored)"
log ""
log "## server memory at the end: $(grep VmRSS /proc/$spid/status | awk '{print $2/1024 " MiB"}') now, $(grep VmHWM /proc/$spid/status | awk '{print $2/1024 " MiB"}') peak (VmHWM)"

if [ "$scale" = district ] && [ "$backend" = sqlite ]; then
  # The idle demo (长宁区, 974 grids, no cases) for the < 50 MB target.
  bench_serve "$work/demo.log" "$bin" --data-dir "$work/demo" serve --demo || exit 1
  dpid=$server_pid
  pids+=($dpid)
  sleep 2
  log ""
  log "## idle demo server (serve --demo): $(grep VmRSS /proc/$dpid/status | awk '{print $2/1024 " MiB"}') RSS"
fi
kill "$spid"; wait "$spid" 2>/dev/null || true
forget_bench_rows
log ""
log "raw results: $out"
