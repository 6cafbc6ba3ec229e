#!/usr/bin/env bash
# Installs every build and test dependency of CivicGrid on Debian 12 (PostgreSQL 15's server too:
# the tests start a throwaway cluster of their own; the packaged one is not used). Idempotent:
# packages already present are skipped, so a second run is quick and changes nothing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libboost-dev libsqlite3-dev sqlite3 nlohmann-json3-dev libsodium-dev libexpected-dev
  libspdlog-dev libfmt-dev libcli11-dev libgtest-dev libgmock-dev
  clang-format clang-tidy curl python3
  libpq-dev postgresql libxlsxwriter-dev libpugixml-dev robin-map-dev
  clang libclang-rt-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi
