#!/usr/bin/env bash
# Sets up, builds and starts the demo server of 长宁区 on the embedded SQLite default, with the
# web workbench at http://127.0.0.1:8080/. Usage: scripts/demo.sh [serve options, e.g. --port 9000]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-web.sh --build-only
bash scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCIVICGRID_TESTS=OFF
bash scripts/build-web.sh
exec ./build/src/cli/civicgrid --data-dir ./civicgrid-data serve --demo --web-dir ./web/dist "$@"
