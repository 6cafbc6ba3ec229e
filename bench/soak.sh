#!/usr/bin/env bash
# Soak: the demo server (Release build, SQLite) under a mixed load from wrk on 127.0.0.1 — 70% case
# lists, 20% case details, 10% reports, 16 connections — for a bounded time, sampling the server's
# memory every 10 s. Passes when no answer was 5xx and memory is flat: the resident set at the end
# is within 25% (and 64 MiB) of the first sample after the warm-up minute.
# Usage: [CIVICGRID_BIN=…] bench/soak.sh [seconds] (default 600; scripts/test.sh --long runs it). Writes
# bench/results/<date>-soak.txt and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
seconds="${1:-600}"
source bench/lib.sh
# CIVICGRID_BIN: an already built binary (e.g. build-test's) instead of the Release build.
if [ -n "${CIVICGRID_BIN:-}" ]; then
  bash scripts/setup-bench.sh > /dev/null  # wrk
  bin="$CIVICGRID_BIN"
else
  bench_build
fi
bench_workdir soak
out="bench/results/$(date +%F)-soak.txt"
mkdir -p bench/results
bench_serve "$work/serve.log" "$bin" --data-dir "$work" serve --demo --threads 4 \
  --scheduler-interval-ms 0 --reports-per-address-hour 0 || exit 1
spid=$server_pid
pw() { grep -A3 "\"$1\"" "$work/demo-users.json" | grep -o '"password": "[^"]*"' | cut -d'"' -f4; }
token="$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/auth/login" \
  -d "{\"username\":\"dispatcher\",\"password\":\"$(pw dispatcher)\"}" | grep -o '"token":"[^"]*"' | cut -d'"' -f4)"
inspector="$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/auth/login" \
  -d "{\"username\":\"inspector\",\"password\":\"$(pw inspector)\"}" | grep -o '"token":"[^"]*"' | cut -d'"' -f4)"
grid="$(curl -fs "http://127.0.0.1:$port/api/v1/auth/me" -H "Authorization: Bearer $inspector" | grep -o '"area_code":"[^"]*"' | cut -d'"' -f4)"
area="$(curl -fs "http://127.0.0.1:$port/api/v1/areas/$grid" -H "Authorization: Bearer $inspector")"
lng="$(echo "$area" | grep -o '"lng":[0-9.]*' | head -1 | cut -d: -f2)"
lat="$(echo "$area" | grep -o '"lat":[0-9.]*' | head -1 | cut -d: -f2)"
echo "$token" > "$work/soak_token.txt"
echo "$lng $lat" > "$work/soak_point.txt"
for i in $(seq 20); do
  curl -fs -X POST "http://127.0.0.1:$port/api/v1/cases" -H "Authorization: Bearer $token" \
    -d "{\"category_code\":\"06010\",\"description\":\"soak seed $i\",\"lng\":$lng,\"lat\":$lat,\"channel\":\"hotline\"}" |
    grep -o '"id":[0-9]*' | head -1 | cut -d: -f2
done > "$work/soak_ids.txt"
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$spid/status"; }
samples=()
(cd "$work" && wrk -t2 -c16 -d"${seconds}s" --latency -s "$root/bench/soak.lua" \
  "http://127.0.0.1:$port" > "$work/wrk.out" 2>&1) &
wpid=$!
elapsed=0
while kill -0 "$wpid" 2>/dev/null; do
  sleep 10
  elapsed=$((elapsed + 10))
  samples+=("$elapsed:$(rss)")
done
wait "$wpid" || true
{
  echo "# soak ended $(date -u +%FT%TZ) on $(nproc) cores: ${seconds}s, wrk -t2 -c16, bench/soak.lua, ${bin}"
  echo "command: bash bench/soak.sh $seconds"
  cat "$work/wrk.out"
  echo "rss_mib_by_second: ${samples[*]}"
} | tee "$out"
fivexx="$(grep -o '^5xx: [0-9]*' "$work/wrk.out" | awk '{print $2}')"
[ "${fivexx:-1}" = 0 ] || { echo "soak: ${fivexx:-?} answers were 5xx" >&2; exit 1; }
first=""; last=""
for s in "${samples[@]}"; do
  t="${s%%:*}"; m="${s##*:}"
  if [ "$t" -ge 60 ] && [ -z "$first" ]; then first="$m"; fi
  last="$m"
done
[ -n "$first" ] || first="${samples[0]##*:}"
limit=$(( first + first / 4 > first + 64 ? first + first / 4 : first + 64 ))
[ "$last" -le "$limit" ] || { echo "soak: memory grew from $first to $last MiB" >&2; exit 1; }
echo "soak: 0 answers 5xx; memory $first → $last MiB (flat)"
