#!/usr/bin/env bash
# Dashboard and ranking latency on the generated city (issue: "dashboards and rankings answer in
# under 50 ms for any area and period on 10 million cases"), on 127.0.0.1 only:
#   bench/evaluation.sh [--scale district|megacity] [--duration SECONDS]
# Uses the data of bench/run.sh (made once by `civicgrid gen`, which also writes the indicators'
# daily counters), serves it without the scheduler, and measures with wrk, one connection (the
# latency of one screen) and four (a few screens at once): a district's dashboard over 30 and 365
# days, the ranking of its streets (also with the 90/10 roll-up over its communities) and of its
# departments, and dashboards of random streets and communities over random periods. Raw output
# in bench/results/<date>-<scale>-sqlite-evaluation.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
scale=megacity
duration=10
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    *) echo "usage: bench/evaluation.sh [--scale district|megacity] [--duration S]" >&2; exit 2 ;;
  esac
done
source bench/lib.sh
bench_shape "$scale" || exit 2

bench_build

mkdir -p bench/results
out="$root/bench/results/$(date +%Y-%m-%d)-$scale-sqlite-evaluation.txt"
bench_workdir bench-eval
log() { echo "$*" | tee -a "$out"; }
: > "$out"
log "# CivicGrid evaluation benchmark: scale=$scale backend=sqlite duration=${duration}s"
log "date: $(date -u +%Y-%m-%dT%H:%MZ)  commit: $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes')"
log "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -r)"
log "command: bench/evaluation.sh --scale $scale --duration $duration"

data="${CIVICGRID_BENCH_DIR:-/tmp/civicgrid-bench}/$scale-sqlite"
mkdir -p "$data"
bench_data "$bin" "$data"
db="$data/civicgrid.db"
log "database file: $(du -sh "$db" | cut -f1)"

bench_serve "$work/serve.log" "$bin" --data-dir "$data" serve --scheduler-interval-ms 0 || exit 1
pid=$server_pid
base="http://127.0.0.1:$port/api/v1"
district="$(sqlite3 "$db" "SELECT code FROM areas WHERE level='district' ORDER BY code LIMIT 1")"
password="$(grep -o '"password": "[^"]*"' "$data/gen-users.json" | cut -d'"' -f4)"
token="$(curl -fs -X POST "$base/auth/login" \
  -d "{\"username\":\"leader-${district:0:6}\",\"password\":\"$password\"}" |
  grep -o '"token":"[^"]*"' | cut -d'"' -f4)"
[ -n "$token" ] || { log "login failed"; exit 1; }
sqlite3 "$db" "SELECT code FROM areas WHERE level IN ('street','community') AND code LIKE '${district:0:6}%'" > "$work/areas.txt"
log "district $district: $(grep -c . "$work/areas.txt") streets and communities; $(sqlite3 "$db" "SELECT COUNT(*) FROM cases WHERE district_code='$district'") cases"

# measure <label> <path> [lua script]
measure() {
  local label="$1" path="$2" script="${3:-}" c
  if [ -z "$script" ]; then
    local status
    status="$(curl -s -o "$work/body" -w '%{http_code}' -H "Authorization: Bearer $token" "$base$path")"
    [ "$status" = 200 ] || { log "$label: HTTP $status $(head -c 300 "$work/body")"; exit 1; }
  fi
  for c in 1 4; do
    log ""
    log "## $label — $c connection(s)"
    (cd "$work" && wrk -t1 -c"$c" -d"${duration}s" --latency -H "Authorization: Bearer $token" \
      ${script:+-s "$root/bench/$script"} "$base$path") 2>&1 |
      grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors|requests in" | tee -a "$out"
  done
}

month="from=2026-10-27&to=2026-11-25"
year="from=2025-11-26&to=2026-11-25"
measure "district dashboard, 30 days" "/evaluation/dashboard?area=$district&$month"
measure "district dashboard, 365 days" "/evaluation/dashboard?area=$district&$year"
measure "ranking of the district's streets (regional), 30 days" "/evaluation/ranking?area=$district&preset=regional&$month"
measure "ranking of the district's streets (regional), 365 days" "/evaluation/ranking?area=$district&preset=regional&$year"
measure "ranking of the district's streets with the 90/10 roll-up over its communities, 365 days" "/evaluation/ranking?area=$district&preset=regional&rollup=true&$year"
measure "ranking of the district's departments (department), 365 days" "/evaluation/ranking?area=$district&of=departments&$year"
measure "dashboards of random streets and communities over random periods (1–365 days)" "/evaluation/dashboard" evaluation.lua

log ""
log "server memory: $(grep -E 'VmRSS|VmHWM' /proc/$pid/status | tr -s ' \t' ' ' | tr '\n' ' ')"
