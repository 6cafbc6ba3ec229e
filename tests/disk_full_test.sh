#!/usr/bin/env bash
# A full disk: the demo server runs on a small tmpfs data directory; once a filler file takes the
# last byte, every write is answered 507 (storage_full) with the standard error body — never a
# 500, never a lie — and what was acknowledged stays readable; when the space returns the server
# takes writes again without a restart, the database passes its integrity check, and a SIGKILL and
# restart find every acknowledged case. Needs root (mount); CI runs as root.
# Usage: disk_full_test.sh <civicgrid binary>
set -euo pipefail
bin="$1"
fail() { echo "FAIL: $*"; exit 1; }
[ "$(id -u)" = 0 ] || fail "mounting a tmpfs needs root (CI runs as root)"
dir="$(mktemp -d /tmp/civicgrid-diskfull-XXXXXX)"
scratch="$(mktemp -d /tmp/civicgrid-diskfull-out-XXXXXX)"  # not on the disk that fills
pid=""
cleanup() {
  set +e
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  umount "$dir" 2>/dev/null || umount -l "$dir" 2>/dev/null
  rm -rf "$dir" "$scratch"
}
trap cleanup EXIT
mount -t tmpfs -o size=64m tmpfs "$dir" || fail "cannot mount a tmpfs on $dir"

port=""
start() {  # on a free port (0), read back from the server's first line
  : > "$scratch/serve.log"
  "$bin" --data-dir "$dir" serve "$@" --address 127.0.0.1 --port 0 \
    --scheduler-interval-ms 0 >> "$scratch/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do
    port="$(grep -o 'serving on http://127.0.0.1:[0-9]*' "$scratch/serve.log" | grep -o '[0-9]*$' || true)"
    [ -n "$port" ] && curl -fs "http://127.0.0.1:$port/api/v1/health" > /dev/null && return
    sleep 0.1
  done
  fail "the server did not start: $(tail -5 "$scratch/serve.log")"
}
start --demo
pw() { grep -A3 "\"$1\"" "$dir/demo-users.json" | grep -o '"password": "[^"]*"' | cut -d'"' -f4; }
login() {
  curl -fs -X POST "http://127.0.0.1:$port/api/v1/auth/login" \
    -d "{\"username\":\"$1\",\"password\":\"$(pw "$2")\"}" | grep -o '"token":"[^"]*"' | cut -d'"' -f4
}
inspector="$(login inspector inspector)"
dispatcher="$(login dispatcher dispatcher)"
[ -n "$inspector" ] && [ -n "$dispatcher" ] || fail "login"
me="$(curl -fs "http://127.0.0.1:$port/api/v1/auth/me" -H "Authorization: Bearer $inspector")"
grid="$(echo "$me" | grep -o '"area_code":"[^"]*"' | cut -d'"' -f4)"
area="$(curl -fs "http://127.0.0.1:$port/api/v1/areas/$grid" -H "Authorization: Bearer $inspector")"
lng="$(echo "$area" | grep -o '"lng":[0-9.]*' | head -1 | cut -d: -f2)"
lat="$(echo "$area" | grep -o '"lat":[0-9.]*' | head -1 | cut -d: -f2)"

acked=()
status=""
body=""
report() {  # <n>: sets status and body; records the id of an acknowledged case
  local out
  out="$(curl -s -w '\n%{http_code}' -X POST "http://127.0.0.1:$port/api/v1/cases" \
    -H "Authorization: Bearer $inspector" \
    -d "{\"category_code\":\"06010\",\"description\":\"磁盘满测试 $1 $(head -c 3000 /dev/zero | tr '\0' 'x')\",\"lng\":$lng,\"lat\":$lat,\"channel\":\"patrol\"}")"
  status="${out##*$'\n'}"
  body="${out%$'\n'*}"
  if [ "$status" = 201 ]; then
    acked+=("$(echo "$body" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')")
  fi
}
for i in 1 2 3; do report "before $i"; [ "$status" = 201 ] || fail "a report before the disk filled: $status $body"; done

# Fill the disk to the last byte.
dd if=/dev/zero of="$dir/filler" bs=64k > /dev/null 2>&1 || true
[ "$(df --output=avail "$dir" | tail -1 | tr -d ' ')" -lt 64 ] || fail "the filler did not fill the disk"

full=0
for i in $(seq 1 300); do
  report "full $i"
  case "$status" in
    201) ;;  # pages freed inside the database files may still take a few
    507) full=$((full + 1)); [ "$full" -ge 3 ] && break ;;
    *) fail "a write on a full disk was answered $status (want 201 or 507): $body" ;;
  esac
done
[ "$full" -ge 3 ] || fail "no write was refused with 507 on a full disk"
echo "$body" | grep -q '"code":"storage_full"' || fail "the 507 body is not the standard error: $body"
photo="$(curl -s -o "$scratch/photo.out" -w '%{http_code}' -X POST "http://127.0.0.1:$port/api/v1/attachments" \
  -H "Authorization: Bearer $inspector" -H 'Content-Type: image/png' \
  --data-binary @<(printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\1\1\0\5\x18\xd8N\0\0\0\0IEND\xaeB`\x82'))"
[ "$photo" = 507 ] || fail "a photo upload on a full disk was answered $photo: $(cat "$scratch/photo.out" 2>/dev/null)"
# Reads still work, and every acknowledged case is there.
for id in "${acked[@]}"; do
  curl -fsS "http://127.0.0.1:$port/api/v1/cases/$id" -H "Authorization: Bearer $dispatcher" > /dev/null ||
    fail "case $id unreadable on a full disk: $(curl -s "http://127.0.0.1:$port/api/v1/cases/$id" -H "Authorization: Bearer $dispatcher")"
done

# Space returns: writes resume without a restart.
rm -f "$dir/filler"
ok=""
for i in $(seq 1 50); do
  report "after $i"
  if [ "$status" = 201 ]; then ok=1; break; fi
  sleep 0.2
done
[ -n "$ok" ] || fail "writes did not resume when space returned: $body"
[ "$(sqlite3 "$dir/civicgrid.db" 'PRAGMA integrity_check')" = ok ] || fail "integrity check"

# And a crash afterwards loses nothing that was acknowledged.
kill -9 "$pid"; wait "$pid" 2>/dev/null || true; pid=""
start
dispatcher="$(login dispatcher dispatcher)"
for id in "${acked[@]}"; do
  curl -fsS "http://127.0.0.1:$port/api/v1/cases/$id" -H "Authorization: Bearer $dispatcher" > /dev/null ||
    fail "acknowledged case $id lost after the full disk and a crash"
done
"$bin" --data-dir "$dir" audit verify > "$scratch/verify.out" || fail "audit chain: $(cat "$scratch/verify.out")"
echo "disk full: ${#acked[@]} acknowledged writes kept, $full refused with 507, writes resumed: 1 passed, 0 failed"
