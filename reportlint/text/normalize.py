"""Normalisation for duplicate detection: two pastes of one text must hash alike.

A copy picks up differences that a reader does not see as a difference: full-
versus half-width punctuation (，/, （/( ), curly versus straight quotes, spaces
and line wraps, Markdown emphasis that was lost or added (`**` pairs broken by a
page break), a bullet or heading marker. `normalize` removes exactly those, and
nothing that changes the words, so an exact match of normalised text is a real
copy and a near match measures a real edit.

`segments` cuts normalised text into clauses (and the ends of long clauses):
the shingles that find near-duplicate candidates and copied passages without
comparing all pairs.
"""

from __future__ import annotations

import re
import unicodedata

from reportlint.text import rx

# Punctuation NFKC leaves alone, mapped to one ASCII form so width/shape do not matter.
_PUNCT_MAP = str.maketrans({
    "。": ".", "｡": ".", "、": ",", "“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'",
    "‚": "'", "‛": "'", "《": '"', "》": '"', "〈": '"', "〉": '"', "「": '"', "」": '"',
    "『": '"', "』": '"', "【": "[", "】": "]", "〔": "(", "〕": ")", "〖": "[", "〗": "]",
    "—": "-", "–": "-", "―": "-", "‐": "-", "‑": "-", "～": "~", "·": ".", "•": " ",
    "…": "...", "\u3000": " ", "\u00a0": " ", "\u200b": "",
})

_SPACES_ONLY = str.maketrans({"\u3000": " ", "\u00a0": " ", "\u200b": ""})
# Full-width ASCII forms (！ … ～) as NFKC maps them, applied first by table (fast); NFKC
# then runs only on text that still needs it.
_FULLWIDTH_AND_PUNCT = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {
    chr(k): v for k, v in _PUNCT_MAP.items()
}
# str.translate looks every character up in a dict; a regex finds the few to replace faster.
_FULLWIDTH_AND_PUNCT_RE = rx.compile("[" + re.escape("".join(_FULLWIDTH_AND_PUNCT)) + "]")


def _fold_width(text: str) -> str:
    """`text` with _FULLWIDTH_AND_PUNCT applied: one str.replace per distinct character found
    (a text holds a few kinds, repeated) instead of a Python call per occurrence. Every key is
    non-ASCII and every replacement ASCII, so replacing one after another is one simultaneous mapping."""
    if text.isascii():
        return text
    found = _FULLWIDTH_AND_PUNCT_RE.findall(text)
    if not found:
        return text
    table = _FULLWIDTH_AND_PUNCT
    for ch in set(found):
        text = text.replace(ch, table[ch])
    return text

# Markdown that does not change the words: emphasis runs, code ticks, strike-through,
# a link's target (the text stays), image/link brackets, table pipes, heading hashes,
# list bullets, quote markers, HTML line breaks.
# A link's text may wrap over lines (hard-wrapped Markdown; a block holds no blank line).
_MD_LINK_RE = rx.compile(r"!?\[([^\]]*)\]\([^)\n]*\)")
_MD_REF_LINK_RE = rx.compile(r"!?\[([^\]\n]*)\]\[[^\]\n]*\]")
_MD_AUTOLINK_RE = rx.compile(r"<(https?://[^>\s]+)>")
_MD_BR_RE = rx.compile(r"<br\s*/?>", re.I)
_HTML_TAG_RE = rx.compile(r"</?[A-Za-z][^<>\n]*>")
# Reads as \*+|(?<![0-9A-Za-z])_{1,3}|_{1,3}(?![0-9A-Za-z])|~~|`+ with each alternative's first
# character written first, so the engine jumps to the next * _ ~ ` instead of trying every position.
_MD_EMPH_RE = rx.compile(r"\*\**|_(?<![0-9A-Za-z]_)_{0,2}|__{0,2}(?![0-9A-Za-z])|~~|``*")
_MD_LINE_MARKER_RE = rx.compile(
    r"(?m)^[ \t]*(?:>[ \t]?)*[ \t]*(?:#{1,6}[ \t]+|[-+*•·▪●○◆■][ \t]+|——(?=\S)|\d{1,9}[.)][ \t]+)?"
)
_PIPE_RE = rx.compile(r"\s*\|\s*")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Whitespace next to a Han character or to punctuation carries no meaning (line wraps in
# Chinese, "word ," in English); between two Latin words it does, and becomes one space.
# Reads as \s+(?=[HAN ,.;:!?)\]"'])|(?<=[HAN (\["'])\s+ with the first space taken out in front (a
# search from a character class skips to the next space in C; both forms match whole runs).
_SPACE_NEAR_RE = rx.compile(rf"\s(?:\s*(?=[{_HAN},.;:!?)\]\"'])|(?<=[{_HAN}(\[\"']\s)\s*)")
# A run of spaces other than one plain space: replacing those by one space is \s+ → ' ' without
# rewriting every single space between two words.
_SPACE_RUN_RE = rx.compile(r"\s(?:\s+|(?<! ))")
_ANY_SPACE_RE = rx.compile(r"\s")
_TRAILING_MARKERS_RE = rx.compile(r"[\s|]+$|^[\s|]+")

# Clause boundaries in normalised text (after _PUNCT_MAP, NFKC).
# Reads as [,.;:!?()\[\]"]+\s*|\s-\s, first character first (searched from a character class: fast).
_CLAUSE_SPLIT_RE = rx.compile(r"[,.;:!?()\[\]\"\s](?:(?<=[,.;:!?()\[\]\"])[,.;:!?()\[\]\"]*\s*|(?<=\s)-\s)")


def normalize(text: str, *, markdown: bool = True, punctuation: bool = True, fold_case: bool = True,
              spacing: bool = True) -> str:
    """Canonical form of a block's or sentence's text for exact comparison.

    NFKC (full-width letters, digits and ，；：（）！？ become ASCII), the remaining
    CJK punctuation mapped to ASCII, Markdown markers removed (`markdown=True`),
    whitespace removed next to Han characters and punctuation and collapsed
    elsewhere, case folded. `punctuation=False` skips NFKC and keeps punctuation as written
    and `fold_case=False` keeps case (for showing a difference to the user);
    `spacing=False` keeps a space next to Han characters and punctuation (one space
    for a run), so "在 LeanCloud 上" and "在LeanCloud上" stay apart.
    """
    if not text:
        return ""
    if punctuation:
        t = _fold_width(text)
        if not unicodedata.is_normalized("NFKC", t):
            t = unicodedata.normalize("NFKC", t).translate(_PUNCT_MAP)
    else:
        t = text.translate(_SPACES_ONLY)
    if markdown:
        if "\n" in t:
            t = _MD_LINE_MARKER_RE.sub("", t)
        else:  # one line: only the start can match, and the pattern always matches there
            t = t[_MD_LINE_MARKER_RE.match(t).end() :]  # type: ignore[union-attr]
        if "[" in t:
            t = _MD_LINK_RE.sub(r"\1", t)
            t = _MD_LINK_RE.sub(r"\1", t)  # a badge: an image inside a link
            t = _MD_REF_LINK_RE.sub(r"\1", t)
        if "<" in t:
            t = _MD_AUTOLINK_RE.sub(r"\1", t)
            t = _MD_BR_RE.sub(" ", t)
            t = _HTML_TAG_RE.sub(" ", t)  # inline HTML (<img …>, <sup>) is markup, not words
        if "*" in t or "_" in t or "`" in t or "~" in t:
            t = _MD_EMPH_RE.sub("", t)
        if "|" in t:
            t = _TRAILING_MARKERS_RE.sub("", t)
            t = _PIPE_RE.sub(" | ", t)
    if _ANY_SPACE_RE.search(t):
        if spacing:
            t = _SPACE_NEAR_RE.sub("", t)
        t = _SPACE_RUN_RE.sub(" ", t).strip()
    return t.casefold() if fold_case else t


_HAN_RUN_RE = rx.compile(f"[{_HAN}]+")
_NOT_ALNUM_RE = rx.compile(r"[\W_]+")
_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())  # what _NOT_ALNUM_RE removes from ASCII
# Anything but ASCII and the Han blocks whose every code point is a letter (U+F900 block has gaps).
_NOT_ASCII_OR_HAN_RE = rx.compile("[^\x00-\x7f\u3400-\u4dbf\u4e00-\u9fff]")


def content_length(norm: str) -> int:
    """How much a text says, in Latin letters and digits; a Han character counts 3.

    An English word averages five letters and a Chinese word under two
    characters, so one threshold serves both languages ("too short to matter":
    "This section is informative." is 24, "构建更高质量教育体系" is 30).
    Punctuation and spaces count nothing, so "- **注：**" is not 6 characters.
    """
    if norm.isascii():  # the same count (ASCII letters and digits), by a byte-level delete: ~5x faster
        return len(norm.encode("ascii").translate(None, _ASCII_NOT_ALNUM))
    if _NOT_ASCII_OR_HAN_RE.search(norm) is None:
        # ASCII and Han only (most Chinese text once normalised): a Han character is three UTF-8
        # bytes, none of them ASCII, so the bytes left after the ASCII delete are the count.
        return len(norm.encode("utf-8").translate(None, _ASCII_NOT_ALNUM))
    words = _NOT_ALNUM_RE.sub("", norm)
    han = len(words) - len(_HAN_RUN_RE.sub("", words))
    return len(words) + 2 * han


def segments(norm: str, min_len: int = 4, edge: int = 12) -> set[str]:
    """Shingles of normalised text for candidate search.

    Every clause of at least `min_len` characters, plus the first and last `edge`
    characters of a long clause, so a one-word edit inside a long clause still
    leaves a shared shingle. A near-duplicate (similarity ≥ 0.9) almost always
    keeps most of its clauses, so two near-duplicate blocks share a segment.
    """
    out: set[str] = set()
    for c in _CLAUSE_SPLIT_RE.split(norm):
        c = c.strip()
        if len(c) < min_len:
            continue
        out.add(c)
        if len(c) > 2 * edge:
            out.add("<" + c[:edge])
            out.add(">" + c[-edge:])
    return out


def stable_hash(text: str) -> int:
    """A 64-bit hash that is the same in every process (Python's hash() is salted per run)."""
    import hashlib  # cross-file runs only: the OpenSSL binding is ~2 ms of start-up

    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")
