#!/usr/bin/python3
"""`patter report` pages in headless Chromium: each example's page (and a draft one of a
violation) loads offline with no console message, the rendered DOM holds what a reviewer needs,
and a screenshot and a PDF print of each are kept in ARTEFACTS.
Usage: report_browser_test.py PATTER SOURCE_DIR ARTEFACTS"""
import csv
import html.parser
import io
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

patter, root, artefacts = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]).resolve()
artefacts.mkdir(parents=True, exist_ok=True)
chromium = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--log-level=0"]
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}")
    return ok


def browse(page, *action):
    """Runs Chromium on `page` with a fresh profile; returns (stdout, console messages)."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", *action, page.as_uri()],
                              capture_output=True, text=True, timeout=120)
    console = [l for l in done.stderr.splitlines() if ":CONSOLE" in l]
    check(done.returncode == 0, f"chromium {action} {page.name}: exit {done.returncode}: {done.stderr[-400:]}")
    return done.stdout, console


class Dom(html.parser.HTMLParser):
    """The rendered document as Chromium dumped it: ids, line rows, texts, references."""

    def __init__(self):
        super().__init__()
        self.ids, self.line_ids, self.references, self.tags = set(), [], [], []
        self.text, self.stack, self.by_id = [], [], {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if "data-line-id" in attrs:
            self.line_ids.append(attrs["data-line-id"])
        for name in ("src", "href"):
            if name in attrs and not attrs[name].startswith("#"):
                self.references.append(attrs[name])
        self.stack.append(attrs.get("id"))

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        for id_ in self.stack:
            if id_:
                self.by_id[id_] = self.by_id.get(id_, "") + data


def dom_of(text):
    dom = Dom()
    dom.feed(text)
    return dom


# The console check must be able to fail, or a clean run proves nothing.
with tempfile.TemporaryDirectory() as tmp:
    broken = pathlib.Path(tmp) / "broken.html"
    broken.write_text("<!DOCTYPE html><p>x</p><script>console.error('boom'); nope();</script>", encoding="utf-8")
    _, console = browse(broken, "--dump-dom")
    check(len(console) == 2, f"console messages of a broken page are seen: {console}")

pages = [(p.relative_to(root), False) for p in sorted((root / "examples").glob("*.patter"))]
pages.append((pathlib.Path("examples/violations/skipped_clause_and_owner_check.patter"), True))
for source, draft in pages:
    page = artefacts / (source.stem + ".html")
    done = subprocess.run([patter, "report", str(source), "-o", str(page)], cwd=root,
                          capture_output=True, text=True)
    if not check(done.returncode == 0, f"report {source}: exit {done.returncode}: {done.stderr}"):
        continue
    rendered, console = browse(page, "--dump-dom", "--virtual-time-budget=2000")
    check(not console, f"{source}: console messages: {console}")
    dom = dom_of(rendered)
    for section in ("campaign", "offer", "policy", "clauses", "picture", "sale-paths", "lines",
                    "waivers", "diagnostics", "identity"):
        check(section in dom.ids, f"{source}: the page has section '{section}'")
    check("svg" in dom.tags, f"{source}: the flow picture is inline SVG")
    check(not dom.references, f"{source}: the page refers to nothing outside itself: {dom.references}")
    lines = list(csv.DictReader(io.StringIO(subprocess.run(
        [patter, "extract", str(source)], cwd=root, capture_output=True, text=True).stdout)))
    check(dom.line_ids == [l["id"] for l in lines], f"{source}: the line table lists every extracted line")
    text = "".join(dom.text)
    check(all(l["text"] in text for l in lines), f"{source}: every line's words are on the page")
    check("合规审核报告" in text, f"{source}: the page is in Chinese")
    check(("draft" in dom.ids) == draft, f"{source}: a draft is marked as one, only then")
    if draft:
        check("E0502" in dom.by_id.get("diagnostics", "") + text and "path: step 'greet'" in text,
              f"{source}: the diagnostics are listed with their paths")
    else:
        check("登记销售" in text or "没有通往登记销售的路径" in text, f"{source}: the sale paths are shown")
    shot = artefacts / (source.stem + ".png")
    browse(page, f"--screenshot={shot}", "--window-size=1280,2400", "--hide-scrollbars")
    check(shot.exists() and shot.stat().st_size > 20000, f"{source}: screenshot kept at {shot}")
    pdf = artefacts / (source.stem + ".pdf")
    browse(page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    check(pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-", f"{source}: the page prints ({pdf})")

print(f"{passed} passed, {failed} failed; artefacts in {artefacts}")
sys.exit(1 if failed else 0)
