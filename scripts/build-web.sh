#!/usr/bin/env bash
# Builds the web workbench into web/dist (served by `civicgrid serve --web-dir web/dist`).
# Runs `npm ci` only when node_modules is missing or package-lock.json changed since the last
# install.
set -euo pipefail
cd "$(dirname "$0")/../web"

stamp=node_modules/.civicgrid-lock.sha256
want=$(sha256sum package-lock.json | cut -d ' ' -f1)
if [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "build-web: npm ci"
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi
echo "build-web: vite build"
npm run build --silent
# The API reference's document, served at /api/openapi.yaml beside the page at /api/docs.
cp ../docs/openapi.yaml dist/openapi.yaml
