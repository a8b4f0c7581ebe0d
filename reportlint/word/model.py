"""A Word document's lines as Document blocks (no XML here: this runs in every worker).

The reader (reader.py) turns the body into one line per block in reading order — a
paragraph, a heading, a list item, a table row — each with a `LineInfo` saying what
Word made it (heading style and outline level, bullet list, table, table of contents).
`build_blocks` makes the Document's blocks from those lines directly, with the same
classification plain text gets for what Word's structure leaves open: a paragraph in
Normal style that opens with a typed or automatic number (`一、总体要求`, `（一）…。正文`)
is a heading, a run-in heading or an enumeration item exactly as in a .txt file.
"""

from __future__ import annotations

from typing import NamedTuple

LINE_KINDS = ("paragraph", "heading", "list_item", "table_row", "contents", "code", "empty")


class LineInfo(NamedTuple):
    """What one line of a Word document's text is (picklable: it travels with the Source to workers)."""
    kind: str  # one of LINE_KINDS
    level: int | None = None  # heading: outline level + 1 (Heading 1 → 1)
    prefix: int = 0  # characters of rendered numbering before the paragraph's own text
    list_number: int | None = None  # ordered list item: the number Word shows
    list_ordered: bool = False
    depth: int = 0  # list item: level + 1
    table_id: int | None = None
    quote: bool = False  # in a quotation style (Quote, Intense Quote, 引用): a block quote
    # Columns where the character formatting changes (bold, italic, underline, a character style): the
    # edges of a `**Save**` a Markdown text would mark. Two words on either side of one are not a
    # doubled word ("Change **Available to** to the setting").
    breaks: tuple[int, ...] = ()


def build_blocks(text: str, infos: tuple[LineInfo, ...], index, language: str) -> list:
    """The Document blocks of a Word text, one per non-empty line (see the module docstring)."""
    from reportlint.document import Block, _line_kind, classify_numbered_line, mark_numbered_items

    blocks = []
    list_ids = _list_ids(infos)
    for i, info in enumerate(infos):
        if info.kind == "empty":
            continue
        line = i + 1
        start, end = index.line_start(line), index.line_end(line)
        body = text[start:end]
        if not body.strip():
            continue
        kind = info.kind
        if kind == "heading":
            enum, _ = classify_numbered_line(body, language, allow_bare=True)
            blocks.append(Block("heading", start, end, line, line, body, start, level=info.level, enumerator=enum))
        elif kind == "list_item":
            blocks.append(Block("list_item", start, end, line, line, body, start + info.prefix, list_id=list_ids[i],
                                list_ordered=info.list_ordered, list_number=info.list_number, depth=info.depth,
                                in_quote=info.quote))
        elif kind == "table_row":
            blocks.append(Block("table_row", start, end, line, line, body, start, table_id=info.table_id))
        elif kind in ("contents", "code"):
            blocks.append(Block(kind, start, end, line, line, body, start))
        elif info.quote:  # a quotation: never a heading; the markup rules leave quoted text alone, as in Markdown
            blocks.append(Block("paragraph", start, end, line, line, body, start, in_quote=True))
        else:  # what Word leaves open is read from the text exactly as a .txt line is (document._line_kind)
            what, extra = _line_kind(body, language)
            if what == "list_item":  # a typed bullet: `——实施…`, `- 聚力…`, `• …`
                blocks.append(Block("list_item", start, end, line, line, body, start + extra))
            elif what in ("page_number", "contents"):
                blocks.append(Block(what, start, end, line, line, body, start))
            else:  # a heading or paragraph: its numbered-line reading is _line_kind's (a title is read here)
                enum, standalone = (extra, True) if what == "heading" else extra if what == "paragraph" else \
                    classify_numbered_line(body, language)
                heading = enum is not None and standalone
                blocks.append(Block("heading" if heading else "paragraph", start, end, line, line, body, start,
                                    enumerator=enum, runin=enum is not None and not standalone))
    return mark_numbered_items(blocks)


def _list_ids(infos: tuple[LineInfo, ...]) -> list[int | None]:
    """Which list each list item belongs to, as a Markdown parser would say: a run of list paragraphs is one
    list, a deeper level inside it a nested list of its own. (Word's numbering instance is no list identity:
    Word gives every bullet list of a document one `numId`.)"""
    out: list[int | None] = [None] * len(infos)
    stack: list[tuple[int, int]] = []  # (depth, list id) of the open lists
    counter = 0
    for i, info in enumerate(infos):
        if info.kind != "list_item":
            if info.kind != "empty":
                stack = []
            continue
        while stack and stack[-1][0] > info.depth:
            stack.pop()
        if not stack or stack[-1][0] < info.depth:
            counter += 1
            stack.append((info.depth, counter))
        out[i] = stack[-1][1]
    return out


def heading_lines(text: str, infos: tuple[LineInfo, ...], language: str = "zh") -> list[int]:
    """1-based lines that head a section (for the text output's "under …" line), in order."""
    from reportlint.document import Document

    doc = Document.from_word(text, infos, "<docx>", language)
    return [b.line for b in doc.blocks if b.is_heading]
