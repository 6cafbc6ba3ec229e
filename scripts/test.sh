#!/usr/bin/env bash
# Sets up, builds and runs every test: formatting, the full suite (unit tests, the HTTP API on a
# real socket against the real binary and SQLite file, the CLI), then the same suite again built
# with AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "== formatting"
bash scripts/lint.sh

echo "== build (RelWithDebInfo) and run every test"
bash scripts/build.sh build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo
ctest --test-dir build-test --output-on-failure --timeout 300 -j "$(nproc)"

echo "== build with ASan+UBSan and run every test again"
bash scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DCIVICGRID_SANITIZE=ON
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure --timeout 300 -j "$(nproc)"
