#!/usr/bin/python3
"""Runs `patter check --format=sarif` over every golden script, example and documented failing
example, and validates each log against the published SARIF 2.1.0 schema (vendored beside this
file, see README.md), then checks what the schema leaves to formats it cannot test here (URIs).
Negative cases prove the validator rejects broken logs. Usage: validate_sarif.py PATTER SOURCE_DIR"""
import copy
import json
import pathlib
import re
import subprocess
import sys
import tempfile

import jsonschema

patter = sys.argv[1]
root = pathlib.Path(sys.argv[2])
schema = json.loads((pathlib.Path(__file__).parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)

# RFC 3986: a URI reference uses only these characters, `%` only before two hex digits.
URI_REFERENCE = re.compile(r"^([A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
ABSOLUTE_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")

passed = failed = 0


def fail(what):
    global failed
    failed += 1
    print(f"FAIL: {what}")


def uri_problems(log):
    """URIs the schema marks `format: uri(-reference)`; jsonschema checks those only with an
    optional package, so they are checked here."""
    problems = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                where = f"{path}/{key}"
                if key == "uri" and isinstance(value, str) and not URI_REFERENCE.match(value):
                    problems.append(f"{where}: not a URI reference: {value!r}")
                if key in ("helpUri", "informationUri") and not ABSOLUTE_URI.match(str(value)):
                    problems.append(f"{where}: not an absolute URI: {value!r}")
                walk(value, where)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}/{i}")

    walk(log, "")
    return problems


def check_log(what, text):
    """Validates one SARIF document; returns it parsed, or None."""
    global passed
    try:
        log = json.loads(text)
    except json.JSONDecodeError as error:
        fail(f"{what}: not one JSON document: {error}")
        return None
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    problems += uri_problems(log)
    run = (log.get("runs") or [{}])[0]
    if len(log.get("runs", [])) != 1:
        problems.append("a log holds exactly one run")
    if run.get("columnKind") != "unicodeCodePoints":
        problems.append("run.columnKind must be unicodeCodePoints")
    driver = run.get("tool", {}).get("driver", {})
    if "informationUri" not in driver:
        problems.append("tool.driver.informationUri is missing")
    for descriptor in driver.get("rules", []):
        for field in ("fullDescription", "help"):
            if not descriptor.get(field, {}).get("text"):
                problems.append(f"rule {descriptor.get('id')}: no {field} text")
    for result in run.get("results", []):
        rule = result.get("properties", {}).get("rule")
        if rule is not None and not re.fullmatch(r"R\d\d", rule):
            problems.append(f"result {result.get('ruleId')}: bad rule id {rule!r}")
    for problem in problems:
        fail(f"{what}: {problem}")
    if not problems:
        passed += 1
        return log
    return None


def sarif_of(*files):
    done = subprocess.run([patter, "check", "--format=sarif", *map(str, files)], cwd=root,
                          capture_output=True, text=True)
    if done.returncode not in (0, 1):
        fail(f"check {' '.join(map(str, files))}: exit {done.returncode}: {done.stderr.strip()}")
        return None
    return done.stdout


def failing_examples(folder):
    """The failing example of every docs/diagnostics page, written out as a script."""
    out = []
    for page in sorted((root / "docs/diagnostics").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        match = re.search(r"## Failing example.*?```patter\n(.*?)\n```", text, re.S)
        if match:
            path = pathlib.Path(folder) / f"{page.stem}-failing.patter"
            path.write_bytes(match.group(1).replace("<invalid-utf8>", "\udcff").encode("utf-8", "surrogateescape") + b"\n")
            out.append(path)
    return out


scripts = sorted(p.relative_to(root) for p in (root / "tests/golden").glob("*.patter"))
scripts += sorted(p.relative_to(root) for p in (root / "tests/verify").glob("*.patter"))
scripts += sorted(p.relative_to(root) for p in (root / "examples").rglob("*.patter"))
results = 0
with tempfile.TemporaryDirectory() as folder:
    for script in scripts + failing_examples(folder):
        text = sarif_of(script)
        if text is not None:
            log = check_log(str(script), text)
            if log:
                results += len(log["runs"][0]["results"])

    # Several inputs make one document with one run holding every file's results.
    text = sarif_of(*scripts)
    log = check_log("all scripts in one check", text) if text is not None else None
    if log:
        files = {loc["physicalLocation"]["artifactLocation"]["uri"]
                 for r in log["runs"][0]["results"] for loc in r.get("locations", [])}
        if len(files) < 2:
            fail(f"one check over {len(scripts)} scripts reports results in {len(files)} file(s)")

if results == 0:
    fail("no script produced a single result: the validation proved nothing")

# The validator must be able to fail, or the checks above prove nothing.
if log:
    def broken(change, why):
        global passed
        bad = copy.deepcopy(log)
        change(bad)
        if validator.is_valid(bad) and not uri_problems(bad):
            fail(f"the validator accepts a log with {why}")
        else:
            passed += 1

    first = lambda bad: bad["runs"][0]["results"][0]
    broken(lambda bad: bad.update(version="2.0.0"), "version 2.0.0")
    broken(lambda bad: first(bad).update(level="fatal"), "level 'fatal'")
    broken(lambda bad: first(bad).pop("message"), "a result without a message")
    broken(lambda bad: first(bad).update(relatedLocations=[{"message": {"text": "x"}}] * 2),
           "two identical related locations")
    broken(lambda bad: bad["runs"][0]["tool"]["driver"]["rules"][0].update(helpUri="docs/E0001.md"),
           "a relative helpUri")
    broken(lambda bad: first(bad)["locations"][0]["physicalLocation"]["artifactLocation"].update(
        uri="<stdlib>/std/handlers.patter"), "a file name that is not a URI")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
