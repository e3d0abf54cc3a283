#!/usr/bin/env bash
# An installed patter works without the source and build trees: install into a prefix, move the
# prefix elsewhere, hide both trees (a private mount namespace with empty folders over them, where
# the system allows it), and check, build, run and explain from the installed files alone.
# Usage: installed_test.sh CMAKE BUILD_DIR SOURCE_DIR
set -u
cmake=$1 build=$(cd "$2" && pwd) src=$(cd "$3" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() { # check DESCRIPTION -- TEST...
  local what=$1
  shift 2
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what"; fi
}

if ! "$cmake" --install "$build" --prefix "$work/first" >"$work/install.log" 2>&1; then
  sed 's/^/    /' "$work/install.log" | tail -20
  echo "0 passed, 1 failed"
  exit 1
fi
mv "$work/first" "$work/moved"
patter=$work/moved/bin/patter
mkdir "$work/campaigns"
cp "$src/examples/data_pack_10.patter" "$src/examples/violations/skipped_clause_and_owner_check.patter" \
  "$src/examples/calls/data_pack_success.txt" "$work/campaigns/"

# Runs a command with the source and build trees hidden behind empty folders.
hidden() {
  if [ -n "${hide:-}" ]; then
    unshare --mount sh -c 'mount -t tmpfs none "$1" && mount -t tmpfs none "$2" && shift 2 && exec "$@"' \
      sh "$build" "$src" "$@"
  else
    "$@"
  fi
}
hide=
if unshare --mount sh -c "mount -t tmpfs none '$build' && mount -t tmpfs none '$src'" 2>/dev/null; then
  hide=1
  check "the trees are hidden" -- hidden test ! -e "$src/stdlib"
else
  echo "note: cannot hide the trees here (no mount namespace); the prefix is still moved"
fi

cd "$work/campaigns" || exit 1
unset PATTER_STDLIB PATTER_DOCS
check "check imports std/ from the installed library" -- hidden "$patter" check data_pack_10.patter
check "build writes a flow" -- hidden "$patter" build data_pack_10.patter -o flow.json
runs_call() { hidden "$patter" run flow.json --phone 13512347754 --replies data_pack_success.txt >/dev/null; }
check "the flow runs a call" -- runs_call
hidden "$patter" check skipped_clause_and_owner_check.patter >"$work/violations.txt" 2>&1
check "a violation is reported with its code" -- grep -q 'E0502' "$work/violations.txt"
hidden "$patter" explain E0501 >"$work/explain.txt" 2>&1
check "explain reads the installed page" -- grep -q 'passing example' "$work/explain.txt"
names_library() { hidden "$patter" check --help | grep -qF "$work/moved/share/patter/stdlib"; }
check "help names the installed library" -- names_library

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
