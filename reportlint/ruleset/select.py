"""`--select` / `--ignore` tokens: ALL, codes, prefixes, names and categories.

Preview rules (measured precision below 0.80, see Precision in loader.py) follow Ruff:
`ALL`, prefixes, names and categories select only the rules that are not preview; a
preview rule runs when preview is on (`--preview`, config `preview: true`) or when its
exact code is selected.
"""

from __future__ import annotations

from reportlint.diagnostics import CATEGORIES
from reportlint.ruleset.loader import Rule
from reportlint.errors import SelectionError
from reportlint.ruleset.yamlpos import suggest


def token_matches(token: str, rule: Rule) -> bool:
    t = token.strip()
    if t.upper() == "ALL":
        return True
    if t in CATEGORIES:
        return rule.category == t
    if t == rule.name:
        return True
    up = t.upper()
    return rule.code == up or (up.isalnum() and rule.code.startswith(up))


def explicit(token: str, rule: Rule) -> bool:
    """A token that names this one rule (enables rules that are off by default)."""
    return token.upper() == rule.code or token == rule.name


def exact_code(token: str, rule: Rule) -> bool:
    """A token that is this rule's code (the only way to select a preview rule without preview on)."""
    return token.strip().upper() == rule.code


def validate_tokens(tokens: list[str], rules: list[Rule], what: str) -> None:
    for t in tokens:
        if not any(token_matches(t, r) for r in rules):
            choices = {r.code for r in rules} | {r.name for r in rules} | set(CATEGORIES) | {"ALL"}
            raise SelectionError(f"{what}: '{t}' matches no rule{suggest(t, choices)}")


def select_rules(rules: list[Rule], select: list[str], ignore: list[str], preview: bool = False) -> list[Rule]:
    out = []
    for r in rules:
        if r.preview and not preview:
            chosen = any(exact_code(t, r) for t in select)
        else:
            chosen = any(explicit(t, r) for t in select) or (r.enabled and any(token_matches(t, r) for t in select))
        if chosen and not any(token_matches(t, r) for t in ignore):
            out.append(r)
    return out
