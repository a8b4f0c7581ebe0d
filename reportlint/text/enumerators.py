"""Heading enumerators (一、 （一） 1. （1） ① 第一章 1.1 A. I.) at the start of a line.

Recognising them is shared by the document model (which blocks are headings)
and by the heading-numbering checks (which numbers are wrong).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlint.text.numerals import CIRCLED, ZH_NUMERAL_CHARS, parse_roman, parse_zh_int

_ZH = f"[{ZH_NUMERAL_CHARS}]+"
_ROMAN_U = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN_L = _ROMAN_U.lower()

# Order matters: more specific schemes first.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("zh-chapter", re.compile(rf"第(?P<n>{_ZH}|\d+)(?P<unit>章|节|條|条|部分|篇|编|讲)(?P<punct>[、.．，,：:]?)")),
    ("zh-paren", re.compile(rf"(?P<open>[（(])(?P<n>{_ZH})(?P<close>[）)])(?P<punct>[、.．，,]?)")),
    ("arabic-paren", re.compile(r"(?P<open>[（(])(?P<n>\d{1,3})(?P<close>[）)])(?P<punct>[、.．，,]?)")),
    ("circled", re.compile(rf"(?P<n>[{CIRCLED}])(?P<punct>[、.．，,]?)")),
    ("zh-dun", re.compile(rf"(?P<n>{_ZH})(?P<punct>[、.．，,])(?![{ZH_NUMERAL_CHARS}])")),
    ("decimal", re.compile(r"(?P<n>\d{1,3}(?:[.．]\d{1,3})+)(?P<punct>[.．]?)(?=[\s\u3000]|[\u4e00-\u9fff])")),
    ("arabic-dot", re.compile(r"(?P<n>\d{1,3})(?P<punct>[.．、，,])(?![0-9])")),
    ("roman-upper", re.compile(rf"(?P<n>{_ROMAN_U})(?P<punct>[.)、])(?=\s)")),
    ("roman-lower", re.compile(rf"(?P<n>{_ROMAN_L})(?P<punct>[.)])(?=\s)")),
    ("alpha-upper", re.compile(r"(?P<n>[A-Z])(?P<punct>[.)、．])(?=\s|[\u4e00-\u9fff])")),
    ("alpha-lower", re.compile(r"(?P<open>\(?)(?P<n>[a-z])(?P<punct>[.)])(?=\s)")),
    # A bare number then a space: technical "1 Scope" (only trusted in Markdown headings).
    ("decimal-bare", re.compile(r"(?P<n>\d{1,2})(?P<punct>)(?=[ \u3000]+[^\d\s])")),
]

# The punctuation each scheme should carry (GB/T 9704, GB/T 15834 B.3, ISO 2145).
CANONICAL_PUNCT = {
    "zh-chapter": "",
    "zh-paren": "",
    "arabic-paren": "",
    "circled": "",
    "zh-dun": "、",
    "decimal": "",
    "arabic-dot": ".",
    "roman-upper": ".",
    "roman-lower": ".",
    "alpha-upper": ".",
    "alpha-lower": ".",
    "decimal-bare": "",
}


@dataclass(frozen=True)
class Enumerator:
    scheme: str
    value: int  # ordinal of the last component
    parts: tuple[int, ...]  # (3, 2) for 3.2; (n,) otherwise
    marker: str  # the enumerator exactly as written, punctuation included
    start: int  # offsets relative to the string it was found in
    end: int
    punct: str  # the punctuation after the number as written ("" when none)
    halfwidth_brackets: bool = False  # (一) instead of （一）
    unit: str = ""  # 章/节/条… for zh-chapter

    @property
    def depth(self) -> int:
        return len(self.parts)


def match_enumerator(text: str, pos: int = 0) -> Enumerator | None:
    """The enumerator at `text[pos:]`, if the text there starts with one."""
    for scheme, rx in _PATTERNS:
        m = rx.match(text, pos)
        if not m:
            continue
        raw = m.group("n")
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
            parts = tuple(int(p) for p in re.split(r"[.．]", raw))
        elif scheme in ("arabic-dot", "arabic-paren", "decimal-bare"):
            parts = (int(raw),)
        elif scheme.startswith("roman"):
            v = parse_roman(raw) if raw else None
            parts = (v,) if v else ()
        else:  # alpha
            parts = (ord(raw.lower()) - ord("a") + 1,)
        if not parts or parts[-1] is None or parts[-1] <= 0:
            continue
        groups = m.groupdict()
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
        )
    return None
