#!/usr/bin/env bash
# The main job: build patter, check and build the example campaigns, and simulate two calls on
# the 10085 data-pack flow: one that ends in a sale, one where the customer declines.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh

echo "== patter check examples/*.patter"
build/patter check examples/*.patter
echo "(clean)"
mkdir -p build/flows
build/patter build examples/data_pack_10.patter -o build/flows/data_pack_10.json
build/patter build examples/cable_tv_zhibo140.patter -o build/flows/cable_tv_zhibo140.json
echo "== built build/flows/data_pack_10.json and build/flows/cable_tv_zhibo140.json"

echo
echo "== a call that ends in a sale (examples/calls/data_pack_success.txt)"
build/patter run build/flows/data_pack_10.json --phone 13512347754 \
  --replies examples/calls/data_pack_success.txt
echo
echo "== a call where the customer declines (examples/calls/data_pack_declined.txt)"
build/patter run build/flows/data_pack_10.json --phone 13512347754 \
  --replies examples/calls/data_pack_declined.txt
echo
echo "== conversation scenarios (examples/scenarios/*.scenario, docs/SCENARIOS.md)"
build/patter test examples/scenarios/*.scenario
