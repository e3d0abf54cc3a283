#!/usr/bin/env bash
# Drives `patter lsp` from Neovim's built-in LSP client, headless (neovim_lsp_test.lua).
# Usage: neovim_lsp.sh PATTER SOURCE_DIR
set -euo pipefail
patter=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A copy, so the edits never touch the repository; the example imports only the standard library.
cp "$root/examples/data_pack_10.patter" "$work/"
HOME="$work" XDG_STATE_HOME="$work" PATTER="$patter" EXAMPLE="$work/data_pack_10.patter" \
  timeout 60 nvim --headless --clean -n -c "luafile $root/tests/editors/neovim_lsp_test.lua"
