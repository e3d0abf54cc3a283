#!/usr/bin/env bash
# Configures build-asan/ with clang 14, everything instrumented with ASan+UBSan and libFuzzer's
# coverage (PATTER_FUZZ), and builds the given targets (all when none). The sanitizer suite
# (scripts/sanitize.sh) and the fuzz harnesses (scripts/fuzz.sh) share this one build.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang-14 \
  -DCMAKE_CXX_COMPILER=clang++-14 -DPATTER_FUZZ=ON -DPATTER_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build build-asan -j2 "${targets[@]}"
