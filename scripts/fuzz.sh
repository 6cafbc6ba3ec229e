#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ with clang (build-fuzz/, -DCIVICGRID_FUZZ=ON) and runs each
# for a fixed time on a copy of its seed corpus, so that fuzz/corpus/ is not grown.
# Usage: scripts/fuzz.sh [seconds-per-target (default 15)] [target...]  (default: every target)
# Exits non-zero when a target finds a crash, leak, timeout or out-of-memory; the input is kept
# under build-fuzz/crashes/<target>/ and the command that reproduces it is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-15}"
[[ $# -gt 0 ]] && shift
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(http_request json_body csv_areas geojson open311_form)
fi
dir=build-fuzz

# Not scripts/build.sh: that builds every target, and only the fuzzers (and the libraries they
# link) are wanted here.
started=$SECONDS
CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCIVICGRID_FUZZ=ON -DCIVICGRID_TESTS=OFF >/dev/null
cmake --build "$dir" --target fuzzers --parallel "${CIVICGRID_JOBS:-$(nproc)}"
echo "== fuzz: built in $((SECONDS - started)) s"

work="$(mktemp -d -t civicgrid-fuzz.XXXXXX)"
trap 'rm -rf "$work"' EXIT
failed=()
for t in "${targets[@]}"; do
  bin="$dir/fuzz/fuzz_$t"
  [[ -x "$bin" ]] || { echo "fuzz: no target $t" >&2; exit 2; }
  cp -r "fuzz/corpus/$t" "$work/$t"
  crashes="$dir/crashes/$t"
  mkdir -p "$crashes"
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$crashes/")
  [[ -f "fuzz/$t.dict" ]] && args+=(-dict="fuzz/$t.dict")
  t0=$SECONDS
  if "$bin" "${args[@]}" "$work/$t" >"$work/$t.log" 2>&1; then
    runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$t.log" | grep -o '[0-9]*$')"
    echo "== fuzz $t: ok, ${runs:-?} runs in $((SECONDS - t0)) s"
  else
    echo "== fuzz $t: FAILED after $((SECONDS - t0)) s" >&2
    grep -E '^==[0-9]+== ?ERROR|^SUMMARY|fuzz invariant broken|runtime error|what\(\)' "$work/$t.log" |
      head -5 >&2 || true
    while IFS= read -r artifact; do
      echo "   input kept: $artifact" >&2
      echo "   reproduce:  $bin $artifact" >&2
    done < <(grep -o "Test unit written to .*" "$work/$t.log" | sed 's/Test unit written to //')
    failed+=("$t")
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: clean (${#targets[@]} targets, ${seconds} s each)"
