#!/usr/bin/env bash
# CLI contract tests: exit codes, --help/--version on every command, atomic build output,
# and scripted calls through `patter run`. Usage: cli_test.sh PATTER SOURCE_DIR
set -u
patter=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$src" || exit 1
passed=0
failed=0

expect() { # expect CODE DESCRIPTION -- COMMAND...
  local want=$1 what=$2
  shift 3
  "$@" >"$work/out" 2>"$work/err" </dev/null
  local got=$?
  if [ "$got" = "$want" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $what: exit $got, wanted $want: $*"
    sed 's/^/    /' "$work/err" | head -20
  fi
}

check() { # check DESCRIPTION -- TEST...
  local what=$1
  shift 2
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what"; fi
}

# --help and --version everywhere
expect 0 "top-level help" -- "$patter" --help
expect 0 "top-level version" -- "$patter" --version
for cmd in check build run explain test fmt audit graph report extract diff; do
  expect 0 "$cmd --help" -- "$patter" "$cmd" --help
  check "$cmd --help prints usage" -- grep -q "usage: patter $cmd" "$work/out"
  expect 0 "$cmd --version" -- "$patter" "$cmd" --version
  check "$cmd --version prints the version" -- grep -Eq "^patter [0-9]+\.[0-9]+\.[0-9]+$" "$work/out"
done

# usage and I/O trouble: exit 2
expect 2 "no command" -- "$patter"
expect 2 "unknown command" -- "$patter" frobnicate
expect 2 "unknown option" -- "$patter" check --frob examples/data_pack_10.patter
expect 2 "no input" -- "$patter" check
expect 2 "missing file" -- "$patter" check "$work/none.patter"
expect 2 "bad --format" -- "$patter" check --format=xml examples/data_pack_10.patter

# clean and failing checks
expect 0 "examples check clean" -- "$patter" check examples/data_pack_10.patter examples/cable_tv_zhibo140.patter
check "clean check prints nothing" -- test ! -s "$work/err"
printf 'campaign c {\n  start a\n  step a { ask "好吗?" on yes -> b }\n}\n' >"$work/bad.patter"
expect 1 "errors give exit 1" -- "$patter" check "$work/bad.patter"
check "error is file:line:col: error[CODE]" -- grep -q "bad.patter:3:32: error\[E0102\]: no step named 'b'" "$work/err"
expect 1 "json diagnostics" -- "$patter" check --format=json "$work/bad.patter"
check "json diagnostics go to stdout" -- grep -q '"code": "E0102"' "$work/out"
printf 'campaign c {\n  policy p  offer { kind k }\n  outcome done ended\n  start a\n  step a { end done }\n  step b { end done }\n}\npolicy p { channels outbound products k }\n' >"$work/warn.patter"
expect 1 "--lang=zh" -- "$patter" check --lang=zh "$work/bad.patter"
check "--lang=zh prints the zh-CN message" -- grep -q "bad.patter:3:32: error\[E0102\]: 没有名为 'b' 的步骤" "$work/err"
expect 1 "a zh locale" -- env LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 "$patter" check "$work/bad.patter"
check "a zh locale chooses zh-CN" -- grep -q "没有名为 'b' 的步骤" "$work/err"
expect 1 "--lang=en beats the locale" -- env LANG=zh_CN.UTF-8 "$patter" check --lang=en "$work/bad.patter"
check "--lang=en prints English" -- grep -q "no step named 'b'" "$work/err"
expect 2 "bad --lang" -- "$patter" check --lang=fr "$work/bad.patter"
expect 0 "warnings alone exit 0" -- "$patter" check "$work/warn.patter"
check "warning printed" -- grep -q "warning\[W0301\]" "$work/err"

# build: atomic output; a failed build destroys nothing
expect 0 "build writes the flow" -- "$patter" build examples/data_pack_10.patter -o "$work/flow.json"
check "built flow matches the golden" -- cmp -s "$work/flow.json" tests/golden/examples/data_pack_10.flow.json
expect 0 "build to stdout" -- "$patter" build examples/data_pack_10.patter
check "stdout flow matches the golden" -- cmp -s "$work/out" tests/golden/examples/data_pack_10.flow.json
cp "$work/flow.json" "$work/stale.json"
expect 1 "failed build" -- "$patter" build "$work/bad.patter" -o "$work/stale.json"
check "failed build leaves the old file untouched" -- cmp -s "$work/flow.json" "$work/stale.json"
check "failed build leaves no temporary file" -- test -z "$(ls -A "$work" | grep tmp)"
cp "$work/bad.patter" "$work/self.patter"
expect 2 "output equal to the input" -- "$patter" build "$work/self.patter" -o "$work/self.patter"
check "the input is not replaced" -- cmp -s "$work/bad.patter" "$work/self.patter"
check "the refusal names the input" -- grep -q "is the input" "$work/err"
ln -s "$work/stale.json" "$work/link.json"
expect 2 "output through a symbolic link" -- "$patter" build examples/data_pack_10.patter -o "$work/link.json"
check "the link stays a link" -- test -L "$work/link.json"
expect 2 "output to a device" -- "$patter" build examples/data_pack_10.patter -o /dev/null
expect 0 "-o - writes standard output" -- "$patter" build examples/data_pack_10.patter -o -
check "the flow went to standard output" -- cmp -s "$work/out" tests/golden/examples/data_pack_10.flow.json
expect 2 "a huge input" -- "$patter" build /dev/zero
check "the size limit is named" -- grep -q "larger than the limit of" "$work/err"
expect 2 "unwritable output" -- "$patter" build examples/data_pack_10.patter -o "$work/no/such/dir/flow.json"
printf 'policy p { channels outbound products k limit retention 2 }\n' >"$work/module.patter"
expect 0 "a module checks" -- "$patter" check "$work/module.patter"
expect 1 "a module does not build" -- "$patter" build "$work/module.patter" -o "$work/m.json"
check "E0004 for a module without campaign" -- grep -q "E0004" "$work/err"

# run: scripted calls
"$patter" build examples/data_pack_10.patter -o "$work/flow.json" 2>/dev/null
printf '是的\n好的\n是的\n' >"$work/yes.txt"
expect 0 "run a successful call" -- "$patter" run "$work/flow.json" --phone 13512347754 --replies "$work/yes.txt"
check "the call registers and succeeds" -- grep -q "\[end success\]" "$work/out"
check "owner check uses first 3 and last 4" -- grep -q "135尾号7754" "$work/out"
printf '是的\n不需要\n不需要\n不需要\n' >"$work/no.txt"
expect 0 "run a declined call" -- "$patter" run "$work/flow.json" --phone 13512347754 --replies "$work/no.txt"
check "the declined call ends declined" -- grep -q "\[end declined\]" "$work/out"
check "the declined call never registers" -- bash -c "! grep -q '\[register' '$work/out'"
expect 2 "run a missing flow" -- "$patter" run "$work/none.json"
echo '{"format": "patter-flow", "version": 99}' >"$work/v99.json"
expect 2 "run an unknown version" -- "$patter" run "$work/v99.json"

# audit: a call's audit log, and the R20 verdicts of `patter audit`
expect 0 "audit --help" -- "$patter" audit --help
check "audit --help prints usage" -- grep -q "usage: patter audit" "$work/out"
printf '是的\n好的\n是的,办吧\n' >"$work/sale.txt"
expect 0 "run writes an audit log" -- "$patter" run "$work/flow.json" --replies "$work/sale.txt" --audit "$work/sale.jsonl" --session c1 --start-time 1700000000000
check "one JSON object per line" -- python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1])]" "$work/sale.jsonl"
check "the consent is logged with its exact reply" -- grep -q '"type":"consent","step":"confirm","reply":"是的,办吧"' "$work/sale.jsonl"
expect 0 "audit proves a compliant call" -- "$patter" audit "$work/sale.jsonl"
check "audit prints the verdict" -- grep -q "verdict: proven" "$work/out"
printf '是的\n好的\n!hangup\n' >"$work/cut.txt"
"$patter" run "$work/flow.json" --replies "$work/cut.txt" --audit "$work/cut.jsonl" >/dev/null 2>&1
expect 0 "audit: a call cut off before consent made no sale, which is no failure" -- "$patter" audit "$work/cut.jsonl"
check "audit says no sale was made" -- grep -q "no sale was made (outcome callback)" "$work/out"
expect 0 "audit answers per clause of the flow" -- "$patter" audit "$work/sale.jsonl" --flow "$work/flow.json"
check "every mandatory clause is a question" -- bash -c "grep -q 'downgrade \"活动期间不能降低套餐档次\" stated: proven' '$work/out' && grep -q 'effective \"次月1日生效\" stated: proven' '$work/out'"
check "the owner check and the consent are shown as read" -- grep -q "consent at 'confirm': .*是的,办吧" "$work/out"
grep -v '"clause":"downgrade"' "$work/sale.jsonl" >"$work/nodowngrade.jsonl"
expect 0 "without --flow R20's three questions are asked" -- "$patter" audit "$work/nodowngrade.jsonl"
expect 1 "audit: a sale without a mandatory clause of the flow is not proven" -- "$patter" audit "$work/nodowngrade.jsonl" --flow "$work/flow.json"
check "the missing clause is named" -- grep -q "no line disclosed the clause 'downgrade'" "$work/out"
grep -v '"type":"consent"' "$work/sale.jsonl" >"$work/noconsent.jsonl"
expect 1 "audit: a sale without consent is not proven" -- "$patter" audit "$work/noconsent.jsonl"
check "audit prints NOT PROVEN" -- grep -q "verdict: NOT PROVEN" "$work/out"
"$patter" build examples/cable_tv_zhibo140.patter -o "$work/other.json" >/dev/null 2>&1
expect 1 "audit: a log of another flow is not proven against this one" -- "$patter" audit "$work/sale.jsonl" --flow "$work/other.json"
printf '是的\n不需要\n不需要\n不需要\n' >"$work/no2.txt"
"$patter" run "$work/flow.json" --replies "$work/no2.txt" --audit "$work/declined.jsonl" --session c2 >/dev/null 2>&1
{ cat "$work/sale.jsonl"; echo 'not json'; cat "$work/declined.jsonl"; } >"$work/mixed.jsonl"
expect 2 "audit: a malformed line is bad input" -- "$patter" audit "$work/mixed.jsonl"
check "... reported with its number" -- grep -q "mixed.jsonl:$(( $(wc -l <"$work/sale.jsonl") + 1 )): malformed audit record: not valid JSON" "$work/err"
check "... and the calls around it still get their verdicts" -- bash -c "grep -q 'verdict: proven' '$work/out' && grep -q 'verdict: no sale' '$work/out'"
expect 2 "audit --format=json" -- "$patter" audit --format=json "$work/mixed.jsonl"
check "audit JSON: one document with both verdicts and the malformed line" -- /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [c["verdict"] for c in d["calls"]]==["proven","no_sale"] and len(d["malformed"])==1 and d["calls"][0]["questions"][0]["stated"]' "$work/out"
expect 2 "audit: a bad --format" -- "$patter" audit --format=xml "$work/sale.jsonl"
check "the hang-up leaves a callback obligation" -- grep -q '"type":"callback","step":"confirm","reason":"hangup"' "$work/cut.jsonl"
printf '{"seq":1,"t":0,"session":"x","type":"say"}\nnot json\n' >"$work/bad.jsonl"
expect 2 "audit: malformed lines" -- "$patter" audit "$work/bad.jsonl"
check "malformed line reported with its number" -- grep -q "bad.jsonl:2: malformed audit record" "$work/err"
expect 2 "audit: missing log" -- "$patter" audit "$work/none.jsonl"

# handler precedence through the compiler: the campaign's handler beats the imported one
printf 'import "std/handlers"\ncampaign p {\n  channel inbound\n  policy open  offer { kind k }\n  start a\n  on angry -> calm\n  step a { ask "您好,请问有什么可以帮您?" on yes -> end helped on no -> end helped }\n  step calm { say "请您别着急。" goto a }\n}\noutcome helped ended\npolicy open { channels inbound products k }\n' >"$work/prec.patter"
expect 0 "a campaign overriding a standard handler builds" -- "$patter" build "$work/prec.patter" -o "$work/prec.json"
printf '!angry\n!silence\n' >"$work/prec.txt"
expect 0 "run it" -- "$patter" run "$work/prec.json" --replies "$work/prec.txt"
check "the campaign handler answers angry" -- grep -q "坐席: 请您别着急。" "$work/out"
check "the standard handler still answers silence" -- grep -q "坐席: 您好!请问有什么可以帮助您?" "$work/out"

# one document per stream: JSON and SARIF for several inputs, build without -o
onedoc() { /usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$1"; }
expect 1 "json for two inputs" -- "$patter" check --format=json "$work/bad.patter" "$work/warn.patter"
check "json for two inputs is one document" -- onedoc "$work/out"
check "json for two inputs holds both files" -- bash -c "grep -q 'bad.patter' '$work/out' && grep -q 'warn.patter' '$work/out'"
expect 1 "sarif diagnostics" -- "$patter" check --format=sarif "$work/bad.patter" "$work/warn.patter"
check "sarif is one document" -- onedoc "$work/out"
check "sarif names its version" -- grep -q '"version": "2.1.0"' "$work/out"
check "sarif counts columns in code points" -- grep -q '"columnKind": "unicodeCodePoints"' "$work/out"
check "sarif results carry the code" -- grep -q '"ruleId": "E0102"' "$work/out"
check "sarif holds both files in one run" -- bash -c "grep -q 'warn.patter' '$work/out' && [ \$(grep -c '\"tool\"' '$work/out') = 1 ]"
expect 2 "sarif with an unreadable input" -- "$patter" check --format=sarif "$work/bad.patter" "$work/none.patter"
check "an unreadable input is still one sarif document" -- onedoc "$work/out"
check "an unreadable input is a failed execution" -- grep -q '"executionSuccessful": false' "$work/out"
expect 2 "bad --docs-url" -- "$patter" check --format=sarif --docs-url= examples/data_pack_10.patter
expect 0 "sarif help links" -- "$patter" check --format=sarif --docs-url https://example.org/d "$work/warn.patter"
check "helpUri under --docs-url" -- grep -q '"helpUri": "https://example.org/d/W0301.md"' "$work/out"
expect 0 "build json without -o" -- "$patter" build --format=json examples/data_pack_10.patter
check "build json without -o: the flow alone on stdout" -- cmp -s "$work/out" tests/golden/examples/data_pack_10.flow.json
check "build json without -o: diagnostics on stderr" -- onedoc "$work/err"
expect 1 "build sarif without -o, failing" -- "$patter" build --format=sarif "$work/bad.patter"
check "failing build sarif: nothing on stdout" -- test ! -s "$work/out"
check "failing build sarif: the log on stderr" -- grep -q '"ruleId": "E0102"' "$work/err"
expect 1 "build sarif with -o" -- "$patter" build --format=sarif "$work/bad.patter" -o "$work/x.json"
check "build sarif with -o: the log on stdout" -- onedoc "$work/out"

# explain: codes and rules
expect 0 "explain a code" -- "$patter" explain E0501
check "explain names the rule and seed" -- bash -c "grep -q 'Rule R02' '$work/out' && grep -q '000#Q2' '$work/out'"
check "explain shows the documented passing example" -- grep -q 'downgrade "活动期间不能降低套餐档次"' "$work/out"
expect 0 "explain a rule" -- "$patter" explain R08
check "explain a rule lists its codes" -- bash -c "grep -q 'Enforced by' '$work/out' && grep -q 'E0207' '$work/out'"
cp "$work/out" "$work/r08.txt"
expect 0 "explain is case-insensitive" -- "$patter" explain r8
check "r8 is R08" -- cmp -s "$work/out" "$work/r08.txt"
expect 0 "explain a runtime rule" -- "$patter" explain R14
check "a runtime rule has no code" -- grep -q 'no compiler diagnostic' "$work/out"
expect 0 "explain without the docs folder" -- env PATTER_DOCS="$work/nodocs" "$patter" explain E0501
check "without docs the rule's example is shown" -- grep -q 'Compliant example (rule R02)' "$work/out"
expect 2 "explain an unknown code" -- "$patter" explain E0510x
check "unknown code: did you mean" -- grep -q "did you mean 'E0510'" "$work/err"
check "unknown code prints nothing on stdout" -- test ! -s "$work/out"
expect 2 "explain nothing" -- "$patter" explain
expect 2 "explain an unknown option" -- "$patter" explain --frob

# test: conversation scenarios (docs/SCENARIOS.md)
expect 0 "the example scenarios pass" -- "$patter" test examples/scenarios/data_pack_10.scenario
check "test prints a closing count" -- grep -Eq "^[0-9]+ passed, 0 failed$" "$work/out"
expect 1 "failing scenarios exit 1" -- "$patter" test tests/scenarios/mismatch.scenario
check "a passing scenario is reported" -- grep -q "^  PASS  passes$" "$work/out"
check "a failing scenario is reported" -- grep -q "^  FAIL  wrong price$" "$work/out"
check "the mismatch has file:line:col" -- grep -q "tests/scenarios/mismatch.scenario:11:3: agent line differs" "$work/out"
check "the mismatch shows the expected line" -- grep -q 'expected: a line containing "每月只需9元"' "$work/out"
check "the mismatch shows the actual line" -- grep -q 'actual:   "为回馈老用户,我们推出了10元5GB流量月包。"' "$work/out"
check "a missing sale is a mismatch" -- grep -q "mismatch.scenario:17:3: expected a registration, but the call had none" "$work/out"
check "a wrong outcome is a mismatch" -- grep -q "actual:   not_owner" "$work/out"
check "talking after the end is a mismatch" -- grep -q "mismatch.scenario:25:3: the call had already ended" "$work/out"
check "the closing count" -- grep -q "^1 passed, 4 failed$" "$work/out"
expect 1 "junit output of failing scenarios" -- "$patter" test --format=junit tests/scenarios/mismatch.scenario examples/scenarios/data_pack_10.scenario
check "junit: one XML document, each scenario a testcase, failures with their place" -- /usr/bin/python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites" and len(root.findall("testsuite")) == 2
cases = root.findall(".//testcase")
failures = root.findall(".//testcase/failure")
assert int(root.get("tests")) == len(cases) and int(root.get("failures")) == len(failures) >= 3
assert any("mismatch.scenario:11:3: agent line differs" in f.get("message") for f in failures)
assert any(c.get("name") == "passes" and c.find("failure") is None for c in cases)
' "$work/out"
expect 0 "junit output of passing scenarios" -- "$patter" test --format=junit examples/scenarios/data_pack_10.scenario
check "junit: passing scenarios have no failure" -- bash -c "grep -q 'failures=\"0\"' '$work/out' && ! grep -q '<failure' '$work/out'"
expect 2 "test: a bad --format" -- "$patter" test --format=tap examples/scenarios/data_pack_10.scenario
printf 'flow ../x.patter\nscenario "a"\n  custmer "是的"\n  agent ~ 是的\n' >"$work/syntax.scenario"
expect 2 "scenario syntax errors exit 2" -- "$patter" test "$work/syntax.scenario"
check "syntax error at file:line:col" -- grep -q "syntax.scenario:3:3: error: unknown statement 'custmer'" "$work/err"
check "every syntax error is reported" -- grep -q "syntax.scenario:4:11: error: expected the agent's line in quotes" "$work/err"
check "nothing runs after a syntax error" -- test ! -s "$work/out"
printf 'flow none.patter\nscenario "a"\n' >"$work/noflow.scenario"
expect 2 "a missing flow exits 2" -- "$patter" test "$work/noflow.scenario"
check "the flow line is named" -- grep -q "noflow.scenario:1:6: error: the flow" "$work/err"
expect 2 "test without files" -- "$patter" test
expect 2 "test with a missing file" -- "$patter" test "$work/none.scenario"
cp "$work/flow.json" "$work/scenario-flow.json"
printf 'flow scenario-flow.json\nphone 13900001111\nscenario "json flow"\n  agent ~ "139尾号1111"\n  event hangup\n  expect outcome callback\n' >"$work/json.scenario"
expect 0 "a scenario runs on a JSON flow with its own phone" -- "$patter" test "$work/json.scenario"

# fmt: rewrites in place, --check says which file would change
printf 'campaign c {\n      title  "t" // kept\n}\n' >"$work/messy.patter"
cp "$work/messy.patter" "$work/messy.orig"
expect 1 "fmt --check on an unformatted file" -- "$patter" fmt --check "$work/messy.patter"
check "fmt --check names the file" -- grep -q "messy.patter: not formatted" "$work/err"
check "fmt --check changes nothing" -- cmp -s "$work/messy.patter" "$work/messy.orig"
expect 0 "fmt rewrites the file" -- "$patter" fmt "$work/messy.patter"
check "fmt wrote the canonical layout" -- bash -c "printf 'campaign c {\n  title \"t\"  // kept\n}\n' | cmp -s - '$work/messy.patter'"
expect 0 "fmt --check on a formatted file" -- "$patter" fmt --check "$work/messy.patter"
expect 0 "fmt - writes stdout" -- bash -c "'$patter' fmt - <'$work/messy.orig'"
check "fmt - output is the layout" -- cmp -s "$work/out" "$work/messy.patter"
printf 'campaign c {\n' >"$work/open.patter"
expect 1 "fmt refuses unbalanced braces" -- "$patter" fmt "$work/open.patter"
check "fmt says where" -- grep -q "open.patter:1:1: error: cannot format: a block is not closed" "$work/err"
expect 2 "fmt without files" -- "$patter" fmt
expect 2 "fmt with a missing file" -- "$patter" fmt "$work/none.patter"

# a reply word added in a replies block takes effect with the next build, not a rebuilt patter
cp examples/data_pack_10.patter "$work/words.patter"
sed -i 's|import "std/handlers"|import "std/handlers"\nimport "std/policy/mobile_outbound"|' "$work/words.patter"
printf '是的\n好的\n中嘞\n' >"$work/words.txt"
expect 0 "build without the word" -- "$patter" build "$work/words.patter" -o "$work/words.json"
"$patter" run "$work/words.json" --replies "$work/words.txt" >"$work/out" 2>&1
check "an unknown word is no consent" -- bash -c "! grep -q '\[register' '$work/out'"
printf '\nreplies campaign_words {\n  reply "agree" {\n    words "中嘞"\n    match "中嘞"\n  }\n}\n' >>"$work/words.patter"
expect 0 "build with the word" -- "$patter" build "$work/words.patter" -o "$work/words.json"
"$patter" run "$work/words.json" --replies "$work/words.txt" >"$work/out" 2>&1
check "the added word is consent" -- grep -q '\[register' "$work/out"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
