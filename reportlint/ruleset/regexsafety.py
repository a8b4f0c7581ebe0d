"""Load-time guard against catastrophic backtracking in user patterns.

Python's `re` cannot be interrupted, and the allowed runtime dependencies do not
include `regex` (timeouts) or `google-re2` (linear time). So a pattern whose
unbounded repetition contains another unbounded repetition — `(a+)+$`,
`(\\w*)*`, `(a|aa)+` — is rejected when the rule is loaded, with a message that
says how to rewrite it. Every built-in pattern passes this check.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    import re._parser as _sre_parse  # type: ignore[import-not-found]
    import re._constants as _sre_c  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_REPEATS = {_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT}
_POSSESSIVE = getattr(_sre_c, "POSSESSIVE_REPEAT", None)


def catastrophic_reason(pattern: str) -> str | None:
    """Why `pattern` may backtrack exponentially, or None when it looks safe."""
    try:
        parsed = _sre_parse.parse(pattern)
    except re.error:
        return None  # compiling reports it
    return _walk(parsed, inside_unbounded=False)


def _walk(sub, inside_unbounded: bool) -> str | None:
    for op, av in sub:
        if op in _REPEATS:
            lo, hi, body = av
            unbounded = hi == _sre_c.MAXREPEAT or hi > 100
            if unbounded and inside_unbounded and _can_match_nonempty(body):
                return "a repeated group contains another unbounded repetition (e.g. '(a+)+'); make the inner or outer part bounded or possessive"
            if unbounded and _has_overlapping_alternation(body):
                return "a repeated alternation has branches that can match the same text (e.g. '(a|aa)+')"
            r = _walk(body, inside_unbounded or unbounded)
            if r:
                return r
        elif op == _sre_c.SUBPATTERN:
            r = _walk(av[-1], inside_unbounded)
            if r:
                return r
        elif op == _sre_c.BRANCH:
            for branch in av[1]:
                r = _walk(branch, inside_unbounded)
                if r:
                    return r
        elif op in (_sre_c.ASSERT, _sre_c.ASSERT_NOT):
            r = _walk(av[1], inside_unbounded)
            if r:
                return r
        elif _POSSESSIVE is not None and op == _POSSESSIVE:
            continue  # possessive repeats never backtrack
        elif op == _sre_c.ATOMIC_GROUP if hasattr(_sre_c, "ATOMIC_GROUP") else False:
            continue
    return None


def _can_match_nonempty(body) -> bool:
    return any(op not in (_sre_c.AT,) for op, _ in body)


def _has_overlapping_alternation(body) -> bool:
    """Branches of one alternation where one is a prefix of another (literal text only).

    The parser factors a common prefix out of the branches (`a|aa` → `a(?:|a)`), which
    leaves an empty branch: under an unbounded repeat that is the same ambiguity.
    """
    for op, av in body:
        if op == _sre_c.SUBPATTERN:
            if _has_overlapping_alternation(av[-1]):
                return True
            continue
        if op == _sre_c.BRANCH:
            if any(not branch for branch in av[1]):
                return True
            lits = []
            for branch in av[1]:
                if all(o == _sre_c.LITERAL for o, _ in branch):
                    lits.append("".join(chr(c) for _, c in branch))
                else:
                    return False
            for i, a in enumerate(lits):
                for b in lits[i + 1 :]:
                    if a and b and (a.startswith(b) or b.startswith(a)):
                        return True
    return False
