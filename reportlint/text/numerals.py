"""Chinese, circled and Roman numerals as used in enumerators and counts."""

from __future__ import annotations

ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千"

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def parse_zh_int(s: str) -> int | None:
    """Value of a Chinese integer below 万 (一, 十一, 二十, 一百零五, 〇五 as digits); None if malformed."""
    if not s or any(c not in ZH_DIGITS and c not in ZH_UNITS for c in s):
        return None
    if all(c in ZH_DIGITS for c in s) and len(s) > 1:  # digit-by-digit: 二〇二一
        return int("".join(str(ZH_DIGITS[c]) for c in s))
    total, digit = 0, None
    for c in s:
        if c in ZH_DIGITS:
            if digit is not None and ZH_DIGITS[c] != 0:
                return None  # two digits in a row: 三四 is a range, not a number
            digit = ZH_DIGITS[c] if ZH_DIGITS[c] != 0 else None
        else:
            total += (1 if digit is None else digit) * ZH_UNITS[c]
            digit = None
    if digit is not None:
        total += digit
    return total


def to_zh(n: int) -> str:
    """Canonical Chinese numeral for 0 < n < 1000 (十一, 二十, 一百零五)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    head = digits[n // 100] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + digits[rest]
    return head + (digits[rest // 10] + "十" + (digits[rest % 10] if rest % 10 else ""))


def parse_roman(s: str) -> int | None:
    s = s.lower()
    if not s or any(c not in ROMAN for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = ROMAN[c]
        if i + 1 < len(s) and ROMAN[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total if to_roman(total).lower() == s else None


def to_roman(n: int) -> str:
    out = []
    for v, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                   (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(sym)
            n -= v
    return "".join(out)
