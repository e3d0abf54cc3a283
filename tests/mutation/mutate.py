#!/usr/bin/env python3
"""The mutation score: one-mutation variants of every example campaign must fail `patter check`.

A compliance team signs off a campaign because `patter check` is clean, so every real violation a
script writer can introduce with one edit must be reported. This tool makes such edits to each
campaign in examples/ (drop a disclosure, reroute a route to the sale, weaken the confirmation,
insert each lexicon entry's phrasing and its variants, change amounts and periods, add re-pitch
loops, drop or forge the policy, ...), checks every variant in one `patter check` run, and counts a
variant as caught when it reports an error (a warning for R19, whose rule is a warning). It also
puts the seeds' approved phrasing (approved.txt) into each compliant campaign and counts any
diagnostic there as a false alarm.

  mutate.py --patter build/patter --root . [--report docs/MUTATION.md] [--list]

Exit status: 0 when every variant is caught and no approved line alarms, except those listed in
known_misses.txt; 1 otherwise (a miss or false alarm not listed, or a variant that does not parse,
which is a bug of this tool). A listed one that now passes is reported so the list can shrink.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
ROUTE = re.compile(r'^(\s*)(on [\w, ]*\w|exhausted|\w+)(\s*->\s*)(.+?)\s*$')
SAY = re.compile(r'^(\s*)(say|ask) "((?:[^"\\]|\\.)*)"(.*)$')


def code_of(line: str) -> str:
    """The line without its string literals and comment, for brace counting and keyword tests."""
    line = STRING.sub('""', line)
    return line.split('//', 1)[0]


@dataclass
class Block:
    kind: str          # step, objection, offer, clauses, campaign
    name: str
    begin: int         # index of the opening line
    end: int           # index of the closing line
    lines: list = field(default_factory=list)  # indices of the body lines


@dataclass
class Campaign:
    path: Path
    text: list
    blocks: list
    policy: str
    policy_import: int  # line index of the policy import, or -1

    def block(self, kind, name=None):
        for b in self.blocks:
            if b.kind == kind and (name is None or b.name == name):
                return b
        return None

    def body(self, b):
        return [self.text[i] for i in b.lines]

    def steps_with(self, pattern):
        rx = re.compile(pattern)
        return [b for b in self.blocks if b.kind in ('step', 'objection')
                and any(rx.search(code_of(self.text[i])) for i in b.lines)]


def parse_campaign(path: Path) -> Campaign:
    text = path.read_text(encoding='utf-8').split('\n')
    blocks, stack = [], []
    policy, policy_import = '', -1
    for i, line in enumerate(text):
        code = code_of(line)
        m = re.match(r'\s*import\s+"std/policy/', line)
        if m:
            policy_import = i
        m = re.match(r'\s*policy\s+(\w+)\s*$', code)
        if m and stack and stack[-1].kind == 'campaign':
            policy = m.group(1)
        if stack and stack[-1].kind != 'campaign' and '{' not in code:
            stack[-1].lines.append(i)
        for ch in code:
            if ch == '{':
                m = re.match(r'\s*(step|objection|campaign|offer|clauses|invoke)\s+(\w*)', code)
                kind, name = (m.group(1), m.group(2)) if m else ('other', '')
                if kind == 'invoke' and stack:
                    stack[-1].lines.append(i)
                    kind = 'invoke'
                if stack and stack[-1].kind == 'campaign' and kind in ('offer', 'clauses'):
                    name = kind
                stack.append(Block(kind, name, i, -1))
            elif ch == '}':
                b = stack.pop()
                b.end = i
                if b.kind == 'invoke':
                    stack[-1].lines.extend(b.lines)
                    stack[-1].lines.append(i)
                elif b.kind != 'other':
                    blocks.append(b)
    for b in blocks:
        b.lines = sorted(set(b.lines))
    return Campaign(path, text, blocks, policy, policy_import)


@dataclass
class Variant:
    id: str
    rule: str
    what: str
    text: str
    extra: dict = field(default_factory=dict)  # other files to write beside the variant
    expect_clean: bool = False


def replaced(c: Campaign, i: int, new: str | None) -> str:
    lines = list(c.text)
    if new is None:
        del lines[i]
    else:
        lines[i] = new
    return '\n'.join(lines)


def inserted(c: Campaign, i: int, new: str) -> str:
    lines = list(c.text)
    lines.insert(i, new)
    return '\n'.join(lines)


def indent_of(line: str) -> str:
    return line[:len(line) - len(line.lstrip())]


# ---- the campaign's shape ------------------------------------------------------------------

def sale_step(c: Campaign):
    """The step that makes the sale (`register`), or for a follow-up the confirming ending."""
    for pattern in (r'^\s*register\b', r'^\s*end\s+(success|confirmed)\b'):
        found = c.steps_with(pattern)
        if found:
            return found[0]
    return None


def pitch_step(c: Campaign):
    found = c.steps_with(r'^\s*disclose\b')
    return found[0] if found else None


def confirm_step(c: Campaign):
    found = c.steps_with(r'^\s*confirm\s*$')
    return found[0] if found else None


def owner_step(c: Campaign):
    found = c.steps_with(r'^\s*verify\s+owner\b')
    return found[0] if found else None


def first_statement(c: Campaign, b: Block) -> int:
    return b.lines[0] if b.lines else b.end


def new_say(c: Campaign, b: Block, text: str) -> str:
    line = c.text[first_statement(c, b)]
    return f'{indent_of(line)}say "{text}"'


# ---- mutation operators --------------------------------------------------------------------
# Each yields variants that break exactly one rule a clean check must guarantee.

def drop_disclosure(c):
    for b in c.blocks:
        for i in b.lines:
            m = re.match(r'^(\s*)disclose\s+(.*)$', c.text[i])
            if not m:
                continue
            ids = [x.strip() for x in m.group(2).split(',')]
            for k, clause in enumerate(ids):
                rest = ids[:k] + ids[k + 1:]
                new = f'{m.group(1)}disclose {", ".join(rest)}' if rest else None
                yield Variant(f'drop_disclosure:{b.name}:{clause}', 'R01',
                              f'step {b.name} no longer discloses {clause}', replaced(c, i, new))


def drop_clause(c):
    clauses = c.block('clauses')
    if not clauses:
        return
    for i in clauses.lines:
        m = re.match(r'^\s*(\w+)\s+"', c.text[i])
        if not m:
            continue
        clause = m.group(1)
        lines = list(c.text)
        lines[i] = None
        for j, line in enumerate(lines):
            if line is None:
                continue
            d = re.match(r'^(\s*)disclose\s+(.*)$', line)
            if d:
                ids = [x.strip() for x in d.group(2).split(',') if x.strip() != clause]
                lines[j] = f'{d.group(1)}disclose {", ".join(ids)}' if ids else None
        yield Variant(f'drop_clause:{clause}', 'R02', f'clause {clause} removed from the campaign',
                      '\n'.join(x for x in lines if x is not None))


def reroute_to_sale(c):
    sale = sale_step(c)
    if not sale:
        return
    for b in c.blocks:
        if b.kind not in ('step', 'objection') or b is sale:
            continue
        for i in b.lines:
            m = ROUTE.match(c.text[i])
            if not m or m.group(4) == sale.name:
                continue
            new = f'{m.group(1)}{m.group(2)}{m.group(3)}{sale.name}'
            yield Variant(f'reroute_to_sale:{b.name}:{m.group(2).strip().replace(" ", "_")}', 'R01',
                          f'{b.kind} {b.name}: {m.group(2).strip()} now leads to the sale', replaced(c, i, new))
        for i in b.lines:
            m = re.match(r'^(\s*)goto\s+(\w+)\s*$', c.text[i])
            if m and m.group(2) != sale.name:
                yield Variant(f'reroute_to_sale:{b.name}:goto', 'R01', f'{b.name}: goto now leads to the sale',
                              replaced(c, i, f'{m.group(1)}goto {sale.name}'))


def skip_owner_check(c):
    owner = owner_step(c)
    if not owner:
        return
    for i in owner.lines:
        if re.match(r'^\s*verify\s+owner\b', c.text[i]):
            yield Variant('owner:drop_verify', 'R03', 'the owner check is removed', replaced(c, i, None))
        line = c.text[i]
        if '{phone.first3}' in line:
            yield Variant('owner:last4_only', 'R03', 'the owner question names only the last 4 digits',
                          replaced(c, i, line.replace('{phone.first3}尾号', '尾号')))
            yield Variant('owner:masked_number', 'R03', 'the owner question reads the masked number',
                          replaced(c, i, line.replace('{phone.first3}尾号{phone.last4}', '{phone.masked}')))
            yield Variant('owner:no_number', 'R03', 'the owner question names no number',
                          replaced(c, i, line.replace('{phone.first3}尾号{phone.last4}', '')))
    for i, line in enumerate(c.text):
        m = re.match(r'^(\s*)start\s+(\w+)\s*$', line)
        if m:
            for route in owner.lines:
                r = ROUTE.match(c.text[route])
                if r and r.group(2) == 'on yes':
                    yield Variant('owner:start_at_pitch', 'R03', 'the call starts after the owner check',
                                  replaced(c, i, f'{m.group(1)}start {r.group(4)}'))


def weaken_confirmation(c):
    step = confirm_step(c)
    if not step:
        return
    for i in step.lines:
        line = c.text[i]
        if re.match(r'^\s*confirm\s*$', line):
            yield Variant('confirm:drop_confirm', 'R07', 'the confirmation no longer waits for consent',
                          replaced(c, i, None))
        m = SAY.match(line)
        if not m:
            continue
        if '本次业务办理以录音为证' in line:
            yield Variant('confirm:drop_recording', 'R04', 'the recording notice is left out',
                          replaced(c, i, re.sub(r'本次业务办理以录音为证[,，]?', '', line)))
        if '{offer.product}' in line:
            yield Variant('confirm:drop_product', 'R05', 'the confirmation does not name the product',
                          replaced(c, i, line.replace('开通{offer.product}', '开通').replace('办理{offer.product}', '办理')
                                   .replace('{offer.product}', '')))
        if '现在为您登记办理' in line:
            yield Variant('confirm:vague_question', 'R05', 'the registration question is replaced by a vague one',
                          replaced(c, i, line.replace('现在为您登记办理', '那就先这样')))
            yield Variant('confirm:inducing_question', 'R05', "the confirmation asks with the seed's inducing words",
                          replaced(c, i, re.sub(r'现在为您登记办理[^"]*', '办理成功以后也是有短信提醒的,您放心使用好吧?', line)))
        if '{offer.product}' in line:
            yield Variant('confirm:other_product', 'R05', 'the confirmation names another product',
                          replaced(c, i, line.replace('{offer.product}', '20元10GB流量包')))
        if '本次业务办理以录音为证' in line and '现在为您登记办理' in line:
            yield Variant('approved:confirm_traditional', 'approved',
                          'the confirmation in traditional characters',
                          replaced(c, i, line.replace('本次业务办理以录音为证', '本次業務辦理以錄音為證')
                                   .replace('现在为您登记办理', '現在為您登記辦理')), expect_clean=True)
        yield Variant('confirm:inducing_before', 'R05', 'an inducing line is said right before the confirmation',
                      inserted(c, i, f'{m.group(1)}say "办理成功以后也是有短信提醒的,您放心使用。"'))
        yield Variant('confirm:inducing_cancel', 'R05', 'the confirmation promises the customer can cancel any time',
                      replaced(c, i, line.replace('好吧?"', '好吧?随时可以取消的。"')))
        break


def lexicon_entries(policy_path: Path):
    """(phrase, rule, kind, match examples) for each lexicon entry of a policy file."""
    text = policy_path.read_text(encoding='utf-8')
    for m in re.finditer(r'^\s*(banned|jargon)\s+"((?:[^"\\]|\\.)*)"\s*\{(.*?)^\s*\}', text, re.S | re.M):
        kind, phrase, body = m.group(1), m.group(2), m.group(3)
        rule = re.search(r'^\s*rule\s+(R\d\d)', body, re.M)
        after = re.search(r'^\s*after_clause\b', body, re.M)
        examples = []
        mm = re.search(r'^\s*match\s+(.*)$', body, re.M)
        if mm:
            examples = [json.loads(s) for s in STRING.findall(mm.group(1))]
        yield phrase, (rule.group(1) if rule else 'R19'), kind, examples, bool(after)


def symbol_variants(phrase: str):
    """The phrase as a writer might disguise it: a symbol, an emoji, a space inside."""
    chars = list(phrase)
    cjk = [k for k, ch in enumerate(chars) if '\u4e00' <= ch <= '\u9fff']
    if len(cjk) < 2:
        return []
    k = cjk[len(cjk) // 2]
    out = []
    for mark, name in (('~', 'tilde'), ('\U0001F60A', 'emoji'), ('\u3000', 'ideographic_space'), ('*', 'star')):
        out.append((name, ''.join(chars[:k]) + mark + ''.join(chars[k:])))
    return out


def banned_wording(c, stdlib):
    pitch = pitch_step(c)
    if not pitch or not c.policy:
        return
    policy_path = stdlib / 'std' / 'policy' / f'{c.policy}.patter'
    if not policy_path.exists():
        return
    at = first_statement(c, pitch)
    for phrase, rule, kind, examples, after in lexicon_entries(policy_path):
        if kind == 'jargon':
            yield Variant(f'jargon:{phrase}', 'R19', f'jargon {phrase} without a plain explanation',
                          inserted(c, at, new_say(c, pitch, f'现在{phrase}很方便。')))
            continue
        texts = [('phrase', phrase)] + [(f'match{k}', e) for k, e in enumerate(examples)]
        texts += symbol_variants(phrase)
        for name, text in texts:
            safe = text.replace('\\', '\\\\').replace('"', '\\"')
            yield Variant(f'banned:{phrase}:{name}', rule, f'the pitch says "{text}"',
                          inserted(c, at, new_say(c, pitch, safe)))
        cjk = [k for k, ch in enumerate(phrase) if '\u4e00' <= ch <= '\u9fff']
        if len(cjk) >= 4:
            k = cjk[len(cjk) // 2]
            two = new_say(c, pitch, '我们的活动' + phrase[:k]) + '\n' + new_say(c, pitch, phrase[k:] + '。')
            yield Variant(f'banned:{phrase}:split', rule, 'the phrase is split across two consecutive lines',
                          inserted(c, at, two))


@dataclass
class Offer:
    amount: float
    period: str  # month, year, ...
    term_months: int | None
    expiry: str | None


def offer_of(c: Campaign):
    b = c.block('offer')
    if not b:
        return None
    amount, period, term, expiry = None, None, None, None
    for i in b.lines:
        line = code_of(c.text[i])
        m = re.match(r'^\s*price\s+(\d+(?:\.\d+)?)\s+yuan(?:\s+per\s+(\w+))?', line)
        if m:
            amount, period = float(m.group(1)), m.group(2) or 'once'
        m = re.match(r'^\s*term\s+(\d+)\s+months', line)
        if m:
            term = int(m.group(1))
        m = re.match(r'^\s*expiry\s+(\w+)', line)
        if m:
            expiry = m.group(1)
    return Offer(amount, period, term, expiry) if amount is not None else None


def number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


CN_DIGITS = '零一二三四五六七八九'


def chinese(n: int) -> str:
    """A small integer in Chinese numerals, as people say prices (十五, 二十, 两)."""
    if n == 2:
        return '两'
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = '' if tens == 1 else CN_DIGITS[tens]
    return head + '十' + (CN_DIGITS[ones] if ones else '')


def amounts(c):
    """Wrong amounts and periods, in the clauses and said in the pitch (R09)."""
    offer = offer_of(c)
    pitch = pitch_step(c)
    if not offer or offer.period != 'month':
        return
    p = offer.amount
    wrong = p + 5
    clauses = c.block('clauses')
    for i in (clauses.lines if clauses else []):
        line = c.text[i]
        m = re.match(r'^(\s*)(price)\s+"(.*)"(.*)$', line)
        if m and number(p) in m.group(3):
            yield Variant('amount:price_clause_amount', 'R09', f'the price clause states {number(wrong)} yuan',
                          replaced(c, i, line.replace(number(p), number(wrong), 1)))
            for month_word in ('每月', '一个月', '每个月', '月'):
                if month_word in m.group(3):
                    yield Variant('amount:price_clause_period', 'R09', 'the price clause states a year, not a month',
                                  replaced(c, i, line.replace(month_word, '年' if month_word == '月' else '每年', 1)))
                    break
        m = re.match(r'^(\s*)term\s+"(.*)"', line)
        if m and offer.term_months and str(offer.term_months) in m.group(2):
            yield Variant('amount:term_clause', 'R02', 'the term clause states another term',
                          replaced(c, i, line.replace(str(offer.term_months), str(offer.term_months * 2), 1)))
        m = re.match(r'^(\s*)expiry\s+"(.*)"', line)
        if m and offer.expiry == 'auto_cancel':
            yield Variant('amount:expiry_clause', 'R02', 'the expiry clause says the customer must cancel',
                          replaced(c, i, f'{m.group(1)}expiry "到期后需要您自行办理取消"'))
    if not pitch:
        return
    at = first_statement(c, pitch)
    claims = [
        ('wrong_amount_digits', f'每月只需{number(wrong)}元'),
        ('wrong_amount_words', f'每月只需{chinese(int(wrong))}块钱'),
        ('wrong_amount_yuan_sign', f'每月只要￥{number(wrong)}'),
        ('wrong_period_year', f'一年只需{number(p)}元'),
        ('wrong_daily_breakdown', f'平均每天只要{number(p)}元'),
        ('wrong_yearly_total', f'包年只要{number(p * 6)}元'),
    ]
    for name, text in claims:
        yield Variant(f'amount:{name}', 'R09', f'the pitch says "{text}"', inserted(c, at, new_say(c, pitch, text)))


def repitch_loops(c):
    """Returns to the pitch that no retention budget bounds (R08)."""
    pitch = pitch_step(c)
    confirm = confirm_step(c)
    if not pitch:
        return
    for b in c.blocks:
        if b.kind != 'objection':
            continue
        for i in b.lines:
            m = re.match(r'^(\s*)exhausted\s*->\s*(.+?)\s*$', c.text[i])
            if m and m.group(2) != pitch.name:
                yield Variant(f'repitch:{b.name}:exhausted_to_pitch', 'R08',
                              f'objection {b.name}: an exhausted budget returns to the pitch',
                              replaced(c, i, f'{m.group(1)}exhausted -> {pitch.name}'))
            if re.match(r'^\s*retry\s*$', c.text[i]):
                yield Variant(f'repitch:{b.name}:goto_pitch', 'R08',
                              f'objection {b.name}: goes back to the pitch without counting',
                              replaced(c, i, f'{indent_of(c.text[i])}goto {pitch.name}'))
    if confirm:
        for i in confirm.lines:
            m = ROUTE.match(c.text[i])
            if m and m.group(2) == 'on no':
                yield Variant('repitch:confirm_no_to_pitch', 'R08', 'a no at the confirmation returns to the pitch',
                              replaced(c, i, f'{m.group(1)}on no{m.group(3)}{pitch.name}'))
    for i in pitch.lines:
        m = ROUTE.match(c.text[i])
        if m and m.group(2) == 'on no':
            chain = (f'{indent_of(c.text[pitch.begin])}step again {{\n'
                     f'{indent_of(c.text[i])}ask "这次活动真的很划算,您再考虑一下好吗?"\n'
                     f'{indent_of(c.text[i])}on yes -> {confirm.name if confirm else pitch.name}\n'
                     f'{indent_of(c.text[i])}on no  -> {pitch.name}\n'
                     f'{indent_of(c.text[pitch.begin])}}}\n')
            lines = list(c.text)
            lines[i] = f'{m.group(1)}on no{m.group(3)}again'
            lines.insert(pitch.end + 1, chain)
            yield Variant('repitch:goto_chain', 'R08', 'a refusal at the pitch goes to a re-pitch step and back',
                          '\n'.join(lines))
    inner = indent_of(c.text[first_statement(c, pitch)])
    outer = indent_of(c.text[pitch.begin])
    for event in ('angry', 'busy', 'elderly'):
        yield Variant(f'repitch:on_{event}_to_pitch', 'R08', f'a customer who is {event} is pitched again',
                      inserted(c, pitch.begin, f'{outer}on {event} -> {pitch.name}'))
        yield Variant(f'repitch:pitch_on_{event}_to_pitch', 'R08',
                      f'a customer who is {event} at the pitch is pitched again',
                      inserted(c, pitch.end, f'{inner}on {event} -> {pitch.name}'))


def policy_forgery(c, stdlib):
    """The policy dropped, swapped or shadowed by a local look-alike."""
    for i, line in enumerate(c.text):
        if re.match(r'^\s*policy\s+\w+\s*$', code_of(line)):
            yield Variant('policy:dropped', 'policy', 'the campaign names no policy', replaced(c, i, None))
            others = sorted(p.stem for p in (stdlib / 'std' / 'policy').glob('*.patter') if p.stem != c.policy)
            for other in others:
                text = replaced(c, i, f'{indent_of(line)}policy {other}')
                if c.policy_import >= 0:
                    lines = text.split('\n')
                    lines[c.policy_import] = f'import "std/policy/{other}"'
                    text = '\n'.join(lines)
                yield Variant(f'policy:swapped_for_{other}', 'policy',
                              f'the campaign is checked against the {other} policy', text)
    if c.policy_import >= 0:
        lookalike = (f'// A look-alike of the standard policy with nothing in it.\n'
                     f'policy {c.policy} {{\n  limit retention 3\n}}\n')
        lines = list(c.text)
        lines[c.policy_import] = f'import "{c.policy}"'
        yield Variant('policy:local_lookalike', 'policy', 'a local file forges the policy',
                      '\n'.join(lines), extra={f'{c.policy}.patter': lookalike})
        lines = list(c.text)
        yield Variant('policy:shadowed_std', 'policy', 'a local std/ folder shadows the standard policy',
                      '\n'.join(lines), extra={f'std/policy/{c.policy}.patter': lookalike})


def closings(c):
    """No-sale endings without the approved closing, complaints that end the call (R11, R18)."""
    for b in c.blocks:
        if b.kind != 'step':
            continue
        ends_declined = any(re.match(r'^\s*end\s+declined\b', c.text[i]) for i in b.lines)
        if not ends_declined:
            continue
        for i in b.lines:
            m = SAY.match(c.text[i])
            if m:
                yield Variant(f'closing:{b.name}:plain_goodbye', 'R11', 'the no-sale closing is a plain goodbye',
                              replaced(c, i, f'{m.group(1)}say "好的,再见!"'))
        for i in b.lines:
            m = re.match(r'^(\s*)end\s+declined\b', c.text[i])
            if m:
                yield Variant(f'closing:{b.name}:outcome_typo', 'R11', 'the outcome is misspelt `decline`',
                              replaced(c, i, f'{m.group(1)}end decline'))
    confirm = confirm_step(c)
    if confirm:
        for i in confirm.lines:
            m = ROUTE.match(c.text[i])
            if m and m.group(2) == 'on no' and not m.group(4).startswith('end'):
                yield Variant('closing:confirm_no_ends', 'R11', 'a no at the confirmation ends without a closing',
                              replaced(c, i, f'{m.group(1)}on no{m.group(3)}end declined'))
    pitch = pitch_step(c)
    if pitch:
        at = pitch.begin
        yield Variant('closing:complaint_ends_call', 'R18', 'a complaint ends the call',
                      inserted(c, at, f'{indent_of(c.text[at])}on complaint -> end declined'))
        yield Variant('closing:angry_not_soothed', 'R11', 'an angry customer is not soothed',
                      inserted(c, at, f'{indent_of(c.text[at])}on angry -> end declined'))


def ambiguity(c):
    """Two routes for one event in one step: last-wins would hide the first (R07)."""
    for b in c.blocks:
        if b.kind != 'step':
            continue
        for i in b.lines:
            m = ROUTE.match(c.text[i])
            if m and m.group(2).startswith('on ') and not m.group(4).startswith('end'):
                yield Variant(f'ambiguous:{b.name}:{m.group(2)[3:].replace(" ", "_")}', 'R07',
                              f'step {b.name} routes {m.group(2)[3:]} twice',
                              inserted(c, i + 1, f'{m.group(1)}{m.group(2)}{m.group(3)}{m.group(4)}'))
                break


def sale_without_consent(c):
    """The sale made, or an order placed, where no confirmation answered yes (R07)."""
    pitch = pitch_step(c)
    sale = sale_step(c)
    if not pitch or not sale:
        return
    inner = indent_of(c.text[first_statement(c, pitch)])
    registers = any(re.match(r'^\s*register\b', c.text[i]) for i in sale.lines)
    if registers:
        yield Variant('sale:register_in_pitch', 'R07', 'the pitch registers the sale itself',
                      inserted(c, first_statement(c, pitch), f'{inner}register'))
        at = next(i for i in sale.lines if re.match(r'^\s*register\b', c.text[i]))
        yield Variant('sale:second_register', 'R07', 'the sale step registers twice',
                      inserted(c, at + 1, c.text[at]))
    yield Variant('sale:order_in_pitch', 'R07', 'the pitch places the order with the host',
                  inserted(c, first_statement(c, pitch),
                           f'{inner}invoke boss_order {{\n{inner}  done -> {sale.name}\n{inner}  timeout -> end callback\n{inner}}}'))
    for i in pitch.lines:
        m = ROUTE.match(c.text[i])
        if m and m.group(2) == 'on yes':
            yield Variant('sale:success_without_sale', 'R07', 'a yes at the pitch ends the call as a sale',
                          replaced(c, i, f'{m.group(1)}on yes{m.group(3)}end success'))


def wording_elsewhere(c, stdlib):
    """Banned wording that reaches the customer through a clause, an offer fact or an objection."""
    policy_path = stdlib / 'std' / 'policy' / f'{c.policy}.patter'
    if not policy_path.exists():
        return
    entries = [(p, r) for p, r, kind, _, after in lexicon_entries(policy_path) if kind == 'banned' and not after]
    if not entries:
        return
    phrase, rule = entries[0]
    clauses = c.block('clauses')
    for i in (clauses.lines if clauses else []):
        m = re.match(r'^(\s*\w+\s+)"(.*)"(.*)$', c.text[i])
        if m:
            yield Variant(f'banned_in_clause:{m.group(1).strip()}', rule, f'a clause says "{phrase}"',
                          replaced(c, i, f'{m.group(1)}"{m.group(2)},{phrase}"{m.group(3)}'))
            break
    offer = c.block('offer')
    for i in (offer.lines if offer else []):
        m = re.match(r'^(\s*)(product|includes)(\s+)"(.*)"(.*)$', c.text[i])
        if m and any(f'{{offer.{m.group(2)}}}' in line for line in c.text):
            yield Variant(f'banned_in_offer:{m.group(2)}', rule, f'the offer fact {m.group(2)}, spoken by a template, says "{phrase}"',
                          replaced(c, i, f'{m.group(1)}{m.group(2)}{m.group(3)}"{m.group(4)}{phrase}"{m.group(5)}'))
    for b in c.blocks:
        if b.kind == 'objection':
            for i in b.lines:
                m = SAY.match(c.text[i])
                if m:
                    yield Variant(f'banned_in_objection:{b.name}', rule, f'objection {b.name} says "{phrase}"',
                                  replaced(c, i, f'{m.group(1)}{m.group(2)} "{m.group(3)}{phrase}"{m.group(4)}'))
                    break


def empty_clauses(c):
    """A clause that says nothing discloses nothing (R01, R02)."""
    clauses = c.block('clauses')
    for i in (clauses.lines if clauses else []):
        m = re.match(r'^(\s*)(\w+)(\s+)"(.*)"(.*)$', c.text[i])
        if m:
            for name, text in (('punctuation', '。'), ('empty', ''), ('spaces', '  ')):
                yield Variant(f'clause_{name}:{m.group(2)}', 'R02', f'clause {m.group(2)} is {name}',
                              replaced(c, i, f'{m.group(1)}{m.group(2)}{m.group(3)}"{text}"{m.group(5)}'))


def wait_phrases(c):
    """The wait phrase said three times in a row (R12: at most twice)."""
    for b in c.blocks:
        for i in b.lines:
            m = SAY.match(c.text[i])
            if m and '请稍等' in m.group(3):
                yield Variant(f'wait:thrice:{b.name}', 'R12', f'step {b.name} says the wait phrase three times',
                              inserted(c, i, c.text[i] + '\n' + c.text[i]))
                return
    pitch = pitch_step(c)
    if pitch:
        at = first_statement(c, pitch)
        line = new_say(c, pitch, '请稍等,正在帮您查询。')
        yield Variant('wait:thrice:pitch', 'R12', 'the pitch says the wait phrase three times',
                      inserted(c, at, '\n'.join([line] * 3)))


def closing_variants(c):
    """The approved closing written with full-width punctuation is still the approved closing."""
    for b in c.blocks:
        for i in b.lines:
            m = SAY.match(c.text[i])
            if m and '那抱歉打扰您了' in m.group(3):
                yield Variant(f'approved:closing_fullwidth:{b.name}', 'approved',
                              'the approved closing with full-width punctuation',
                              replaced(c, i, c.text[i].replace(',', '，').replace('!', '！')), expect_clean=True)
                return


OPERATORS = [drop_disclosure, drop_clause, reroute_to_sale, skip_owner_check, weaken_confirmation,
             amounts, repitch_loops, closings, ambiguity, sale_without_consent, empty_clauses,
             wait_phrases, closing_variants]
STDLIB_OPERATORS = [banned_wording, wording_elsewhere, policy_forgery]


def approved_lines(path: Path):
    """(source, text) of each approved line: `000#Q7 这次活动优惠力度非常大...`."""
    for raw in path.read_text(encoding='utf-8').split('\n'):
        raw = raw.strip()
        if not raw or raw.startswith('#'):
            continue
        source, text = raw.split(None, 1)
        yield source, text


def approved_variants(c, lines):
    pitch = pitch_step(c)
    if not pitch:
        return
    at = first_statement(c, pitch)
    offer = offer_of(c)
    for source, text in lines:
        if offer:
            text = text.replace('{price}', number(offer.amount)).replace('{price_cn}', chinese(int(offer.amount)))
        elif '{price' in text:
            continue
        safe = text.replace('\\', '\\\\').replace('"', '\\"')
        yield Variant(f'approved:{source}', 'approved', f'the pitch says "{text}"',
                      inserted(c, at, new_say(c, pitch, safe)), expect_clean=True)


def variants_of(c, stdlib, approved):
    seen = set()
    for op in OPERATORS:
        for v in op(c):
            yield v, seen
    for op in STDLIB_OPERATORS:
        for v in op(c, stdlib):
            yield v, seen
    for v in approved_variants(c, approved):
        yield v, seen


def check(patter: str, stdlib: Path, files: list, cwd: Path):
    """Diagnostics per file from one `patter check --format=json` run over all the files."""
    out = subprocess.run([patter, 'check', '--format=json', f'--stdlib={stdlib}'] + [str(f) for f in files],
                         cwd=cwd, capture_output=True, text=True, timeout=600)
    if out.returncode not in (0, 1):
        sys.exit(f'patter check failed ({out.returncode}): {out.stderr[:2000]}')
    doc = json.loads(out.stdout)
    per = collections.defaultdict(list)
    for d in doc['diagnostics']:
        per[os.path.normpath(d['location']['file'])].append(d)
    return per


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--patter', required=True)
    ap.add_argument('--root', default='.')
    ap.add_argument('--report', help='write the score, by rule, as Markdown')
    ap.add_argument('--list', action='store_true', help='print every variant and its verdict')
    ap.add_argument('--update-known', action='store_true',
                    help='rewrite known_misses.txt with the misses and false alarms of this run')
    args = ap.parse_args()
    root = Path(args.root).resolve()
    stdlib = root / 'stdlib'
    patter = str(Path(args.patter).resolve())
    approved = list(approved_lines(HERE / 'approved.txt'))
    known = {line.strip() for line in (HERE / 'known_misses.txt').read_text(encoding='utf-8').split('\n')
             if line.strip() and not line.startswith('#')}

    work = Path(tempfile.mkdtemp(prefix='patter-mutation-'))
    try:
        planned = []  # (variant id, Variant, main file)
        for example in sorted((root / 'examples').glob('*.patter')):
            c = parse_campaign(example)
            ids = collections.Counter()
            for v, _ in variants_of(c, stdlib, approved):
                ids[v.id] += 1
                vid = f'{example.stem}:{v.id}' + (f'#{ids[v.id]}' if ids[v.id] > 1 else '')
                folder = work / f'v{len(planned):05d}'
                folder.mkdir()
                target = folder / example.name
                target.write_text(v.text, encoding='utf-8')
                for name, content in v.extra.items():
                    (folder / name).parent.mkdir(parents=True, exist_ok=True)
                    (folder / name).write_text(content, encoding='utf-8')
                planned.append((vid, v, target))
        # Each variant is checked from its own folder so a local look-alike is visible to it alone.
        verdicts = {}
        batch = collections.defaultdict(list)
        for vid, v, target in planned:
            batch[bool(v.extra)].append((vid, v, target))
        plain = batch[False]
        per = check(patter, stdlib, [t for _, _, t in plain], work) if plain else {}
        for vid, v, target in plain:
            verdicts[vid] = per.get(os.path.normpath(str(target)), [])
        for vid, v, target in batch[True]:
            one = check(patter, stdlib, [target.name], target.parent)
            verdicts[vid] = [d for ds in one.values() for d in ds]
    finally:
        shutil.rmtree(work, ignore_errors=True)

    by_rule = collections.defaultdict(lambda: [0, 0])  # rule -> [generated, caught]
    misses, alarms, invalid, fixed_known = [], [], [], []
    approved_count = 0
    for vid, v, _ in planned:
        ds = verdicts[vid]
        if any(d['code'] == 'E0002' for d in ds):
            invalid.append(vid)
            continue
        if v.expect_clean:
            approved_count += 1
            if ds:
                alarms.append((vid, v, ds))
            continue
        caught = any(d['severity'] == 'error' and not d.get('waived') for d in ds)
        if v.rule == 'R19':
            caught = caught or any(d['severity'] == 'warning' for d in ds)
        by_rule[v.rule][0] += 1
        if caught:
            by_rule[v.rule][1] += 1
            if vid in known:
                fixed_known.append(vid)
        else:
            misses.append((vid, v))
        if args.list:
            codes = ','.join(sorted({d['code'] for d in ds})) or '-'
            print(f'{"caught" if caught else "MISSED"}  {vid}  ({v.rule}: {v.what})  [{codes}]')

    generated = sum(g for g, _ in by_rule.values())
    caught = sum(k for _, k in by_rule.values())
    print(f'mutation score: {caught}/{generated} caught ({100.0 * caught / max(generated, 1):.1f}%), '
          f'{len(alarms)}/{approved_count} false alarms on approved phrasing')
    for rule in sorted(by_rule):
        g, k = by_rule[rule]
        print(f'  {rule:8} {k:4}/{g:<4} caught')
    new_misses = [(vid, v) for vid, v in misses if vid not in known]
    new_alarms = [(vid, v, ds) for vid, v, ds in alarms if vid not in known]
    fixed_known += [vid for vid, v, _ in planned if v.expect_clean and vid in known
                    and vid not in {a for a, _, _ in alarms}]
    for vid, v in new_misses:
        print(f'MISSED: {vid}: {v.rule}: {v.what}')
    for vid, v, ds in new_alarms:
        print(f'FALSE ALARM: {vid}: {v.what}: ' + '; '.join(f"{d['code']} {d['message']}" for d in ds))
    for vid in invalid:
        print(f'INVALID VARIANT (does not parse): {vid}')
    for vid in fixed_known:
        print(f'now passes, can leave known_misses.txt: {vid}')

    if args.update_known:
        write_known(HERE / 'known_misses.txt', [vid for vid, _ in misses] + [vid for vid, _, _ in alarms])
        return 1 if invalid else 0
    if args.report:
        write_report(Path(args.report), by_rule, generated, caught, misses, alarms, approved_count)
    return 1 if (new_misses or new_alarms or invalid) else 0


KNOWN_HEADER = """# Variants mutate.py generates that `patter check` does not catch yet, and approved lines it
# flags, one id a line (`--update-known` rewrites this file). The test fails on any miss or false
# alarm not listed here; one that now passes is reported, so the list only shrinks.
"""


def write_known(path: Path, ids):
    tmp = path.with_suffix('.tmp')
    tmp.write_text(KNOWN_HEADER + ''.join(f'{vid}\n' for vid in sorted(ids)), encoding='utf-8')
    tmp.replace(path)


def write_report(path: Path, by_rule, generated, caught, misses, alarms, approved_count):
    rows = '\n'.join(f'| {rule} | {g} | {k} | {100.0 * k / max(g, 1):.1f}% |'
                     for rule, (g, k) in sorted(by_rule.items()))
    missed = '\n'.join(f'- `{vid}` ({v.rule}): {v.what}' for vid, v in misses) or '- none'
    alarmed = '\n'.join(f'- `{vid}`: ' + '; '.join(d['code'] for d in ds) for vid, _, ds in alarms) or '- none'
    text = f"""# Mutation score

`tests/mutation/mutate.py` (the CTest test `mutation_score`) makes one-mutation variants of every
campaign in `examples/` and checks them all with `patter check`; a variant is caught when the check
reports an error (R19, a warning rule, by a warning). It also puts each approved line of the seeds
(`tests/mutation/approved.txt`) into every compliant campaign; any diagnostic there is a false alarm.
Regenerate this page with
`python3 tests/mutation/mutate.py --patter build/patter --root . --report docs/MUTATION.md`.

**{caught}/{generated} caught ({100.0 * caught / max(generated, 1):.1f}%); {len(alarms)}/{approved_count} false alarms on approved phrasing.**

| rule | variants | caught | score |
|---|---|---|---|
{rows}

`policy` counts the variants that drop, swap or forge the campaign's policy.

## Variants not caught

These, and the false alarms below, are listed in `tests/mutation/known_misses.txt`; the test fails
on any miss or false alarm not listed there.

{missed}

## False alarms

{alarmed}
"""
    tmp = path.with_suffix('.tmp')
    tmp.write_text(text, encoding='utf-8')
    tmp.replace(path)


if __name__ == '__main__':
    sys.exit(main())
