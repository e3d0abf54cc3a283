#!/usr/bin/python3
"""The reviewer's commands on every example: `patter graph` (DOT, Mermaid, SVG, a highlighted
counterexample path), `patter extract` (CSV and JSON, ids that survive edits elsewhere),
`patter diff` against a changed copy (text and JSON), and `patter report`.
Usage: review_test.py PATTER SOURCE_DIR"""
import csv
import io
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import xml.dom.minidom

patter, root = sys.argv[1], pathlib.Path(sys.argv[2])
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}")
    return ok


def run(*args, want=0):
    done = subprocess.run([patter, *map(str, args)], cwd=root, capture_output=True, text=True)
    check(done.returncode == want,
          f"patter {' '.join(map(str, args))}: exit {done.returncode}, wanted {want}: {done.stderr[:400]}")
    return done


def extract(path):
    return list(csv.DictReader(io.StringIO(run("extract", path).stdout)))


def reword_first_clause(text):
    """The first clause of the `clauses` block, with words added."""
    block = text.index("clauses {")
    quote = text.index('"', block)
    end = text.index('"', quote + 1)
    return text[:end] + ",以上请您知悉" + text[end:], text[block:quote].split()[-1]


examples = sorted((root / "examples").glob("*.patter"))
check(len(examples) >= 6, "the examples are found")
with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    for example in examples:
        name = example.relative_to(root)
        source = example.read_text(encoding="utf-8")
        sells = re.search(r"^\s*register\b", source, re.M) is not None
        dot = run("graph", name).stdout
        check(dot.startswith("digraph flow {") and ("登记销售" in dot) == sells, f"{name}: DOT marks the sale")
        check("->" in dot and "label=\"yes\"" in dot, f"{name}: DOT edges are labelled by event")
        check("披露: " in dot and ("确认办理" in dot) == ("confirm\n" in source),
              f"{name}: DOT marks disclosures and the confirmation")
        mermaid = run("graph", "--format=mermaid", name).stdout
        check(mermaid.startswith("flowchart TD") and "-->|\"yes\"|" in mermaid, f"{name}: Mermaid")
        svg = run("graph", "--format", "svg", name).stdout
        try:
            check(xml.dom.minidom.parseString(svg).documentElement.tagName == "svg", f"{name}: SVG")
        except Exception as error:
            check(False, f"{name}: SVG does not parse: {error}")

        lines = extract(name)
        check(len(lines) > 5 and all(l["id"] and l["kind"] in ("say", "ask", "clause", "runtime") for l in lines),
              f"{name}: extract lists the lines")
        check(len({l["id"] for l in lines}) == len(lines), f"{name}: line ids are unique")
        flow_text = json.loads(run("extract", "--format=json", name).stdout)
        check([l["id"] for l in flow_text] == [l["id"] for l in lines], f"{name}: JSON lists the same lines")
        clause_lines = [l for l in lines if l["kind"] == "clause"]
        check(clause_lines and all(l["clauses"] for l in clause_lines), f"{name}: clause lines name their clause")

        # Ids survive edits elsewhere: lines moved down, a step added.
        edited = tmp / example.name
        last = source.rindex("}")
        edited.write_text("// 审核备注\n// 第二行\n\n" + source[:last] +
                          '  step zz_review_added {\n    say "感谢您的接听,再见!"\n    end declined\n  }\n' +
                          source[last:], encoding="utf-8")
        moved = {l["id"]: l for l in extract(edited)}
        check(all(l["id"] in moved and moved[l["id"]]["text"] == l["text"] for l in lines),
              f"{name}: every line keeps its id after an edit elsewhere")
        check(all(moved[l["id"]]["line"] != l["line"] for l in lines if l["line"] and l["file"] == str(name)),
              f"{name}: ... though every line number changed")
        check("zz_review_added.say.1" in moved, f"{name}: the added step's line has its own id")

        # A reworded clause is a change; the same file is none.
        changed, clause = reword_first_clause(source)
        copy = tmp / ("changed_" + example.name)
        copy.write_text(changed, encoding="utf-8")
        same = run("diff", name, name)
        check("no change in compliance terms" in same.stdout, f"{name}: diff of a file with itself")
        text = run("diff", name, copy, want=1).stdout
        check(re.search(rf"^Clauses:\n  ~ {re.escape(clause)}: ", text, re.M) is not None,
              f"{name}: diff reports clause '{clause}' reworded:\n{text}")
        doc = json.loads(run("diff", "--format=json", name, copy, want=1).stdout)
        check(any(c["section"] == "clause" and c["kind"] == "changed" and c["subject"] == clause
                  and c["after"].endswith("以上请您知悉") for c in doc["changes"]),
              f"{name}: JSON diff reports the reworded clause")

        built = tmp / (example.stem + ".flow.json")
        run("build", name, "-o", built)
        check(run("diff", built, name).returncode == 0, f"{name}: a flow and its source do not differ")
        from_flow = run("report", built).stdout
        check("流程文件只在检查无误后生成" in from_flow and 'data-line-id="' in from_flow,
              f"{name}: a report of a built flow")
        page = tmp / (example.stem + ".html")
        run("report", name, "-o", page, "--against", copy)
        html = page.read_text(encoding="utf-8")
        check("<svg" in html and 'id="changes"' in html and 'data-line-id="' in html, f"{name}: report")

    # The policy's side: a lexicon entry, a ceiling and a waiver changed in a local copy.
    for side in ("old", "new"):
        (tmp / side).mkdir()
    # A team's own policy may not take a standard policy's name (E0222).
    policy = (root / "stdlib/std/policy/mobile_outbound.patter").read_text(encoding="utf-8").replace(
        "policy mobile_outbound {", "policy team_outbound {")
    campaign = (root / "examples/data_pack_10.patter").read_text(encoding="utf-8").replace(
        'import "std/policy/mobile_outbound"', 'import "local_policy"').replace(
        "policy  mobile_outbound", "policy  team_outbound")
    (tmp / "old/local_policy.patter").write_text(policy, encoding="utf-8")
    (tmp / "old/c.patter").write_text(campaign, encoding="utf-8")
    (tmp / "new/local_policy.patter").write_text(
        policy.replace("limit retention 2 ", "limit retention 1 ").replace('banned "完全不收费" {', 'banned "完全不收钱" {'),
        encoding="utf-8")
    (tmp / "new/c.patter").write_text(campaign.replace(
        'say "已为您登记成功,', 'say "已为您登记成功,您的专属客户经理会联系您," allow R09 "客户经理回访已获批" say "'),
        encoding="utf-8")
    doc = json.loads(run("diff", "--format=json", tmp / "old/c.patter", tmp / "new/c.patter", want=1).stdout)
    got = {(c["section"], c["kind"], c["subject"]) for c in doc["changes"]}
    check(("ceiling", "changed", "retention") in got, f"diff: a changed ceiling: {got}")
    check(("lexicon", "removed", 'banned "完全不收费"') in got and ("lexicon", "added", 'banned "完全不收钱"') in got,
          f"diff: lexicon entries added and removed: {got}")
    check(any(s == "waiver" and k == "added" for s, k, _ in got), f"diff: a waiver added: {got}")
    check(any(s == "closing" or s == "line" for s, _, _ in got), f"diff: the added line: {got}")
    page = run("report", tmp / "new/c.patter").stdout
    table = page[page.find('id="waiver-table"'):]
    check("客户经理回访已获批" in table[:table.find("</table>")] and "c.patter:" in table,
          "report: the waiver with its reason and place")
    flow_side = tmp / "old.flow.json"
    run("build", tmp / "old/c.patter", "-o", flow_side)
    doc = json.loads(run("diff", "--format=json", flow_side, tmp / "new/c.patter", want=1).stdout)
    check(any("lexicon" in note for note in doc["not_compared"]), "diff: a flow's lexicon is said to be not compared")

    # A path that turns off through an objection's keyword at the first question skips every
    # disclosure: the report lists it as its own kind, with what it misses.
    source = (root / "examples/data_pack_10.patter").read_text(encoding="utf-8")
    last = source.rindex("}")
    short = tmp / "shortcut.patter"
    short.write_text(source[:last] + '  objection shortcut when "直接办" {\n    say "好的。"\n    goto confirm\n  }\n'
                     + source[last:], encoding="utf-8")
    page = run("report", short).stdout
    check("缺少必须披露的条款:price, includes, effective, term, expiry, downgrade" in page,
          "report: a sale path through an objection keyword, with the clauses it misses")

    # A counterexample path, highlighted.
    violation = "examples/violations/skipped_clause_and_owner_check.patter"
    check_out = subprocess.run([patter, "check", violation], cwd=root, capture_output=True, text=True).stderr
    at = re.search(r"skipped_clause_and_owner_check.patter:(\d+):\d+: error\[E0502\]", check_out)
    if check(at is not None, "the violation reports E0502"):
        dot = run("graph", f"--path=E0502@{at.group(1)}", violation).stdout
        red = set(re.findall(r'"([^"]+)" -> "([^"]+)" \[[^\]]*penwidth=3', dot))
        check(("greet", "pitch") in red and ("confirm", "done") in red, f"--path highlights the path: {red}")
        check("草稿" not in dot and "E0502" in dot, "--path names the diagnostic in the caption")
    run("graph", "--path=E0502@1", violation, want=2)
    run("graph", "--format=png", "examples/data_pack_10.patter", want=2)
    run("extract", "/nonexistent.patter", want=2)
    bad_flow = tmp / "bad.json"
    bad_flow.write_text('{"format": "patter-flow", "version": 1}', encoding="utf-8")
    check("not a valid call flow" in run("graph", bad_flow, want=2).stderr, "a broken flow is refused")
    out = tmp / "kept.dot"
    out.write_text("old", encoding="utf-8")
    run("graph", "-o", out, bad_flow, want=2)
    check(out.read_text(encoding="utf-8") == "old", "a failed graph leaves its output alone")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
