#!/usr/bin/env bash
# The test suite under AddressSanitizer + UndefinedBehaviorSanitizer (clang, build-asan/, shared
# with the fuzz harnesses), and the multi-threaded C API test under ThreadSanitizer (build-tsan/).
# Any sanitizer report fails the run, even one from a child process whose exit status a test
# does not look at: every report is written to build-*/sanitizer-reports/ and any file there
# fails the run.
# CI runs it (.ci/run). The installed-package test is left out of the sanitizer build
# (tests/embed/CMakeLists.txt says why).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/install-node-deps.sh

# Fails if the run left any report in $1, and shows them.
no_reports() {
  if compgen -G "$1/*" >/dev/null; then
    cat "$1"/* >&2
    echo "sanitizer reports in $1: FAILED" >&2
    exit 1
  fi
}

bash scripts/asan-build.sh
reports=$PWD/build-asan/sanitizer-reports
rm -rf "$reports" && mkdir -p "$reports"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:log_path=$reports/asan
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan
ctest --test-dir build-asan --output-on-failure -j2
unset ASAN_OPTIONS UBSAN_OPTIONS
no_reports "$reports"
echo "ASan+UBSan: no report"

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang-14 \
  -DCMAKE_CXX_COMPILER=clang++-14 -DPATTER_SANITIZE=thread -DPATTER_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
cmake --build build-tsan -j2 --target patter_embed_tests
reports=$PWD/build-tsan/sanitizer-reports
rm -rf "$reports" && mkdir -p "$reports"
TSAN_OPTIONS=halt_on_error=1:log_path=$reports/tsan build-tsan/tests/embed/patter_embed_tests "[threads]"
no_reports "$reports"
echo "TSan: no report"
