"""One rule on one document, and the one path every finding takes to become a Diagnostic.

The engine knows three things: which rules run on a document (`running`: applicable by
language and format, not ignored for the file), how to run one check under a CPU budget
(`check_findings`: a crash or a blown budget becomes an E002 finding), and how to stamp a
finding (`stamp`: rule identity, positions through the document's one line index, the
message from the rule's YAML in the reader's language, severity overrides). The phases
that use these — collect, cross-file, suppress, stamp, sort — are `pipeline.py`'s.
"""

from __future__ import annotations

import os
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, NamedTuple, TypeVar

from reportlint import globs
from reportlint.analysis.context import NOTHING, Deferred
from reportlint.diagnostics import LIST_SEPARATOR, Diagnostic, Finding, Phrase, Related, Severity, line_range, phrase
from reportlint.document import Document, LineIndex
from reportlint.ruleset.loader import Rule
from reportlint.ruleset.select import token_matches

UNUSED_SUPPRESSION = "RL001"
CHECK_CRASHED = "E002"
UNREADABLE = "E001"
ENGINE_RULES = frozenset({UNUSED_SUPPRESSION, CHECK_CRASHED, UNREADABLE})  # raised by the phases, not a check
ALWAYS_REPORTED = frozenset({CHECK_CRASHED, UNREADABLE})  # selected unless ignored by name: nothing is lost
_T = TypeVar("_T")

MAX_TEXT_FIELD = 60


@dataclass(frozen=True)
class EngineOptions:
    """Run-wide settings the engine applies around the checks (severity overrides, per-file ignores)."""
    severity: dict[str, Severity] = field(default_factory=dict)  # code → severity override
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, tokens)
    base_dir: Path | None = None  # per-file-ignores globs are relative to this
    cross_file: bool = False
    message_language: str = "auto"  # "auto" (each document's language), "zh" or "en"
    reference_files: tuple[str, ...] = ()  # config `reference-files`: what they define counts for every file (settle)


class Raw(NamedTuple):
    """A finding of one rule before stamping: what the collect phase sends back (picklable)."""
    code: str
    finding: Finding


class StampContext(NamedTuple):
    """What stamping needs of a file: its path, text, line index and language."""
    path: str
    text: str
    index: LineIndex
    language: str

    @classmethod
    def of(cls, doc: Document) -> "StampContext":
        return cls(doc.path, doc.source, doc.source_index, doc.language)  # findings leave collect in the file's offsets


def applicable(rule: Rule, doc: Document) -> bool:
    if rule.languages and doc.language not in rule.languages:
        return False
    if rule.formats and doc.format not in rule.formats:
        return False
    return True


def ignored(rule: Rule, path: str, options: EngineOptions) -> bool:
    """`per-file-ignores` turns this rule off for this file."""
    if not options.per_file_ignores:
        return False
    p = Path(path)
    try:
        rel = p.resolve().relative_to(options.base_dir.resolve()).as_posix() if options.base_dir else p.as_posix()
    except ValueError:
        rel = p.as_posix()
    for glob, tokens in options.per_file_ignores:
        if globs.matches(rel, (glob,)) and any(token_matches(t, rule) for t in tokens):
            return True
    return False


def running(rules: list[Rule], doc: Document, options: EngineOptions) -> dict[str, Rule]:
    """The rules that run on `doc`, by code, in rule order."""
    return {r.code: r for r in rules if applicable(r, doc) and not ignored(r, doc.path, options)}


def deferred_for(rule: Rule, running_rules: dict[str, Rule]) -> Deferred:
    """The rules `rule` defers to that run on this document (selected, applicable, not ignored)."""
    if not rule.defers_to:
        return NOTHING
    return Deferred(tuple((c, running_rules[c].kind, running_rules[c].params)
                          for c in rule.defers_to if c in running_rules))


def check(rule: Rule, doc: Document, deferred: Deferred = NOTHING) -> list[Finding]:
    """The findings of one rule's check on one document (no budget, no stamping)."""
    if getattr(rule.module, "DEFERS_TO_KINDS", None):
        return list(rule.module.run(doc, rule.params, deferred))
    return list(rule.module.run(doc, rule.params))


def check_findings(rule: Rule, doc: Document, deferred: Deferred = NOTHING, timer: "CpuTimer | None" = None) -> list[Raw]:
    """One rule on one document under its CPU budget; a crash or a blown budget is one E002 finding.

    `timer` is the document's (collect installs one for all its rules); without one the call makes its own."""
    if timer is None:
        with CpuTimer(len(doc.text)) as own:
            return check_findings(rule, doc, deferred, own)
    try:
        return timer.run(lambda: [Raw(rule.code, f) for f in check(rule, doc, deferred)])
    except CheckTimeout:
        return [crash_finding(rule, None, phrase("timeout", seconds=f"{timer.seconds:g}"))]
    except Exception as e:  # noqa: BLE001 — a broken check must not kill the run
        return [crash_finding(rule, e)]


def crash_finding(rule: Rule, e: BaseException | None, what: Phrase | None = None, cross_file: bool = False) -> Raw:
    """The E002 finding for a check that crashed (or ran out of time): it names the rule and where.

    `what` is a Phrase worded in E002's YAML (crashed, crashed_cross_file, timeout, unworded)."""
    if what is None:
        import traceback

        frame = traceback.extract_tb(e.__traceback__)[-1] if e is not None and e.__traceback__ else None
        where = f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"
        what = phrase("crashed_cross_file" if cross_file else "crashed", exception=type(e).__name__,
                      detail=str(e), where=where)
    return Raw(CHECK_CRASHED, Finding(0, 0, {"code": rule.code, "rule_name": rule.name, "rule_kind": rule.kind,
                                              "what": what}))


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


def _expired(signum, frame) -> None:  # noqa: ARG001
    raise CheckTimeout()


class CpuTimer:
    """Stops a check that runs past its CPU budget, for a span of checks on one document.

    The SIGVTALRM handler is installed once for the span (a document's rules, in collect)
    and each check only arms and disarms the timer: two system calls per check instead of
    the handler swapped around each of the ~40 rules of every file. Usable on the main
    thread where `setitimer` exists, and only when no one else's virtual timer is running
    (never clobbered); elsewhere checks run without a budget.
    """

    __slots__ = ("seconds", "usable", "_previous")

    def __init__(self, chars: int) -> None:
        self.seconds = rule_time_budget(chars)
        self.usable = False
        self._previous = None

    def __enter__(self) -> "CpuTimer":
        self.usable = (self.seconds > 0 and hasattr(signal, "setitimer")
                       and threading.current_thread() is threading.main_thread()
                       and signal.getitimer(signal.ITIMER_VIRTUAL)[0] == 0)
        if self.usable:
            self._previous = signal.signal(signal.SIGVTALRM, _expired)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.usable:
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            signal.signal(signal.SIGVTALRM, self._previous)
            self.usable = False

    def run(self, fn: Callable[[], _T]) -> _T:
        """fn() under the budget (CheckTimeout when it runs out)."""
        if not self.usable:
            return fn()
        signal.setitimer(signal.ITIMER_VIRTUAL, self.seconds)
        try:
            return fn()
        finally:
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)


# ---------------------------------------------------------------- stamping


class MessageError(Exception):
    """A finding lacks a field its rule's message uses: a bug in the check, reported as E002."""

    def __init__(self, rule: str, missing: str) -> None:
        super().__init__(f"rule {rule}: its message needs {missing} and the finding does not give it")
        self.missing = missing


def _phrasal(value: object) -> bool:
    return isinstance(value, Phrase) or isinstance(value, tuple) and bool(value) and isinstance(value[0], Phrase)


def _worded(rule: Rule, value: object, language: str, fields: dict) -> object:
    """A Phrase in the reader's language: its clause from the rule's YAML, formatted with `fields` and
    its own (themselves worded); a tuple of Phrases as a list; any other value as it is."""
    if isinstance(value, Phrase):
        own = dict(fields)
        for k, v in value.fields:
            own[k] = _worded(rule, v, language, fields)
        return rule.clause(value.clause, language).format(**own)
    if _phrasal(value):  # a tuple of Phrases
        return LIST_SEPARATOR.get(language, ", ").join(str(_worded(rule, v, language, fields)) for v in value)
    return value


def stamp(rule: Rule, ctx: StampContext, f: Finding, options: EngineOptions) -> Diagnostic:
    """The one path from a finding to a Diagnostic: identity, positions, message, related, severity."""
    idx = ctx.index
    start = max(0, min(f.start, len(ctx.text)))
    end = max(start, min(f.end, len(ctx.text)))
    line, col = idx.position(start)
    end_line, end_col = idx.position(end)
    flagged = ctx.text[start:end]
    related = []
    for r in f.related:
        label = r.message if isinstance(r.message, str) else _related_label(rule, r.message, ctx, options, f)
        if r.path is None:
            rl, rc = idx.position(r.start)
            rel = idx.position(max(r.start, r.end - 1))[0] if r.end > r.start else rl
            related.append(Related(ctx.path, rl, rc, label, rel if rel != rl else None))
        else:
            related.append(Related(r.path, r.line or 1, r.column or 1, label, r.end_line))
    last_line = idx.position(max(start, end - 1))[0] if end > start else line
    message = f.message if f.message is not None else _message(rule, f, flagged, ctx, options, line, last_line, related)
    severity = options.severity.get(rule.code, f.severity if f.severity is not None else rule.severity)
    return Diagnostic(
        path=ctx.path, line=line, column=col, end_line=end_line, end_column=end_col,
        rule=rule.code, name=rule.name, category=rule.category, severity=severity,
        message=message, related=related, fix=f.fix, start=start, end=end, flagged_text=flagged,
    )


def _related_label(rule: Rule, label: Phrase, ctx: StampContext, options: EngineOptions, f: Finding) -> str:
    """A related place's label given as a Phrase ("the original"), worded in the reader's language."""
    language = ctx.language if options.message_language == "auto" else options.message_language
    try:
        return str(_worded(rule, label, language, {}))
    except (KeyError, IndexError, ValueError, AttributeError) as e:
        raise MessageError(rule.code, str(e)) from None


def _message(rule: Rule, f: Finding, flagged: str, ctx: StampContext, options: EngineOptions,
             line: int, last_line: int, related: list[Related]) -> str:
    language = ctx.language if options.message_language == "auto" else options.message_language
    template = rule.template(language) or getattr(rule.module, "MESSAGE", None) or rule.docs.summary
    text = flagged if len(flagged) <= MAX_TEXT_FIELD else flagged[: MAX_TEXT_FIELD - 1] + "…"
    fields = {"text": text.replace("\n", " "), "line_range": line_range(line, last_line)}
    if related:
        first = related[0]
        fields["related_line"] = first.line
        fields["related_range"] = line_range(first.line, first.end_line or first.line)
    fields.update(f.fields)
    try:
        phrases = [(k, v) for k, v in fields.items() if _phrasal(v)]
        for k, _ in phrases:
            del fields[k]  # not worded yet: a template that uses it too early fails (E002), never shows a repr
        for k, v in phrases:  # in order: a Phrase may use the fields worded before it
            fields[k] = _worded(rule, v, language, fields)
        if "clauses" in fields:  # the optional parts of the message, worded in the rule's YAML
            fields["note"] = "".join(rule.clause(c, language).format(**fields) for c in fields["clauses"])
        return template.format(**fields)
    except (KeyError, IndexError, ValueError, AttributeError) as e:
        raise MessageError(rule.code, str(e)) from None
