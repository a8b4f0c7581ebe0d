"""分别 with a different number of values than the subjects it distributes them over
(广州、深圳客运量分别达1409万人次; 供电可靠率、自来水普及率、燃气普及率分别达99.9%、94.5%).

`A、B、C分别为x、y、z` pairs subjects and values in order; when an item is added to or cut from one
side only, a value belongs to nobody or a subject has none. Subjects are the 、-items of the clause
before 分别 (a quoted or bracketed name is one item; when no 、 divides it, 和/与/以及 do), values the
figures joined by 、/和/与/及 after it. Reported only when at least two subjects are listed and the
count of values differs from the subjects' (增幅分别为8%和9% names one subject for
values said of the clause before: never reported), and two values or more are given: one value
under 分别 is said of each subject (产业园、产业集群分别增加2个 = each grew by two).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from reportlint.analysis.numbers import analyse, within
from reportlint.diagnostics import Finding
from reportlint.document import Document
from reportlint.text import rx

FIELDS = frozenset({"subjects", "values"})
MESSAGE = "分别 spreads {values} values over {subjects} subjects"

_CLAUSE_STOP = "，,；;。：:！？!?\n"
_QUOTED = rx.compile(r"“[^”]{0,40}”|《[^》]{0,40}》|（[^）]{0,40}）|\([^)]{0,40}\)|「[^」]{0,40}」")
_JOINER = rx.compile(r"[\s*_]*(?:[\u4e00-\u9fff]{0,4}?)[\s*_]*(?:、|和|与|及|以及)[\s*_]*")
_LEAD = rx.compile(r"^[^，,；;。\d]{0,10}?$")  # 分别较上年增长 / 分别为: words before the first value


@dataclass(frozen=True)
class Params:
    """Params of the `number-respectively` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()
    cue: str = "分别"


def run(doc: Document, params: Params) -> Iterator[Finding]:
    text = doc.text
    for bn in analyse(doc, params.exclude):
        if params.cue not in bn.block.content:
            continue
        qs = [q for q in bn.quantities if q.kind in ("number", "percent", "pp") and not q.is_range]
        b0, b1 = bn.block.content_start, bn.block.end
        for m in re.finditer(re.escape(params.cue), text[b0:b1]):
            at = b0 + m.start()
            subjects = _subjects(text, at, b0, qs)
            if subjects is None:
                continue
            values = _values(text, at + len(params.cue), within(qs, at, b1))
            if len(values) < 2 or len(values) in subjects or max(subjects) < 2:
                # one value under 分别 is each subject's (三类园区分别增加2个): not a miscount
                continue
            yield Finding(at, values[-1].end, {"subjects": str(max(subjects)), "values": str(len(values))})


_DIGIT_RE = rx.compile(r"\d")
_SUBJECTS_RE = rx.compile(r"和|与|以及")
_LAST_JOINED_RE = rx.compile(r"[\u4e00-\u9fff]{2}(?:和|以及|(?<!参)与)[\u4e00-\u9fff]{2}")


def _subjects(text: str, at: int, floor: int, qs: list) -> set[int] | None:
    """The counts the clause before the cue may list: by 、, and (with no 、) by 和/与/及 too."""
    i = at - 1
    while i >= floor and text[i] not in _CLAUSE_STOP and at - i < 120:
        i -= 1
    clause = _QUOTED.sub("Q", text[i + 1 : at])
    if not clause.strip(" *_") and i >= floor and text[i] in "，,":
        return _valued_items(text, i, floor, qs)
    if not clause.strip(" *_") or "等" in clause or _DIGIT_RE.search(clause):
        return None  # 分别 opening its clause (said of the clause before), a partial list, figures among the subjects
    if "、" in clause:
        # A、B和C: the 和 of the last item may join one more subject (工业、农业和服务业 are three) or
        # be inside one (农村信用贷款与抵押贷款改革试点): either count is the list's
        n = clause.count("、") + 1
        return {n, n + 1} if _LAST_JOINED_RE.search(clause.rsplit("、", 1)[1]) else {n}
    return {len(_SUBJECTS_RE.split(clause))}  # 城镇和农村居民收入; not 及 alone (普及率, 及时)


def _valued_items(text: str, end: int, floor: int, qs: list) -> set[int] | None:
    """分别 opening its clause after a list of items that each carry one figure (建成5G基站2.1万个、充电桩
    3.6万个、数据中心12个，分别增长18%、25%): the changes are those items', one each."""
    i = end - 1
    while i >= floor and text[i] not in _CLAUSE_STOP and end - i < 160:
        i -= 1
    if "等" in text[i + 1 : end]:
        return None
    bounds = [i + 1] + [k + 1 for k in range(i + 1, end) if text[k] == "、"] + [end + 1]
    if len(bounds) < 3:
        return None
    for a, b in zip(bounds, bounds[1:]):
        if len(within(qs, a, b - 1)) != 1:
            return None  # an item without a figure of its own, or with two: not one value per item
    return {len(bounds) - 1}


def _values(text: str, after: int, qs: list) -> list:
    """The figures 分别 distributes: the first after it (a few words on), and those joined to it."""
    if not qs or not _LEAD.match(text[after : qs[0].start]):
        return []
    out = [qs[0]]
    for q in qs[1:]:
        if not _JOINER.fullmatch(text[out[-1].end : q.start]):
            break
        out.append(q)
    return out
