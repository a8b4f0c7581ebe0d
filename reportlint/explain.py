"""Rule documentation as text (`reportlint explain`) and Markdown (docs/rules.md)."""

from __future__ import annotations

from reportlint.ruleset.loader import Rule
from reportlint.ruleset.params import params_schema


def explain_text(rule: Rule) -> str:
    d = rule.docs
    out = [f"{rule.code} {rule.name} ({rule.category}, {rule.severity}, kind {rule.kind})", "", d.summary.strip(), ""]
    if rule.precision is not None:
        out += [f"Precision: {rule.precision.describe()}"]
        if rule.preview:
            out += ["Preview rule: runs only with --preview (config 'preview: true') or when selected by its code."]
        out.append("")
    out += ["Why:", _indent(d.why), ""]
    if d.bad:
        out += ["Bad:", _indent(d.bad), ""]
    if d.good:
        out += ["Good:", _indent(d.good), ""]
    if d.fix:
        out += ["Fix:", _indent(d.fix), ""]
    if d.notes:
        out += ["Notes:", _indent(d.notes), ""]
    if rule.languages:
        out += [f"Languages: {', '.join(rule.languages)}", ""]
    schema = params_schema(type(rule.params))
    if schema:
        out.append("Params (this rule's values):")
        for p in schema:
            if p["name"].startswith("_"):
                continue
            value = getattr(rule.params, p["name"])
            if hasattr(value, "pattern"):
                value = value.pattern
            out.append(f"  {p['name']} ({p['type']}): {_short(value)}")
        out.append("")
    return "\n".join(out)


def _short(v: object) -> str:
    s = repr(v) if not isinstance(v, str) else v
    return s if len(s) <= 200 else s[:197] + "..."


def _indent(s: str) -> str:
    return "\n".join("    " + line for line in s.strip("\n").splitlines())
