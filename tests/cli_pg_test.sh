#!/usr/bin/env bash
# `civicgrid migrate` and `import` on PostgreSQL (what cli_import_test.sh checks on SQLite): migrate
# is idempotent, a file with bad rows applies nothing, a good file applies. Runs in its own
# database, created beside the one CIVICGRID_TEST_PG_URL names and dropped afterwards.
# Usage: cli_pg_test.sh <civicgrid binary>; fails when CIVICGRID_TEST_PG_URL is unset.
set -euo pipefail
bin="$1"
fail() { echo "FAIL: $*"; exit 1; }
[ -n "${CIVICGRID_TEST_PG_URL:-}" ] || fail "CIVICGRID_TEST_PG_URL is unset (scripts/test.sh sets it)"
base="${CIVICGRID_TEST_PG_URL%%\?*}"
name="${base##*/}_cli"
url="${base%/*}/$name"
dir="$(mktemp -d /tmp/civicgrid-cli-pg-XXXXXX)"
cleanup() {
  psql "$CIVICGRID_TEST_PG_URL" -qAtc "DROP DATABASE IF EXISTS $name" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
psql "$CIVICGRID_TEST_PG_URL" -qAtc "DROP DATABASE IF EXISTS $name" >/dev/null
psql "$CIVICGRID_TEST_PG_URL" -qAtc "CREATE DATABASE $name" >/dev/null
q() { psql "$url" -qAtc "$1"; }

"$bin" --data-dir "$dir" --db "$url" migrate | grep -q "up to date" || fail "migrate"
[ "$(q "SELECT COUNT(*) FROM schema_migrations")" -ge 2 ] || fail "migrations not recorded"
"$bin" --data-dir "$dir" --db "$url" migrate | grep -q "up to date" || fail "migrate again"
[ "$(q "SELECT COUNT(*) FROM schema_migrations")" = "$(ls "$(dirname "$0")/../src/storage/migrations/postgres" | wc -l)" ] ||
  fail "migrate is not idempotent"

cat > "$dir/bad.csv" <<'CSV'
code,name,level,parent_code
310105000000,长宁区,county,310100000000
310105001000,华阳路街道,town,310105000000
310105001001,,village,310105001000
310105001002,居委会,planet,310105001000
CSV
if "$bin" --data-dir "$dir" --db "$url" import areas "$dir/bad.csv" > "$dir/out" 2>&1; then
  fail "a file with bad rows was accepted"
fi
grep -q "line 4" "$dir/out" || fail "line 4 not reported: $(cat "$dir/out")"
[ "$(q "SELECT COUNT(*) FROM areas")" = 0 ] || fail "rows were applied"
head -3 "$dir/bad.csv" > "$dir/good.csv"
"$bin" --data-dir "$dir" --db "$url" import areas "$dir/good.csv" | grep -q "imported 2 rows" ||
  fail "good import"
[ "$(q "SELECT name FROM areas WHERE code='310105001000'")" = "华阳路街道" ] ||
  fail "the street was not stored"
# Codes sort bytewise whatever the cluster's locale (COLLATE "C"): scope range scans rely on it.
[ "$(q "SELECT collation_name FROM information_schema.columns WHERE table_name='cases' AND column_name='grid_code'")" = "C" ] ||
  fail "cases.grid_code is not COLLATE \"C\""
echo "cli on PostgreSQL: 1 passed, 0 failed"
