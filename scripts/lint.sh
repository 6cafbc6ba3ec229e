#!/usr/bin/env bash
# Checks formatting (clang-format) of the C++ sources and, with --tidy, runs clang-tidy over them
# using the compile database of build-test/. Exits non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'bench/*.cc' \
  'fuzz/*.cc' 'fuzz/*.h')
echo "== clang-format (${#files[@]} files)"
clang-format --dry-run --Werror "${files[@]}"
if [[ "${1:-}" == "--tidy" ]]; then
  [[ -f build-test/compile_commands.json ]] ||
    bash scripts/build.sh build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo
  mapfile -t sources < <(git ls-files 'src/*.cc' 'tests/*.cc')
  echo "== clang-tidy (${#sources[@]} files)"
  printf '%s\n' "${sources[@]}" |
    xargs -P "$(nproc)" -n 4 clang-tidy -p build-test --quiet --warnings-as-errors='*'
fi
echo "lint: clean"
