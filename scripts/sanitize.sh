#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/), and the
# multi-threaded C API test under ThreadSanitizer (build-tsan/). Any report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPATTER_SANITIZE=address,undefined \
  -DPATTER_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
cmake --build build-asan -j2
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j2

cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPATTER_SANITIZE=thread \
  -DPATTER_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
cmake --build build-tsan -j2 --target patter_embed_tests
TSAN_OPTIONS=halt_on_error=1 build-tsan/tests/embed/patter_embed_tests "[threads]"
