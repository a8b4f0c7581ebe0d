"""Word's automatic numbering (word/numbering.xml) rendered as the reader sees it.

A numbered paragraph names a numbering instance (`w:num`, by `numId`) and a level
(`ilvl`); the instance points at an abstract definition (`w:abstractNum`) whose levels
give the start value, the number format (`numFmt`: decimal, chineseCounting,
ideographTraditional, upperLetter…), the text around the numbers (`lvlText`, `%1.%2.`),
when the level restarts (`lvlRestart`) and what follows the number (`suff`). An
instance may override a level's start or the whole level (`lvlOverride`).

Counters are kept per abstract definition, as Word does: two instances of one
definition continue one sequence, and an instance with a `startOverride` restarts it
where the instance is first used (that is how Word writes "Restart at 1").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from reportlint.text.numerals import CIRCLED, to_roman, to_zh

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_LEVELS = 9


class Level(NamedTuple):
    """One level of a numbering definition."""
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart: None = after any higher level; 0 = never; n = after level n (1-based)
    legal: bool = False  # isLgl: every number of this level's text in decimal
    suffix: str = "tab"  # tab | space | nothing
    style: str | None = None  # pStyle: the paragraph style this level is linked to


def wval(el, name: str) -> str | None:
    """The `w:val` of child `w:name` of `el`, or None."""
    if el is None:
        return None
    child = el.find(W + name)
    return None if child is None else child.get(W + "val")


def _int(s: str | None, default: int | None) -> int | None:
    try:
        return int(s) if s is not None else default
    except ValueError:
        return default


def _level(el, base: Level | None = None) -> Level:
    base = base or Level()
    restart = el.find(W + "lvlRestart")
    fmt = wval(el, "numFmt")
    text_el = el.find(W + "lvlText")
    return Level(
        start=_int(wval(el, "start"), base.start),
        fmt=fmt if fmt is not None else base.fmt,
        text=text_el.get(W + "val", "") if text_el is not None else base.text,
        restart=_int(restart.get(W + "val"), None) if restart is not None else base.restart,
        legal=el.find(W + "isLgl") is not None and wval(el, "isLgl") not in ("0", "false", "off"),
        suffix=wval(el, "suff") or base.suffix,
        style=wval(el, "pStyle") or base.style,
    )


class Numbering:
    """The numbering definitions of one document and the counters of one reading pass."""

    def __init__(self, root=None, style_num: dict[str, str] | None = None) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.links: dict[str, str] = {}  # abstractNum id → numStyleLink style id
        self.style_links: dict[str, str] = {}  # styleLink style id → abstractNum id
        self.nums: dict[str, tuple[str, dict[int, tuple[int | None, Level | None]]]] = {}
        self.style_num = style_num or {}  # paragraph style id → numId (a style's own numPr)
        if root is not None:
            self._load(root)
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()  # numIds already used in this pass

    def _load(self, root) -> None:
        for ab in root.iter(W + "abstractNum"):
            aid = ab.get(W + "abstractNumId")
            if aid is None:
                continue
            self.abstract[aid] = {_int(lv.get(W + "ilvl"), 0): _level(lv) for lv in ab.findall(W + "lvl")}
            link = wval(ab, "numStyleLink")
            if link:
                self.links[aid] = link
            slink = wval(ab, "styleLink")
            if slink:
                self.style_links[slink] = aid
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId")
            aid = wval(num, "abstractNumId")
            if nid is None or aid is None:
                continue
            overrides = {}
            for ov in num.findall(W + "lvlOverride"):
                ilvl = _int(ov.get(W + "ilvl"), 0)
                lvl = ov.find(W + "lvl")
                overrides[ilvl] = (_int(wval(ov, "startOverride"), None), lvl)
            self.nums[nid] = (aid, overrides)

    def _abstract_of(self, nid: str) -> str | None:
        got = self.nums.get(nid)
        if got is None:
            return None
        aid = got[0]
        link = self.links.get(aid)
        if link is not None:  # numStyleLink → the style's numbering → its abstract definition
            target = self.style_links.get(link)
            if target is None:
                via = self.style_num.get(link)
                target = self.nums[via][0] if via in self.nums else None
            if target is not None and target in self.abstract:
                return target
        return aid

    def level(self, nid: str, ilvl: int) -> Level | None:
        aid = self._abstract_of(nid)
        if aid is None or aid not in self.abstract:
            return None
        base = self.abstract[aid].get(ilvl)
        start, lvl_el = self.nums[nid][1].get(ilvl, (None, None))
        if lvl_el is not None:
            base = _level(lvl_el, base)
        if base is None:
            return None
        if start is not None:
            base = base._replace(start=start)
        return base

    def level_for_style(self, nid: str, style: str) -> int | None:
        """The level of definition `nid` linked to paragraph style `style` (a heading style's own numbering)."""
        aid = self._abstract_of(nid)
        for ilvl, lvl in sorted(self.abstract.get(aid, {}).items()):
            if lvl.style == style:
                return ilvl
        return None

    def next(self, nid: str, ilvl: int) -> tuple[str, str, bool, int] | None:
        """Advance the counter of (`nid`, `ilvl`): (rendered text, suffix, is_bullet, value), or None if unnumbered."""
        if nid in ("0", "") or not 0 <= ilvl < MAX_LEVELS:
            return None
        aid = self._abstract_of(nid)
        if aid is None or aid not in self.abstract:
            return None
        counters = self.counters.setdefault(aid, [None] * MAX_LEVELS)
        if nid not in self.started:
            self.started.add(nid)
            for ov_level, (start, lvl_el) in self.nums[nid][1].items():
                if (start is not None or lvl_el is not None) and 0 <= ov_level < MAX_LEVELS:
                    counters[ov_level] = None  # "Restart at": this instance starts the level afresh
        lvl = self.level(nid, ilvl)
        if lvl is None:
            return None
        counters[ilvl] = lvl.start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, MAX_LEVELS):
            dl = self.level(nid, deeper)
            restart = dl.restart if dl is not None else None
            if restart is None or (restart != 0 and ilvl < restart):
                counters[deeper] = None
        if lvl.fmt == "bullet":
            return _bullet(lvl.text), lvl.suffix, True, counters[ilvl]
        if lvl.fmt == "none":
            return _PLACEHOLDER_RE.sub("", lvl.text), lvl.suffix, False, counters[ilvl]

        def value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            if not 0 <= k < MAX_LEVELS:
                return ""
            kl = lvl if k == ilvl else self.level(nid, k)
            v = counters[k]
            if v is None:
                v = kl.start if kl is not None else 1
            fmt = "decimal" if lvl.legal or kl is None else kl.fmt  # isLgl: "1.1", never "一.1"
            return format_number(v, fmt)

        return _PLACEHOLDER_RE.sub(value, lvl.text), lvl.suffix, False, counters[ilvl]


_PLACEHOLDER_RE = re.compile(r"%([1-9])")

# Bullet glyphs set in symbol fonts (Symbol, Wingdings) are private-use code points.
_PUA_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf076": "❖", "\uf0d8": "➢", "\uf0fc": "✓", "\uf06e": "■", "\uf06c": "●"}


def _bullet(text: str) -> str:
    return "".join(_PUA_BULLETS.get(c, "•" if "\ue000" <= c <= "\uf8ff" else c) for c in text) or "•"


_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_LEGAL = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")
_DIGITAL = str.maketrans("0123456789", "〇一二三四五六七八九")
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_EN_UNITS = ("Zero One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen Fourteen Fifteen Sixteen "
             "Seventeen Eighteen Nineteen").split()
_EN_TENS = "_ _ Twenty Thirty Forty Fifty Sixty Seventy Eighty Ninety".split()
_EN_ORD = {"One": "First", "Two": "Second", "Three": "Third", "Five": "Fifth", "Eight": "Eighth", "Nine": "Ninth",
           "Twelve": "Twelfth"}


def _cardinal(n: int) -> str:
    if n < 20:
        return _EN_UNITS[n]
    if n < 100:
        return _EN_TENS[n // 10] + ("-" + _EN_UNITS[n % 10] if n % 10 else "")
    return str(n)


def _ordinal_text(n: int) -> str:
    words = _cardinal(n)
    if not words.isalpha() and "-" not in words:
        return words
    head, _, last = words.rpartition("-")
    last = _EN_ORD.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return f"{head}-{last}" if head else last


def _letters(n: int, upper: bool) -> str:
    """Word's letter numbering: A…Z, then AA…ZZ, AAA… (the letter repeated)."""
    letter = chr(ord("A" if upper else "a") + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def _zh_counting(n: int) -> str:
    if 0 < n < 1000:
        return to_zh(n)
    return str(n)


def format_number(n: int, fmt: str) -> str:
    """`n` in Word number format `fmt` (ST_NumberFormat); unknown formats fall back to decimal, as Word does."""
    if fmt in ("decimal", "") or n <= 0 and fmt not in ("decimalZero", "ideographDigital"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperRoman", "lowerRoman"):
        r = to_roman(n)
        return r if fmt == "upperRoman" else r.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n, fmt == "upperLetter")
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "koreanCounting"):
        return _zh_counting(n)
    if fmt == "chineseLegalSimplified":
        return _zh_counting(n).translate(_LEGAL)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return str(n).translate(_DIGITAL)
    if fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return CIRCLED[n - 1] if n <= len(CIRCLED) else str(n)
    if fmt == "decimalEnclosedParen":
        return _PAREN[n - 1] if n <= len(_PAREN) else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return _FULLSTOP[n - 1] if n <= len(_FULLSTOP) else f"{n}."
    if fmt in ("decimalFullWidth", "decimalFullWidth2", "decimalHalfWidth"):
        return str(n).translate(_FULLWIDTH) if fmt != "decimalHalfWidth" else str(n)
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if fmt == "cardinalText":
        return _cardinal(n)
    if fmt == "ordinalText":
        return _ordinal_text(n)
    return str(n)
