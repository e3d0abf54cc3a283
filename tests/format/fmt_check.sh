#!/usr/bin/env bash
# Every example and standard library module is in the canonical layout (`patter fmt --check`);
# after editing one, run `build/patter fmt FILE` on it.
set -euo pipefail
patter=$1
cd "$2"
find examples stdlib -name '*.patter' -print0 | sort -z | xargs -0 "$patter" fmt --check
