#!/usr/bin/env bash
# Sets up, builds and runs every test: formatting, the full suite (unit tests, the HTTP API on a
# real socket against the real binary on a SQLite file and again on PostgreSQL, the CLI on both),
# the web workbench's browser tests (playwright-core on Debian's Chromium), then the C++ suite
# again built with AddressSanitizer + UndefinedBehaviorSanitizer. PostgreSQL 15 runs in a
# throwaway cluster (scripts/pg-cluster.sh) for the whole script and is stopped and removed at the
# end, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "== PostgreSQL: a throwaway cluster on 127.0.0.1 for the tests on the second backend"
pgdir="$(mktemp -d /tmp/civicgrid-pg-XXXXXX)"
trap 'bash scripts/pg-cluster.sh stop "$pgdir"' EXIT
pgport=""
for port in $(shuf -i 20000-40000 -n 5); do
  if bash scripts/pg-cluster.sh start "$pgdir" "$port" civicgrid_test civicgrid_test_asan; then
    pgport="$port"
    break
  fi
  bash scripts/pg-cluster.sh stop "$pgdir"  # the port was taken: try another
  mkdir -p "$pgdir"
done
[ -n "$pgport" ] || { echo "test: PostgreSQL did not start" >&2; exit 1; }
pgurl="postgresql://postgres@127.0.0.1:$pgport"

echo "== formatting"
bash scripts/lint.sh

echo "== build (RelWithDebInfo) and run every test"
bash scripts/build.sh build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo
CIVICGRID_TEST_PG_URL="$pgurl/civicgrid_test" \
  ctest --test-dir build-test --output-on-failure --timeout 300 -j "$(nproc)"

echo "== web workbench: build, then browser tests in Debian's Chromium against the real server"
CIVICGRID_BIN=build-test/src/cli/civicgrid bash scripts/test-web.sh

echo "== build with ASan+UBSan and run every test again"
bash scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DCIVICGRID_SANITIZE=ON
CIVICGRID_TEST_PG_URL="$pgurl/civicgrid_test_asan" \
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure --timeout 300 -j "$(nproc)"
