#!/usr/bin/env bash
# Sets up, builds and starts the demo server of 长宁区 on the embedded SQLite default.
# Usage: scripts/demo.sh [serve options, e.g. --port 8080]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCIVICGRID_TESTS=OFF
exec ./build/src/cli/civicgrid --data-dir ./civicgrid-data serve --demo "$@"
