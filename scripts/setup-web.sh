#!/usr/bin/env bash
# Installs what the web front end and its browser tests need (Debian 12, idempotent):
# Node.js and npm (only when none is on PATH: a newer Node may ship its own npm, which
# conflicts with Debian's npm package), and Chromium with a CJK font for the e2e tests.
# Usage: scripts/setup-web.sh [--build-only]   (--build-only: Node.js and npm, no browser)
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need=()
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ "${1:-}" != "--build-only" ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need+=(fonts-wqy-microhei)
fi

if [ "${#need[@]}" -gt 0 ]; then
  echo "setup-web: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
else
  echo "setup-web: node $(node --version) and npm $(npm --version) present${1:+ ($1)}"
fi
