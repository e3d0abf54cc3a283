#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, build-asan/, shared with scripts/sanitize.sh) and runs
# each for SECONDS (default 60), seeded from the examples; fuzz/README.md. `bash scripts/fuzz.sh
# 3600` is a long run. Prints the executions of each harness; a crash, a sanitizer report or a
# broken invariant stops the run with the reproducer in build-asan/fuzz-crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
bash scripts/install-deps.sh
bash scripts/asan-build.sh fuzz_flow_loader fuzz_compiler fuzz_session fuzz_snapshot

# Seeds: the built flows, the campaigns, and calls that reach the sale on each example flow.
seeds=build-asan/fuzz-seeds
crashes=build-asan/fuzz-crashes
rm -rf "$seeds" && mkdir -p "$seeds"/{flow_loader,compiler,session,snapshot} "$crashes"
cp tests/golden/examples/*.flow.json tests/golden/*.flow.json "$seeds/flow_loader/"
cp examples/*.patter examples/violations/*.patter tests/golden/*.patter "$seeds/compiler/"
# Byte 0 picks the flow (driver.h); then each byte below 0x80 is a reply (0 是的, 2 好的,
# 8 好的,办吧, 9 不要了,我不办了), 0x8c a `sufficient` result.
printf '\x00\x00\x02\x08' >"$seeds/session/data_pack_sale"
printf '\x01\x00\x02\x08\x8c\x8c' >"$seeds/session/cable_sale"
printf '\x00\x00\x09\x02\x08' >"$seeds/session/refusal"
cp "$seeds"/session/* "$seeds/snapshot/"

total=0
for harness in flow_loader compiler session snapshot; do
  log=build-asan/fuzz_$harness.log
  ASAN_OPTIONS=detect_leaks=1 build-asan/fuzz/fuzz_$harness -max_total_time="$seconds" -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$crashes/$harness-" "$seeds/$harness" >"$log" 2>&1 || {
    tail -40 "$log"
    echo "fuzz_$harness: FAILED (reproducer in $crashes/)"
    exit 1
  }
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  total=$((total + ${runs:-0}))
  echo "fuzz_$harness: ${runs:-0} executions in ${seconds} s, no crash"
done
echo "total: $total executions"
