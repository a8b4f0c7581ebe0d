"""How a value reads as a change: marked as one (增长 5%, 3个百分点, "up 3%", "a 5-point jump",
"27% fewer"), and in which reading (points, percent, times). Shared by the checks that compare a
stated change with the levels it is between (in a sentence, NU008; in a table, NU014)."""

from __future__ import annotations

import re

from reportlint.text.quantities import Quantity
from reportlint.text import rx

_SKIP = r"[\s*_]*"
_ZH_CHANGE_BEFORE = rx.compile(r"(?:增长|增加|提高|提升|上升|下降|降低|减少|回落|增幅|增速|涨幅|降幅|增长率)(?:了|为|达|达到)?(?:分别为|分别)?" + _SKIP + "$")
_EN_POINTS_AFTER = rx.compile(r"^(?:-|\s)?(?:percentage[- ])?points?\b", re.I)
_EN_CHANGE_AFTER = rx.compile(r"^" + _SKIP + r"(?:[- ]?(?:percentage[- ])?points?)?\s*(?:increase|rise|jump|gain|growth|drop|decrease|decline|fall|more|fewer|less|higher|lower)\b", re.I)
# "by" marks a change only after a change verb ("grew by 5%"); "used by 52% of respondents" is a share
_EN_CHANGE_BEFORE = rx.compile(r"\b(?:(?:up|down|increased|decreased|grew|grown|rose|risen|fell|fallen|dropped|declined|reduced|cut|jumped|climbed|shrank|improved)\s+by"
                               r"|up|down|increased|decreased|grew|rose|fell|dropped|increase of|rise of|drop of|decline of|growth of|gain of)\s+" + _SKIP + "$", re.I)
_AVERAGE = rx.compile(r"年均|平均|每年|\b(?:annual(?:ly)?|average|a year|per year|per annum|CAGR|compound)\b", re.I)


def change_reading(text: str, q: Quantity) -> str | None:
    """How a quantity marked as a change reads (pp, pct, times), or None when it is not marked as one
    (an average yearly rate, 年均增长5%, is not the change between the two levels)."""
    before = text[max(0, q.start - 12) : q.start]
    after = text[q.end : q.end + 30]
    if _AVERAGE.search(before) or _AVERAGE.search(after[:16]):
        return None
    if q.kind == "pp" or q.unit == "pp":
        return "pp"
    zh = bool(_ZH_CHANGE_BEFORE.search(before))
    en = bool(_EN_CHANGE_BEFORE.search(before)) or bool(_EN_CHANGE_AFTER.match(after))
    if not (zh or en):
        return None
    if q.kind == "percent":
        return "pct"
    if q.unit == "倍":
        return "times"
    if q.kind == "number" and not q.unit and _EN_POINTS_AFTER.match(after):
        return "pp"
    return None
