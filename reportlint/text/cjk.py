"""CJK character classes, display width and language detection."""

from __future__ import annotations

import re
import unicodedata

from reportlint.text import rx

# Han ideographs (BMP + extension A + compatibility) — what counts as "Chinese" text.
HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = rx.compile(f"[{HAN_RANGES}]")
LATIN_LETTER_RE = rx.compile(r"[A-Za-z]")

# Full-width punctuation used in Chinese text.
CJK_PUNCT = "，。、；：？！（）【】《》〈〉「」『』“”‘’…—～·"
CJK_PUNCT_RE = rx.compile(f"[{re.escape(CJK_PUNCT)}]")

# Half-width → full-width forms for the punctuation that Chinese text requires full-width.
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
FULL_TO_HALF = {v: k for k, v in HALF_TO_FULL.items()} | {"。": ".", "【": "[", "】": "]"}

SENTENCE_END_ZH = "。！？；…"
SENTENCE_END_EN = ".!?"
CLOSING_QUOTES = "”’」』》）)\"'"


def is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF


def char_width(ch: str) -> int:
    """Terminal cells a character takes: 2 for wide/full-width, 0 for combining marks."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(char_width(c) for c in text)


# Letters counted with bytes operations (C loops, no string object per run or character): every
# document's language is detected, and a regex pass per letter class was 30 ns a character.
_NOT_LATIN_BYTES = bytes(b for b in range(256) if not (0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A))
# High bytes of the UTF-16 code units of HAN_RANGES: 34–4D (U+3400–U+4DFF), 4E–9F, F9–FA. U+4DC0–U+4DFF
# (Yijing hexagram symbols) share the high byte 4D with the end of extension A and are taken off again.
_NOT_HAN_HIGH_BYTES = bytes(b for b in range(256) if not (0x34 <= b <= 0x9F or 0xF9 <= b <= 0xFA))
_HEXAGRAM_RE = rx.compile("[\u4dc0-\u4dff]")


def letter_counts(text: str) -> tuple[int, int]:
    """(Han characters in HAN_RANGES, Latin letters A–Z a–z) in `text`."""
    latin = len(text.encode("ascii", "ignore").translate(None, _NOT_LATIN_BYTES))
    if text.isascii():
        return 0, latin
    high = text.encode("utf-16-le", "surrogatepass")[1::2]  # astral characters: surrogates D8–DF, never Han here
    han = len(high.translate(None, _NOT_HAN_HIGH_BYTES))
    if b"\x4d" in high:
        han -= len(_HEXAGRAM_RE.findall(text))
    return han, latin


def cjk_share(text: str) -> float:
    """Han characters as a share of Han + Latin letters (digits and punctuation ignored)."""
    han, latin = letter_counts(text)
    total = han + latin
    return han / total if total else 0.0


def detect_language(text: str, sample: int = 200_000) -> str:
    """'zh' when Han characters make up a fair share of the letters, else 'en'.

    A Chinese report quoting English terms stays 'zh'; a Latin letter counts as
    much as a Han character, and English words are long, so the bar is low.
    """
    return "zh" if cjk_share(text[:sample]) >= 0.25 else "en"
