"""The same statement with a different number (10个贫困村全部退出 / 1439个贫困村全部退出).

Mask every quantity; a clause (Chinese: between commas, 、 items included;
English: a sentence, minus a short leading adverbial such as "Overall,") read
from its start up to a quantity is the key. Two places with the same key and
disjoint values state one fact twice, differently. Keys that recur three or
more times are templates (增长#%) and are skipped, as are pairs that a time
or target word tells apart (one says 目标/预期/will, the other does not) and
pairs whose hedges differ (5%左右 is a target, 5.4% an outcome).
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from reportlint.analysis.context import NOTHING, Deferred
from reportlint.analysis.metrics import conflicts
from reportlint.analysis.numbers import CONDITION_ZH, BlockNumbers, analyse, clauses, different_periods, fmt_value, parallel, within
from reportlint.analysis.reuse import kept
from reportlint.diagnostics import Finding, RelatedSpan, phrase
from reportlint.document import Document
from reportlint.text.cjk import HAN_RE
from reportlint.text.quantities import Quantity
from reportlint.text import rx

DEFERS_TO_KINDS = frozenset({"number-conflict"})
FIELDS = frozenset({"metric", "value", "other_value", "related_line", "line_range"})  # related_line, line_range: the engine fills them
CLAUSES = frozenset({"same_statement_gives"})  # the related places' labels, worded in the rule's YAML
MESSAGE = "{metric}: {other_value} on line {related_line}, {value} here"

_HAN_ALL = rx.compile(r"[\u3400-\u9fff]")
_WORD = rx.compile(r"[A-Za-z]+")
_LEAD_EN = rx.compile(r"^([A-Z][A-Za-z' ]{1,30}),\s+")
_SUBCLAUSE_ZH = rx.compile(r"[、]")
_TIME_LEAD_EN = rx.compile(r"\d|year|month|week|quarter|today|last|next|previous|this|then|now", re.I)
# What a key leaves out: spacing, emphasis and quotes (and, for a whole clause, its end punctuation).
_KEY_NOISE_ZH = rx.compile(r"[\s*_“”\"'‘’]")
_WHOLE_NOISE_ZH = rx.compile(r"[\s*_“”\"'‘’。.!?！？]")
_LEAD_NOISE = rx.compile(r"[\s*_“”\"]")
_MARKUP_EN = rx.compile(r"[*_`]")
_SPACES = rx.compile(r"\s+")


@dataclass(frozen=True)
class Params:
    """Params of the `number-clause` kind: what a rule's YAML `params` may set (validated by the loader)."""
    exclude: tuple[str, ...] = ()  # idioms and names whose numerals are not quantities
    min_han: int = 5  # Chinese: characters (numbers masked) a statement needs before its number
    min_words: int = 6  # English: words a statement needs before its number
    max_occurrences: int = 3  # a key seen more often than this is a template, not a statement
    target_words: tuple[str, ...] = ()  # words that mark a target/plan rather than an outcome
    time_words: tuple[str, ...] = ()  # words that mark another period (上年, last year)


class _Occ(NamedTuple):
    """A statement's value, read from its block's content alone (the block's place is a `_Place`)."""
    q: Quantity
    context: str  # the sentence around it (for target/time words)
    prior: tuple[Quantity, ...] = ()  # the quantities of the statement before this one
    lead: str = ""  # the words right before the number (森林覆盖率)


class _Place(NamedTuple):
    """Where a block's statements stand: what its headings and its article say of them."""
    period: frozenset[str] = frozenset()  # the years / plan periods the headings above name
    section: int = 0
    provision: int | None = None  # the statute article the statement is in (None outside articles)
    template: str = ""  # the heading template of its section: parallel entries state their own figures


def validate(params: Params) -> list[tuple[str, str]]:
    out = []
    if params.min_han < 2:
        out.append(("min_han", "must be at least 2"))
    if params.max_occurrences < 2:
        out.append(("max_occurrences", "must be at least 2"))
    return out


# A key is the statement up to a number, numbers masked; a "sentence" longer than this is
# not a statement a reader compares (it is a table dump or a file with no punctuation), and
# keying it would cost time quadratic in its length.
MAX_STATEMENT_CHARS = 1000
_AT = operator.itemgetter(0)  # a place's value start, now


def _statements(doc: Document, params: Params) -> Iterator[tuple[tuple[tuple[str, _Occ], ...], int, _Place]]:
    """Each block's (key, statement) pairs, in runs, with how far their offsets are from the block's
    offsets now, and the block's place. The pairs depend on the block's content alone, so a paragraph
    repeated in the document or the run (`Memo`) or kept from the document's last version (the
    language server's `Reuse`) is read once (`analysis.reuse.kept`); its offsets are not moved one
    by one — the few the findings need are moved where they are read (`run`)."""
    store = kept(doc)
    language, fmt = doc.language, doc.format
    for bn in analyse(doc, params.exclude):
        b = bn.block
        if b.kind == "table_row" or not bn.quantities:
            continue
        base = b.content_start
        was, runs = store.get("number-clause.statements", (b.content, language, fmt, params),
                              lambda: (base, _block_runs(doc, bn, params)))
        place = _Place(bn.period, bn.section, bn.provision, bn.template)
        for found, d in runs:
            yield found, base - was + d, place


def _block_runs(doc: Document, bn: BlockNumbers, params: Params) -> tuple[tuple[tuple[tuple[str, _Occ], ...], int], ...]:
    """A block's statements as runs (statements, how far their offsets are from the block's now): one run
    in a batch; in the language server one per sentence, each kept by the sentence's text and values, so
    an edit in a long paragraph reads again only the sentences it changed. A sentence's statements
    depend on its text, its values and the settings alone (`_sentence_statements`), and each place
    lies in one sentence, so the runs hold the block's statements in the block's order (`_once`)."""
    reuse = doc.reuse
    if reuse is None:
        return ((_once(_block_statements(doc, bn, params)), 0),)
    text, language = doc.text, doc.language
    runs = []
    for s0, s1, sq in _sentences_with_values(doc, bn):
        sentence = text[s0:s1]
        key = (sentence, tuple((q.start - s0, q.end - s0, q[2:]) for q in sq), language, params)  # the values where they stand in it
        was, found = reuse.get("number-clause.sentence", key,
                               lambda: (s0, _once(_sentence_statements(text, s0, s1, sq, params, language))))
        if found:
            runs.append((found, s0 - was))
    return tuple(runs)


def _sentences_with_values(doc: Document, bn: BlockNumbers) -> Iterator[tuple[int, int, list[Quantity]]]:
    """The block's sentences a statement can come from, with the values in each."""
    qs = [q for q in bn.quantities if q.kind in ("number", "percent", "pp", "rank")]
    if qs:
        for s0, s1 in doc.sentences(bn.block):
            if s1 - s0 > MAX_STATEMENT_CHARS:
                continue
            sq = within(qs, s0, s1)
            if sq:
                yield s0, s1, sq


def _once(statements: Iterator[tuple[str, _Occ]]) -> tuple[tuple[str, _Occ], ...]:
    """A block's statements, each (key, value's place) once: a clause read twice (as a clause and from a
    sub-clause start) gives one place. Places of two blocks never meet, so this is all `run` needs."""
    seen: set[tuple[str, int]] = set()
    out = []
    for key, occ in statements:
        place = (key, occ.q.start)
        if place not in seen:
            seen.add(place)
            out.append((key, occ))
    return tuple(out)


def _block_statements(doc: Document, bn: BlockNumbers, params: Params) -> Iterator[tuple[str, _Occ]]:
    for s0, s1, sq in _sentences_with_values(doc, bn):
        yield from _sentence_statements(doc.text, s0, s1, sq, params, doc.language)


def _sentence_statements(text: str, s0: int, s1: int, sq: list[Quantity], params: Params, language: str) -> Iterator[tuple[str, _Occ]]:
    """One sentence's statements: read from its text (`text[s0:s1]`) and its values `sq` alone."""
    sentence = text[s0:s1]
    if HAN_RE.search(sentence):
        starts = []
        for c0, c1 in clauses(sentence, s0, language):
            starts.append((c0, c1))
            for m in _SUBCLAUSE_ZH.finditer(text, c0, c1):
                starts.append((m.end(), c1))
        for c0, c1 in starts:
            cq = [q for q in sq if q.start >= c0 and q.end <= c1]
            if not cq:
                continue  # no number: no key
            yield from _keys_from(text, c0, cq, sentence, params, True)
            yield from _whole_key(text, c0, c1, cq, sentence, params, True)
    else:
        yield from _keys_from(text, s0, sq, sentence, params, False)
        m = _LEAD_EN.match(sentence)
        if m and not _TIME_LEAD_EN.search(m.group(1)):
            yield from _keys_from(text, s0 + m.end(), [q for q in sq if q.start >= s0 + m.end()], sentence, params, False)


def _whole_key(text: str, start: int, end: int, qs: list[Quantity], sentence: str, params: Params, zh: bool) -> Iterator[tuple[str, _Occ]]:
    """The whole clause, numbers masked: catches a statement whose number comes first (10个贫困村全部退出)."""
    if not qs or len(qs) > 2:
        return
    if zh and (end - start) - sum(q.end - q.start - len(q.unit) for q in qs) < params.min_han + 1:
        return  # too short to hold the characters a key needs (the count below could only be smaller)
    pieces, pos = [], start
    for q in qs:
        pieces.append(text[pos : q.start] + "#" + q.unit + "#")
        pos = q.end
    pieces.append(text[pos:end])
    body = _WHOLE_NOISE_ZH.sub("", "".join(pieces)) if zh else _SPACES.sub(" ", _MARKUP_EN.sub("", "".join(pieces))).strip(" .").lower()
    plain = body.replace("#", "")
    if zh and len(_HAN_ALL.findall(plain)) < params.min_han + 1 or not zh and len(_WORD.findall(plain)) < params.min_words:
        return
    for q in qs:
        lead = _LEAD_NOISE.sub("", text[max(start, q.start - 12) : q.start])
        yield ("wz:" if zh else "we:") + body + f"@{qs.index(q)}", _Occ(q, sentence, tuple(p for p in qs if p is not q), lead)


def _keys_from(text: str, start: int, qs: list[Quantity], sentence: str, params: Params, zh: bool) -> Iterator[tuple[str, _Occ]]:
    pieces: list[str] = []
    pos = start
    seen: list[Quantity] = []
    raw_len = 0
    for q in qs:
        if q.start < pos:
            continue
        pieces.append(text[pos : q.start])
        raw_len += q.start - pos + (1 if seen else 0)
        pos = q.end
        if zh and raw_len < params.min_han:
            pieces.append("#")  # too short to hold min_han characters: no key yet (the count below could only be smaller)
            seen.append(q)
            continue
        raw = "".join(pieces)
        pieces.append("#")
        prior = tuple(seen)
        seen.append(q)
        if zh:
            body = _KEY_NOISE_ZH.sub("", raw)
            if len(_HAN_ALL.findall(body)) < params.min_han:
                continue
        else:
            body = _MARKUP_EN.sub("", raw)
            if len(_WORD.findall(body)) < params.min_words:
                continue
            body = _SPACES.sub(" ", body).strip().lower()
        if zh and _FROM_TO.search(body):
            continue  # 从全国第13位升至第5位: the two ends of a change, not a statement of one value
        key = ("zh:" if zh else "en:") + body + "#" + q.unit + ("/" + q.noun if not zh else "")
        yield key, _Occ(q, sentence, prior, raw[-12:])


def run(doc: Document, params: Params, deferred: Deferred = NOTHING) -> Iterator[Finding]:
    # A value the metric model (NU002, metric-conflict) already reports against the same earlier value
    # is its finding: one defect, one finding. Its own params say what it reports on this document.
    metric = deferred.settings("number-conflict")
    explained = {(c.first.q.start, c.second.q.start) for c in conflicts(doc, metric.settings())} if metric is not None else set()
    # Each place is (its value's start now, the statement, how far the statement's offsets are from now,
    # the block's place).
    groups: dict[str, list[tuple[int, _Occ, int, _Place]]] = {}
    templates: set[str] = set()
    most = params.max_occurrences
    for found, d, place in _statements(doc, params):  # each block's places once (`_once`)
        for key, occ in found:
            if key in templates:
                continue
            lst = groups.get(key)
            if lst is None:
                groups[key] = [(occ.q.start + d, occ, d, place)]
                continue
            lst.append((occ.q.start + d, occ, d, place))
            if len(lst) > most:  # a template (增长#%): stop collecting it
                templates.add(key)
                del groups[key]
    reported: set[int] = set()
    for key, occs in groups.items():
        if len(occs) < 2 or len(occs) > params.max_occurrences:
            continue
        occs.sort(key=_AT)
        for i in range(1, len(occs)):
            b_at, b, db, pb = occs[i]
            for a_at, a, da, pa in occs[:i]:
                if not _conflict(a, b, params, pa, pb):  # values, units, words: not offsets
                    continue
                if (a_at, b_at) in explained:
                    break
                if b_at in reported:
                    break
                reported.add(b_at)
                metric = _metric_words(key, a.q)
                yield Finding(
                    b_at, b.q.end + db,
                    {"metric": metric, "value": fmt_value(b.q), "other_value": fmt_value(a.q)},
                    related=(RelatedSpan(a_at, a.q.end + da, phrase("same_statement_gives", value=fmt_value(a.q))),),
                )
                break


def slip_like(a: Quantity, b: Quantity) -> bool:
    """Two values as a slip makes them: same digit count, one digit changed or two swapped (906/960)."""
    da, db = _digits(a.text), _digits(b.text)
    if not da or len(da) != len(db) or da == db:
        return False
    diff = [i for i in range(len(da)) if da[i] != db[i]]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and da[diff[0]] == db[diff[1]] and da[diff[1]] == db[diff[0]]


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


_KEY_TAIL = rx.compile(r"@\d+$")
_MASKED = rx.compile(r"#[^#]*#|#")


def _metric_words(key: str, q: Quantity) -> str:
    """The statement a key stands for, in the document's words: its numbers shown as …, the key's
    own markers (language prefix, unit, position) gone: '…贫困村全部退出', not '…个…贫困村全部退出@0'."""
    body = _KEY_TAIL.sub("", key.split(":", 1)[1])
    if "/" in body and not key.startswith(("zh:", "wz:")):
        body = body.rsplit("/", 1)[0]
    body = body[: -len("#" + q.unit)] if q.unit and body.endswith("#" + q.unit) else body.rstrip("#")
    return _shorten(_MASKED.sub("…", body))


def _shorten(s: str, n: int = 24) -> str:
    s = s.strip(" ，,、")
    return s if len(s) <= n else "…" + s[-n:]


_FROM_TO = rx.compile(r"(?:从|由)[^#，,；;。]{0,8}(?:#[^#，,；;。]{0,8})?$")
_CLAUSE_BREAK = rx.compile(r"[，,；;：:、]")


def _one_statement(sentence: str) -> bool:
    """A Chinese sentence of one statement (大科学装置新增3个。), perhaps after a short opening phrase of
    at most six characters (总体看，… / 全年，…): a fact standing on its own."""
    if not _HAN_ALL.search(sentence):
        return False
    parts = _CLAUSE_BREAK.split(sentence.strip().rstrip("。！？.!?"))
    return len(parts) == 1 or len(parts) == 2 and len(parts[0].strip()) <= 6


def _conflict(a: _Occ, b: _Occ, params: Params, pa: _Place, pb: _Place) -> bool:
    if a.q.kind != b.q.kind or a.q.unit != b.q.unit:
        return False
    if a.q.hedge != b.q.hedge or a.q.is_range or b.q.is_range:
        return False
    if not a.q.disjoint(b.q):
        return False
    if pa.provision != pb.provision and pa.provision is not None and pb.provision is not None:
        return False  # two statute articles: each prescribes for its own subject (第三十九条 / 第四十条 fines)
    if parallel(pa.section, pa.template, pb.section, pb.template):
        return False  # two releases of a changelog, two functions of a reference: each entry's own figure
    if a.context == b.context:
        if any(w in a.context for w in ("分别", "respectively", "依次", "各自")):
            return False  # one sentence listing values, not a restatement
        return True
    if CONDITION_ZH.findall(a.context) != CONDITION_ZH.findall(b.context):
        return False  # 在请求数量达到10万条的时候，成本为151美元；在…100万条时，成本为161美元: each under its own condition
    if len(a.prior) != len(b.prior) or any(x.disjoint(y) for x, y in zip(a.prior, b.prior)):
        return False  # the statements already differ before this number: not one fact twice
    if not slip_like(a.q, b.q):
        return False  # far apart and far off: another period or plan, not a copy that drifted
    if different_periods(pa.period, pb.period) and not (a.q.kind == "rank" or _one_statement(a.context) or _one_statement(b.context)):
        # 2025年工作回顾 vs 2026年重点工作: last year's result and this year's plan — unless the value is a
        # rank (an outcome, never planned) or stands as a sentence of its own (市政协提案976件。): a fact
        # restated, with a slip of the pen, whatever words precede it
        return False
    for words in (params.target_words, params.time_words):
        ta = any(w in a.context for w in words)
        tb = any(w in b.context for w in words)
        if ta != tb:
            return False
    return True
