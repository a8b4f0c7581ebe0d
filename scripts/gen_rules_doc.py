#!/usr/bin/env python3
"""Generate docs/rules.md from the built-in rule YAML (the single source of rule docs).

    python scripts/gen_rules_doc.py           # rewrite docs/rules.md
    python scripts/gen_rules_doc.py --check   # exit 1 when docs/rules.md is stale (CI)

tests/test_docs.py fails when the file is stale, so a new or changed rule is
always one command away from its reference page.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "rules.md"
COMMAND = "python scripts/gen_rules_doc.py"
CATEGORY_ORDER = ("duplicate", "number", "markup", "heading", "style", "error")
MAX_VALUE_CHARS = 300


def _value(v: Any) -> str:
    if isinstance(v, re.Pattern):
        v = v.pattern
    if dataclasses.is_dataclass(v):
        v = dataclasses.asdict(v)
    if isinstance(v, tuple):
        v = list(v)
    s = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str)
    s = s if len(s) <= MAX_VALUE_CHARS else s[: MAX_VALUE_CHARS - 1] + "…"
    s = s.replace("\n", "\\n").replace("|", "\\|")  # a table cell ends at any unescaped |
    if not s:
        return '`""`'
    return f"`` {s} ``" if "`" in s else f"`{s}`"


def _fence(body: str) -> list[str]:
    longest = max((len(m) for m in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", body.strip("\n"), fence]


def _cell(s: str) -> str:
    return " ".join(s.split()).replace("|", "\\|")


def render(rules: list[Any]) -> str:
    from reportlint.ruleset.params import params_schema

    order = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    rules = sorted(rules, key=lambda r: (order.get(r.category, 99), r.code))
    out = ["# Rules reference", "",
           f"<!-- Generated from rules/**/*.yml by `{COMMAND}`; do not edit by hand. -->",
           "<!-- The examples below are defects on purpose: -->", "<!-- reportlint-disable-file -->", "",
           f"{len(rules)} built-in rules. `reportlint rules` lists the rules a configuration selects; "
           "`reportlint explain CODE` prints one rule's page in the terminal. "
           "Select or ignore rules by code (`DU001`), prefix (`NU`), name or category "
           "(see [configuration](configuration.md)).", "",
           "**Precision and preview rules.** Each rule records its precision on real documents nobody "
           "tuned it on (the share of its findings an "
           "editor judged real), the number of judged findings and documents it rests on, and what it was "
           "measured on. Severity follows it: `error` only at 0.95 or more, `warning` at 0.80 or more, each "
           "on at least 20 judged findings; a rule measured on fewer is *provisional* (shown with `?`) and "
           "at most `warning`. A rule below 0.80 is a **preview** rule: it runs only with `--preview` "
           "(config `preview: true`) or when its exact code is selected; `ALL`, prefixes, names and "
           "categories select only the other rules.", "",
           "| Code | Name | Category | Severity | Precision | Languages | Summary |", "|---|---|---|---|---|---|---|"]
    for r in rules:
        langs = ", ".join(r.languages) if r.languages else "all"
        anchor = f"{r.code.lower()}-{r.name}"
        prec = r.precision.cell() if r.precision else "-"
        out.append(f"| [{r.code}](#{anchor}) | {r.name} | {r.category} | {r.severity} | {prec} | {langs} "
                   f"| {_cell(r.docs.summary)} |")
    current = None
    for r in rules:
        if r.category != current:
            current = r.category
            out += ["", f"## {current.capitalize()}"]
        d = r.docs
        out += ["", f"### {r.code} {r.name}", ""]
        meta = f"Category **{r.category}**, severity **{r.severity}**, kind `{r.kind}`, rule set `{r.ruleset}`"
        if r.languages:
            meta += f", languages: {', '.join(r.languages)}"
        if r.formats:
            meta += f", formats: {', '.join(r.formats)}"
        if not r.enabled:
            meta += ", **off by default**"
        if r.preview:
            meta += ", **preview**"
        if r.precision is not None:
            meta += f". Precision: {r.precision.describe()}"
        out += [meta + ".", "", d.summary.strip(), "", f"**Why.** {' '.join(d.why.split())}"]
        for label, body in (("Bad", d.bad), ("Good", d.good)):
            if body.strip():
                found = f" (found as {formats_label(example_formats(r))})" if label == "Bad" and example_formats(r) else ""
                out += ["", f"**{label}**{found}:" if found else f"**{label}:**", "", *_fence(body)]
        for label, body in (("Fix", d.fix), ("Notes", d.notes)):
            if body.strip():
                out += ["", f"**{label}.** {' '.join(body.split())}"]
        params = [p for p in params_schema(type(r.params)) if not p["name"].startswith("_")]
        if params:
            out += ["", "| Param | Type | Value |", "|---|---|---|"]
            out += [f"| `{p['name']}` | {p['type']} | {_value(getattr(r.params, p['name']))} |" for p in params]
    return "\n".join(out) + "\n"


FORMAT_NAMES = {"md": "Markdown (`.md`)", "txt": "plain text (`.txt`)", "docx": "Word (`.docx`)"}


def applicable_formats(rule: Any) -> list[str]:
    """The text formats a rule's examples can be checked as: its `formats`, else Markdown and plain text."""
    return [f for f in (rule.formats or ("md", "txt")) if f in ("md", "txt")]


def findings(rule: Any, text: str, fmt: str) -> list[Any]:
    """The rule's own findings on `text` read as `fmt` (RL001 with the rule it suppresses)."""
    from reportlint.api import lint_text
    from reportlint.ruleset.loader import load_rulesets

    extra = [r for r in load_rulesets(["core", "zh", "en"]) if r.code == "TX001"] if rule.code == "RL001" else []
    return [d for d in lint_text(text, [rule, *extra], path=f"example.{fmt}", fmt=fmt) if d.rule == rule.code]


def example_formats(rule: Any) -> list[str]:
    """The formats in which the rule's `bad` example is found (the docs name them)."""
    if not rule.docs.bad.strip() or rule.code in ("E001", "E002"):
        return []
    return [f for f in applicable_formats(rule) if findings(rule, rule.docs.bad, f)]


def formats_label(formats: list[str]) -> str:
    return " and ".join(FORMAT_NAMES.get(f, f) for f in formats)


def generate() -> str:
    sys.path.insert(0, str(ROOT))
    from reportlint.ruleset.loader import BUILTIN_RULESETS, load_rulesets

    return render(load_rulesets(list(BUILTIN_RULESETS)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if docs/rules.md is stale; write nothing")
    args = ap.parse_args(argv)
    text = generate()
    current = TARGET.read_text(encoding="utf-8") if TARGET.is_file() else ""
    if args.check:
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is stale; regenerate it with: {COMMAND}", file=sys.stderr)
            return 1
        return 0
    if current != text:
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        TARGET.write_text(text, encoding="utf-8")
        print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
