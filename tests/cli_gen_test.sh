#!/usr/bin/env bash
# `civicgrid gen`: a small synthetic city on SQLite has the areas, accounts and case history its
# shape asks for (closed, open, returned, reworked, overdue and supervised, rejected, merged,
# unsatisfied cases), the same seed gives the same history and another seed another one, a
# database that already holds data is refused, case numbers continue after the generated ones,
# and the server answers for a generated case. With CIVICGRID_TEST_PG_URL set, the same shape on
# PostgreSQL (through COPY) must give exactly the same cases and events as on SQLite.
# Usage: cli_gen_test.sh <civicgrid binary>
set -euo pipefail
bin="$1"
fail() { echo "FAIL: $*"; exit 1; }
dir="$(mktemp -d /tmp/civicgrid-gen-XXXXXX)"
pid=""
pgname=""
cleanup() {
  set +e
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  if [ -n "$pgname" ]; then
    psql "$CIVICGRID_TEST_PG_URL" -qAtc "DROP DATABASE IF EXISTS $pgname" >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT

shape=(--districts 2 --streets 2 --communities 3 --grids 2 --residents 3 --cases 12000
       --days 60 --until 2026-11-26 --quiet)
# gen <data dir> <seed> [database URL]
gen() { "$bin" --data-dir "$1" ${3:+--db "$3"} gen "${shape[@]}" --seed "$2"; }

mkdir -p "$dir/a" "$dir/b" "$dir/c"
gen "$dir/a" 7 > "$dir/a/out" || fail "gen: $(cat "$dir/a/out")"
grep -q "generated 42 areas (24 grids)" "$dir/a/out" || fail "summary: $(cat "$dir/a/out")"
db="$dir/a/civicgrid.db"
q() { sqlite3 "$db" "$1"; }

# The city: 2 districts × 2 streets × 3 communities × 2 grids, departments for each street,
# one account per post and 3 residents per grid.
[ "$(q "SELECT COUNT(*) FROM areas WHERE level='grid'")" = 24 ] || fail "grids"
[ "$(q "SELECT COUNT(*) FROM areas WHERE level='grid' AND boundary_wkt LIKE 'MULTIPOLYGON%'")" = 24 ] ||
  fail "grids without polygons"
[ "$(q "SELECT COUNT(*) FROM departments")" = 28 ] || fail "departments: 2 per district, 6 per street"
[ "$(q "SELECT COUNT(*) FROM users WHERE role='inspector'")" = 24 ] || fail "one inspector per grid"
[ "$(q "SELECT COUNT(*) FROM users WHERE role='resident'")" = 72 ] || fail "residents"
[ "$(q "SELECT COUNT(*) FROM users WHERE role='department_handler'")" = 28 ] || fail "handlers"

# The history.
[ "$(q "SELECT COUNT(*) FROM cases")" = 12000 ] || fail "case count"
[ "$(q "SELECT COUNT(*) FROM case_events")" -gt 60000 ] || fail "too few events"
[ "$(q "SELECT COUNT(*) FROM cases c WHERE (SELECT COUNT(*) FROM case_events e WHERE e.case_id = c.id) <> c.version")" = 0 ] ||
  fail "a case's version differs from its number of events"
[ "$(q "SELECT COUNT(*) FROM cases c WHERE state <> (SELECT to_state FROM case_events e WHERE e.case_id = c.id ORDER BY id DESC LIMIT 1)")" = 0 ] ||
  fail "a case's state differs from its last event"
for cond in "state='closed'" "state IN ('reported','registered','dispatched','in_progress','handled','verified','suspended')" \
            "return_count > 0" "rework_count > 0" "supervise_count > 0" "extension_count > 0" \
            "state='rejected'" "state='merged'" "satisfaction = 'unsatisfied' AND solved = 0" \
            "channel='patrol'" "channel='resident'" "channel='hotline'" \
            "deadline_at > 0 AND deadline_at < 1795622400000 AND state IN ('dispatched','in_progress','handled')"; do
  [ "$(q "SELECT COUNT(*) FROM cases WHERE $cond")" -gt 0 ] || fail "no case with $cond"
done
[ "$(q "SELECT COUNT(*) FROM cases WHERE created_at >= 1795622400000 OR created_at < 1795622400000 - 60*86400000")" = 0 ] ||
  fail "cases outside the history's 60 days"
[ "$(q "SELECT COUNT(*) FROM case_events WHERE at >= 1795622400000")" = 0 ] || fail "events after --until"
[ "$(q "SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.district_code <> c.district_code")" = 0 ] ||
  fail "events carry another district"
# Case numbers: the counter of each district and day equals the cases numbered under it.
[ "$(q "SELECT COUNT(*) FROM (SELECT substr(number, 1, 16) AS p, COUNT(*) AS n FROM cases GROUP BY p) x JOIN case_numbers k ON k.prefix = x.p WHERE k.last <> x.n")" = 0 ] ||
  fail "case_numbers disagree with the numbers given"
[ "$(q "PRAGMA integrity_check")" = ok ] || fail "integrity"
[ "$(q "PRAGMA journal_mode")" = wal ] || fail "the database is not back in WAL mode"
[ "$(q "SELECT COUNT(*) FROM sqlite_master WHERE type='index' AND tbl_name='cases' AND sql IS NOT NULL")" -ge 5 ] ||
  fail "the case indexes were not rebuilt"

# Deterministic: the same seed gives the same history, another seed another one.
digest() { sqlite3 "$1" "SELECT id, number, grid_code, category_code, state, channel, created_at, closed_at, deadline_at, department_id FROM cases ORDER BY id; SELECT id, case_id, action, actor_id, at, to_state, details FROM case_events ORDER BY id" | md5sum; }
gen "$dir/b" 7 > /dev/null
gen "$dir/c" 8 > /dev/null
[ "$(digest "$db")" = "$(digest "$dir/b/civicgrid.db")" ] || fail "the same seed gave another history"
[ "$(digest "$db")" != "$(digest "$dir/c/civicgrid.db")" ] || fail "another seed gave the same history"

# The indicators' counters written while loading equal a recomputation from the events.
stats() { sqlite3 "$1" "SELECT * FROM stat_totals ORDER BY 1, 2, 3, 4; SELECT * FROM intake_totals ORDER BY 1, 2, 3, 4, 5" | md5sum; }
[ "$(q "SELECT COUNT(DISTINCT scope) FROM stat_totals WHERE scope LIKE 'a:%'")" = 42 ] ||
  fail "counters for every area"
for span in day month; do
  [ "$(q "SELECT SUM(reports) FROM stat_totals WHERE span = '$span' AND length(scope) = 14 AND substr(scope, 9) = '000000'")" = 12000 ] ||
    fail "district $span counters do not count every report"
done
# Each month row is the sum of its days.
month_of="strftime('%Y-%m', start * 86400, 'unixepoch')"
[ "$(q "SELECT COUNT(*) FROM (SELECT DISTINCT district_code, scope, $month_of FROM stat_totals WHERE span = 'day')")" = \
  "$(q "SELECT COUNT(*) FROM stat_totals WHERE span = 'month'")" ] || fail "a month row is missing"
[ "$(q "SELECT COUNT(*) FROM stat_totals m WHERE span = 'month' AND (reports, closures, late_handle, stage_handle_ms) != (SELECT SUM(reports), SUM(closures), SUM(late_handle), SUM(stage_handle_ms) FROM stat_totals d WHERE d.district_code = m.district_code AND d.scope = m.scope AND d.span = 'day' AND strftime('%Y-%m', d.start * 86400, 'unixepoch') = strftime('%Y-%m', m.start * 86400, 'unixepoch'))")" = 0 ] ||
  fail "a month row differs from the sum of its days"
"$bin" --data-dir "$dir/b" stats-rebuild > "$dir/rebuild.out" || fail "stats-rebuild: $(cat "$dir/rebuild.out")"
[ "$(stats "$db")" = "$(stats "$dir/b/civicgrid.db")" ] || fail "gen's counters differ from a rebuild"

# Refuses a database that already holds a city.
if gen "$dir/a" 7 > "$dir/again" 2>&1; then fail "gen ran over existing data"; fi
grep -q "empty database" "$dir/again" || fail "refusal not explained: $(cat "$dir/again")"
[ "$(q "SELECT COUNT(*) FROM cases")" = 12000 ] || fail "the refused run changed the data"

# The server serves the generated city: a dispatcher reads one of the street's generated cases.
sqlite_digest="$(digest "$db")"  # before the server adds anything
sqlite_counters="$(sqlite3 "$db" "SELECT * FROM stat_totals; SELECT * FROM intake_totals" | LC_ALL=C sort | md5sum)"
# No scheduler: it would supervise the generated overdue cases while the test compares lists.
# A free port (0), read back from the server's first line: tests run in parallel.
"$bin" --data-dir "$dir/a" serve --address 127.0.0.1 --port 0 --scheduler-interval-ms 0 \
  > "$dir/serve.log" 2>&1 &
pid=$!
port=""
for _ in $(seq 100); do
  port="$(grep -o 'serving on http://127.0.0.1:[0-9]*' "$dir/serve.log" 2> /dev/null | grep -o '[0-9]*$' || true)"
  [ -n "$port" ] && curl -fs "http://127.0.0.1:$port/api/v1/health" > /dev/null && break
  sleep 0.1
done
[ -n "$port" ] || fail "the server did not start: $(cat "$dir/serve.log")"
password="$(grep -o '"password": "[^"]*"' "$dir/a/gen-users.json" | cut -d'"' -f4)"
street="$(q "SELECT code FROM areas WHERE level='street' ORDER BY code LIMIT 1")"
login="$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/auth/login" \
  -d "{\"username\":\"dispatcher-${street:0:9}\",\"password\":\"$password\"}")" || fail "login"
token="$(echo "$login" | grep -o '"token":"[^"]*"' | cut -d'"' -f4)"
id="$(q "SELECT id FROM cases WHERE street_code='$street' AND return_count > 0 AND state='closed' LIMIT 1")"
number="$(q "SELECT number FROM cases WHERE id=$id")"
detail="$(curl -fs "http://127.0.0.1:$port/api/v1/cases/$id" -H "Authorization: Bearer $token")" ||
  fail "case $id not served"
echo "$detail" | grep -q "\"number\":\"$number\"" || fail "wrong case: $detail"
echo "$detail" | grep -q '"action":"return"' || fail "history without the return: $detail"

# Lists: the street's open cases, newest first, counted exactly; everything (the administrator),
# counted up to the cap of 10,000 and said to be more.
open_states="'reported','registered','dispatched','in_progress','suspended','handled','verified'"
list="$(curl -fs "http://127.0.0.1:$port/api/v1/cases?state=open&page_size=200" -H "Authorization: Bearer $token")"
expected="$(q "SELECT COUNT(*) FROM cases WHERE street_code='$street' AND state IN ($open_states)")"
[ "$expected" -gt 0 ] || fail "the street has no open case to list"
echo "$list" | grep -q "\"total\":$expected," || fail "open cases of the street: want $expected in ${list: -80}"
ids="$(echo "$list" | grep -o '"number":"[^"]*"' | cut -d'"' -f4)"
[ "$ids" = "$(q "SELECT number FROM cases WHERE street_code='$street' AND state IN ($open_states) ORDER BY id DESC")" ] ||
  fail "the list is not the street's open cases newest first: $ids"
admin_token="$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/auth/login" \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" | grep -o '"token":"[^"]*"' | cut -d'"' -f4)"
all="$(curl -fs "http://127.0.0.1:$port/api/v1/cases?page_size=1" -H "Authorization: Bearer $admin_token")"
echo "$all" | grep -q '"total":10000,"total_capped":true' || fail "uncapped total: ${all: -60}"

if [ -n "${CIVICGRID_TEST_PG_URL:-}" ]; then
  export PGOPTIONS="-c client_min_messages=warning"
  base="${CIVICGRID_TEST_PG_URL%%\?*}"
  pgname="${base##*/}_gen"
  url="${base%/*}/$pgname"
  psql "$CIVICGRID_TEST_PG_URL" -qAtc "DROP DATABASE IF EXISTS $pgname" >/dev/null
  psql "$CIVICGRID_TEST_PG_URL" -qAtc "CREATE DATABASE $pgname" >/dev/null
  mkdir -p "$dir/pg"
  gen "$dir/pg" 7 "$url" > "$dir/pg/out" || fail "gen on PostgreSQL: $(cat "$dir/pg/out")"
  pgdigest() { psql "$url" -qAt -F'|' -c "SELECT id, number, grid_code, category_code, state, channel, created_at, closed_at, deadline_at, department_id FROM cases ORDER BY id" -c "SELECT id, case_id, action, actor_id, at, to_state, details FROM case_events ORDER BY id" | md5sum; }
  [ "$(pgdigest)" = "$sqlite_digest" ] || fail "PostgreSQL holds another history than SQLite for the same seed"
  [ "$(psql "$url" -qAt -F'|' -c "SELECT * FROM stat_totals" -c "SELECT * FROM intake_totals" | LC_ALL=C sort | md5sum)" = "$sqlite_counters" ] ||
    fail "PostgreSQL holds other counters than SQLite for the same seed"
  # The identity sequences moved past the loaded rows: a new case gets a fresh id.
  [ "$(psql "$url" -qAtc "SELECT nextval(pg_get_serial_sequence('cases', 'id'))")" -gt 12000 ] ||
    fail "the cases id sequence was not moved"
  [ "$(psql "$url" -qAtc "SELECT COUNT(*) FROM pg_indexes WHERE tablename='cases'")" -ge 7 ] ||
    fail "the case indexes were not rebuilt on PostgreSQL"
fi
echo "cli_gen_test: ok"
