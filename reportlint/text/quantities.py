"""Quantities in Chinese and English report text, with exact spans and intervals.

A quantity is what a number check compares: 11.2万人, 72.2%, 5个百分点, 3万余,
两三个, about 40, $2.1 billion, twenty-one, 全省第一. Each carries the interval
it stands for — the precision it was written with (11.2万 covers
[111 500, 112 500)) widened by hedges (约, 余, over, nearly) — so two values
conflict only when their intervals are disjoint, never because of float noise.

Not quantities: years and dates (2021年, 3月5日, May 2024), ordinals (第三, 3rd
— except ranks: 全省第一, ranked 3rd), section and document numbers (3.2节,
〔2021〕5号), versions, and idioms and names (一带一路, 十四五) — the latter
from a list the caller passes in (rule YAML), never hard-coded here.
"""

from __future__ import annotations

import functools
import re
from typing import Iterable, NamedTuple

from reportlint.text.numerals import ZH_DIGITS, ZH_UNITS
from reportlint.text import rx

# ---------------------------------------------------------------- data


class Quantity(NamedTuple):
    """A number as written, with the interval it covers.

    `lo`/`hi` bound the stated value (half-open for written precision); `unit` is
    normalised ('%', 'pp' for percentage points, '‰', '元', '人', '个', '$', …; ''
    for a bare number); `kind` is 'number', 'percent', 'pp' or 'rank'.
    """

    start: int
    end: int
    text: str
    value: float
    lo: float
    hi: float
    unit: str = ""
    kind: str = "number"
    hedge: str = ""  # the hedge word as written (约, 余, over, …), '' when exact
    is_range: bool = False
    noun: str = ""  # English: the word counted ("5 KEPs" → "keps"); Chinese: the unit again

    @property
    def exact(self) -> bool:
        return not self.hedge and not self.is_range

    def disjoint(self, other: "Quantity") -> bool:
        """True when no single true value could be written as both (intervals do not meet)."""
        return self.hi <= other.lo or other.hi <= self.lo

    def display(self) -> str:
        return self.text


# ---------------------------------------------------------------- tables

ZH_NUM = "零〇一二两三四五六七八九十百千"
ZH_MAG = {"万": 1e4, "亿": 1e8, "万亿": 1e12, "百亿亿": 1e18, "千万": 1e7, "百万": 1e6, "十万": 1e5, "千亿": 1e11, "百亿": 1e10}
EN_MAG = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "mn": 1e6,
          "bn": 1e9, "b": 1e9, "tn": 1e12}

# Units a Chinese number may carry (longest first when compiled). 年/月/天 are durations.
ZH_UNITS_LIST = (
    "平方公里", "平方千米", "平方米", "立方米", "标准箱", "千瓦时", "万千瓦", "千瓦", "公里", "千米", "公顷", "人次", "户次", "架次",
    "个百分点", "百分点", "美元", "欧元", "港元", "日元", "英镑", "元", "人", "个", "项", "家", "所", "条", "件", "座", "处", "台",
    "辆", "亩", "吨", "米", "户", "套", "间", "张", "场", "次", "位", "名", "批", "类", "种", "支", "只", "头", "只", "斤", "公斤",
    "千克", "克", "厘米", "毫米", "微米", "纳米", "度", "倍", "岁", "天", "周", "月", "年", "小时", "分钟", "秒", "字", "篇", "部", "本", "册", "份", "宗", "笔",
    "单", "起", "例", "穗", "株", "棵", "匹", "艘", "颗", "枚", "盏", "块", "片", "层", "栋", "幢", "段", "期", "届", "轮", "批次",
    "方面", "大", "强", "佳", "微克", "毫克", "兆瓦", "吉瓦", "瓦", "升", "毫升", "P", "TB", "GB", "MB",
)
EN_UNITS_LIST = (
    "percentage points", "percentage point", "percent", "per cent", "pp",
)
CURRENCY_PREFIX = {"$": "$", "US$": "$", "USD": "$", "€": "€", "EUR": "€", "£": "£", "¥": "¥", "￥": "¥", "RMB": "¥"}
CURRENCY_ZH = {"美元": "$", "欧元": "€", "英镑": "£", "元": "元", "港元": "HK$", "日元": "JP¥"}

EN_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
EN_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12,
}

# Hedges: how each widens the stated interval.
ZH_HEDGE_BEFORE = ("大约", "约", "近", "接近", "将近", "超过", "超", "逾", "突破", "不到", "不足", "不超过", "达到", "至少", "最多", "多达", "高达")
ZH_HEDGE_AFTER = ("余", "多", "左右", "以上", "以下", "以内", "上下", "开外")
EN_HEDGE_BEFORE = ("approximately", "about", "around", "roughly", "nearly", "almost", "over", "more than", "less than",
                   "fewer than", "under", "at least", "at most", "up to", "some", "circa", "~", "<", ">", "≈")

_LOWER_OPEN = {"超过", "超", "逾", "突破", "至少", "余", "多", "以上", "开外", "over", "more than", "at least", ">"}
_ZH_JUST_OVER = {"超过", "超", "逾", "突破"}
_UPPER_OPEN = {"不到", "不足", "不超过", "以下", "以内", "最多", "less than", "fewer than", "under", "at most", "up to", "<"}
_APPROX = {"大约", "约", "左右", "上下", "approximately", "about", "around", "roughly", "some", "circa", "~", "≈"}
_NEAR = {"近", "接近", "将近", "nearly", "almost"}

# ---------------------------------------------------------------- regexes


def _longest_first(word: str) -> tuple[int, str]:
    """Alternation order: longest first, then by text, so a pattern is the same in every process."""
    return (-len(word), word)


_ZH_UNIT_ALT = "|".join(sorted({re.escape(u) for u in ZH_UNITS_LIST}, key=_longest_first))
_AR = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# The same number with its first digit taken out in front of the alternation: a pattern that
# starts with a character class lets the engine skip to the next digit in C instead of trying
# every position (tries the same lengths in the same order, so it matches exactly as _AR does).
_AR_LEAD = r"\d(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?"
_ZHN = r"[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?"
_MAG_ZH = r"(?:百亿亿|万亿|千亿|百亿|千万|百万|十万|亿|万|千|百)"  # 百亿亿次/秒: exaflops
_MAG_EN = r"(?:thousand|million|billion|trillion|bn|mn|tn|[kKmMbB](?![A-Za-z]))"

# Arabic number, optional range, optional magnitude, hedge suffix, unit.
_AR_RE = rx.compile(
    rf"""    (?P<num>{_AR_LEAD})
    (?:\s?(?P<rsep>[-–—~～至到])\s?(?P<num2>{_AR}))?
    (?:[ ]?(?:\*\*[ ]?)?(?P<magzh>{_MAG_ZH})|\s?(?P<magen>{_MAG_EN}))?
    (?P<hedge>余|多)?
    (?P<pct>%|％|‰)?
    """,
    re.X,
)
# A Chinese numeral is read only when a magnitude, hedge or unit follows it (一些, 统一 are words).
_ZH_NEXT = "".join(sorted({u[0] for u in ZH_UNITS_LIST} | set("万亿余多千百十")))
_ZH_RE = rx.compile(
    rf"(?P<num>{_ZHN})(?=[{re.escape(_ZH_NEXT)}])(?P<mag>{_MAG_ZH})?(?P<hedge>余|多)?"
)
_PCT_ZH_RE = rx.compile(rf"百分之(?P<num>{_ZHN}|{_AR})(?:(?P<rsep>[至到])(?:百分之)?(?P<num2>{_ZHN}|{_AR}))?")
_ZH_UNIT_RE = rx.compile(rf"(?:{_ZH_UNIT_ALT})")


def _first_letters(words: str) -> str:
    """'one|two' → 'OTot': the first letters of the words in either case, for a leading class."""
    return "".join(sorted({c for w in words.split("|") for c in (w[0].upper(), w[0])}))


def _cap_after(words: str) -> str:
    """'one|two' → '(?<=[Oo])ne|(?<=[Tt])wo': the rest of each word once a leading class took its first letter.

    Case-insensitive on the first letter without re.I (which is slow). A pattern that
    opens with one character class is searched fast (the engine skips to the next
    candidate letter in C); a lookbehind or an alternation in front tries every
    position. The lookbehind keeps each word's own first letter: '[Oo]ne' exactly.
    """
    return "|".join(f"(?<=[{w[0].upper()}{w[0]}]){w[1:]}" for w in words.split("|"))


_TENS_W = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES_W = "one|two|three|four|five|six|seven|eight|nine"
_TEENS_W = "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
# Reads as (?<![A-Za-z])(?P<w>(?:TENS)(?:-ONES)?|TEENS…): the first letter comes first (see _cap_after),
# the left word boundary is checked right after it.
_EN_WORD_RE = rx.compile(
    rf"(?P<w>[{_first_letters(_TENS_W + '|' + _TEENS_W)}](?<![A-Za-z].)"
    rf"(?:(?:{_cap_after(_TENS_W)})(?:[-\s](?:{_ONES_W}))?|{_cap_after(_TEENS_W)})"
    rf"(?:\s+hundred(?:\s+(?:and\s+)?(?:(?:{_TENS_W})(?:-(?:{_ONES_W}))?|{_TEENS_W}))?)?"
    r"(?:\s+(?:thousand|million|billion))?)(?![A-Za-z])"
)
_EN_UNIT_RE = rx.compile(r"\s?(?:percentage points?|percent|per cent|pp\b)", re.I)
_ORDINAL_W = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
# Reads as (?<![\w.])(?:\d{1,3}(?:st|nd|rd|th)|ORDINAL)(?![A-Za-z]), first character first (see
# _cap_after); _rank_en tells a numeral (3rd) from a word (third) by that character.
_EN_RANK_RE = rx.compile(
    r"[\d" + _first_letters(_ORDINAL_W) + r"](?<![\w.].)(?:(?<=\d)\d{0,2}(?:st|nd|rd|th)|" + _cap_after(_ORDINAL_W) + r")(?![A-Za-z])"
)
_ZH_RANK_RE = rx.compile(r"第(?P<n>\d{1,3}|[一二三四五六七八九十]+)(?P<suf>位|名)?")
_RANK_CONTEXT_ZH = rx.compile(r"(?:居|位居|位列|排名|排|列|名列|跃居|升至|稳居|保持|全国|全省|全市|全区|世界|全球|中部|西部|东部|前列)[^，。；、]{0,6}$")
_RANK_CONTEXT_EN = rx.compile(r"\b(?:ranked|ranks|ranking|rank|placed|place)\s+(?:\w+\s+){0,2}$", re.I)

# Dates, times, versions and document numbers around a number.
_ZH_DATE_AFTER = rx.compile(r"(?:年(?:度|代|底|初|末|中|前|后|以来|起|至|—|-|－)?|月(?:份)?\d|月\d+日|月|日|时|号文|号令|届全|次会议|级)")
_EN_MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_EN_DATE_BEFORE = rx.compile(rf"(?:{_EN_MONTHS}\.?\s+(?:\d{{1,2}},?\s+)?|\b(?:year|FY|Q[1-4])\s+|[A-Za-z]-|v|V|version\s|§\s?|[Ss]ection\s|[Cc]hapter\s|[Aa]ppendix\s|[Tt]able\s|[Ff]igure\s|[Ff]ig\.\s|[Pp]age\s|[Pp]\.\s|SP\s|No\.\s?|RFC\s?|ISO\s?|#)$")
_EN_DATE_AFTER = rx.compile(rf"^(?:\s{_EN_MONTHS}\b|-\d|/\d|:\d|\.\d+\.\d)")


# ---------------------------------------------------------------- number parsing


def parse_arabic(s: str) -> tuple[float, float] | None:
    """(value, unit of the last written digit) of '1,234.5' → (1234.5, 0.1)."""
    t = s.replace(",", "")
    try:
        v = float(t)
    except ValueError:
        return None
    step = 10.0 ** -(len(t) - t.index(".") - 1) if "." in t else 1.0
    return v, step


def parse_zh_number(s: str) -> tuple[float, float] | None:
    """(value, step) of a Chinese numeral with optional 点 decimals: 七十二点二 → (72.2, 0.1).

    Handles 零/〇, 两, 十/百/千, digit-by-digit strings (二〇二一) and 万/亿 inside
    (两千零七十一点四亿 is split by the caller into number and magnitude).
    """
    if not s:
        return None
    frac = ""
    if "点" in s:
        s, frac = s.split("点", 1)
        if not frac or any(c not in ZH_DIGITS for c in frac):
            return None
    whole = _zh_int_big(s) if s else 0
    if whole is None:
        return None
    if frac:
        fv = float("0." + "".join(str(ZH_DIGITS[c]) for c in frac))
        return whole + fv, 10.0 ** -len(frac)
    return float(whole), 1.0


def _zh_int_big(s: str) -> int | None:
    """Chinese integer, with 万/亿 groups (三千二百万 → 32000000); None when malformed."""
    total = 0
    rest = s
    for mag, mult in (("亿", 10 ** 8), ("万", 10 ** 4)):
        if mag in rest:
            head, rest = rest.split(mag, 1)
            hv = _zh_small(head) if head else 1
            if hv is None:
                return None
            total += hv * mult
    if rest:
        v = _zh_small(rest.lstrip("零〇") or rest)
        if v is None:
            return None
        total += v
    return total


def _zh_small(s: str) -> int | None:
    """Chinese integer below 万, strict: two digits in a row is a range (三四), not a number."""
    if not s or any(c not in ZH_DIGITS and c not in ZH_UNITS for c in s):
        return None
    if len(s) > 1 and all(c in ZH_DIGITS for c in s):
        if (len(s) >= 3 or any(c in "零〇" for c in s)) and "两" not in s:
            return int("".join(str(ZH_DIGITS[c]) for c in s))  # 二〇二一 written digit by digit
        return None  # 三四: a range, not 34
    total, digit, last_unit = 0, None, 10 ** 9
    for c in s:
        if c in ZH_DIGITS:
            if digit is not None:
                return None
            digit = ZH_DIGITS[c] if ZH_DIGITS[c] != 0 else None
        else:
            u = ZH_UNITS[c]
            if u >= last_unit:
                return None
            total += (1 if digit is None else digit) * u
            last_unit = u
            digit = None
    if digit is not None:
        total += digit
    return total


_ZH_RANGE_RE = rx.compile(r"(十)?([一二两三四五六七八九])([一二三四五六七八九])(十|百|千)?")


def zh_range(s: str) -> tuple[int, int] | None:
    """两三 → [2, 4), 三四十 → [30, 50), 十七八 → [17, 19); None if not an adjacent-digit range."""
    m = _ZH_RANGE_RE.fullmatch(s)
    if not m:
        return None
    a, b = ZH_DIGITS[m.group(2)], ZH_DIGITS[m.group(3)]
    if b != a + 1:
        return None
    mult = ZH_UNITS[m.group(4)] if m.group(4) else 1
    base = 10 if m.group(1) else 0
    return base + a * mult, base + (b + 1) * mult


_WORD_SEPARATOR_RE = rx.compile(r"[\s-]+")


def parse_en_words(s: str) -> int | None:
    """'twenty-one' → 21, 'two hundred and five' → 205, 'three million' → 3000000."""
    words = _WORD_SEPARATOR_RE.split(s.lower().strip())
    total, current = 0, 0
    seen = False
    for w in words:
        if w == "and":
            continue
        if w in EN_SMALL:
            current += EN_SMALL[w]
        elif w in EN_TENS:
            current += EN_TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in ("thousand", "million", "billion"):
            total += (current or 1) * int(EN_MAG[w])
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


# ---------------------------------------------------------------- scanning


def _interval(value: float, step: float, mult: float, hedge: str) -> tuple[float, float]:
    """The interval a value written with `step` precision (× `mult`) and a hedge covers."""
    half = step * mult / 2
    lo, hi = value - half, value + half
    if not hedge:
        return lo, hi
    h = hedge.lower()
    if h in ("余", "多"):
        return value, value + step * mult  # 3万余 → [30 000, 40 000)
    if h in _ZH_JUST_OVER:
        # 超过400万 / 突破5.8万: just over a figure rounded down to its last significant digit — below 500万 / 5.9万
        written = round(value / mult / step) if step and mult else 0
        sig = step
        while written and written % 10 == 0:
            written //= 10
            sig *= 10
        return value, value + sig * mult
    if h in _LOWER_OPEN:
        return value, max(hi, value * 1.5)
    if h in _UPPER_OPEN:
        return 0.0, value
    if h in _NEAR:
        return value * 0.85, max(hi, value)
    return value * 0.85, max(hi, value * 1.15)  # 约, about, 左右


_LATIN_RE = rx.compile(r"[A-Za-z]")
_MAG_UNIT_RE = rx.compile(r"[万亿]?(?:" + _ZH_UNIT_ALT + ")")


def exclusion_spans(text: str, exclude: Iterable[str]) -> list[tuple[int, int]]:
    """Where the listed idioms and names (一带一路, 十四五) occur in `text`."""
    out: list[tuple[int, int]] = []
    for w in exclude:
        if not w:
            continue
        i = text.find(w)
        while i != -1:
            out.append((i, i + len(w)))
            i = text.find(w, i + 1)
    out.sort()
    return out


@functools.lru_cache(maxsize=32)
def _any_word_re(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One alternation of a rule's exclude list (compiled once per list)."""
    alts = sorted({re.escape(w) for w in words if w}, key=_longest_first)
    return rx.compile("|".join(alts)) if alts else None


def _mentions_any(words: tuple[str, ...], text: str) -> bool:
    """Whether any of `words` occurs in `text`: one regex pass instead of one find per word,
    so the exact (overlapping) search of exclusion_spans runs only on the few texts that need it."""
    pattern = _any_word_re(words)
    return pattern is not None and pattern.search(text) is not None


_EN_HEDGE_RE = rx.compile(
    r"(?:(?<![A-Za-z])(?P<w>" + "|".join(re.escape(h) for h in sorted(EN_HEDGE_BEFORE, key=_longest_first) if h.isalpha() or " " in h)
    + r")\s+(?:the\s+)?|(?P<s>[~<>≈])\s*)$",
    re.I,
)
_ZH_HEDGE_RE = rx.compile("(?:" + "|".join(sorted((h for h in ZH_HEDGE_BEFORE if h not in ("达到", "多达", "高达")), key=_longest_first)) + ")$")


_ZH_HEDGE_LAST = frozenset(h[-1] for h in ZH_HEDGE_BEFORE)


def _en_hedge_before(text: str, start: int) -> tuple[str, int]:
    """A hedge word right before a number (about 40, over 3,000, ~5): (hedge, its start)."""
    prev = text[start - 1 : start]
    if not prev or not (prev in "~<>≈" or prev in " \t" and start > 1 and text[start - 2].isalpha() and text[start - 2].isascii()):
        return "", start
    m = _EN_HEDGE_RE.search(text, max(0, start - 20), start)
    if not m:
        return "", start
    return (m.group("w") or m.group("s")).lower(), m.start()


def _zh_hedge_before(text: str, start: int) -> tuple[str, int]:
    j = start
    while j > 0 and start - j < 3 and text[j - 1] in " *_":
        j -= 1  # 超过 **400 万**: emphasis or a space between the hedge and the number
    if j == 0 or text[j - 1] not in _ZH_HEDGE_LAST:
        return "", start
    m = _ZH_HEDGE_RE.search(text, max(0, j - 3), j)
    return (m.group(0), m.start()) if m else ("", start)


_ZH_HEDGE_AFTER_FIRST = "左以上开"  # first characters of the hedges _zh_hedge_after reads


def _zh_hedge_after(text: str, end: int) -> tuple[str, int]:
    if text[end : end + 1] not in _ZH_HEDGE_AFTER_FIRST:
        return "", end
    for h in ("左右", "以上", "以下", "以内", "上下", "开外"):
        if text.startswith(h, end):
            return h, end + len(h)
    return "", end


def _unit_after(text: str, pos: int) -> tuple[str, int]:
    m = _ZH_UNIT_RE.match(text, pos)
    if m:
        u = m.group(0)
        return ("pp" if u in ("个百分点", "百分点") else u), m.end()
    m = _EN_UNIT_RE.match(text, pos)
    if m:
        w = m.group(0).strip().lower()
        return ("pp" if w.startswith("percentage") or w == "pp" else "%"), m.end()
    return "", pos


_NOUN_RE = rx.compile(r"(?:\*{1,2}|_{1,2})?[ \t]+(?:(?:new|more|active|total|unique|additional|other|different|separate|distinct|key|main|major|[a-z]+-[a-z]+)[ \t]+)?([A-Za-z][A-Za-z'’]+)")
_NOT_NOUN = frozenset("and or of the to in on at for by with from as is are was were be a an than that which who per".split())


def _noun_after(text: str, pos: int) -> str:
    """The English word a number counts ("33 KEPs" → "keps"; "46 security reports" → "reports": the plural
    that ends a compound of up to three words), '' when none."""
    m = _NOUN_RE.match(text, pos)
    if not m or m.group(1).lower() in _NOT_NOUN:
        return ""
    word = m.group(1).lower()
    if not PLURAL_RE.fullmatch(word):
        c = _COMPOUND_RE.match(text, m.end())
        if c and not any(w.lower() in _NOT_NOUN for w in c.group(0).split()):
            return c.group(1).lower()
    return word


PLURAL_RE = rx.compile(r"[a-z][a-z-]*[a-rt-z]s")  # a plural noun after a number: 5 KEPs, 33 responses (not "is", "was")
_COMPOUND_RE = rx.compile(r"(?:[ \t]+[a-z][a-z-]+)?[ \t]+([a-z][a-z-]*[a-rt-z]s)\b")


_YEAR_TAIL_RE = rx.compile(r"年(?:[月度级代底初末中]|\d)")
_DAY_RE = rx.compile(r"[日时]")
_SECTION_AFTER_RE = rx.compile(r"[节章条款]")
_DOCNO_RE = rx.compile(r"[〔\[（(【]\s*\d{4}\s*[〕\]）)】]\s*$")
_ORDINAL_BEFORE_RE = rx.compile(r"(?:第|No\.?\s?|#|§)\s*$")
_DOTTED_BEFORE_RE = rx.compile(r"\d[.．]$")
_DOTTED_AFTER_RE = rx.compile(r"[.．]\d")
_IDENT_AFTER_RE = rx.compile(r"[A-Za-z_]")
_MAG_SUFFIX_RE = rx.compile(r"(?:k|m|bn|mn|tn|b|K|M|B|pp)\b|(?:st|nd|rd|th)\b")  # 3pp: percentage points, not an identifier
_IDENT_BEFORE_RE = rx.compile(r"[A-Za-z_/\\:@=-]")


def _is_date_or_code(text: str, s: int, e: int, num: str) -> bool:
    """Years, dates, times, versions, section and document numbers are not quantities."""
    after = text[e : e + 4]
    before = text[max(0, s - 16) : s]
    digits = num.replace(",", "")
    if "." not in digits and len(digits) == 4 and 1900 <= int(digits) <= 2100:
        if not after.startswith(("万", "亿", "%", "个", "人", "元", "家", "项", "名", "件", "次")):
            return True  # a year, also in "2021-2025" and "FY2024"
    if _ZH_DATE_AFTER.match(text, e) and not text.startswith(("年来", "年间", "年内", "个月", "年期"), e):
        if text.startswith("年", e) and len(digits) <= 2 and "." not in digits and not _YEAR_TAIL_RE.match(text, e):
            return False  # 5年 / 近3年 / 3至5年: a duration (years are written with four digits)
        if text.startswith("月", e) and (len(digits) > 2 or int(float(digits)) > 12):
            return False
        if text.startswith(("日", "时", "级"), e) and not _DAY_RE.match(after):
            return False if text.startswith("级", e) else True
        return True
    if "." in digits and _SECTION_AFTER_RE.match(after):
        return True  # 3.2节
    if text.startswith("号", e):
        return True  # 〔2021〕5号
    if text.startswith((".", "．"), e) and _DOTTED_AFTER_RE.match(text, e):
        return True  # 3.2.1 section / version numbers
    if _EN_DATE_AFTER.match(text[e : e + 12]):
        return True
    if _code_before(before):
        return True  # 〔2021〕5, 第3, No. 5, 3.2.1, May 5, v2, Table 3
    if _IDENT_AFTER_RE.match(text, e) and not _MAG_SUFFIX_RE.match(text[e : e + 3]):
        return True  # identifiers: 5G, IPv6, SP800
    if s > 0 and _IDENT_BEFORE_RE.match(text[s - 1]) and not text[s - 1] in "$":
        return True  # IPv6, key=5, path/3, -5 in a hyphenated code
    return False


# What each `…$` pattern over the text before a number can end with (white space aside; `$` also
# matches before a final newline, which is white space): a number after any other character skips it.
_DOCNO_LAST = "〕]）)】"
_ORDINAL_LAST = "第o.#§"
_EN_DATE_LAST = "-vV§.CO#"


def _code_before(before: str) -> bool:
    """Whether the text before a number marks it as a document, ordinal, section or dated number."""
    last = before[-1:]
    if not last:
        return False
    if last.isspace():
        trimmed = before.rstrip()[-1:]
        return bool(
            trimmed and (trimmed in _DOCNO_LAST and _DOCNO_RE.search(before)
                         or trimmed in _ORDINAL_LAST and _ORDINAL_BEFORE_RE.search(before))
            or last == "\n" and _DOTTED_BEFORE_RE.search(before)
            or _EN_DATE_BEFORE.search(before))
    return bool(
        last in _DOCNO_LAST and _DOCNO_RE.search(before)
        or last in _ORDINAL_LAST and _ORDINAL_BEFORE_RE.search(before)
        or last in ".．" and _DOTTED_BEFORE_RE.search(before)
        or last in _EN_DATE_LAST and _EN_DATE_BEFORE.search(before))


def scan(text: str, base: int = 0, exclude: Iterable[str] = (), lang: str = "zh") -> list[Quantity]:
    """All quantities in `text` (offsets shifted by `base`), in order, not overlapping.

    `exclude` lists idioms and names whose numerals are not quantities (from the
    rule's YAML). Ranks (全省第一, 第3位, ranked 3rd) come out with kind 'rank'.
    """
    blocked = bytearray(len(text))  # characters inside an idiom or name
    exclude = tuple(exclude)
    spans = exclusion_spans(text, exclude) if exclude and _mentions_any(exclude, text) else []
    for x, y in spans:
        blocked[x:y] = b"\x01" * (y - x)
    taken = bytearray(len(text))  # characters already read as a quantity
    found: list[Quantity] = []
    passes = [(_PCT_ZH_RE, _pct_zh), (_ZH_RANK_RE, _rank_zh)]
    low = text.lower()  # _RANK_CONTEXT_EN is re.I: str.lower maps the Kelvin sign to k as re.I does
    if _may_rank_en(text, low):
        passes.append((_EN_RANK_RE, _rank_en))
    passes += [(_AR_RE, _arabic), (_ZH_RE, _chinese)]
    if (lang == "en" or _LATIN_RE.search(text)) and any(w in low for w in _EN_NUMBER_WORDS):
        passes.append((_EN_WORD_RE, _english_words))
    for pattern, build in passes:
        for m in pattern.finditer(text):
            if spans and any(blocked[m.start() : m.end()]):
                continue
            q = build(text, m, base)
            if q is None or any(taken[q.start - base : q.end - base]):
                continue
            found.append(q)
            taken[q.start - base : q.end - base] = b"\x01" * (q.end - q.start)
    found.sort(key=lambda q: q.start)
    return found


# Every English number word opens with one of these (any case of the first letter, the rest lower
# case): a text whose lower-case form has none skips _EN_WORD_RE, which is tried at nearly every
# letter of English prose and finds a number word in one paragraph of six.
_EN_NUMBER_WORDS = tuple(sorted(set(_TENS_W.split("|")) | set(_TEENS_W.split("|"))))


def _may_rank_en(text: str, low: str) -> bool:
    """Whether `text` (`low`: its lower-case form) has the words an English rank needs (see _rank_en):
    its pattern is tried at every e, n, s, t of English prose, and almost no paragraph says rank or place."""
    return "rank" in low or "place" in low or "position" in text


_ORDINAL_SUFFIX_RE = rx.compile(r"(?:st|nd|rd|th)\b")
# Counting words (3个, 5位, 2大): a count is a whole number, so a decimal before one is a version (3.0 大版本,
# 自 2.7 起) — unless a magnitude makes it a count of many (2.5万个)
_COUNTING = frozenset("个项家所条件座处台辆套间张场次位名批类种支只头部本册份宗笔起例株棵艘颗枚盏栋幢届轮单期段层片块匹穗字篇大")
_BITS = frozenset({"8", "16", "32", "64", "128"})
_VERB_AFTER_SHENG = "级至到为高温"  # 升级, 升至: a verb, not litres
_WORD_SIZE_NEXT = "系架内处整浮版地机操指寄的"  # 64 位系统/架构/内核/处理器/整数/浮点…: bits, not people


def _own_unit(text: str, num: str, mag: str | None, unit: str, uend: int) -> bool:
    """Whether the Han word after a number is its unit: not after a version (2.4 升级, 3.0 大版本), not the
    bits of a word size (64 位内核)."""
    if unit in _COUNTING and "." in num and not mag:
        return False
    if unit == "升" and text[uend : uend + 1] in _VERB_AFTER_SHENG:
        return False
    if unit == "位" and num in _BITS and not mag:
        nxt = text[uend : uend + 2].lstrip()[:1]
        return not (nxt.isascii() and nxt.isalpha() or nxt in _WORD_SIZE_NEXT)
    return True


# Chinese technical writing puts a space between a digit and a Han character (盘古之白: 共 120 件, 5 个国家):
# the unit after such a space is the number's own, as if the space were not there.
_PANGU_SPACES = " \u00a0\u2009\u202f"


def _spaced_unit(text: str, end: int) -> int:
    """Where a number's unit would start: after one space that separates it from a Han unit, else `end`."""
    if text[end : end + 1] in _PANGU_SPACES and end + 1 < len(text) and "\u4e00" <= text[end + 1] <= "\u9fff":
        return end + 1
    return end


_ORDINAL_SUFFIX_FIRST = "snrt"  # first letters of the suffixes: most numbers skip the match
_WORD_AFTER_RANGE_RE = rx.compile(r" [a-z]{3,}")
_CURRENCY_BEFORE_RE = rx.compile(r"(?:US\$|\$|€|£|¥|￥|USD\s?|EUR\s?|RMB\s?)$")


def _arabic(text: str, m: re.Match[str], base: int) -> Quantity | None:
    num, num2, rsep, magzh, magen, hedge, pct = m.group("num", "num2", "rsep", "magzh", "magen", "hedge", "pct")
    start = m.start()
    cur = _CURRENCY_BEFORE_RE.search(text, max(0, start - 4), start) if start and text[start - 1] in "$€£¥￥D R\u00a0" else None
    pre = cur.group(0).strip() if cur else ""
    s = start  # the match opens with the number
    if s > 0 and (text[s - 1].isdigit() or text[s - 1] in ".," and s > 1 and text[s - 2].isdigit()):
        return None  # the tail of a longer number (1,234 / 3.5) that did not parse as one
    unit_at = _spaced_unit(text, m.end()) if not m.group("pct") and not m.group("magzh") else m.end()
    if not pre and _is_date_or_code(text, s, unit_at, num):
        return None
    num_end = s + len(num)
    if text[num_end : num_end + 1] in _ORDINAL_SUFFIX_FIRST and _ORDINAL_SUFFIX_RE.match(text[num_end : num_end + 3]):
        return None  # 3rd: an ordinal (ranks are read separately)
    parsed = parse_arabic(num)
    if parsed is None:
        return None
    value, step = parsed
    mult = 1.0
    end = m.end()
    mag = magzh or magen
    if mag:
        if magen and magen in ("m", "M", "b", "B", "k", "K") and not pre:
            # 5m is five metres as often as five million; only trust a currency sign or k
            if magen not in ("k", "K"):
                end = m.start("magen")
                mag = None
        if mag:
            mult = ZH_MAG.get(mag) or EN_MAG.get(mag.lower()) or {"千": 1e3, "百": 1e2}.get(mag, 1.0)
            if mag in ("千", "百") and not _MAG_UNIT_RE.match(text, m.end("magzh")):
                return None
    unit = ""
    kind = "number"
    hedge = hedge or ""
    if pct:
        unit = "‰" if pct == "‰" else "%"
        kind = "percent"
    lo2 = None
    if num2:
        p2 = parse_arabic(num2)
        if p2 is None:
            return None
        if rsep in "-–—" and (not mag and not pct and not _unit_after(text, end)[0]
                              and not _WORD_AFTER_RANGE_RE.match(text[end : end + 5])):
            # 2021-2025, 3-2: a range only when a unit or magnitude follows
            return None
        lo2 = p2[0]
    if not pct:
        u, uend = _unit_after(text, unit_at if end == m.end() else end)
        if u and not _own_unit(text, num, mag, u, uend):
            u = ""
        if u:
            unit, end = u, uend
            if u == "pp":
                kind = "pp"
            elif u == "%":
                kind = "percent"
        if not hedge:
            hedge, end = _zh_hedge_after(text, end) if not unit or unit else ("", end)
    else:
        h2, end2 = _zh_hedge_after(text, end)
        if h2:
            hedge, end = h2, end2
    start = cur.start() if cur else m.start()
    if not hedge:
        h, hs = _zh_hedge_before(text, start)
        if not h:
            h, hs = _en_hedge_before(text, start)
        if h:
            hedge, start = h, hs
    if pre:
        unit = CURRENCY_PREFIX.get(pre, pre)
    if unit in CURRENCY_ZH:
        unit = CURRENCY_ZH[unit]
    noun = unit or _noun_after(text, end)
    if lo2 is not None:
        lo, hi = value * mult, lo2 * mult + step * mult
        if hi <= lo:
            return None
        return Quantity(start + base, end + base, text[start:end], value * mult, lo, hi, unit, kind, hedge, True, noun)
    lo, hi = _interval(value * mult, step, mult, hedge)
    if mag in ("k", "K") and not pre:
        hi = max(hi, _interval(value * 1024, step, 1024, hedge)[1])  # 64K octets: 64,000 or 65,536 (K = 1,024)
    return Quantity(start + base, end + base, text[start:end], value * mult, lo, hi, unit, kind, hedge, False, noun)


# Words that end in a numeral character (统一, 唯一, 万一, 不一): the numeral is not a number.
_ZH_WORD_BEFORE = rx.compile(r"(?:统|唯|万|同|第|初|周|星期|礼拜|不|之|其|逐|单|一|某|每|看|整|划|专|全|双|合|任|归|独)$")


_HAN_CHAR_RE = rx.compile(r"[\u4e00-\u9fff]")
_CATEGORY_AFTER_RE = rx.compile(r"[\u4e00-\u9fff“\"]")


def _chinese(text: str, m: re.Match[str], base: int) -> Quantity | None:
    raw = m.group("num")
    s = m.start()
    mag = m.group("mag") or ""
    hedge = m.group("hedge") or ""
    if s > 0 and text[s - 1] == "第":
        return None
    before = text[max(0, s - 4) : s]
    if _ZH_WORD_BEFORE.search(before):
        return None
    # A numeral is a quantity only with a unit or magnitude after it.
    after_pos = m.end("num") + len(mag)
    rng = None
    if "点" not in raw:
        parsed = None
        rng = zh_range(raw)
        if rng is None:
            p = parse_zh_number(raw)
            if p is None:
                return None
            parsed = p
    else:
        parsed = parse_zh_number(raw)
        if parsed is None:
            return None
    # 百 / 千 at the end of the numeral may be a magnitude word of a name; require a unit
    unit, uend = _unit_after(text, after_pos + len(hedge))
    if not unit and not mag:
        return None
    if not unit and mag:
        # 三万 alone is fine (三万人 has the unit); but 万 then a non-unit word (万物, 亿万) is not
        if _HAN_CHAR_RE.match(text[after_pos + len(hedge) : after_pos + len(hedge) + 1] or " ") and not hedge:
            return None
    if unit in ("大", "强", "佳"):
        nxt = text[uend : uend + 2]
        if not nxt or not _CATEGORY_AFTER_RE.match(nxt):
            return None
    if unit == "方面" and text.startswith("面", uend):
        return None
    if raw in ("一",) and unit in ("大", "次", "位", "名", "期", "批", "届", "轮", "度", "年", "月", "天", "周", "层", "段", "片", "块", "条", "件", "场", "种", "类", "方面", "部", "本", "份", "起", "单", "支", "处", "座", "张", "间", "套", "户", "头", "只", "颗", "枚", "个", "项", "家", "所", "批次", "人", "名"):
        # 一个 / 一项 / 一批 are articles ("a", "one of"), rarely a count to check
        if not mag:
            return None
    mult = ZH_MAG.get(mag, 1.0) if mag else 1.0
    if mag in ("千", "百"):
        mult = 1000.0 if mag == "千" else 100.0
    end = uend if unit else after_pos + len(hedge)
    kind = "pp" if unit == "pp" else "number"
    if not hedge:
        h2, end2 = _zh_hedge_after(text, end)
        if h2:
            hedge, end = h2, end2
    start = s
    if not hedge:
        h, hs = _zh_hedge_before(text, start)
        if h:
            hedge, start = h, hs
    if unit in CURRENCY_ZH:
        unit = CURRENCY_ZH[unit]
    if rng is not None:
        lo, hi = rng[0] * mult, rng[1] * mult
        return Quantity(start + base, end + base, text[start:end], rng[0] * mult, lo, hi, unit, kind, hedge, True, unit)
    assert parsed is not None
    value, step = parsed
    lo, hi = _interval(value * mult, step, mult, hedge)
    return Quantity(start + base, end + base, text[start:end], value * mult, lo, hi, unit, kind, hedge, False, unit)


def _pct_zh(text: str, m: re.Match[str], base: int) -> Quantity | None:
    def val(s: str) -> tuple[float, float] | None:
        return parse_arabic(s) if s[0].isdigit() else parse_zh_number(s)

    p = val(m.group("num"))
    if p is None:
        return None
    end = m.end()
    hedge, end2 = _zh_hedge_after(text, end)
    start = m.start()
    h, hs = _zh_hedge_before(text, start)
    if h and not hedge:
        hedge, start = h, hs
    if m.group("num2"):
        p2 = val(m.group("num2"))
        if p2 is None:
            return None
        return Quantity(start + base, end2 + base, text[start:end2], p[0], p[0], p2[0] + p2[1], "%", "percent", hedge, True)
    lo, hi = _interval(p[0], p[1], 1.0, hedge)
    return Quantity(start + base, end2 + base, text[start:end2], p[0], lo, hi, "%", "percent", hedge)


def _rank_zh(text: str, m: re.Match[str], base: int) -> Quantity | None:
    """全省第一 / 居全国第3位 / 第一名: a rank; a bare 第三 (an ordinal) is not."""
    raw = m.group("n")
    v = int(raw) if raw.isdigit() else _zh_small(raw)
    if not v:
        return None
    before = text[max(0, m.start() - 10) : m.start()]
    after = text[m.end() : m.end() + 2]
    if after.startswith(("章", "节", "条", "次", "个", "批", "届", "款", "项", "部分", "篇", "季度", "年", "轮", "期", "产业", "方面")):
        return None
    if not (m.group("suf") or _RANK_CONTEXT_ZH.search(before)):
        return None
    if not m.group("suf") and after[:1] in ("是", "，", ",", "、") and not _RANK_CONTEXT_ZH.search(before):
        return None
    return Quantity(m.start() + base, m.end() + base, m.group(0), float(v), v - 0.5, v + 0.5, "", "rank")


_PLACE_AFTER_RE = rx.compile(r"\s+(?:place|position)\b")


def _rank_en(text: str, m: re.Match[str], base: int) -> Quantity | None:
    before = text[max(0, m.start() - 30) : m.start()]
    after = text[m.end() : m.end() + 8]
    if not (_RANK_CONTEXT_EN.search(before) or _PLACE_AFTER_RE.match(after)):
        return None
    g = m.group(0)
    v = int(g[:-2]) if g[0].isdigit() else EN_ORDINAL_WORDS[g.lower()]
    return Quantity(m.start() + base, m.end() + base, m.group(0), float(v), v - 0.5, v + 0.5, "", "rank")


_MAGNITUDE_AFTER_RE = rx.compile(r"\s+(?:hundred|thousand|million|billion)\b")


def _english_words(text: str, m: re.Match[str], base: int) -> Quantity | None:
    w = m.group("w")
    v = parse_en_words(w)
    if v is None:
        return None
    low = w.lower()
    after = text[m.end() : m.end() + 24]
    # "one" is a pronoun ("one of", "the one", "no one") more often than a count.
    if low == "one" and not _MAGNITUDE_AFTER_RE.match(after):
        return None
    end = m.end()
    unit, uend = _unit_after(text, end)
    kind = "number"
    if unit in ("%", "pp"):
        end = uend
        kind = "percent" if unit == "%" else "pp"
    start = m.start()
    hedge, hs = _en_hedge_before(text, start)
    if hedge:
        start = hs
    lo, hi = _interval(float(v), 1.0, 1.0, hedge)
    noun = unit or _noun_after(text, end)
    return Quantity(start + base, end + base, text[start:end], float(v), lo, hi, unit, kind, hedge, False, noun)


__all__ = [
    "Quantity", "scan", "parse_arabic", "parse_zh_number", "parse_en_words", "zh_range", "exclusion_spans",
]
