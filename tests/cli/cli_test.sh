#!/usr/bin/env bash
# CLI contract tests: exit codes, --help/--version on every command, atomic build output,
# and scripted calls through `patter run`. Usage: cli_test.sh PATTER SOURCE_DIR
set -u
patter=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$src" || exit 1
passed=0
failed=0

expect() { # expect CODE DESCRIPTION -- COMMAND...
  local want=$1 what=$2
  shift 3
  "$@" >"$work/out" 2>"$work/err" </dev/null
  local got=$?
  if [ "$got" = "$want" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $what: exit $got, wanted $want: $*"
    sed 's/^/    /' "$work/err" | head -20
  fi
}

check() { # check DESCRIPTION -- TEST...
  local what=$1
  shift 2
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what"; fi
}

# --help and --version everywhere
expect 0 "top-level help" -- "$patter" --help
expect 0 "top-level version" -- "$patter" --version
for cmd in check build run; do
  expect 0 "$cmd --help" -- "$patter" "$cmd" --help
  check "$cmd --help prints usage" -- grep -q "usage: patter $cmd" "$work/out"
  expect 0 "$cmd --version" -- "$patter" "$cmd" --version
  check "$cmd --version prints the version" -- grep -Eq "^patter [0-9]+\.[0-9]+\.[0-9]+$" "$work/out"
done

# usage and I/O trouble: exit 2
expect 2 "no command" -- "$patter"
expect 2 "unknown command" -- "$patter" frobnicate
expect 2 "unknown option" -- "$patter" check --frob examples/data_pack_10.patter
expect 2 "no input" -- "$patter" check
expect 2 "missing file" -- "$patter" check "$work/none.patter"
expect 2 "bad --format" -- "$patter" check --format=xml examples/data_pack_10.patter

# clean and failing checks
expect 0 "examples check clean" -- "$patter" check examples/data_pack_10.patter examples/cable_tv_zhibo140.patter
check "clean check prints nothing" -- test ! -s "$work/err"
printf 'campaign c {\n  start a\n  step a { ask "好吗?" on yes -> b }\n}\n' >"$work/bad.patter"
expect 1 "errors give exit 1" -- "$patter" check "$work/bad.patter"
check "error is file:line:col: error[CODE]" -- grep -q "bad.patter:3:32: error\[E0102\]: no step named 'b'" "$work/err"
expect 1 "json diagnostics" -- "$patter" check --format=json "$work/bad.patter"
check "json diagnostics go to stdout" -- grep -q '"code": "E0102"' "$work/out"
printf 'campaign c {\n  start a\n  step a { end done }\n  step b { end done }\n}\n' >"$work/warn.patter"
expect 0 "warnings alone exit 0" -- "$patter" check "$work/warn.patter"
check "warning printed" -- grep -q "warning\[W0301\]" "$work/err"

# build: atomic output, nothing left behind on failure
expect 0 "build writes the flow" -- "$patter" build examples/data_pack_10.patter -o "$work/flow.json"
check "built flow matches the golden" -- cmp -s "$work/flow.json" tests/golden/examples/data_pack_10.flow.json
expect 0 "build to stdout" -- "$patter" build examples/data_pack_10.patter
check "stdout flow matches the golden" -- cmp -s "$work/out" tests/golden/examples/data_pack_10.flow.json
cp "$work/flow.json" "$work/stale.json"
expect 1 "failed build" -- "$patter" build "$work/bad.patter" -o "$work/stale.json"
check "failed build leaves no output file" -- test ! -e "$work/stale.json"
check "failed build leaves no temporary file" -- test -z "$(ls -A "$work" | grep tmp)"
expect 2 "unwritable output" -- "$patter" build examples/data_pack_10.patter -o "$work/no/such/dir/flow.json"
printf 'policy p { limit retention 2 }\n' >"$work/module.patter"
expect 0 "a module checks" -- "$patter" check "$work/module.patter"
expect 1 "a module does not build" -- "$patter" build "$work/module.patter" -o "$work/m.json"
check "E0004 for a module without campaign" -- grep -q "E0004" "$work/err"

# run: scripted calls
"$patter" build examples/data_pack_10.patter -o "$work/flow.json" 2>/dev/null
printf '是的\n好的\n是的\n' >"$work/yes.txt"
expect 0 "run a successful call" -- "$patter" run "$work/flow.json" --phone 13512347754 --replies "$work/yes.txt"
check "the call registers and succeeds" -- grep -q "\[end success\]" "$work/out"
check "owner check uses first 3 and last 4" -- grep -q "135尾号7754" "$work/out"
printf '是的\n不需要\n不需要\n不需要\n' >"$work/no.txt"
expect 0 "run a declined call" -- "$patter" run "$work/flow.json" --phone 13512347754 --replies "$work/no.txt"
check "the declined call ends declined" -- grep -q "\[end declined\]" "$work/out"
check "the declined call never registers" -- bash -c "! grep -q '\[register' '$work/out'"
expect 2 "run a missing flow" -- "$patter" run "$work/none.json"
echo '{"format": "patter-flow", "version": 99}' >"$work/v99.json"
expect 2 "run an unknown version" -- "$patter" run "$work/v99.json"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
