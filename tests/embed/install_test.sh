#!/usr/bin/env bash
# The installed package, used the way a dialer would: install into a temporary prefix, build
# examples/embed/drive_call.c against it with find_package(patter) and with pkg-config, and drive
# the 10085 data-pack call. Usage: install_test.sh CMAKE CC PATTER BUILD_DIR SOURCE_DIR
set -u
cmake=$1 cc=$2 patter=$3 build=$4 src=$5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

check() { # check DESCRIPTION -- TEST...
  local what=$1
  shift 2
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what"; fi
}
run() { # run LOG COMMAND...: runs quietly, shows the log on failure
  local log=$1
  shift
  "$@" >"$log" 2>&1 || { echo "command failed: $*"; sed 's/^/    /' "$log" | tail -30; return 1; }
}

prefix=$work/prefix
if ! run "$work/install.log" "$cmake" --install "$build" --prefix "$prefix"; then
  echo "0 passed, 1 failed"
  exit 1
fi
pc=$(find "$prefix" -name patter.pc | head -1)
libdir=$(dirname "$(dirname "$pc")")
check "installs patter.h" -- test -f "$prefix/include/patter/patter.h"
check "installs the C++ headers" -- test -f "$prefix/include/patter/session.h"
check "installs the pkg-config file" -- test -n "$pc"
check "installs libpatter.so with SONAME libpatter.so.0" -- \
  bash -c "readelf -d '$libdir/libpatter.so' | grep -q 'SONAME.*libpatter.so.0'"
check "installs the CMake package" -- test -f "$libdir/cmake/patter/patterConfig.cmake"
check "installs the package version file" -- test -f "$libdir/cmake/patter/patterConfigVersion.cmake"
# Only patter's own API leaves the library: fmt and nlohmann/json stay inside.
nm -DC --defined-only "$libdir/libpatter.so" | awk '{ $1 = ""; $2 = ""; print }' >"$work/exports"
check "exports the C API" -- grep -q '^  patter_session_feed_text' "$work/exports"
check "exports the C++ API" -- grep -q '^  patter::Session::feedText' "$work/exports"
check "exports nothing of fmt, nlohmann/json or the private helpers" -- \
  bash -c "! grep -Ev '^  (patter_|patter::[A-Z]|patter::(toString|transcriptLine|isoTime|mainlandMobile|wordClassOf|foldForReading|sha256Identity|flowIdentity)|(vtable|typeinfo|typeinfo name) for patter::[A-Z]|PATTER_0)' '$work/exports'"

cd "$src" || exit 1
run "$work/build-flow.log" "$patter" build examples/data_pack_10.patter -o "$work/flow.json"
check "builds the example flow" -- test -s "$work/flow.json"

expect_success_call() { # expect_success_call DESCRIPTION PROGRAM [ENV...]
  local what=$1 program=$2 before=$failed
  shift 2
  env "$@" "$program" "$work/flow.json" >"$work/call.out" 2>&1
  local status=$?
  check "$what: exits 0" -- test "$status" = 0
  check "$what: greets and checks the owner" -- \
    grep -q '^agent: 您好,我是中国移动10085客服,请问您是135尾号7754的机主吗?$' "$work/call.out"
  check "$what: discloses the price" -- grep -q '^agent: 每月只需10元$' "$work/call.out"
  check "$what: registers for the called number" -- \
    grep -q '^\[register 10元5GB流量月包 for 13512347754\]$' "$work/call.out"
  check "$what: ends in success" -- grep -q '^outcome: success$' "$work/call.out"
  check "$what: writes an audit log" -- grep -Eq '^audit records: [1-9]' "$work/call.out"
  [ "$failed" = "$before" ] || sed 's/^/    /' "$work/call.out"
}

# 1. CMake: find_package(patter) and patter::runtime.
if run "$work/cmake-configure.log" "$cmake" -S examples/embed -B "$work/embed-build" \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" &&
  run "$work/cmake-build.log" "$cmake" --build "$work/embed-build"; then
  passed=$((passed + 1))
  check "the CMake build has no warnings" -- bash -c "! grep -q 'warning:' '$work/cmake-build.log'"
  expect_success_call "find_package build" "$work/embed-build/drive_call"
else
  failed=$((failed + 1))
  echo "FAIL: examples/embed builds with find_package(patter)"
fi

# 2. pkg-config, the one-liner of docs/EMBEDDING.md.
export PKG_CONFIG_PATH=$libdir/pkgconfig
check "pkg-config knows the version" -- test "$(pkg-config --modversion patter)" = "$("$patter" --version | cut -d' ' -f2)"
check "pkg-config --static adds fmt" -- bash -c "pkg-config --libs --static patter | grep -q -- '-lfmt'"
# shellcheck disable=SC2046 # word splitting of pkg-config output is intended
if run "$work/pc-build.log" "$cc" -std=c99 -Wall -Wextra -pedantic examples/embed/drive_call.c \
    $(pkg-config --cflags --libs patter) -o "$work/drive_call_pc"; then
  passed=$((passed + 1))
  expect_success_call "pkg-config build" "$work/drive_call_pc" LD_LIBRARY_PATH="$libdir"
else
  failed=$((failed + 1))
  echo "FAIL: drive_call.c builds with pkg-config"
fi

# The example's own error path: a flow that does not exist.
env LD_LIBRARY_PATH="$libdir" "$work/drive_call_pc" "$work/none.json" >/dev/null 2>&1
check "a missing flow exits 2" -- test $? = 2

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
