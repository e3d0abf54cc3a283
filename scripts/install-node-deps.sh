#!/usr/bin/env bash
# Installs the npm packages of editors/vscode/ exactly as package-lock.json pins them (`npm ci`),
# unless they were installed from this very lock already (the editor tests and the .vsix need them).
set -euo pipefail
cd "$(dirname "$0")/../editors/vscode"
if cmp -s package-lock.json node_modules/.installed-lock.json; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json node_modules/.installed-lock.json
