"""Offsets of a document's one line index ↔ LSP positions (0-based line, character in code units).

Every reportlint position is a character offset into the text (code points), turned into a
line through `doc.index`; LSP counts characters in the code units of the negotiated
encoding — UTF-16 by default, where a CJK character is one unit and an astral one (𠀀, 😀)
two. The line comes from the index; only the line's own prefix is measured.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlint.document import LineIndex

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def units(s: str, encoding: str = UTF16) -> int:
    """The length of `s` in code units of `encoding`."""
    if encoding == UTF32:
        return len(s)
    if encoding == UTF8:
        return len(s.encode("utf-8", "surrogatepass"))
    if s.isascii():
        return len(s)
    # two bytes per unit: an astral character is a pair (in C: a 20,000-character line of Chinese
    # costs microseconds, not the milliseconds of counting its characters one by one in Python)
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def code_points(line: str, n_units: int, encoding: str = UTF16) -> int:
    """How many code points of `line` fit in its first `n_units` code units (a position inside a pair rounds down)."""
    if encoding == UTF32 or line.isascii():
        return max(0, min(n_units, len(line)))
    used = 0
    for i, c in enumerate(line):
        step = len(c.encode("utf-8", "surrogatepass")) if encoding == UTF8 else (2 if ord(c) > 0xFFFF else 1)
        if used + step > n_units:
            return i
        used += step
    return len(line)


@dataclass(frozen=True)
class Positions:
    """Converts between the offsets of one text (through its LineIndex) and LSP (line, character)."""
    index: LineIndex
    encoding: str = UTF16

    def position(self, offset: int) -> tuple[int, int]:
        """(0-based line, character in code units) of a character offset."""
        line, col = self.index.position(offset)
        start = self.index.line_start(line)
        return line - 1, units(self.index.text[start:start + col - 1], self.encoding)

    def from_line_column(self, line: int, column: int) -> tuple[int, int]:
        """LSP position of reportlint's 1-based line and code-point column (a Related place)."""
        line = max(1, min(line, self.index.line_count))
        text = self.index.line_text(line)
        return line - 1, units(text[:max(0, column - 1)], self.encoding)

    def line_end(self, line: int) -> tuple[int, int]:
        """LSP position of the end of 1-based `line` (before its newline)."""
        line = max(1, min(line, self.index.line_count))
        return line - 1, units(self.index.line_text(line), self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The character offset of an LSP position (clamped to the text)."""
        if line < 0:
            return 0
        if line >= self.index.line_count:
            return len(self.index.text)
        text = self.index.line_text(line + 1)
        return self.index.line_start(line + 1) + code_points(text, character, self.encoding)
