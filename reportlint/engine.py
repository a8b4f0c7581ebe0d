"""Runs rules over documents: stamps rule identity and positions, applies suppressions."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from reportlint import globs
from reportlint.analysis.context import NOTHING, Deferred
from reportlint.diagnostics import Diagnostic, Finding, Related, Severity
from reportlint.document import Document
from reportlint.ruleset.loader import Rule
from reportlint.ruleset.select import token_matches
from reportlint.suppression import build_regions, parse_directives

UNUSED_SUPPRESSION = "RL001"
CHECK_CRASHED = "E002"
UNREADABLE = "E001"
MAX_TEXT_FIELD = 60


@dataclass(frozen=True)
class EngineOptions:
    """Run-wide settings the engine applies around the checks (severity overrides, per-file ignores)."""
    severity: dict[str, Severity] = field(default_factory=dict)  # code → severity override
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, tokens)
    base_dir: Path | None = None  # per-file-ignores globs are relative to this
    cross_file: bool = False


def applicable(rule: Rule, doc: Document) -> bool:
    if rule.languages and doc.language not in rule.languages:
        return False
    if rule.formats and doc.format not in rule.formats:
        return False
    return True


def deferred_for(rule: Rule, running: dict[str, Rule]) -> Deferred:
    """The rules `rule` defers to that run on this document (selected, applicable, not ignored)."""
    if not rule.defers_to:
        return NOTHING
    return Deferred(tuple((c, running[c].kind, running[c].params) for c in rule.defers_to if c in running))


def check(rule: Rule, doc: Document, deferred: Deferred = NOTHING) -> list[Finding]:
    """The findings of one rule's check on one document (no budget, no stamping)."""
    if getattr(rule.module, "DEFERS_TO_KINDS", None):
        return list(rule.module.run(doc, rule.params, deferred))
    return list(rule.module.run(doc, rule.params))


def run_rule(rule: Rule, doc: Document, deferred: Deferred = NOTHING) -> list[Diagnostic]:
    """One rule on one document; a crash or a blown time budget becomes one E002 diagnostic naming the rule."""
    budget = rule_time_budget(len(doc.text))
    try:
        with deadline(budget):
            findings = check(rule, doc, deferred)
    except CheckTimeout:
        return [crash_diagnostic(rule, doc.path, None, f"used more than {budget:g} s of CPU on this file and was stopped")]
    except Exception as e:  # noqa: BLE001 — a broken check must not kill the run
        return [crash_diagnostic(rule, doc.path, e)]
    return [to_diagnostic(rule, doc, f) for f in findings]


# A check that goes quadratic on some input must not hang a commit hook: each rule gets a
# CPU-time budget per file (generous: base + per million characters; CPU, not wall time, so a
# busy machine does not trip it), enforced with SIGVTALRM where that is possible (Unix, main
# thread — pool workers run tasks there too).
# Catastrophic user regexes are refused at load time instead (regexsafety): C code is not
# interrupted by a signal. REPORTLINT_RULE_TIME_BUDGET=SECONDS overrides; 0 turns it off.
BUDGET_BASE_S = 30.0
BUDGET_PER_MCHAR_S = 10.0


class CheckTimeout(BaseException):
    """Raised inside a check whose budget ran out (BaseException: `except Exception` in a check cannot swallow it)."""


def rule_time_budget(chars: int) -> float:
    env = os.environ.get("REPORTLINT_RULE_TIME_BUDGET")
    if env:
        try:
            return max(0.0, float(env))
        except ValueError:
            pass
    return BUDGET_BASE_S + BUDGET_PER_MCHAR_S * chars / 1_000_000


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    usable = (seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_VIRTUAL)[0] == 0)  # never clobber a timer someone else set
    if not usable:
        yield
        return

    def _expired(signum, frame):  # noqa: ARG001
        raise CheckTimeout()

    previous = signal.signal(signal.SIGVTALRM, _expired)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def crash_diagnostic(rule: Rule, path: str, e: BaseException | None, what: str | None = None) -> Diagnostic:
    if what is None:
        import traceback

        frame = traceback.extract_tb(e.__traceback__)[-1] if e is not None and e.__traceback__ else None
        where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
        what = f"crashed: {type(e).__name__}: {e}{where}"
    return Diagnostic(
        path=path, line=1, column=1, end_line=1, end_column=1, rule=CHECK_CRASHED, name="check-crashed",
        category="error", severity=Severity.ERROR,
        message=f"rule {rule.code} ({rule.name}, kind {rule.kind}) {what}; other rules still ran",
    )


def to_diagnostic(rule: Rule, doc: Document, f: Finding) -> Diagnostic:
    idx = doc.index
    start = max(0, min(f.start, len(doc.text)))
    end = max(start, min(f.end, len(doc.text)))
    line, col = idx.position(start)
    end_line, end_col = idx.position(end)
    flagged = doc.text[start:end]
    message = f.message if f.message is not None else _format(rule, f, flagged, doc.language)
    related = []
    for r in f.related:
        if r.path is None:
            rl, rc = idx.position(r.start)
            rel = idx.position(max(r.start, r.end - 1))[0] if r.end > r.start else rl
            related.append(Related(doc.path, rl, rc, r.message, rel if rel != rl else None))
        else:
            related.append(Related(r.path, r.line or 1, r.column or 1, r.message, r.end_line))
    return Diagnostic(
        path=doc.path, line=line, column=col, end_line=end_line, end_column=end_col,
        rule=rule.code, name=rule.name, category=rule.category,
        severity=f.severity if f.severity is not None else rule.severity,
        message=message, related=related, fix=f.fix, start=start, end=end, flagged_text=flagged,
    )


def _format(rule: Rule, f: Finding, flagged: str, language: str = "en") -> str:
    template = rule.template(language) or getattr(rule.module, "MESSAGE", None) or rule.docs.summary
    text = flagged if len(flagged) <= MAX_TEXT_FIELD else flagged[: MAX_TEXT_FIELD - 1] + "…"
    fields = {"text": text.replace("\n", " "), **f.fields}
    try:
        return template.format(**fields)
    except (KeyError, IndexError, ValueError, AttributeError):
        return rule.docs.summary


def lint_documents(docs: list[Document], rules: list[Rule], options: EngineOptions) -> list[Diagnostic]:
    """All diagnostics for `docs`, suppressions applied, sorted."""
    per_doc: list[list[Diagnostic]] = []
    for doc in docs:
        per_doc.append(lint_document(doc, rules, options, finalize=False))
    if options.cross_file and len(docs) > 1:
        for rule in rules:
            run_many = getattr(rule.module, "run_many", None)
            if run_many is None:
                continue
            targets = [i for i, d in enumerate(docs) if applicable(rule, d) and not _ignored(rule, d, options)]
            try:
                for i, finding in run_many([docs[i] for i in targets], rule.params):
                    per_doc[targets[i]].append(to_diagnostic(rule, docs[targets[i]], finding))
            except Exception as e:  # noqa: BLE001
                per_doc[targets[0] if targets else 0].append(crash_diagnostic(rule, docs[0].path, e))
    out: list[Diagnostic] = []
    for doc, diags in zip(docs, per_doc):
        out.extend(finalize_document(doc, diags, rules))
    out.sort(key=Diagnostic.sort_key)
    return out


def lint_document(doc: Document, rules: list[Rule], options: EngineOptions, finalize: bool = True) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    running = {r.code: r for r in rules if applicable(r, doc) and not _ignored(r, doc, options)}
    for rule in running.values():
        diags.extend(run_rule(rule, doc, deferred_for(rule, running)))
    for d in diags:
        if d.rule in options.severity:
            d.severity = options.severity[d.rule]
    if finalize:
        diags = finalize_document(doc, diags, rules)
        diags.sort(key=Diagnostic.sort_key)
    return diags


def _ignored(rule: Rule, doc: Document, options: EngineOptions) -> bool:
    if not options.per_file_ignores:
        return False
    p = Path(doc.path)
    try:
        rel = p.resolve().relative_to(options.base_dir.resolve()).as_posix() if options.base_dir else p.as_posix()
    except ValueError:
        rel = p.as_posix()
    for glob, tokens in options.per_file_ignores:
        if globs.matches(rel, (glob,)):
            if any(token_matches(t, rule) for t in tokens):
                return True
    return False


def finalize_document(doc: Document, diags: list[Diagnostic], rules: list[Rule]) -> list[Diagnostic]:
    """Apply suppression comments; report the ones that suppressed nothing (RL001)."""
    directives = parse_directives(doc)
    if not directives:
        return diags
    by_code = {r.code: r for r in rules}
    regions = build_regions(directives, doc.index.line_count)
    kept = []
    for d in diags:
        hit = None
        for reg in regions:
            if reg.first_line <= d.line <= reg.last_line and (reg.token == "*" or _token_matches_diag(reg.token, d, by_code)):
                hit = reg
                break
        if hit is None:
            kept.append(d)
        else:
            hit.directive.used.add(hit.token)
    unused_rule = by_code.get(UNUSED_SUPPRESSION)
    if unused_rule is not None:
        for dv in directives:
            if dv.kind == "enable":
                continue
            toks = dv.tokens or ("*",)
            unused = [t for t in toks if t not in dv.used]
            if unused:
                what = "every rule" if unused == ["*"] else ", ".join(unused)
                kept.append(to_diagnostic(unused_rule, doc, Finding(dv.start, dv.end, {"codes": what})))
    return kept


def _token_matches_diag(token: str, d: Diagnostic, by_code: dict[str, Rule]) -> bool:
    rule = by_code.get(d.rule)
    if rule is not None:
        return token_matches(token, rule)
    t = token.upper()
    return d.rule == t or d.rule.startswith(t) or token == d.category

