#!/usr/bin/env bash
# Sets up, builds and runs every test: formatting, the full suite (unit tests, the HTTP API on a
# real socket against the real binary on a SQLite file and again on PostgreSQL, the CLI on both),
# the web workbench's browser tests (playwright-core on Debian's Chromium), then the C++ suite
# again built with AddressSanitizer + UndefinedBehaviorSanitizer. PostgreSQL 15 runs in a
# throwaway cluster (scripts/pg-cluster.sh) for the whole script and is stopped and removed at the
# end, also on failure. Each libFuzzer target (fuzz/) runs briefly.
#
# --long adds what takes an hour: the crash test with 20 kills per backend, each fuzz target for
# five minutes, the C++ suite under ThreadSanitizer, and the ten-minute soak (bench/soak.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
long=""
if [[ "${1:-}" == "--long" ]]; then
  long=1
elif [[ -n "${1:-}" ]]; then
  echo "usage: scripts/test.sh [--long]" >&2
  exit 2
fi
bash scripts/setup.sh

echo "== PostgreSQL: a throwaway cluster on 127.0.0.1 for the tests on the second backend"
pgdir="$(mktemp -d /tmp/civicgrid-pg-XXXXXX)"
trap 'bash scripts/pg-cluster.sh stop "$pgdir"' EXIT
pgport=""
for port in $(shuf -i 20000-40000 -n 5); do
  if bash scripts/pg-cluster.sh start "$pgdir" "$port" civicgrid_test civicgrid_test_asan civicgrid_test_tsan; then
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

kills=3
[[ -n "$long" ]] && kills=20
echo "== build (RelWithDebInfo) and run every test"
bash scripts/build.sh build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo
CIVICGRID_TEST_PG_URL="$pgurl/civicgrid_test" CIVICGRID_CRASH_KILLS="$kills" \
  ctest --test-dir build-test --output-on-failure --timeout 300 -j "$(nproc)"

echo "== web workbench: build, then browser tests in Debian's Chromium against the real server"
CIVICGRID_BIN=build-test/src/cli/civicgrid bash scripts/test-web.sh

echo "== fuzzing: each libFuzzer target over its corpus (fuzz/)"
if [[ -n "$long" ]]; then bash scripts/fuzz.sh 300; else bash scripts/fuzz.sh 10; fi

echo "== build with ASan+UBSan and run every test again"
bash scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DCIVICGRID_SANITIZE=ON
CIVICGRID_TEST_PG_URL="$pgurl/civicgrid_test_asan" \
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure --timeout 300 -j "$(nproc)"

if [[ -n "$long" ]]; then
  echo "== long: build with ThreadSanitizer and run every test again"
  bash scripts/build.sh build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCIVICGRID_TSAN=ON
  CIVICGRID_TEST_PG_URL="$pgurl/civicgrid_test_tsan" TSAN_OPTIONS=halt_on_error=1 \
    ctest --test-dir build-tsan --output-on-failure --timeout 900 -j "$(nproc)"
  echo "== long: ten-minute soak (bench/soak.sh)"
  bash bench/soak.sh 600
fi
