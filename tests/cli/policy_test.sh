#!/usr/bin/env bash
# The policy cannot be dropped, forged, shadowed or swapped (docs/LANGUAGE.md, "Policies"): each
# example campaign, edited the way a writer could, must fail, and the compliance team's pins
# (patter.json, --policy) must hold. Usage: policy_test.sh PATTER SOURCE_DIR
set -u
patter=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$src" || exit 1
passed=0
failed=0

# expect CODE DIAGNOSTIC DESCRIPTION -- COMMAND...: the exit code, and the diagnostic code in
# stderr (or "-" for none expected).
expect() {
  local want=$1 diag=$2 what=$3
  shift 4
  "$@" >"$work/out" 2>"$work/err" </dev/null
  local got=$?
  if [ "$got" = "$want" ] && { [ "$diag" = - ] || grep -q "error\[$diag\]" "$work/err"; }; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $what: exit $got, wanted $want with $diag: $*"
    sed 's/^/    /' "$work/err" | head -12
  fi
}

# Every example, in a folder of its own outside the repository (no project file above it).
for example in examples/*.patter; do
  name=$(basename "$example" .patter)
  policy=$(sed -n 's/^  policy  *\([a-z_]*\) *$/\1/p' "$example")
  dir="$work/$name"
  mkdir -p "$dir"
  expect 0 - "$name checks clean" -- "$patter" check "$example"

  grep -v "^  policy  *$policy *\$" "$example" >"$dir/dropped.patter"
  expect 1 E0220 "$name without its policy" -- "$patter" check "$dir/dropped.patter"

  # A local look-alike imported instead of the standard module.
  mkdir -p "$dir/lookalike"
  sed "s#import \"std/policy/$policy\"#import \"$policy\"#" "$example" >"$dir/lookalike/c.patter"
  printf 'policy %s {\n  channels outbound, followup\n  products mobile_data, cable_tv_package\n  limit retention 3\n}\n' \
    "$policy" >"$dir/lookalike/$policy.patter"
  expect 1 E0222 "$name with a local look-alike of $policy" -- "$patter" check "$dir/lookalike/c.patter"

  # The same file placed where `std/...` would find it first, were it searched locally.
  mkdir -p "$dir/shadow/std/policy"
  cp "$example" "$dir/shadow/c.patter"
  cp "$dir/lookalike/$policy.patter" "$dir/shadow/std/policy/"
  expect 1 E0006 "$name under a local std/ folder" -- "$patter" check "$dir/shadow/c.patter"
  mkdir -p "$dir/include/std/policy"
  cp "$dir/lookalike/$policy.patter" "$dir/include/std/policy/"
  expect 1 E0006 "$name with a std/ folder on -I" -- "$patter" check -I "$dir/include" "$example"

  # Every other standard policy in its place.
  for other in mobile_outbound cable_tv followup; do
    [ "$other" = "$policy" ] && continue
    sed "s#std/policy/$policy\"#std/policy/$other\"#; s#^  policy  *$policy *\$#  policy  $other#" \
      "$example" >"$dir/swapped_$other.patter"
    expect 1 E0223 "$name under $other" -- "$patter" check "$dir/swapped_$other.patter"
  done

  grep -v "^    kind " "$example" >"$dir/nokind.patter"
  expect 1 E0224 "$name without its kind of product" -- "$patter" check "$dir/nokind.patter"

  # Pinned: the flag and the project file take the standard policy and nothing else.
  expect 0 - "$name with its policy pinned" -- "$patter" check --policy "std/policy/$policy" "$example"
  pinned=followup
  [ "$policy" = followup ] && pinned=mobile_outbound
  expect 1 E0221 "$name pinned to another policy" -- "$patter" check --policy "std/policy/$pinned" "$example"
  expect 1 E0221 "$name pinned to the name in another file" -- \
    "$patter" check --policy "std/policy/$pinned:$policy" "$example"
done

# A writer's own policy under another name passes only where nothing is pinned.
mkdir -p "$work/own"
sed 's#import "std/policy/mobile_outbound"#import "mine"#; s#^  policy  mobile_outbound#  policy  mine#' \
  examples/data_pack_10.patter >"$work/own/c.patter"
printf 'import "std/outcomes"\npolicy mine {\n  channels outbound\n  products mobile_data\n  limit retention 3\n}\n' >"$work/own/mine.patter"
expect 0 - "an unpinned folder takes a writer's own policy" -- "$patter" check "$work/own/c.patter"
expect 1 E0221 "--policy refuses it" -- "$patter" check --policy std/policy/mobile_outbound "$work/own/c.patter"
printf '{ "policies": ["std/policy/mobile_outbound"] }\n' >"$work/own/patter.json"
expect 1 E0221 "the project file beside it refuses it" -- "$patter" check "$work/own/c.patter"
mkdir -p "$work/own/sub"
cp "$work/own/c.patter" "$work/own/mine.patter" "$work/own/sub/"
expect 1 E0221 "the project file of a folder above refuses it" -- "$patter" check "$work/own/sub/c.patter"
printf '{ "policies": ["mine"] }\n' >"$work/own/patter.json"
expect 0 - "a project file pinning the team's module by path takes it" -- "$patter" check "$work/own/c.patter"
expect 1 E0221 "a copy of the pinned module elsewhere is another policy" -- "$patter" check "$work/own/sub/c.patter"
printf '{ "policies": "mine" }\n' >"$work/own/patter.json"
expect 1 E0007 "a malformed project file" -- "$patter" check "$work/own/c.patter"
printf '{ "policies": ["gone"] }\n' >"$work/own/patter.json"
expect 1 E0007 "a project file pinning a missing module" -- "$patter" check "$work/own/c.patter"
rm "$work/own/patter.json"
expect 1 E0007 "a --policy naming a missing module" -- "$patter" check --policy gone "$work/own/c.patter"
expect 2 - "--policy without a value" -- "$patter" check --policy

# The repository's examples folder pins the standard policies.
cp "$work/own/c.patter" "$work/own/mine.patter" examples/ 2>/dev/null &&
  trap 'rm -rf "$work" examples/c.patter examples/mine.patter' EXIT
expect 1 E0221 "examples/patter.json refuses a writer's own policy" -- "$patter" check examples/c.patter
rm -f examples/c.patter examples/mine.patter

# An extension that adds a clause (the seed's 老套餐不能转回, 000 Q28) passes; one that weakens fails.
cat >"$work/own/revert.patter" <<'PATTER'
import "std/policy/mobile_outbound"
policy plan_change extends mobile_outbound {
  require revert
  products mobile_plan
  limit retention 1
  confirm_forbids "短信通知"
}
PATTER
expect 0 - "a stricter extension checks" -- "$patter" check "$work/own/revert.patter"
printf 'import "std/policy/mobile_outbound"\npolicy loose extends mobile_outbound {\n  limit retention 3\n}\n' >"$work/own/loose.patter"
expect 1 E0228 "an extension raising a limit" -- "$patter" check "$work/own/loose.patter"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
