#!/usr/bin/env bash
# Sets up, builds and runs every test: the full suite (unit, storage and HTTP API tests on a real
# socket), then the unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "== build (RelWithDebInfo) and run every test"
bash scripts/build.sh build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo
ctest --test-dir build-test --output-on-failure --timeout 300 -j "$(nproc)"

echo "== build with ASan+UBSan and run the unit tests"
bash scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DCIVICGRID_SANITIZE=ON
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure --timeout 300 -j "$(nproc)" -L unit
