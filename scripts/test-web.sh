#!/usr/bin/env bash
# Browser tests of the web workbench: installs what they need, builds web/dist, then runs
# web/e2e/*.test.mjs (node:test + playwright-core on Debian's Chromium) against a real
# `civicgrid serve --demo` that each test file starts on a free loopback port.
# CIVICGRID_BIN: the server binary (default build-test/src/cli/civicgrid).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

bash scripts/setup-web.sh
bash scripts/build-web.sh

bin="${CIVICGRID_BIN:-build-test/src/cli/civicgrid}"
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
if [ ! -x "$bin" ]; then
  echo "test-web: no server binary at $bin (build it, or set CIVICGRID_BIN)" >&2
  exit 1
fi
export CIVICGRID_BIN="$bin"
export CIVICGRID_WEB_DIR="$root/web/dist"

cd web
args=(--test)
# One test file at a time: each starts a server and a browser, and the machine has 2 cores.
if node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=10)?0:1)'; then
  args+=(--test-concurrency=1)
fi
# The whole run is bounded; each test has its own, shorter timeout.
timeout --kill-after=30 900 node "${args[@]}" e2e/*.test.mjs
