#!/usr/bin/env bash
# `civicgrid backup` and `restore` on SQLite against a real demo server: an inspector keeps
# reporting (with photos) over HTTP while the backup runs; the backup is restored into a fresh data
# directory and a server started on it serves every case the manifest counted, logs users in and
# returns a photo uploaded before the backup byte for byte. Restore refuses a database in use, an
# existing one without --force, and a damaged backup (database bytes, b-tree, photo). A PostgreSQL
# database gets the pg_dump / pg_restore commands (and, with CIVICGRID_TEST_PG_URL and pg_dump,
# a round trip through them).
# Usage: cli_backup_test.sh <civicgrid binary>
set -euo pipefail
bin="$1"
fail() { echo "FAIL: $*"; exit 1; }
dir="$(mktemp -d /tmp/civicgrid-backup-XXXXXX)"
pids=()
cleanup() {
  set +e
  touch "$dir/stop"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  if [ -n "${pg_name:-}" ]; then
    psql "$CIVICGRID_TEST_PG_URL" -qAtc "DROP DATABASE IF EXISTS ${pg_name}" >/dev/null 2>&1
    psql "$CIVICGRID_TEST_PG_URL" -qAtc "DROP DATABASE IF EXISTS ${pg_name}_restored" >/dev/null 2>&1
  fi
  rm -rf "$dir"
}
trap cleanup EXIT

started_port=""
start_server() {  # <data dir> [--demo]: starts on a free port (set in started_port), waits for health
  "$bin" --data-dir "$1" serve "${@:2}" --address 127.0.0.1 --port 0 \
    --scheduler-interval-ms 0 --webhook-poll-ms 0 >> "$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1200); do
    started_port="$(grep -o 'serving on http://127.0.0.1:[0-9]*' "$1.log" 2>/dev/null | tail -1 | grep -o '[0-9]*$' || true)"
    [ -n "$started_port" ] && curl -fs "http://127.0.0.1:$started_port/api/v1/health" > /dev/null && return
    sleep 0.05
  done
  fail "the server on $1 did not start: $(cat "$1.log")"
}
stop_server() {  # <pid>
  kill "$1"; wait "$1" || true
}
pw() { grep -A3 "\"$1\"" "$dir/data/demo-users.json" | grep -o '"password": "[^"]*"' | cut -d'"' -f4; }
login() {  # <port> <username> <role>
  curl -fs -X POST "http://127.0.0.1:$1/api/v1/auth/login" \
    -d "{\"username\":\"$2\",\"password\":\"$(pw "$3")\"}" | grep -o '"token":"[^"]*"' | cut -d'"' -f4
}
field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
number() { grep -o "\"$1\":[0-9]*" | head -1 | cut -d: -f2; }
photo() { { printf '\x89PNG\r\n\x1a\n'; head -c "$((4000 + RANDOM))" /dev/urandom; } > "$1"; }

start_server "$dir/data" --demo
port="$started_port"
serve_pid="${pids[-1]}"
url="http://127.0.0.1:$port/api/v1"
resident="$(login "$port" resident resident)"
inspector="$(login "$port" inspector inspector)"
[ -n "$resident" ] && [ -n "$inspector" ] || fail "demo login"
grid="$(curl -fs "$url/auth/me" -H "Authorization: Bearer $inspector" | field area_code)"
center="$(curl -fs "$url/areas/$grid" -H "Authorization: Bearer $inspector" | grep -o '"center":{[^}]*}')"
lng="$(echo "$center" | grep -o '"lng":[0-9.]*' | cut -d: -f2)"
lat="$(echo "$center" | grep -o '"lat":[0-9.]*' | cut -d: -f2)"
report() {  # [attachment id] → the case's JSON
  local photos=""
  [ -z "${1:-}" ] || photos=",\"attachment_ids\":[\"$1\"]"
  curl -fs -X POST "$url/cases" -H "Authorization: Bearer $inspector" \
    -d "{\"category_code\":\"06010\",\"description\":\"backup load\",\"lng\":$lng,\"lat\":$lat,\"channel\":\"patrol\"$photos}"
}
upload() {  # <file> → the attachment id
  curl -fs -X POST "$url/attachments" -H "Authorization: Bearer $inspector" -H "Content-Type: image/png" \
    --data-binary "@$1" | field id
}

# A photo and its case before the backup: these must come back byte for byte.
photo "$dir/before.png"
before_photo="$(upload "$dir/before.png")"
[ -n "$before_photo" ] || fail "upload"
report "$before_photo" | grep -q '"number"' || fail "report with a photo"

# Writers: three loops of the grid inspector (residents are rate-limited) reporting, every fourth
# report with a new photo, until told to stop.
load() {  # <loop number>
  local i=0 id
  while [ ! -e "$dir/stop" ]; do
    i=$((i + 1)); id=""
    if [ $((i % 4)) = 0 ]; then
      photo "$dir/load-$1.png"; id="$(upload "$dir/load-$1.png" || true)"
    fi
    report "$id" > /dev/null && echo ok >> "$dir/load-$1.count" || echo err >> "$dir/load-$1.errors"
  done
}
for n in 1 2 3; do load "$n" & pids+=($!); done
load_pids=("${pids[@]: -3}")
live_cases() { sqlite3 "$dir/data/civicgrid.db" "SELECT COUNT(*) FROM cases"; }
for _ in $(seq 200); do [ "$(live_cases)" -ge 40 ] && break; sleep 0.05; done

# The backup, while the loops write.
started_at="$(live_cases)"
"$bin" backup --data-dir "$dir/data" --out "$dir/backup" --pages-per-step 16 --pause-ms 20 \
  > "$dir/backup.out" 2> "$dir/backup.err" ||
  fail "backup: $(cat "$dir/backup.out" "$dir/backup.err")"
sleep 0.3
ended_at="$(live_cases)"
touch "$dir/stop"
for p in "${load_pids[@]}"; do wait "$p" || true; done
final="$(live_cases)"
[ "$final" -gt "$ended_at" ] && [ "$ended_at" -gt "$started_at" ] ||
  fail "the writers did not keep writing across the backup ($started_at, $ended_at, $final)"
! ls "$dir" | grep -q 'load-.*errors' || fail "reports failed during the backup: $(cat "$dir"/load-*.errors | wc -l)"
cat "$dir/backup.out"
for f in civicgrid.db manifest.json attachments; do [ -e "$dir/backup/$f" ] || fail "no $f in the backup"; done
! ls "$dir" | grep -q partial || fail "a partial backup was left behind"
[ ! -e "$dir/backup/civicgrid.db-wal" ] || fail "the backup has a -wal file"
manifest="$(cat "$dir/backup/manifest.json")"
m() {  # <key path, dotted> → the manifest's value
  python3 -c 'import functools, json, sys
print(json.dumps(functools.reduce(lambda v, k: v[k], sys.argv[2].split("."), json.load(open(sys.argv[1])))))' \
    "$dir/backup/manifest.json" "$1"
}
m_cases="$(m counts.cases)"
m_events="$(m counts.case_events)"
m_photos="$(m counts.attachments)"
[ "$(m online_backup.wal_snapshot)" = true ] || fail "no WAL snapshot: $manifest"
[ "$(m online_backup.restarts)" = 0 ] || fail "the copy restarted: $manifest"
[ "$(m online_backup.steps)" -gt 3 ] || fail "the copy was not made in steps: $manifest"
[ "$(m attachments.files)" = "$m_photos" ] || fail "photo files: $manifest"
m schema_version | grep -q '^"0[0-9]*_.*\.sql"$' || fail "no schema version: $manifest"
[ "$(m database.sha256)" = "\"$(sha256sum "$dir/backup/civicgrid.db" | cut -d' ' -f1)\"" ] ||
  fail "the manifest's SHA-256 is not the database's"
[ "$m_cases" = "$(sqlite3 "$dir/backup/civicgrid.db" "SELECT COUNT(*) FROM cases")" ] || fail "case count"
[ "$m_events" = "$(sqlite3 "$dir/backup/civicgrid.db" "SELECT COUNT(*) FROM case_events")" ] ||
  fail "event count"
[ "$m_cases" -ge "$started_at" ] && [ "$m_cases" -le "$ended_at" ] ||
  fail "the backup holds $m_cases cases, not between $started_at and $ended_at"
[ "$m_photos" -ge 2 ] || fail "too few photos in the backup: $m_photos"
[ "$(find "$dir/backup/attachments" -type f | wc -l)" = "$m_photos" ] || fail "photo files"
[ "$(sqlite3 "$dir/backup/civicgrid.db" "SELECT COUNT(*) FROM leases")" = 0 ] || fail "leases copied"
"$bin" backup --data-dir "$dir/data" --out "$dir/backup" > "$dir/out" 2>&1 && fail "overwrote a backup"
grep -q "never overwrites" "$dir/out" || fail "no reason for refusing: $(cat "$dir/out")"

# Restore into a fresh directory and serve it.
"$bin" restore --from "$dir/backup" --data-dir "$dir/restored" > "$dir/restore.out" 2>&1 ||
  fail "restore: $(cat "$dir/restore.out")"
start_server "$dir/restored"
port2="$started_port"
restored_pid="${pids[-1]}"
url2="http://127.0.0.1:$port2/api/v1"
admin="$(login "$port2" admin admin)"
[ -n "$admin" ] || fail "admin login on the restored server"
[ -n "$(login "$port2" resident resident)" ] || fail "resident login on the restored server"
total="$(curl -fs "$url2/cases?page_size=1" -H "Authorization: Bearer $admin" | number total)"
[ "$total" = "$m_cases" ] || fail "the restored server lists $total cases, the manifest $m_cases"
ids="$(sqlite3 "$dir/backup/civicgrid.db" "SELECT id FROM cases")"
urls=()
for id in $ids; do urls+=(-o /dev/null "$url2/cases/$id"); done
codes="$(curl -s -w '%{http_code}\n' -H "Authorization: Bearer $admin" "${urls[@]}")"
[ "$(echo "$codes" | grep -c '^200$')" = "$m_cases" ] ||
  fail "not every case is readable: $(echo "$codes" | sort | uniq -c)"
curl -fs "$url2/attachments/$before_photo" -H "Authorization: Bearer $admin" -o "$dir/after.png" ||
  fail "the photo is not served"
cmp -s "$dir/before.png" "$dir/after.png" || fail "the restored photo differs"

# Refusals: a database in use, an existing one without --force; --force keeps the old one.
"$bin" restore --from "$dir/backup" --data-dir "$dir/restored" --force > "$dir/out" 2>&1 &&
  fail "restored over a database a server has open"
grep -q "has .* open" "$dir/out" || fail "in use: $(cat "$dir/out")"
sed 's/^/  refused: /' "$dir/out"
stop_server "$restored_pid"
"$bin" restore --from "$dir/backup" --data-dir "$dir/restored" > "$dir/out" 2>&1 &&
  fail "replaced a database without --force"
grep -q "without --force" "$dir/out" || fail "existing: $(cat "$dir/out")"
sed 's/^/  refused: /' "$dir/out"
"$bin" restore --from "$dir/backup" --data-dir "$dir/restored" --force > "$dir/out" 2>&1 ||
  fail "restore --force: $(cat "$dir/out")"
ls "$dir/restored" | grep -q 'civicgrid.db.pre-restore-' || fail "the replaced database was not kept"
[ "$(sqlite3 "$dir/restored/civicgrid.db" "PRAGMA integrity_check")" = ok ] || fail "integrity"

# Damaged backups are refused and leave the target untouched.
refused() {  # <backup> <what the message says>
  rm -rf "$dir/fresh"
  if "$bin" restore --from "$1" --data-dir "$dir/fresh" > "$dir/out" 2>&1; then
    fail "restored the damaged backup $1"
  fi
  grep -q "$2" "$dir/out" || fail "$1: $(cat "$dir/out")"
  sed "s|^|  refused ${1##*/}: |" "$dir/out"
  [ ! -e "$dir/fresh/civicgrid.db" ] || fail "$1 left a database behind"
  [ ! -d "$dir/fresh" ] || ! ls -A "$dir/fresh" | grep -q restoring || fail "$1 left staged files"
}
cp -r "$dir/backup" "$dir/flipped"
size="$(stat -c %s "$dir/flipped/civicgrid.db")"
printf '\xde\xad\xbe\xef' | dd of="$dir/flipped/civicgrid.db" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
refused "$dir/flipped" "damaged"
# A b-tree page broken before the digest was taken (the manifest agrees): integrity_check.
cp -r "$dir/backup" "$dir/broken"
root="$(sqlite3 "$dir/broken/civicgrid.db" "SELECT rootpage FROM sqlite_schema WHERE name = 'case_events'")"
pagesize="$(sqlite3 "$dir/broken/civicgrid.db" "PRAGMA page_size")"
printf '\xff\xff\xff\xff\xff\xff\xff\xff' |
  dd of="$dir/broken/civicgrid.db" bs=1 seek=$(((root - 1) * pagesize)) conv=notrunc 2>/dev/null
python3 - "$dir/broken" <<'PY'
import hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(f"{d}/manifest.json"))
data = open(f"{d}/civicgrid.db", "rb").read()
m["database"]["sha256"] = hashlib.sha256(data).hexdigest()
m["database"]["bytes"] = len(data)
json.dump(m, open(f"{d}/manifest.json", "w"))
PY
refused "$dir/broken" "integrity\|damaged\|malformed"
cp -r "$dir/backup" "$dir/badphoto"
printf 'X' | dd of="$(find "$dir/badphoto/attachments" -type f | head -1)" bs=1 seek=100 conv=notrunc 2>/dev/null
refused "$dir/badphoto" "photo .* does not match"
refused "$dir/nothing" "manifest.json is missing"

# PostgreSQL: the commands, not a copy.
set +e
"$bin" --db "postgresql://cg:secret@127.0.0.1:1/none" backup --out "$dir/pg" > "$dir/pg.out" 2> "$dir/pg.err"
rc=$?
set -e
[ "$rc" = 2 ] || fail "backup of a PostgreSQL URL exited $rc"
grep -q "pg_dump --format=custom" "$dir/pg.out" || fail "no pg_dump command: $(cat "$dir/pg.out")"
! grep -q secret "$dir/pg.out" || fail "the password was printed"
if [ -n "${CIVICGRID_TEST_PG_URL:-}" ] && command -v pg_dump > /dev/null; then
  base="${CIVICGRID_TEST_PG_URL%%\?*}"
  pg_name="${base##*/}_backup"
  pg_url="${base%/*}/$pg_name"
  for db in "$pg_name" "${pg_name}_restored"; do
    psql "$CIVICGRID_TEST_PG_URL" -qAtc "DROP DATABASE IF EXISTS $db" > /dev/null 2>&1
    psql "$CIVICGRID_TEST_PG_URL" -qAtc "CREATE DATABASE $db" > /dev/null
  done
  mkdir -p "$dir/pgdata/attachments/ab"
  echo photo > "$dir/pgdata/attachments/ab/abcd"
  "$bin" --data-dir "$dir/pgdata" --db "$pg_url" migrate > /dev/null || fail "pg migrate"
  set +e
  "$bin" --data-dir "$dir/pgdata" --db "$pg_url" backup --out "$dir/pgb" > "$dir/pgb.sh" 2> /dev/null
  set -e
  bash -e "$dir/pgb.sh" || fail "the printed pg_dump command failed: $(cat "$dir/pgb.sh")"
  set +e
  "$bin" --data-dir "$dir/pgrestored" --db "${base%/*}/${pg_name}_restored" restore --from "$dir/pgb" \
    > "$dir/pgr.sh" 2> /dev/null
  set -e
  bash -e "$dir/pgr.sh" > /dev/null 2>&1 || fail "the printed pg_restore command failed: $(cat "$dir/pgr.sh")"
  [ "$(psql "${base%/*}/${pg_name}_restored" -qAtc "SELECT COUNT(*) FROM schema_migrations")" = \
    "$(psql "$pg_url" -qAtc "SELECT COUNT(*) FROM schema_migrations")" ] || fail "pg round trip"
  cmp -s "$dir/pgdata/attachments/ab/abcd" "$dir/pgrestored/attachments/ab/abcd" || fail "pg photos"
  echo "cli backup: PostgreSQL round trip through pg_dump / pg_restore ok"
fi
stop_server "$serve_pid"
echo "cli backup: ok ($m_cases cases, $m_events events, $m_photos photos in the backup; $final cases at the end)"
