#!/usr/bin/env bash
# The VS Code extension packages into a .vsix with @vscode/vsce (nothing is published) holding
# the manifest, the grammar, the language configuration and the language client it runs.
# Usage: package_vsix.sh SOURCE_DIR OUTPUT.vsix
set -euo pipefail
cd "$1/editors/vscode"
rm -f "$2"
node_modules/.bin/vsce package --allow-missing-repository --skip-license --out "$2" >/dev/null
python3 - "$2" <<'PY'
import json, sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
for need in ["extension/package.json", "extension/extension.js", "extension/syntaxes/patter.tmLanguage.json",
             "extension/language-configuration.json", "extension/node_modules/vscode-languageclient/package.json"]:
    assert need in names, f"{need} missing from the .vsix"
assert not any(n.startswith("extension/test/") for n in names), "tests are packaged"
manifest = json.loads(zipfile.ZipFile(sys.argv[1]).read("extension/package.json"))
assert manifest["contributes"]["languages"][0]["extensions"] == [".patter"]
print(f"{sys.argv[1]}: {len(names)} files")
PY
