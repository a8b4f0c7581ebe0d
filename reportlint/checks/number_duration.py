"""A duration stated beside the dates it spans that they do not give ("ran for 16 weeks (May 15 to
August 15)"; 自3月1日至3月20日，为期30天).

The dates are read as a span (Month D to/– Month D, X月X日至/到/—X月X日; the same year, or the
next when the end comes before the start) and the duration as a count of days, weeks or months
next to them in the sentence; a duration more than one unit off the span (a week for weeks, a
month for months; a day for days, which also allows counting both ends) is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterator

from reportlint.diagnostics import Finding, RelatedSpan
from reportlint.document import Document
from reportlint.text.numerals import parse_zh_int
from reportlint.text import rx

FIELDS = frozenset({"duration", "start", "end", "expected", "expected_zh"})
MESSAGE = "{duration} does not fit {start} to {end} ({expected})"
# Each finding lies in one block and reads only that block and the text just around it: the language
# server re-checks only the blocks an edit reached (reportlint/lsp/incremental.py). Keep it so, or drop this.
BLOCK_LOCAL = True

_MONTHS = {m: i for i, ms in enumerate(
    ["jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july", "aug august",
     "sep sept september", "oct october", "nov november", "dec december"], 1) for m in ms.split()}
_MON = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_EN_SPAN = rx.compile(rf"\b(?P<m1>{_MON})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?(?:\s+(?P<y1>(?:19|20)\d\d))?\s*(?:to|through|until|–|—|-)\s*(?P<m2>{_MON})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y2>(?:19|20)\d\d))?")
_ZH_SPAN = rx.compile(r"(?:(?P<y1>(?:19|20)\d\d)年)?(?P<m1>\d{1,2}|[一二三四五六七八九十]{1,3})月(?P<d1>\d{1,2}|[一二三四五六七八九十]{1,3})日?\s*(?:至|到|—|–|-|～|~)\s*(?:(?P<y2>(?:19|20)\d\d)年)?(?P<m2>\d{1,2}|[一二三四五六七八九十]{1,3})月(?P<d2>\d{1,2}|[一二三四五六七八九十]{1,3})日")
_EN_DUR = rx.compile(r"\b(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)[- ](?P<u>days?|weeks?|months?)\b", re.I)
_ZH_DUR = rx.compile(r"(?P<n>\d{1,3}|[一二三四五六七八九十两]{1,3})(?P<u>天|日|周|个星期|星期|个月)")
_EN_SMALL = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
_ZH_DUR_HINT = rx.compile(r"[天周期]|星期|个月")
_EN_DUR_HINT = rx.compile(r"[DdWwMm](?:ays?|eeks?|onths?)\b")  # a leading class: the engine skips to candidates
_EN_DATE_HINT = rx.compile(rf"\b{_MON}\s+\d")
_ZH_UNIT = {"week": "周", "month": "个月", "周": "周", "个星期": "周", "星期": "周", "个月": "个月"}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30.44, "天": 1, "日": 1, "周": 7, "个星期": 7, "星期": 7, "个月": 30.44}


@dataclass(frozen=True)
class Params:
    """Params of the `number-duration` kind: what a rule's YAML `params` may set (validated by the loader)."""
    max_chars: int = 80  # the duration must be this close to the dates


def run(doc: Document, params: Params) -> Iterator[Finding]:
    text = doc.text
    for b in doc.prose_blocks():
        content = b.content
        zh = "月" in content and "日" in content and _ZH_DUR_HINT.search(content) is not None
        en = not zh and _EN_DUR_HINT.search(content) is not None and _EN_DATE_HINT.search(content) is not None
        if not (zh or en):
            continue  # most blocks name no date span and no duration: two substring scans, no pattern per sentence
        pairs = ((_EN_SPAN, _EN_DUR),) * en + ((_ZH_SPAN, _ZH_DUR),) * zh
        for s0, s1 in doc.sentences(b):
            sent = text[s0:s1]
            for span_re, dur_re in pairs:
                spans = list(span_re.finditer(sent))
                if len(spans) != 1:
                    continue  # none, or several spans: which duration is whose is a guess
                sp = spans[0]
                days = _days(sp)
                if days is None:
                    continue
                durs = [d for d in dur_re.finditer(sent) if not (sp.start() <= d.start() < sp.end())
                        and min(abs(d.start() - sp.end()), abs(sp.start() - d.end())) <= params.max_chars]
                if len(durs) != 1:
                    continue
                d = durs[0]
                n = _int(d.group("n"))
                unit = d.group("u").lower().rstrip("s")
                per = _UNIT_DAYS.get(unit)
                if n is None or per is None:
                    continue
                stated = n * per
                slack = max(per, 1.0) + (1.0 if per == 1 else 0.0)
                if abs(stated - days) > slack:
                    yield Finding(
                        s0 + d.start(), s0 + d.end(),
                        {"duration": d.group(0), "start": _date(sp, "1"), "end": _date(sp, "2"),
                         "expected": f"{days} days, about {days / per:.1f} {d.group('u')}" if per > 1 else f"{days} days",
                         "expected_zh": f"{days}天，约{days / per:.1f}{_ZH_UNIT.get(unit, '')}" if per > 1 else f"{days}天"},
                        related=(RelatedSpan(s0 + sp.start(), s0 + sp.end(), sp.group(0)),),
                    )


def _date(m: re.Match[str], k: str) -> str:
    """One end of the span as written (May 15 / 3月1日)."""
    if "月" in m.group(0):
        return f"{m.group('m' + k)}月{m.group('d' + k)}日"
    return f"{m.group('m' + k)} {m.group('d' + k)}"


def _int(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if s.lower() in _EN_SMALL:
        return _EN_SMALL[s.lower()]
    return parse_zh_int(s)


def _days(m: re.Match[str]) -> int | None:
    """Days from the span's first date to its last (same year; the next one when the end is earlier)."""
    def month(s: str) -> int | None:
        s = s.rstrip(".").lower()
        return _MONTHS.get(s) or _MONTHS.get(s[:3]) or (_int(s) if s else None)

    m1, m2 = month(m.group("m1")), month(m.group("m2"))
    d1, d2 = _int(m.group("d1")), _int(m.group("d2"))
    if None in (m1, m2, d1, d2):
        return None
    y1 = int(m.group("y1")) if m.group("y1") else int(m.group("y2")) if m.group("y2") else 2001
    y2 = int(m.group("y2")) if m.group("y2") else y1
    try:
        a, b = dt.date(y1, m1, d1), dt.date(y2, m2, d2)
    except ValueError:
        return None
    if b < a and not m.group("y2"):
        b = dt.date(y2 + 1, m2, d2) if not (m2 == 2 and d2 == 29) else b
    return (b - a).days if b >= a else None
