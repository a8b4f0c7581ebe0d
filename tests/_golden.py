"""A fixed, self-contained run for the output golden tests: our own rules, our own drafts.

The goldens must not change when other rules are added, so the run loads no
built-in rule set — only `RULES` below — and the drafts live here, not in the corpus.
Regenerate after an intended format change with:
    REPORTLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_output_*.py
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlint import __version__
from reportlint.config import Config
from reportlint.runner import CheckOptions, run_check

GOLDEN = Path(__file__).resolve().parent / "golden"

RULES = """\
rules:
  - id: TX901
    name: golden-placeholder
    kind: pattern
    category: style
    severity: warning
    message: "Placeholder '{match}': 100% of them must go, before release"
    params:
      pattern: "TODO|待补充"
    docs:
      summary: A placeholder left in the draft.
      why: Placeholders slip into published reports.
      bad: "The budget is TODO."
      good: "The budget is 3 million."
    tests:
      - name: todo
        fail: "The budget is TODO.\\n"
        expect: [{line: 1, column: 15}]
      - name: clean
        pass: "The budget is 3 million.\\n"
  - id: TX902
    name: golden-term
    kind: substitution
    category: style
    severity: error
    params:
      swap: {"e-mail": "email", "帐户": "账户"}
    docs:
      summary: A team term spelled the old way.
      why: One spelling per term reads as one voice.
      bad: "Send an e-mail."
      good: "Send an email."
      fix: A safe fix replaces the term.
    tests:
      - name: old
        fail: "Send an e-mail.\\n"
        expect: [{line: 1, column: 9}]
      - name: new
        pass: "Send an email.\\n"
  - id: TX903
    name: golden-note
    kind: pattern
    category: style
    severity: info
    message: "Marker {match}"
    params:
      pattern: "XXX"
    docs:
      summary: A marker worth a look.
      why: Markers are notes to self.
    tests:
      - name: xxx
        fail: "See XXX.\\n"
        expect: [{line: 1, column: 5}]
      - name: none
        pass: "See above.\\n"
"""

DRAFTS = {
    "drafts/report.md": "# Annual report\n\nThe budget is TODO, see the e-mail.\n\nXXX check <this> & \"that\".\n",
    "drafts/报告.txt": "一、总体情况\n本节待补充。\n请登录帐户查看。\n",
    "drafts/clean.md": "# Clean\n\nNothing to see here.\n",
}
MISSING = "drafts/missing.md"


def write_project(root: Path) -> None:
    (root / "team-rules.yml").write_text(RULES, encoding="utf-8")
    for name, text in DRAFTS.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def run_fixed(root: Path, fmt: str, **extra) -> tuple[str, int]:
    """Render the fixed run in `fmt`; the caller has chdir'ed into `root`."""
    write_project(root)
    config = Config(rulesets=[], base_dir=root)
    opts = CheckOptions(paths=[*DRAFTS, MISSING], fmt=fmt, rule_files=["team-rules.yml"], **extra)
    outcome = run_check(opts, config)
    return outcome.rendered.replace(__version__, "<version>"), outcome.exit_code


def check_golden(name: str, got: str) -> None:
    path = GOLDEN / name
    if os.environ.get("REPORTLINT_UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert path.is_file(), f"missing golden {path}; create it with REPORTLINT_UPDATE_GOLDEN=1 python -m pytest {name}"
    want = path.read_text(encoding="utf-8")
    assert got == want, (f"{name} differs from the golden file; if the change is intended, regenerate with "
                         "REPORTLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_output_*.py and review the diff")
