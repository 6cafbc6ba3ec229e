#!/usr/bin/env bash
# examples/webhook_receiver.py against a real demo server: an administrator subscribes it to
# reports, a resident reports, and the receiver verifies the signature and prints the case;
# a receiver with the wrong secret refuses the same delivery (and the server sees 401s).
# Usage: example_receiver_test.sh <civicgrid binary>
set -euo pipefail
bin="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
fail() { echo "FAIL: $*"; exit 1; }
dir="$(mktemp -d /tmp/civicgrid-receiver-XXXXXX)"
pids=()
cleanup() {
  set +e
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$dir"
}
trap cleanup EXIT

port=$((20000 + RANDOM % 20000))
"$bin" --data-dir "$dir" serve --demo --address 127.0.0.1 --port "$port" \
  --scheduler-interval-ms 0 --webhook-poll-ms 200 --webhook-backoff-ms 300 > "$dir/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/api/v1/health" > /dev/null && break; sleep 0.1; done
pw() { grep -A3 "\"$1\"" "$dir/demo-users.json" | grep -o '"password": "[^"]*"' | cut -d'"' -f4; }
login() {
  curl -fs -X POST "http://127.0.0.1:$port/api/v1/auth/login" \
    -d "{\"username\":\"$1\",\"password\":\"$(pw "$2")\"}" | grep -o '"token":"[^"]*"' | cut -d'"' -f4
}
admin="$(login admin admin)"
[ -n "$admin" ] || fail "admin login"

subscribe() {  # <receiver port> → the secret
  curl -fs -X POST "http://127.0.0.1:$port/api/v1/admin/webhooks" -H "Authorization: Bearer $admin" \
    -d "{\"url\":\"http://127.0.0.1:$1/hook\",\"events\":[\"case.reported\"],\"district_code\":\"310105000000\"}" |
    grep -o '"secret":"[^"]*"' | cut -d'"' -f4
}
good_port=$((port + 1))
bad_port=$((port + 2))
good_secret="$(subscribe "$good_port")"
subscribe "$bad_port" > /dev/null
WEBHOOK_SECRET="$good_secret" python3 -u "$root/examples/webhook_receiver.py" "$good_port" \
  > "$dir/good.out" 2> "$dir/good.err" &
pids+=($!)
WEBHOOK_SECRET="not-the-secret" python3 -u "$root/examples/webhook_receiver.py" "$bad_port" \
  > "$dir/bad.out" 2> "$dir/bad.err" &
pids+=($!)
# Both receivers listening before anything is reported (python starts slowly on a busy machine).
for p in "$good_port" "$bad_port"; do
  for _ in $(seq 300); do (exec 3<> "/dev/tcp/127.0.0.1/$p") 2> /dev/null && break; sleep 0.1; done
done

resident="$(login resident resident)"
inspector="$(login inspector inspector)"
grid="$(curl -fs "http://127.0.0.1:$port/api/v1/auth/me" -H "Authorization: Bearer $inspector" |
  grep -o '"area_code":"[^"]*"' | cut -d'"' -f4)"
center="$(curl -fs "http://127.0.0.1:$port/api/v1/areas/$grid" -H "Authorization: Bearer $inspector" |
  grep -o '"center":{[^}]*}')"
lng="$(echo "$center" | grep -o '"lng":[0-9.]*' | cut -d: -f2)"
lat="$(echo "$center" | grep -o '"lat":[0-9.]*' | cut -d: -f2)"
number="$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/cases" -H "Authorization: Bearer $resident" \
  -d "{\"category_code\":\"06010\",\"description\":\"webhook\",\"lng\":$lng,\"lat\":$lat,\"channel\":\"resident\"}" |
  grep -o '"number":"[^"]*"' | cut -d'"' -f4)"
[ -n "$number" ] || fail "report"

for _ in $(seq 300); do grep -q "$number" "$dir/good.out" && break; sleep 0.1; done
grep -q "case.reported: case $number is reported" "$dir/good.out" ||
  fail "the receiver did not print the case: $(cat "$dir/good.out" "$dir/good.err")"
for _ in $(seq 300); do grep -q '"POST /hook HTTP/1.1" 401' "$dir/bad.err" && break; sleep 0.1; done
grep -q '"POST /hook HTTP/1.1" 401' "$dir/bad.err" || fail "the wrong secret was not refused"
! grep -q "$number" "$dir/bad.out" || fail "a receiver with the wrong secret took the delivery"
echo "example_receiver_test: ok"
