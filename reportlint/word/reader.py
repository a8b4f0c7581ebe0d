"""Reading a .docx body as the reader sees it: one line per paragraph or table row, in reading order.

Only the parts that make the text are read (the main document, its styles and
numbering), straight from the zip with lxml — the same parser settings python-docx
uses, so `annotate` (which opens the file with python-docx) finds exactly these lines.

- paragraphs of the body, in order, including empty ones (each is a line: line N is the
  Nth paragraph of the body, each table row counting as one); content controls and
  custom XML are read through;
- headings from the outline level (the paragraph's own `outlineLvl`, else its style's,
  through `basedOn`), else a heading style's name (`heading 1`, `标题 1`, localised names);
- Word's automatic numbering rendered into the text (numbering.py), from the paragraph's
  `numPr` or its style's; bullets make list items;
- tables: each row one line, `| cell | cell |`, a cell's paragraphs joined by spaces;
- tracked changes read as accepted: insertions kept, deletions (and moved-from text)
  dropped, a deleted paragraph mark joins the paragraph to the next;
- left out: footnote and endnote references, comments, field codes (a field's shown
  result is kept), hidden text, text boxes and drawings, equations; a table of contents
  (TOC styles, or paragraphs inside a TOC field) becomes contents lines.

With `keep=True` each line also carries its `Piece`s: which run element and child
(`w:t`, `w:tab`…) each stretch of the line's characters came from, for `annotate`.
"""

from __future__ import annotations

import re
import zipfile
from typing import NamedTuple

from reportlint.diagnostics import Phrase, phrase
from reportlint.word.model import LineInfo
from reportlint.word.numbering import W, Numbering, wval

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = R_NS + "/officeDocument"
STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"

_HEADING_NAME_RE = re.compile(
    r"^(?:heading|标题|標題|überschrift|titre|título|titolo|kop|nagłówek|заголовок|見出し|제목|rubrik|otsikko|overskrift"
    r"|nadpis|başlık|címsor|intestazione|cabeçalho)\s*([1-9])$", re.I)
_TOC_NAME_RE = re.compile(r"^(?:toc|目录|目錄|inhaltsverzeichnis|verzeichnis|table des matières)\s*[1-9]$", re.I)
_CODE_NAME_RE = re.compile(r"(?i)preformatted|source code|\bcode\b|^macro text$|代码|程序代码")
_CODE_RUN_STYLE_RE = re.compile(r"(?i)source text|html code|html typewriter|html keyboard|html sample|verbatim"
                                r"|\bcode\b|^code|代码")
_MONOSPACE = frozenset({"Courier New", "Courier", "Consolas", "Liberation Mono", "DejaVu Sans Mono", "Menlo", "Monaco",
                        "Source Code Pro", "Lucida Console", "Cascadia Code", "Cascadia Mono", "Fira Code",
                        "Fira Mono", "JetBrains Mono", "Roboto Mono", "Ubuntu Mono", "Noto Sans Mono"})
_QUOTE_NAME_RE = re.compile(r"(?i)^(?:quote|intense quote|quotations?|block ?quote|block text|引用|明显引用)$")
_CONTROL = {c: " " for c in (*range(0, 9), 10, 11, 12, 13, *range(14, 32))}
_FULL_WIDTH_END = "、，．。）)】」』：:"  # a number that ends in one of these needs no space after it


MAX_PART_BYTES = 256 * 1024 * 1024  # one unpacked XML part; a 1,000-page report's document.xml is ~30 MB


class Piece(NamedTuple):
    """Characters [col, col + length) of a line come from `child` (offset `offset` in its text) of run `run`."""
    col: int
    length: int
    run: object  # the w:r element
    child: object  # the w:t / w:tab / w:br … element
    offset: int


class WordText(NamedTuple):
    lines: list[str]
    infos: list[LineInfo]
    pieces: list[list[Piece]] | None  # only with keep=True
    owners: list[object] | None = None  # keep=True: the w:p each line ends in (a table row: its first)


class NotWord(Exception):
    """The file is not a Word document we can read; `reason` says what it is (a Phrase E001's YAML words)."""

    def __init__(self, reason: Phrase) -> None:
        super().__init__(reason.clause)
        self.reason = reason


class _Style(NamedTuple):
    name: str
    based_on: str | None
    outline: int | None  # outlineLvl in the style's own pPr
    num: tuple[str | None, int | None] | None  # the style's own numPr (numId, ilvl)


class Styles:
    """Paragraph styles by id: name, parent, outline level and numbering, resolved through `basedOn`."""

    def __init__(self, root=None) -> None:
        self.by_id: dict[str, _Style] = {}
        self.default: str | None = None
        self.code_chars: set[str] = set()  # character styles for code (Source Text, HTML Code…)
        if root is None:
            return
        for st in root.iter(W + "style"):
            if st.get(W + "type") == "character" and st.get(W + "styleId"):
                if _CODE_RUN_STYLE_RE.search(wval(st, "name") or st.get(W + "styleId")):
                    self.code_chars.add(st.get(W + "styleId"))
                continue
            if st.get(W + "type") not in (None, "paragraph"):
                continue
            sid = st.get(W + "styleId")
            if sid is None:
                continue
            ppr = st.find(W + "pPr")
            num = None
            if ppr is not None and ppr.find(W + "numPr") is not None:
                np = ppr.find(W + "numPr")
                num = (wval(np, "numId"), _int(wval(np, "ilvl")))
            self.by_id[sid] = _Style((wval(st, "name") or sid).strip(), wval(st, "basedOn"),
                                     _int(wval(ppr, "outlineLvl")), num)
            if st.get(W + "default") in ("1", "true", "on"):
                self.default = sid

    def chain(self, sid: str | None):
        seen = set()
        while sid is not None and sid in self.by_id and sid not in seen:
            seen.add(sid)
            yield sid, self.by_id[sid]
            sid = self.by_id[sid].based_on

    def outline(self, sid: str | None) -> int | None:
        """0-based outline level of style `sid` (None: body text)."""
        for _, st in self.chain(sid):
            if st.outline is not None:
                return st.outline if 0 <= st.outline <= 8 else None
            m = _HEADING_NAME_RE.match(st.name)
            if m:
                return int(m.group(1)) - 1
        if sid is not None and sid not in self.by_id:  # no styles part (or no such style): the id says it
            m = _HEADING_NAME_RE.match(sid)
            return int(m.group(1)) - 1 if m else None
        return None

    def numbering(self, sid: str | None) -> tuple[str | None, int | None, str | None]:
        """(numId, ilvl, id of the style that set it) from the style chain."""
        num_id, ilvl, owner = None, None, None
        for cid, st in self.chain(sid):
            if st.num is None:
                continue
            if num_id is None and st.num[0] is not None:
                num_id, owner = st.num[0], cid
            if ilvl is None and st.num[1] is not None:
                ilvl = st.num[1]
            if num_id is not None and ilvl is not None:
                break
        return num_id, ilvl, owner

    def is_code_run(self, rpr) -> bool:
        """A run formatted as code: a code character style, or a monospace font set on it."""
        if rpr is None:
            return False
        rstyle = wval(rpr, "rStyle")
        if rstyle is not None and (rstyle in self.code_chars or _CODE_RUN_STYLE_RE.search(rstyle)):
            return True
        fonts = rpr.find(W + "rFonts")
        return fonts is not None and (fonts.get(W + "ascii") or fonts.get(W + "hAnsi")) in _MONOSPACE

    def is_code(self, sid: str | None) -> bool:
        return any(_CODE_NAME_RE.search(st.name) for _, st in self.chain(sid))

    def is_quote(self, sid: str | None) -> bool:
        return any(_QUOTE_NAME_RE.match(st.name) for _, st in self.chain(sid))

    def is_contents(self, sid: str | None) -> bool:
        return any(_TOC_NAME_RE.match(st.name) for _, st in self.chain(sid))

    def style_nums(self) -> dict[str, str]:
        return {sid: st.num[0] for sid, st in self.by_id.items() if st.num and st.num[0]}


def _int(s: str | None) -> int | None:
    try:
        return int(s) if s is not None else None
    except ValueError:
        return None


def _look(rpr) -> tuple:
    """A run's character formatting that marks words off from their neighbours: bold, italic, underline, style."""
    if rpr is None:
        return (False, False, False, None)
    u = rpr.find(W + "u")
    return (_on(rpr, "b"), _on(rpr, "i"), u is not None and u.get(W + "val") not in (None, "none"), wval(rpr, "rStyle"))


def _on(el, name: str) -> bool:
    """A toggle property (`w:vanish`, `w:del`…) that is present and not switched off."""
    if el is None:
        return False
    child = el.find(W + name)
    return child is not None and child.get(W + "val") not in ("0", "false", "off")


def xml_parser():
    """python-docx's parser settings (docx.oxml.parser), so text nodes come out the same."""
    from lxml import etree

    return etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True, huge_tree=True)


class _Field(NamedTuple):
    instr: list[str]
    result: list[bool]  # [True] once `separate` is seen


class _Walker:
    """One reading pass over a body: numbering counters, field state and tables are per pass."""

    def __init__(self, styles: Styles, numbering: Numbering, keep: bool) -> None:
        self.styles = styles
        self.numbering = numbering
        self.keep = keep
        self.lines: list[str] = []
        self.infos: list[LineInfo] = []
        self.pieces: list[list[Piece]] = []
        self.owners: list[object] = []
        self.fields: list[_Field] = []
        self.tables = 0
        self.carry: tuple[list[str], list[Piece]] | None = None  # a paragraph whose mark was deleted
        self.carry_owner = None
        self.code_open = False  # inside a paragraph: the last text came from a code run (a backtick is open)
        # Character formatting of the last run with text in the line (bold, italic, underline, character
        # style), and the columns where it changed: what `**`/`_` marks are in Markdown (see LineInfo.breaks)
        self.look: tuple | None = None
        self.breaks: list[int] = []

    # -- the body

    def body(self, body) -> None:
        for el in body:
            tag = el.tag
            if tag == W + "p":
                self.paragraph(el)
            elif tag == W + "tbl":
                self.table(el)
            elif tag in (W + "sdt",):
                content = el.find(W + "sdtContent")
                if content is not None:
                    self.body(content)
            elif tag in (W + "customXml", W + "ins", W + "moveTo"):
                self.body(el)
        if self.carry is not None:  # the last paragraph's mark deleted: nothing to join it to
            self._emit(*self.carry, LineInfo("paragraph"), self.carry_owner)

    def _emit(self, parts: list[str], pieces: list[Piece], info: LineInfo, owner) -> None:
        text = "".join(parts).translate(_CONTROL)
        if not text.strip() and info.kind != "table_row":
            info = LineInfo("empty")
        elif self.breaks:
            info = info._replace(breaks=tuple(self.breaks))
        self.look, self.breaks = None, []
        self.lines.append(text)
        self.infos.append(info)
        if self.keep:
            self.pieces.append(pieces)
            self.owners.append(owner)

    def paragraph(self, p) -> None:
        ppr = p.find(W + "pPr")
        parts: list[str] = []
        pieces: list[Piece] = []
        info = self.paragraph_into(p, ppr, parts, pieces, 0)
        if ppr is not None and _on(ppr.find(W + "rPr"), "del"):
            # a deleted paragraph mark: accepted, this paragraph (with any carried before it) runs on into the next
            self.carry = (parts, pieces)
            self.carry_owner = p
            return
        self._emit(parts, pieces, info, p)

    def paragraph_into(self, p, ppr, parts: list[str], pieces: list[Piece], col: int) -> LineInfo:
        """Append paragraph `p`'s text (its number first) to `parts`; what kind of line it makes."""
        sid = wval(ppr, "pStyle") or self.styles.default
        outline = _int(wval(ppr, "outlineLvl"))
        if outline is None:
            outline = self.styles.outline(sid)
        elif not 0 <= outline <= 8:
            outline = None
        number = self._number(ppr, sid)
        in_toc = self.styles.is_contents(sid) or self._in_toc_field()
        body_col = col
        prefix = 0
        bullet = False
        if number is not None:
            shown, suffix, bullet, value = number
            if not bullet:
                sep = "" if suffix == "nothing" or not shown or shown[-1] in _FULL_WIDTH_END else " "
                parts.append(shown + sep)
                prefix = len(shown) + len(sep)
                body_col += prefix
        if self.carry is not None and col == 0:
            carried, carried_pieces = self.carry
            self.carry = None
            parts.extend(carried)
            pieces.extend(_shift(carried_pieces, body_col))
            body_col += len("".join(carried))
        self.code_open = False
        at = [body_col]
        self._inline(p, parts, pieces, at)
        if self.code_open:
            parts.append("`")
            self.code_open = False
        if in_toc or self._in_toc_field():
            return LineInfo("contents")
        if outline is not None:
            return LineInfo("heading", level=outline + 1, prefix=prefix)
        if self.styles.is_code(sid):  # Preformatted Text, HTML Preformatted, a Code style: not prose
            return LineInfo("code")
        quote = self.styles.is_quote(sid)
        if bullet:
            nid, ilvl = self._num_id
            return LineInfo("list_item", depth=(ilvl or 0) + 1, quote=quote)
        if number is not None:
            # automatic numbering on body text (outline level "body text": not in the navigation pane or a
            # table of contents) makes a list, as Word presents it: an ordered list item, its number before
            # its content as in a Markdown ordered list
            nid, ilvl = self._num_id
            return LineInfo("list_item", prefix=prefix, list_number=value, list_ordered=True, depth=(ilvl or 0) + 1,
                            quote=quote)
        # typed numbers (`一、总体要求`, `（一）…。正文`) are read from the text as in a .txt file
        return LineInfo("paragraph", quote=quote)

    def _in_toc_field(self) -> bool:
        """Inside a table-of-contents field (its entries are the field's result)."""
        return any("".join(f.instr).split()[:1] == ["TOC"] for f in self.fields)

    def _number(self, ppr, sid: str | None):
        """(text, suffix, bullet) of the paragraph's automatic number, advancing the counters; or None."""
        self._num_id = (None, None)
        np = ppr.find(W + "numPr") if ppr is not None else None
        nid = wval(np, "numId") if np is not None else None
        ilvl = _int(wval(np, "ilvl")) if np is not None else None
        s_nid, s_ilvl, owner = self.styles.numbering(sid)
        if nid is None:
            nid = s_nid
        if nid is None or nid == "0":
            return None
        if ilvl is None:
            ilvl = s_ilvl
        if ilvl is None and owner is not None:
            ilvl = self.numbering.level_for_style(nid, owner)
        ilvl = ilvl or 0
        self._num_id = (nid, ilvl)
        return self.numbering.next(nid, ilvl)

    def _inline(self, el, parts: list[str], pieces: list[Piece], col: list[int]) -> None:
        for child in el:
            tag = child.tag
            if tag == W + "r":
                self._run(child, parts, pieces, col)
            elif tag in _THROUGH:
                self._inline(child, parts, pieces, col)
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self._inline(content, parts, pieces, col)
            elif tag == W + "fldSimple":  # a simple field: its shown result
                self._inline(child, parts, pieces, col)

    def _run(self, r, parts: list[str], pieces: list[Piece], col: list[int]) -> None:
        rpr = r.find(W + "rPr")
        hidden = _on(rpr, "vanish")
        code = not hidden and self.styles.is_code_run(rpr)
        look = _look(rpr)
        for child in r:
            tag = child.tag
            if tag == W + "fldChar":
                kind = child.get(W + "fldCharType")
                if kind == "begin":
                    self.fields.append(_Field([], []))
                elif kind == "separate" and self.fields:
                    self.fields[-1].result.append(True)
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if tag == W + "instrText":
                if self.fields:
                    self.fields[-1].instr.append(child.text or "")
                continue
            if hidden or (self.fields and not self.fields[-1].result):
                continue  # hidden text; a field's code (only its result is shown)
            if tag == W + "t":
                s = child.text or ""
            elif tag in (W + "tab", W + "ptab"):
                s = "\t"
            elif tag in (W + "br", W + "cr"):
                s = "" if child.get(W + "type") in ("page", "column") else " "
            elif tag == W + "noBreakHyphen":
                s = "-"
            elif tag == W + "sym":
                try:
                    ch = chr(int(child.get(W + "char") or "", 16))
                except ValueError:
                    continue
                s = "" if "\ue000" <= ch <= "\uf8ff" else ch
            else:
                continue
            if not s:
                continue
            if code != self.code_open and "`" not in s:
                # code formatting (a code character style, a monospace font) is written as Markdown and plain
                # text write it, between backticks, so the rules leave code alone as they do there
                parts.append("`")
                col[0] += 1
                self.code_open = code
            if look != self.look:
                if self.look is not None:
                    self.breaks.append(col[0])
                self.look = look
            parts.append(s)
            if self.keep:
                pieces.append(Piece(col[0], len(s), r, child, 0))
            col[0] += len(s)

    # -- tables

    def table(self, tbl) -> None:
        self.tables += 1
        table_id = self.tables
        for tr in _rows(tbl):
            trpr = tr.find(W + "trPr")
            if _on(trpr, "del"):
                continue
            parts: list[str] = ["| "]
            pieces: list[Piece] = []
            first = True
            for tc in _cells(tr):
                if not first:
                    parts.append(" | ")
                first = False
                self._cell(tc, parts, pieces)
            parts.append(" |")
            if first:  # a row with no cells
                continue
            self._emit(parts, pieces, LineInfo("table_row", table_id=table_id), next(tr.iter(W + "p"), None))

    def _cell(self, tc, parts: list[str], pieces: list[Piece]) -> None:
        wrote = False
        for el in _cell_blocks(tc):
            if el.tag == W + "p":
                sub: list[str] = []
                sub_pieces: list[Piece] = []
                col = len("".join(parts)) + (1 if wrote else 0)
                self.paragraph_into(el, el.find(W + "pPr"), sub, sub_pieces, col)
                text = "".join(sub).translate(_CONTROL)
                if not text.strip():
                    continue
                if wrote:
                    parts.append(" ")
                parts.append(text)
                pieces.extend(sub_pieces)
                wrote = True
            else:  # a nested table: its rows' cells, in order
                for tr in _rows(el):
                    for inner in _cells(tr):
                        before = len(parts)
                        if wrote:
                            parts.append(" ")
                        n = len(parts)
                        self._cell(inner, parts, pieces)
                        if len(parts) == n:
                            del parts[before:]
                        else:
                            wrote = True


_THROUGH = frozenset({W + "ins", W + "moveTo", W + "hyperlink", W + "smartTag", W + "customXml", W + "dir", W + "bdo"})


def _shift(pieces: list[Piece], by: int) -> list[Piece]:
    return [p._replace(col=p.col + by) for p in pieces] if by else pieces


def _children(el, tags: tuple[str, ...]):
    """Children of `el` with one of `tags`, looking through content controls and custom XML around them."""
    for child in el:
        if child.tag in tags:
            yield child
        elif child.tag in (W + "sdt", W + "customXml"):
            inner = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if inner is not None:
                yield from _children(inner, tags)


def _rows(tbl):
    return _children(tbl, (W + "tr",))


def _cells(tr):
    return _children(tr, (W + "tc",))


def _cell_blocks(tc):
    return _children(tc, (W + "p", W + "tbl"))


# ---------------------------------------------------------------- the package


def _part_names(zf: zipfile.ZipFile) -> tuple[str, dict[str, str]]:
    """The main document part's name and its related parts by relationship type suffix."""
    from lxml import etree

    names = set(zf.namelist())
    main = None
    if "_rels/.rels" in names:
        rels = etree.fromstring(zf.read("_rels/.rels"), xml_parser())
        for rel in rels.iter(PKG_RELS + "Relationship"):
            if rel.get("Type") in (OFFICE_DOCUMENT, STRICT_OFFICE_DOCUMENT) and rel.get("TargetMode") != "External":
                main = rel.get("Target", "").lstrip("/")
                break
    if main is None or main not in names:
        if "word/document.xml" in names:
            main = "word/document.xml"
        else:
            raise NotWord(_what_zip(zf))
    folder, _, base = main.rpartition("/")
    related: dict[str, str] = {}
    rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
    if rels_name in names:
        rels = etree.fromstring(zf.read(rels_name), xml_parser())
        for rel in rels.iter(PKG_RELS + "Relationship"):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            path = target.lstrip("/") if target.startswith("/") else _join(folder, target)
            related.setdefault(kind, path)
    for kind, default in (("styles", f"{folder}/styles.xml"), ("numbering", f"{folder}/numbering.xml")):
        if kind not in related and default in names:
            related[kind] = default
    return main, {k: v for k, v in related.items() if v in names}


def _join(folder: str, target: str) -> str:
    parts = (folder.split("/") if folder else []) + target.split("/")
    out: list[str] = []
    for part in parts:
        if part == "..":
            if out:
                out.pop()
        elif part and part != ".":
            out.append(part)
    return "/".join(out)


def _what_zip(zf: zipfile.ZipFile) -> Phrase:
    names = set(zf.namelist())
    if "mimetype" in names:
        try:
            kind = zf.read("mimetype")[:100].decode("ascii", "replace")
        except (OSError, zipfile.BadZipFile, KeyError):
            kind = ""
        if "opendocument.text" in kind:
            return phrase("odt")
        if kind:
            return phrase("zip_of_type", mimetype=kind.strip())
    if any(n.startswith("xl/") for n in names):
        return phrase("excel_xlsx")
    if any(n.startswith("ppt/") for n in names):
        return phrase("powerpoint")
    return phrase("zip_not_word")


def read_package(source, keep: bool = False, document_root=None) -> WordText:
    """The lines of a .docx (a path or a file-like object). `document_root`: an already parsed main document
    element (python-docx's, for annotate) to walk instead of parsing the part again."""
    from lxml import etree

    with zipfile.ZipFile(source) as zf:
        main, related = _part_names(zf)
        for name in (main, *related.values()):
            size = zf.getinfo(name).file_size
            if size > MAX_PART_BYTES:  # a zip bomb, or far beyond any report: refuse before inflating it
                raise NotWord(phrase("word_part_too_large", what=name, size=size, limit=MAX_PART_BYTES))
        parser = xml_parser()
        root = document_root if document_root is not None else etree.fromstring(zf.read(main), parser)
        styles_root = etree.fromstring(zf.read(related["styles"]), parser) if "styles" in related else None
        numbering_root = etree.fromstring(zf.read(related["numbering"]), parser) if "numbering" in related else None
    styles = Styles(styles_root)
    walker = _Walker(styles, Numbering(numbering_root, styles.style_nums()), keep)
    body = root.find(W + "body")
    if body is None:
        raise NotWord(phrase("word_no_body"))
    walker.body(body)
    return WordText(walker.lines, walker.infos, walker.pieces if keep else None, walker.owners if keep else None)
