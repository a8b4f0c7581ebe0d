"""Building .docx fixtures in code: python-docx for the document, raw WordprocessingML where it has no API
(automatic numbering definitions, tracked changes, outline levels)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import qn

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def new() -> "docx.document.Document":
    return docx.Document()


def add_numbering(doc, abstract_id: int, levels: list[tuple[str, str, int]], restart: dict[int, int] | None = None,
                  suffix: str = "nothing") -> None:
    """An abstract numbering definition: levels of (numFmt, lvlText, start); `restart`: ilvl → lvlRestart;
    `suffix`: what follows the number (tab, space, nothing)."""
    numbering = doc.part.numbering_part.element
    lvls = []
    for ilvl, (fmt, text, start) in enumerate(levels):
        extra = f'<w:lvlRestart w:val="{restart[ilvl]}"/>' if restart and ilvl in restart else ""
        lvls.append(f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
                    f'<w:lvlText w:val="{text}"/><w:suff w:val="{suffix}"/></w:lvl>')
    el = parse_xml(f'<w:abstractNum {NS} w:abstractNumId="{abstract_id}">{"".join(lvls)}</w:abstractNum>')
    # abstractNum elements come before every w:num (schema order)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(el)
    else:
        numbering.append(el)


def add_num(doc, num_id: int, abstract_id: int, start_override: dict[int, int] | None = None) -> None:
    overrides = "".join(f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                        for k, v in (start_override or {}).items())
    doc.part.numbering_part.element.append(parse_xml(
        f'<w:num {NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'))


def numbered(doc, text: str, num_id: int, ilvl: int = 0, style: str | None = None):
    """A paragraph with automatic numbering (numPr), in `style` (default Normal)."""
    p = doc.add_paragraph(text, style=style)
    ppr = p._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return p


def tracked(doc, kept: str, inserted: str, deleted: str, tail: str):
    """A paragraph with a tracked insertion and a tracked deletion: reads as kept + inserted + tail."""
    p = doc.add_paragraph(kept)
    p._p.append(parse_xml(f'<w:ins {NS} w:id="901" w:author="a" w:date="2024-01-01T00:00:00Z">'
                          f'<w:r><w:t xml:space="preserve">{inserted}</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {NS} w:id="902" w:author="a" w:date="2024-01-01T00:00:00Z">'
                          f'<w:r><w:delText xml:space="preserve">{deleted}</w:delText></w:r></w:del>'))
    p.add_run(tail)
    return p


def outline_paragraph(doc, text: str, level: int):
    """A Normal paragraph made a heading by its own outline level (Paragraph > Outline level)."""
    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {NS} w:val="{level}"/>'))
    return p


def table(doc, rows: list[list[str]]):
    t = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            t.cell(i, j).text = cell
    return t


def save(doc, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def comments(path: Path) -> list[tuple[str, str, str]]:
    """(author, comment text, anchored text) of every comment of a .docx, in document order."""
    d = docx.Document(str(path))
    by_id = {c.comment_id: c for c in d.comments}
    elements = list(d.element.body.iter())
    out = []
    for i, start in enumerate(elements):
        if start.tag != qn("w:commentRangeStart"):
            continue
        cid = int(start.get(qn("w:id")))
        anchored = []
        for el in elements[i + 1:]:
            if el.tag == qn("w:commentRangeEnd") and int(el.get(qn("w:id"))) == cid:
                break
            if el.tag == qn("w:t"):
                anchored.append(el.text or "")
        c = by_id[cid]
        out.append((c.author, "\n".join(p.text for p in c.paragraphs), "".join(anchored)))
    return out
