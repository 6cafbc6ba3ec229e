#!/usr/bin/env bash
# examples/webhook_receiver.py against a real demo server: an administrator subscribes it to
# reports, a resident reports, and the receiver verifies the signature and prints the case;
# a receiver with the wrong secret refuses the same delivery (and the server sees 401s).
# Usage: example_receiver_test.sh <civicgrid binary>
set -euo pipefail
bin="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
fail() { echo "FAIL: $*" >&2; exit 1; }
dir="$(mktemp -d /tmp/civicgrid-receiver-XXXXXX)"
pids=()
cleanup() {
  set +e
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$dir"
}
trap cleanup EXIT

# Every port is picked by the system (port 0) and read back from the log: tests run in parallel.
listening_port() {  # <log file> <pattern before the port> → the port, once it is listening
  local p=""
  for _ in $(seq 300); do
    p="$(grep -o "$2[0-9]*" "$1" 2> /dev/null | tail -1 | grep -o '[0-9]*$' || true)"
    [ -n "$p" ] && (exec 3<> "/dev/tcp/127.0.0.1/$p") 2> /dev/null && { echo "$p"; return; }
    sleep 0.1
  done
  fail "nothing listening: $(cat "$1")"
}
"$bin" --data-dir "$dir" serve --demo --address 127.0.0.1 --port 0 \
  --scheduler-interval-ms 0 --webhook-poll-ms 200 --webhook-backoff-ms 300 > "$dir/serve.log" 2>&1 &
pids+=($!)
port="$(listening_port "$dir/serve.log" 'serving on http://127.0.0.1:')"
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/api/v1/health" > /dev/null && break; sleep 0.1; done
pw() { grep -A3 "\"$1\"" "$dir/demo-users.json" | grep -o '"password": "[^"]*"' | cut -d'"' -f4; }
login() {
  curl -fs -X POST "http://127.0.0.1:$port/api/v1/auth/login" \
    -d "{\"username\":\"$1\",\"password\":\"$(pw "$2")\"}" | grep -o '"token":"[^"]*"' | cut -d'"' -f4
}
admin="$(login admin admin)"
[ -n "$admin" ] || fail "admin login"

subscribe() {  # <receiver port> <field of the answer> → that field (the secret, the id)
  curl -fs -X POST "http://127.0.0.1:$port/api/v1/admin/webhooks" -H "Authorization: Bearer $admin" \
    -d "{\"url\":\"http://127.0.0.1:$1/hook\",\"events\":[\"case.reported\"],\"district_code\":\"310105000000\"}" |
    grep -o "\"$2\":\"*[^\",]*" | head -1 | cut -d: -f2 | tr -d '"'
}
# What the server recorded of a webhook's deliveries (shown when a check fails).
deliveries() {
  curl -s "http://127.0.0.1:$port/api/v1/admin/webhooks/$1/deliveries" -H "Authorization: Bearer $admin"
}
# The receiver with the wrong secret takes any free port; the good one needs its secret, known only
# once it is subscribed, so it gets a port the system just handed out and must say it listens there.
receiver() {  # <name> <secret> <port>
  WEBHOOK_SECRET="$2" python3 -u "$root/examples/webhook_receiver.py" "$3" > "$dir/$1.out" 2> "$dir/$1.err" &
  pids+=($!)
}
receiver bad not-the-secret 0
bad_port="$(listening_port "$dir/bad.err" 'listening on http://127.0.0.1:')"
bad_id="$(subscribe "$bad_port" id)"
[ -n "$bad_id" ] || fail "subscribe"
good_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
good_secret="$(subscribe "$good_port" secret)"
[ -n "$good_secret" ] || fail "subscribe"
receiver good "$good_secret" "$good_port"
[ "$(listening_port "$dir/good.err" 'listening on http://127.0.0.1:')" = "$good_port" ] ||
  fail "the good receiver is not on $good_port: $(cat "$dir/good.err")"

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
grep -q '"POST /hook HTTP/1.1" 401' "$dir/bad.err" ||
  fail "the wrong secret was not refused: $(cat "$dir/bad.err"); the server's deliveries: $(deliveries "$bad_id")"
! grep -q "$number" "$dir/bad.out" || fail "a receiver with the wrong secret took the delivery"
echo "example_receiver_test: ok"
