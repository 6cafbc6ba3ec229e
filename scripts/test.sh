#!/usr/bin/env bash
# Sets up, builds and runs every test: formatting, the full suite (unit tests, the HTTP API on a
# real socket against the real binary and SQLite file, the CLI), the web workbench's browser tests
# (playwright-core on Debian's Chromium), then the C++ suite again built with AddressSanitizer +
# UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "== formatting"
bash scripts/lint.sh

echo "== build (RelWithDebInfo) and run every test"
bash scripts/build.sh build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo
ctest --test-dir build-test --output-on-failure --timeout 300 -j "$(nproc)"

echo "== web workbench: build, then browser tests in Debian's Chromium against the real server"
CIVICGRID_BIN=build-test/src/cli/civicgrid bash scripts/test-web.sh

echo "== build with ASan+UBSan and run every test again"
bash scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DCIVICGRID_SANITIZE=ON
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure --timeout 300 -j "$(nproc)"
