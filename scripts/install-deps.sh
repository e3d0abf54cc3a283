#!/usr/bin/env bash
# Installs the Debian 12 packages patter builds with, if any is missing. Run as root.
set -euo pipefail

packages=(g++ cmake make pkg-config antlr4 libantlr4-runtime-dev llvm-14-dev nlohmann-json3-dev
          libfmt-dev libssl-dev catch2 libopencc-dev libutf8proc-dev libbenchmark-dev clang-14
          libclang-rt-14-dev ccache python3 python3-jsonschema graphviz chromium fonts-noto-cjk
          neovim)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm for the editor tests (editors/vscode/): Debian's, unless a node with npm is
# already installed some other way.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
