#!/usr/bin/python3
"""Validates every golden JSON flow against docs/flow.schema.json: the emitter and the written
schema must agree. Usage: validate_flows.py SOURCE_DIR"""
import json
import pathlib
import sys

import jsonschema

root = pathlib.Path(sys.argv[1])
schema = json.loads((root / "docs/flow.schema.json").read_text(encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
flows = sorted(root.glob("tests/golden/**/*.flow.json"))
failed = 0
for path in flows:
    errors = list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8"))))
    for error in errors:
        print(f"FAIL: {path}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
    failed += bool(errors)

# A flow that breaks the contract must be rejected, or the check above proves nothing.
broken = json.loads(flows[0].read_text(encoding="utf-8"))
broken["steps"][0]["actions"].append({"op": "shout"})
if validator.is_valid(broken):
    print("FAIL: the schema accepts an unknown action op")
    failed += 1

print(f"{len(flows) + 1 - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
