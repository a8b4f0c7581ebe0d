"""Heading enumerators (一、 （一） 1. （1） ① 第一章 1.1 A. I. Chapter 2 附录A § 3) at the start of a line.

Recognising them is shared by the document model (which blocks are headings)
and by the heading-numbering checks (which numbers are wrong).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from reportlint.text.numerals import CIRCLED, ZH_NUMERAL_CHARS, parse_roman, parse_zh_int, to_roman, to_zh
from reportlint.text import rx

_ZH = f"[{ZH_NUMERAL_CHARS}]+"
_ROMAN_U = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN_L = _ROMAN_U.lower()

# Order matters: more specific schemes first.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 第三章, 第 3 章 (Arabic digits are often spaced off in modern typesetting)
    ("zh-chapter", rx.compile(rf"第(?:(?P<n>{_ZH})|[ \u3000]?(?P<d>\d+)[ \u3000]?)(?P<unit>章|节|條|条|部分|篇|编|讲)(?P<punct>[、.．，,：:]?)")),
    # Chapter 2 / Part II / Appendix B / 附录A
    ("named", rx.compile(r"(?P<unit>Chapter|CHAPTER|Part|PART|Section|SECTION|Article|ARTICLE|Appendix|APPENDIX|Annex|ANNEX|附录|附件)"
                         r"[ \t\u3000]*(?P<n>\d{1,2}|[IVX]{1,5}|[A-Z])(?P<punct>[.:：、]?)(?=[\s—–&:-]|$|[\u4e00-\u9fff])")),
    # § 12 / § 12. (a statute's section: German and US law number their provisions so)
    ("named", rx.compile(r"(?P<unit>§)[ \t\u00a0]*(?P<n>\d{1,3})(?P<punct>[.:]?)(?=\s|$)")),
    ("zh-paren", rx.compile(rf"(?P<open>[（(])(?P<n>{_ZH})(?P<close>[）)])(?P<punct>[、.．，,]?)")),
    ("arabic-paren", rx.compile(r"(?P<open>[（(])(?P<n>\d{1,3})(?P<close>[）)])(?P<punct>[、.．，,]?)")),
    ("circled", rx.compile(rf"(?P<n>[{CIRCLED}])(?P<punct>[、.．，,]?)")),
    # Not a list of numerals (一、二、三月份); a title may start with one (二、一张蓝图绘到底，…).
    ("zh-dun", rx.compile(rf"(?P<n>{_ZH})(?P<punct>[、.．，,])(?!{_ZH}(?:[、.．，,和至到]|$))")),
    ("decimal", rx.compile(r"(?P<n>\d{1,3}(?:[.．]\d{1,3})+)(?P<punct>[.．]?)(?=[\s\u3000]|[\u4e00-\u9fff])")),
    # V3.6 / A1.2: a standard's section or requirement numbers under a one-letter prefix (OWASP ASVS V3.6);
    # one capital only and a space after, so PM2.5 and PM2.5浓度 are not numbers
    ("decimal", rx.compile(r"(?<![A-Za-z])(?P<prefix>[A-Z])(?P<n>\d{1,3}(?:[.．]\d{1,3})+)(?P<punct>[.．]?)(?=[ \t])")),
    ("arabic-dot", rx.compile(r"(?P<n>\d{1,3})(?P<punct>[.．、，,])(?![0-9])")),
    ("arabic-rparen", rx.compile(r"(?P<n>\d{1,3})(?P<close>[)）])")),  # 1) / 1）
    ("roman-upper", rx.compile(rf"(?P<n>{_ROMAN_U})(?P<punct>[.)、])(?=\s)")),
    ("roman-lower", rx.compile(rf"(?P<n>{_ROMAN_L})(?P<punct>[.)])(?=\s)")),
    ("alpha-upper", rx.compile(r"(?P<n>[A-Z])(?P<punct>[.)、．])(?=\s|[\u4e00-\u9fff])")),
    ("alpha-lower", rx.compile(r"(?P<open>\(?)(?P<n>[a-z])(?P<punct>[.)])(?=\s)")),
    # A bare number then a space: technical "1 Scope" (only trusted in Markdown headings).
    ("decimal-bare", rx.compile(r"(?P<n>\d{1,2})(?P<punct>)(?=[ \u3000]+[^\d\s])")),
]

# GB/T 9704 order of the units of 第X…: 编/篇/部分 > 章/讲 > 节 > 条 (a fraction of one scheme step).
ZH_UNIT_RANK = {"部分": 0.0, "篇": 0.0, "编": 0.0, "章": 0.25, "讲": 0.25, "节": 0.5, "条": 0.75, "條": 0.75}

# The punctuation each scheme should carry (GB/T 9704, GB/T 15834 B.3, ISO 2145).
CANONICAL_PUNCT = {
    "zh-chapter": "",
    "zh-paren": "",
    "arabic-paren": "",
    "circled": "",
    "zh-dun": "、",
    "decimal": "",
    "arabic-dot": ".",
    "arabic-rparen": "",
    "roman-upper": ".",
    "roman-lower": ".",
    "alpha-upper": ".",
    "alpha-lower": ".",
    "decimal-bare": "",
}


_ENUMERATOR_RE = rx.compile(r"([.．])")


class Enumerator(NamedTuple):
    scheme: str
    value: int  # ordinal of the last component
    parts: tuple[int, ...]  # (3, 2) for 3.2; (n,) otherwise
    marker: str  # the enumerator exactly as written, punctuation included
    start: int  # offsets relative to the string it was found in
    end: int
    punct: str  # the punctuation after the number as written ("" when none)
    halfwidth_brackets: bool = False  # (一) instead of （一）
    unit: str = ""  # 章/节/条… for zh-chapter
    num_offset: int = 0  # the numeral (all of 3.2 for decimals) relative to `start`
    num_len: int = 0

    @property
    def depth(self) -> int:
        return len(self.parts)

    @property
    def family(self) -> str:
        """Schemes that count in one sequence: 1 / 1. / 1.1 are one decimal family."""
        if self.scheme in ("decimal", "arabic-dot", "decimal-bare"):
            return "dec"
        if self.scheme == "zh-chapter":
            return "zh-chapter-" + self.unit
        if self.scheme == "named":
            return "named-" + self.unit.lower()
        return self.scheme

    @property
    def numeral(self) -> str:
        return self.marker[self.num_offset : self.num_offset + self.num_len]

    def with_value(self, value: int, depth_index: int | None = None) -> str:
        """This marker written with another number (same scheme, brackets and punctuation).

        For decimals `depth_index` picks the component to change (default: the last).
        A number the scheme cannot write is shown in digits (for messages).
        """
        try:
            num = self.numeral_with(value, depth_index)
        except ValueError:
            num = str(value)
        return self.marker[: self.num_offset] + num + self.marker[self.num_offset + self.num_len :]

    def numeral_with(self, value: int, depth_index: int | None = None) -> str:
        raw = self.numeral
        if self.family == "dec":
            pieces = _ENUMERATOR_RE.split(raw)
            idx = 2 * (len(self.parts) - 1 if depth_index is None else depth_index)
            pieces[idx] = str(value)
            return "".join(pieces)
        return format_numeral(self.scheme, value, raw)

    def canonical(self, language: str = "zh") -> str:
        """The marker as GB/T 15834 B.3 writes it (full-width brackets, 、 after 一, . after 1)."""
        if self.scheme in ("zh-paren", "arabic-paren"):
            return "（" + self.numeral + "）"
        if self.scheme == "zh-dun":
            return self.numeral + "、"
        if self.scheme == "arabic-dot":
            return self.numeral + "."
        if self.scheme == "arabic-rparen":
            return self.numeral + "）"
        if self.scheme == "circled":
            return self.marker[: self.num_offset + self.num_len]
        if self.scheme == "zh-chapter":
            return self.marker[: len(self.marker) - len(self.punct)]  # 第三章、 → 第三章; 第 3 章 keeps its spaces
        return self.marker


def format_numeral(scheme: str, value: int, like: str = "") -> str:
    """`value` written in `scheme`'s numerals (the case of `like` is kept for letters and Roman).

    Raises ValueError when the scheme cannot write it (㉑, a 27th letter, 一千).
    """
    if value <= 0:
        raise ValueError(f"{value} cannot be an enumerator")
    if scheme in ("zh-dun", "zh-paren") or (scheme == "zh-chapter" and not like.isdigit()):
        if value >= 1000:
            raise ValueError(f"{value} is beyond Chinese enumerators")
        return to_zh(value)
    if scheme == "circled":
        if value > len(CIRCLED):
            raise ValueError(f"no circled numeral for {value}")
        return CIRCLED[value - 1]
    if scheme.startswith("roman"):
        if value >= 4000:
            raise ValueError(f"{value} is beyond Roman numerals")
        r = to_roman(value)
        return r.lower() if scheme == "roman-lower" or like.islower() else r
    if scheme == "named":
        if like.isdigit():
            return str(value)
        if like and set(like) <= set("IVX"):
            return format_numeral("roman-upper", value, like)
        return format_numeral("alpha-upper", value, like)
    if scheme.startswith("alpha"):
        if value > 26:
            raise ValueError(f"no letter for {value}")
        c = chr(ord("a") + value - 1)
        return c if scheme == "alpha-lower" or like.islower() else c.upper()
    return str(value)


_MATCH_ENUMERATOR_RE = rx.compile(r"[.．]")


def match_enumerator(text: str, pos: int = 0) -> Enumerator | None:
    """The enumerator at `text[pos:]`, if the text there starts with one."""
    for scheme, pattern in _PATTERNS:
        m = pattern.match(text, pos)
        if not m:
            continue
        n_group = "d" if scheme == "zh-chapter" and m.group("d") else "n"
        raw = m.group(n_group)
        parts: tuple[int, ...]
        if scheme in ("zh-chapter",):
            v = int(raw) if raw.isdigit() else parse_zh_int(raw)
            parts = (v,) if v else ()
        elif scheme in ("zh-paren", "zh-dun"):
            v = parse_zh_int(raw)
            parts = (v,) if v else ()
        elif scheme == "circled":
            parts = (CIRCLED.index(raw) + 1,)
        elif scheme == "decimal":
            parts = tuple(int(p) for p in _MATCH_ENUMERATOR_RE.split(raw))
        elif scheme == "named":
            v = int(raw) if raw.isdigit() else parse_roman(raw) if set(raw) <= set("IVX") else ord(raw) - ord("A") + 1
            parts = (v,) if v else ()
        elif scheme in ("arabic-dot", "arabic-paren", "arabic-rparen", "decimal-bare"):
            parts = (int(raw),)
        elif scheme.startswith("roman"):
            v = parse_roman(raw) if raw else None
            parts = (v,) if v else ()
        else:  # alpha
            parts = (ord(raw.lower()) - ord("a") + 1,)
        if not parts or parts[-1] is None or parts[-1] <= 0:
            continue
        groups = m.groupdict()
        if scheme == "zh-chapter" and not groups.get("punct"):
            inner = _compound(text, m, parts[0])
            if inner is not None:
                return inner
        half = bool(groups.get("open") == "(" or groups.get("close") == ")")
        return Enumerator(
            scheme=scheme,
            value=parts[-1],
            parts=parts,
            marker=m.group(0),
            start=m.start(),
            end=m.end(),
            punct=groups.get("punct") or "",
            halfwidth_brackets=half and scheme in ("zh-paren", "arabic-paren"),
            unit=groups.get("unit") or "",
            num_offset=m.start(n_group) - m.start(),
            num_len=len(raw),
        )
    return None


def _compound(text: str, outer: re.Match[str], outer_value: int) -> Enumerator | None:
    """`第三讲第二节`, `第一章第三条`: one number in two parts, read as the lower unit's number under the higher.

    Its family joins both units (讲节), so 第三讲第二节 and 第四讲第一节 are siblings of one scheme whose
    first part is the parent (like the 3 of 3.2).
    """
    m = _PATTERNS[0][1].match(text, outer.end())
    if not m:
        return None
    unit_a, unit_b = outer.group("unit"), m.group("unit")
    if ZH_UNIT_RANK.get(unit_b, 0) <= ZH_UNIT_RANK.get(unit_a, 0):
        return None
    group = "d" if m.group("d") else "n"
    raw = m.group(group)
    v = int(raw) if raw.isdigit() else parse_zh_int(raw)
    if not v:
        return None
    return Enumerator(
        scheme="zh-chapter", value=v, parts=(outer_value, v), marker=text[outer.start() : m.end()],
        start=outer.start(), end=m.end(), punct=m.group("punct") or "", unit=unit_a + unit_b,
        num_offset=m.start(group) - outer.start(), num_len=len(raw),
    )


# ------------------------------------------------------------ in-paragraph sequences

# An in-paragraph enumerator opens a clause: it follows the start of the text or one of these.
_CLAUSE_BOUNDARY = frozenset("。；;，,：:！？!?“”\"（(）)…—－ \t\u3000\n*")
_INLINE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("shi", rx.compile(r"([一二三四五六七八九十]{1,3})是")),  # 一是……二是……
    ("yao", rx.compile(r"([一二三四五六七八九十]{1,3})要(?!求|素|点|件|闻|员|害|事|务|紧)")),  # 一要……二要……
    ("di", rx.compile(r"第([一二三四五六七八九十]{1,3})[，,：:]")),  # 第一，……第二，……
    ("qi", rx.compile(r"其([一二三四五六七八九十]{1,3})[，,：:]")),  # 其一，……其二，……
    # Bracketed and circled numbers inside a paragraph: 包括：（1）……；（2）……
    ("paren-zh", rx.compile(r"[（(]([一二三四五六七八九十]{1,3})[）)]")),
    ("paren-ar", rx.compile(r"[（(](\d{1,2})[）)]")),
    ("circled", rx.compile(f"([{CIRCLED}])")),
)
# Styles that also open run-in headings: at the very start of a paragraph they belong to the outline.
_HEADING_STYLES = frozenset({"paren-zh", "paren-ar", "circled"})
_MAX_INLINE_VALUE = 20
_inline_value = functools.lru_cache(maxsize=256)(parse_zh_int)  # numerals of 1–3 characters recur


class InlineEnumerator(NamedTuple):
    """One item of an in-paragraph sequence (一是…二是…, 一要…二要…, 第一，…第二，…, 其一，…其二，…)."""

    style: str  # "shi" (一是) | "yao" (一要) | "di" (第一，) | "qi" (其一，) | "paren-zh" | "paren-ar" | "circled"
    value: int
    start: int  # offsets relative to the searched text
    end: int
    num_start: int
    num_end: int
    marker: str

    def with_value(self, value: int) -> str:
        a, b = self.num_start - self.start, self.num_end - self.start
        return self.marker[:a] + inline_numeral(self.style, value) + self.marker[b:]


def inline_numeral(style: str, value: int) -> str:
    """`value` written as an in-paragraph enumerator of `style` writes it (三, 3, ③)."""
    if style == "paren-ar":
        return str(value)
    if style == "circled":
        return format_numeral("circled", value)
    return to_zh(value)


def find_inline_enumerators(text: str) -> list[InlineEnumerator]:
    """The in-paragraph enumerators of `text` that open a clause, in order."""
    found: list[InlineEnumerator] = []
    for style, pattern in _INLINE_PATTERNS:
        for m in pattern.finditer(text):
            s = m.start()
            if s > 0 and text[s - 1] not in _CLAUSE_BOUNDARY:
                continue
            if style in _HEADING_STYLES and not text[:s].strip(" \t\u3000*_—-"):
                continue
            raw = m.group(1)
            if style == "circled":
                v = CIRCLED.index(raw) + 1
            else:
                v = int(raw) if style == "paren-ar" else _inline_value(raw)
            if not v or v > _MAX_INLINE_VALUE:
                continue
            if style in ("shi", "yao") and text.startswith(m.group(1), m.end()):  # 一是一，二是二 (an idiom)
                continue
            found.append(InlineEnumerator(style, v, s, m.end(), m.start(1), m.end(1), m.group(0)))
    found.sort(key=lambda e: e.start)
    return found
