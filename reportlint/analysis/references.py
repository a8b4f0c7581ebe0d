"""Cross-references inside a document and the things they point at.

A report points at its own parts by number (`see Section 4.2`, `Figure 5`, `Appendix B`,
`详见第五部分`, `本法第二十条`, `如图3所示`) and, in Markdown, by anchor (`[scope](#scope)`).
This view reads both sides once per document:

- **targets**: numbered headings (decimal sections, `Chapter`/`Part`/`Appendix`/`Article`,
  `第X章/节/部分/编/条`, a report's top-level `一、` headings as its parts), statute articles,
  and captions (`Figure 3: …`, `Table 2.`, `图3 …`, `表 2 …` on a line of their own);
- **references**: the same forms inside prose, with a quoted title when one follows
  (`Section 4, "Security Considerations"`, `第五部分“保障措施”`);
- **anchors**: what a `#fragment` may name: heading slugs as GitHub, GitLab, Pandoc,
  Python-Markdown and mdBook write them (with GitHub's `-1`, `-2` for repeated headings),
  explicit ids (`{#id}`, `<a name="x">`, `id="x"`), footnote anchors.

A reference that names another document is no reference to this one and is dropped:
`Section 3 of RFC 2119`, `[RFC8174], Section 2`, `RFC 7230 Section 2.7`, `the API's Section 4`,
`《中华人民共和国刑法》第二十条`, `刑法第二十条` (a law's name before the number, but not 本法),
`该法第三条`, and a reference inside the text of a link to another page. A kind of target is
resolved only where the document numbers that kind itself from the start (at least two
targets, the first numbered 1 or A): a file that is one chapter of a book, or a document
that numbers nothing, is structured differently, not wrong.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple
from urllib.parse import unquote

from reportlint.analysis.masks import MASK, doc_masks
from reportlint.analysis.reuse import kept
from reportlint.document import Block, Document
from reportlint.text import rx
from reportlint.text.numerals import parse_roman, parse_zh_int
from reportlint.text.numerals import ZH_NUMERAL_CHARS

# ---------------------------------------------------------------- shared vocabulary

# The unit a reference names → the kind of target it resolves against.
EN_UNITS = {
    "section": "section", "sections": "section", "sec.": "section", "§": "section", "§§": "section",
    "chapter": "chapter", "chapters": "chapter",
    "part": "part", "parts": "part",
    "article": "article", "articles": "article",
    "appendix": "appendix", "appendices": "appendix", "annex": "appendix", "annexes": "appendix",
    "figure": "figure", "figures": "figure", "fig.": "figure",
    "table": "table", "tables": "table",
}
ZH_UNITS = {"章": "zh-章", "节": "zh-节", "部分": "zh-部分", "编": "zh-编", "篇": "zh-篇", "讲": "zh-讲",
            "条": "zh-条", "條": "zh-条"}
KIND_WORDS = {  # how a message names a kind
    "section": "section", "chapter": "chapter", "part": "part", "article": "article",
    "appendix": "appendix", "figure": "figure", "table": "table",
    "zh-章": "章", "zh-节": "节", "zh-部分": "部分", "zh-编": "编", "zh-篇": "篇", "zh-讲": "讲", "zh-条": "条",
    "zh-图": "图", "zh-表": "表", "zh-附录": "附录", "zh-附件": "附件",
}
_NAMED_KINDS = {"section": "section", "§": "section", "chapter": "chapter", "part": "part", "article": "article",
                "appendix": "appendix", "annex": "appendix", "附录": "zh-附录", "附件": "zh-附件"}

_ZH = f"[{ZH_NUMERAL_CHARS}]+"
_LETTER_OR_NUM = r"(?:\d{1,3}(?:[.．-]\d{1,3})*|[A-Z](?:[.．-]\d{1,3})*|[IVX]{1,5})"

_EN_REF_RE = rx.compile(
    r"(?<![\w§])(?P<unit>[Ss]ections?|[Ss]ec\.|§§?|[Cc]hapters?|[Pp]arts?|[Aa]rticles?|[Aa]ppendix|[Aa]ppendices|"
    r"[Aa]nnex(?:es)?|[Ff]igures?|[Ff]ig\.|[Tt]ables?)"
    r"[ \u00a0]?(?P<num>" + _LETTER_OR_NUM + r")(?![\w.．-]*\w)"
    # `Sections 3 and 4`, `Figures 2, 3 and 5`, `Sections 3-5`: further numbers of the same unit
    r"(?P<more>(?:\s*(?:,|and|or|to|through|–|—|-)\s*(?:" + _LETTER_OR_NUM + r")(?![\w.．-]*\w))*)"
)
_MORE_NUM_RE = rx.compile(_LETTER_OR_NUM + r"(?![\w.．-]*\w)")
_ZH_REF_RE = rx.compile(
    rf"第(?:(?P<n>{_ZH})|[ \u3000]?(?P<d>\d+)[ \u3000]?)(?P<unit>部分|章|节|編|编|篇|讲|條|条)")
# 图3, 图 3-1, 表2, 附录A, 附件1 — after a non-Han character or a word that introduces a reference
# (如图3所示, 见表2, 详见附件1); 地图1 or 列表2 are other words.
_ZH_FIG_RE = rx.compile(
    r"(?:(?<=[^\u4e00-\u9fff])|(?<=^)|(?<=[如见和与及、至或]))(?P<unit>图|表|附录|附件)[ \u3000]?"
    r"(?P<num>(?:\d{1,3}(?:[.．\-－]\d{1,3})*|[A-Z](?![A-Za-z])))")
# The quoted title that may follow a reference: `Section 4, "Security"`, `第五部分“保障措施”`.
_QUOTED_RE = rx.compile(r"[ \u00a0]?[(（,，:：]?[ \u00a0]?(?:\"(?P<a>[^\"\n]{2,80})\"|“(?P<b>[^”\n]{2,80})”)")

# Another document named just before a reference: `RFC 2119 Section 3`, `[RFC8174], Section 2`,
# `the API's Section 4`, `ISO 8601 section 5.6`, `HTTP/1.1 Section 3`.
_EN_EXTERNAL_BEFORE_RE = rx.compile(
    r"(?:\](?:\([^()]*\))?|\b(?:RFC|BCP|STD|FYI|ISO|IEC|IEEE|ECMA|ITU-T|NIST|FIPS|SP|W3C|IETF)[ -]?[\dA-Z.-]*|"
    r"\b[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*(?:/[\d.]+)?|['’]s)[,:]?\s*(?:,\s*)?$")
# ... or just after it: `Section 3 of RFC 2119`, `Section 4 of [RFC…]`, `Figure 2 in [3]`, `Table 4 of the report
# cited`; but not `of this document`, `of this specification`.
_EN_EXTERNAL_AFTER_RE = rx.compile(
    r"^\.?,?\s+(?:of\s+(?!this\b|the present\b|these\b|here\b)|(?:in|from)\s+(?:the\s+)?"
    r"(?:\[|RFC|BCP|STD|ISO|IEC|IEEE|NIST|FIPS|W3C|IETF|ECMA|ITU|<|draft-|[\w-]+\.(?:txt|md|html?|pdf)\b))")
_EN_SELF_AFTER_RE = rx.compile(r"\.?,?\s+(?:of|in)\s+(?:this|the present)\s+(?:document|specification|memo|report|RFC|draft|paper|standard)")
# Another document named anywhere in a paragraph: its unresolved numbers may be that document's
# (`ISO 8601 also requires (in section 5.3.1.3) …`, `依照《行政处罚法》……第三十二条`).
_NAMES_DOCUMENT_RE = rx.compile(
    r"\b(?:RFC|BCP|STD|ISO|IEC|IEEE|ECMA|ITU-T|FIPS|SP)[ -]?\d|\[[A-Z][\w-]*\d*\]|《[^》]+》|\b[\w-]+\.(?:txt|pdf)\b")
# A link to another page or file (`[SP 800-63C](sp800-63c.html)`, `](https://…)`): the paragraph cites it.
_LINKS_OUT_RE = rx.compile(r"\]\((?!#)[^()\s]+")
_ZH_SELF = ("本法", "本条例", "本规定", "本办法", "本细则", "本规则", "本决定", "本章程", "本准则", "本标准", "本规范",
            "本报告", "本文", "本书", "本指南", "本文件", "本方案", "本通知", "本意见", "本纲要", "本规划", "本条", "本章", "本节",
            "本编", "本部分", "前款", "本款")
# A law or document named just before the number: 《…》第三条, 刑法第二十条, 该法第三条, 上述文件第二部分.
_ZH_EXTERNAL_BEFORE_RE = rx.compile(
    r"(?:》|[\u4e00-\u9fff](?:法|条例|规定|办法|细则|规则|决定|公约|协定|章程|准则|标准|规范|意见|通知|纲要|规划|决议|法典|"
    r"宪法|文件|指南|报告|方案)|(?:该|同|上述|前述|原|这部|此)[\u4e00-\u9fff]{0,4}|附件\s?\d+|附录[A-Z\d])"
    r"(?:的)?$")
# Items joined to the reference before them (第二十条、第二十一条, 第三条至第五条): they share its document.
_JOINED_RE = rx.compile(r"^\s*(?:、|，|,|和|与|及|以及|或者|或|至|到|-|–|—|and|or|to|through)\s*$")
# A caption: `Figure 3: Title`, `Table 2. Title`, `Figure 3` alone, `图3 标题`, `表 2：标题`, emphasis allowed.
_CAPTION_RE = rx.compile(
    r"^[ \t>]*(?:[*_]{1,2})?(?:(?P<en>Figure|FIGURE|Fig\.|Table|TABLE)[ \u00a0]+(?P<ennum>" + _LETTER_OR_NUM + r")"
    r"(?:[*_]{1,2})?(?:\s*(?:[:.：—–-]|$)|\s+[A-Z\d])"
    r"|(?P<zh>图|表)[ \u3000]?(?P<zhnum>\d{1,3}(?:[.．\-－]\d{1,3})*)(?:[*_]{1,2})?(?:[ \u3000:：、.]|$))")
_MAX_CAPTION = 160
_IMAGE_ALT_RE = rx.compile(r"[ \t]*!\[([^\]\n]*)\]\(")
_CAPTION_HINT_RE = rx.compile(r"Fig|FIG|Table|TABLE|图|表")
# A reference needs one of these words (a cheap test before the pattern runs over the block).
_EN_REF_HINT_RE = rx.compile(r"(?i)sec|§|chapter|part|article|appendi|annex|fig|table")
_HEADING_CLOSE_RE = rx.compile(r"[ \t]+#+[ \t]*$")


class Target(NamedTuple):
    """A numbered thing the document has: a heading, an article or a caption."""
    kind: str
    parts: tuple[int, ...]
    title: str
    block: int
    start: int
    end: int


class Reference(NamedTuple):
    """A reference in prose to a numbered thing of this document."""
    kind: str
    parts: tuple[int, ...]
    text: str  # as written: `Section 4.2`, `第五部分`
    quoted: str  # the quoted title that follows it, or ""
    block: int
    start: int
    end: int
    explicit: bool = False  # says it is this document's (`本法第五条`, `Section 4 of this document`)
    cites_other: bool = False  # its paragraph names another document (RFC 2119, 《…》, [RFC8174])


class AnchorLink(NamedTuple):
    """An internal Markdown link `[text](#fragment)`."""
    fragment: str
    text: str
    block: int
    start: int  # the whole link
    end: int


class References:
    """The document view (read only). A plain class: nothing compares or prints it, and a
    dataclass costs ~3 M instructions at every start-up (docs/design.md, Start-up)."""

    __slots__ = ("targets", "resolvable", "references", "anchors", "anchor_links", "headings_by_anchor")

    def __init__(self, targets: dict[tuple[str, tuple[int, ...]], list[Target]], resolvable: frozenset[str],
                 references: tuple[Reference, ...], anchors: frozenset[str], anchor_links: tuple[AnchorLink, ...],
                 headings_by_anchor: dict[str, int]) -> None:
        self.targets = targets
        self.resolvable = resolvable  # kinds the document numbers itself from the start
        self.references = references  # to the kinds in `resolvable` (others cannot be checked)
        self.anchors = anchors  # every fragment a link may name (slugs of each renderer, explicit ids), folded
        self.anchor_links = anchor_links
        self.headings_by_anchor = headings_by_anchor  # a folded slug (any renderer's) → heading block index


def references(doc: Document) -> References:
    """The document's cross-references and their targets (a document view)."""
    return doc.view(_build)


# ---------------------------------------------------------------- numbers


_PARSE_NUMBER_RE = rx.compile(r"[IVX]+")


def parse_number(num: str, letters: bool = False, roman: bool = False) -> tuple[int, ...] | None:
    """`4.2` → (4, 2); with `letters`, `B` → (2,) and `B.3` → (2, 3); with `roman`, `IV` → (4,); `3-1` → (3, 1)."""
    pieces = num.replace("．", ".").replace("－", ".").replace("-", ".").split(".")
    head, rest = pieces[0], pieces[1:]
    if not all(p.isdigit() for p in rest):
        return None
    if head.isdigit():
        first = int(head)
    elif letters and len(head) == 1 and "A" <= head <= "Z":
        first = ord(head) - ord("A") + 1
    elif roman and _PARSE_NUMBER_RE.fullmatch(head):
        value = parse_roman(head)
        if value is None:
            return None
        first = value
    else:
        return None
    return (first, *map(int, rest))


def format_number(kind: str, parts: tuple[int, ...]) -> str:
    if kind in ("appendix", "zh-附录"):
        head = chr(ord("A") + parts[0] - 1) if 0 < parts[0] <= 26 else str(parts[0])
        return ".".join([head, *map(str, parts[1:])])
    return ".".join(map(str, parts))


# ---------------------------------------------------------------- slugs


_GITHUB_DROP_RE = rx.compile(r"[^\w\- ]")  # github-slugger: punctuation and symbols go, `_` and `-` stay
_INLINE_LINK_RE = rx.compile(r"!?\[([^\]]*)\]\([^)]*\)|!?\[([^\]]*)\]\[[^\]]*\]")
_TAG_RE = rx.compile(r"<[^<>]*>")
_ATTR_ID_RE = rx.compile(r"\{[^{}]*#(?P<id>[\w:.\-]+)[^{}]*\}\s*$")
_HTML_ID_RE = rx.compile(r"""<[A-Za-z][^<>]*?\b(?:id|name)\s*=\s*["']?(?P<id>[^"'\s>]+)""")
_EMPH_RE = rx.compile(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)|`+|~~")


def heading_text(b: Block) -> str:
    """A Markdown heading's text as rendered: closing `#`s, `{#id}`, links, tags and emphasis marks removed."""
    return rendered(b.content.split("\n", 1)[0] if b.level else b.content)


def rendered(text: str) -> str:
    """Heading markup as a renderer shows it: closing `#`s, `{#id}`, links, tags and emphasis marks removed."""
    # each pattern needs its character: most headings are plain words, and skip every substitution
    if "#" in text:
        text = _HEADING_CLOSE_RE.sub("", text)
    text = text.strip()
    if "{" in text:
        text = _ATTR_ID_RE.sub("", text)
    if "[" in text:
        text = _INLINE_LINK_RE.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)
    if "<" in text:
        text = _TAG_RE.sub("", text)
    text = text.replace("\\", "")
    if "*" in text or "_" in text or "`" in text or "~" in text:
        text = _EMPH_RE.sub("", text)
    return text.strip()


def github_slug(text: str) -> str:
    """GitHub's (github-slugger's) anchor for a heading's text: lower case, punctuation dropped, spaces to hyphens."""
    return _GITHUB_DROP_RE.sub("", text.lower()).replace(" ", "-")


def slug_variants(text: str) -> set[str]:
    """The anchors common renderers derive from one heading's text (GitHub, GitLab, Pandoc, Python-Markdown, mdBook)."""
    gh = github_slug(text)
    low = text.lower()
    out = {gh, _HYPHENS_RE.sub("-", gh).strip("-")}
    pandoc = _SPACES_RE.sub("-", _PANDOC_DROP_RE.sub("", low).strip())
    out.add(_PANDOC_LEAD_RE.sub("", pandoc) or "section")  # Pandoc drops everything before the first letter
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    pymd = _PYMD_DROP_RE.sub("", ascii_text).strip().lower()
    out.add(_PYMD_JOIN_RE.sub("-", pymd))  # Python-Markdown's toc (mkdocs): ASCII only
    out.add(_MDBOOK_DROP_RE.sub("", _SPACE_RE.sub("-", low.strip())))  # mdBook
    out.discard("")
    return out


_HYPHENS_RE = rx.compile(r"-+")
_SPACES_RE = rx.compile(r"\s+")
_SPACE_RE = rx.compile(r"\s")
_PANDOC_DROP_RE = rx.compile(r"[^\w\-_. ]")
_PANDOC_LEAD_RE = rx.compile(r"^[^A-Za-z\u00c0-\uffff]+")
_PYMD_DROP_RE = rx.compile(r"[^\w\s-]")
_PYMD_JOIN_RE = rx.compile(r"[-\s]+")
_MDBOOK_DROP_RE = rx.compile(r"[^\w\-]")


def fold(fragment: str) -> str:
    return unquote(fragment).strip().lower()


# ---------------------------------------------------------------- build


def _target_kind(b: Block) -> tuple[str, tuple[int, ...]] | None:
    e = b.enumerator
    if e is None:
        return None
    if e.family == "dec":
        return "section", e.parts
    if e.scheme == "named":
        kind = _NAMED_KINDS.get(e.unit.lower(), _NAMED_KINDS.get(e.unit))
        return (kind, e.parts) if kind else None
    if e.scheme == "zh-chapter":
        return ZH_UNITS.get(e.unit, "zh-" + e.unit), e.parts
    return None


def _title_of(doc: Document, b: Block) -> str:
    e = b.enumerator
    text = doc.text[b.content_start + (e.end if e else 0) : b.end].split("\n", 1)[0]
    return rendered(text) if b.kind == "heading" else text.strip()


def _captions(doc: Document, i: int, b: Block) -> list[Target]:
    """Caption lines of a block: a short line that starts `Figure 3:` / `图3 …` (in a figure or table block too)."""
    out: list[Target] = []
    if b.kind not in ("paragraph", "heading", "preformatted", "html", "list_item") or b.in_quote and b.kind != "paragraph":
        return out
    if not _CAPTION_HINT_RE.search(b.text):
        return out
    pos = b.start
    for line in b.text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if len(line) > _MAX_CAPTION or not line.strip():
            continue
        stripped = _TAG_RE.sub("", line) if "<" in line else line
        alt = _IMAGE_ALT_RE.match(stripped)
        if alt:
            stripped = alt.group(1)  # `![Figure 3: Respondents by region](fig3.png)`: the alt text is the caption
        m = _CAPTION_RE.match(stripped)
        if m is None:
            continue
        if m.group("en"):
            word = m.group("en").lower()
            kind = "figure" if word.startswith("fig") else "table"
            parts = parse_number(m.group("ennum"))
        else:
            kind = "zh-图" if m.group("zh") == "图" else "zh-表"
            parts = parse_number(m.group("zhnum"))
            if stripped.rstrip().endswith("。"):
                continue  # 图3显示……。 is a sentence about a figure
        if parts is None:
            continue
        out.append(Target(kind, parts, stripped[m.end() :].strip(" *_:：.—–-"), i, start, start + len(line)))
    return out


def _top_dun_parts(doc: Document) -> list[tuple[int, Block]]:
    """A Chinese report's parts: its top-level `一、` headings, when no `第X部分` heading exists."""
    out = []
    for i, b in enumerate(doc.blocks):
        e = b.enumerator
        if e is not None and e.scheme == "zh-dun" and b.is_heading:
            out.append((i, b))
    if not out:
        return out
    top = min((b.level or 99) for _, b in out)
    return [(i, b) for i, b in out if (b.level or 99) == top]


def _resolvable(targets: dict[tuple[str, tuple[int, ...]], list[Target]]) -> frozenset[str]:
    tops: dict[str, set[int]] = {}
    for kind, parts in targets:
        tops.setdefault(kind, set()).add(parts[0])
    return frozenset(k for k, t in tops.items() if 1 in t and len({p for kk, p in targets if kk == k}) >= 2)


def _en_external(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    if _EN_EXTERNAL_BEFORE_RE.search(before):
        return True
    return bool(_EN_EXTERNAL_AFTER_RE.match(text[end : end + 30]))


def _zh_self(text: str, start: int) -> bool:
    before = text[max(0, start - 16) : start]
    return before.endswith(_ZH_SELF) or any(before.endswith(s + "的") for s in _ZH_SELF)


def _zh_external(text: str, start: int) -> bool:
    before = text[max(0, start - 16) : start]
    if _zh_self(text, start):
        return False
    return bool(_ZH_EXTERNAL_BEFORE_RE.search(before))


_LINK_TEXTS_RE = rx.compile(r"\[([^\[\]\n]*)\]\(([^()\s]*)[^()]*\)")


def _link_texts(raw: str) -> list[tuple[int, int, str]]:
    """(start, end, destination) of each Markdown inline link's text."""
    return [(m.start(1), m.end(1), m.group(2)) for m in _LINK_TEXTS_RE.finditer(raw)]


def _quoted(masked: str, end: int) -> str:
    m = _QUOTED_RE.match(masked, end)
    return (m.group("a") or m.group("b")).strip() if m else ""


_EN_KINDS = frozenset({"section", "chapter", "part", "article", "appendix", "figure", "table"})
_ZH_KINDS = frozenset(ZH_UNITS.values())
_ZH_FIGURE_KINDS = frozenset({"zh-图", "zh-表", "zh-附录", "zh-附件"})


def _block_refs(doc: Document, i: int, b: Block, masked: str, scans: tuple[bool, bool, bool] = (True, True, True)
                ) -> list[Reference]:
    """References in one block; `scans` says which forms to look for (English, 第X章/条, 图/表/附录)."""
    out: list[Reference] = []
    base = b.content_start
    raw = b.content
    links = _link_texts(raw) if doc.format == "md" and "](" in raw else []
    external_seen = False

    def outside(s: int, e: int) -> bool:
        """Not inside the text of a link: to another page (`[Section 4](https://…)`) it is that page's; to an
        anchor (`[Section 508](#Section508)`) the anchor is the reference, and HD015 resolves it."""
        return not any(ls <= s and e <= le for ls, le, _ in links)

    if scans[0] and _EN_REF_HINT_RE.search(masked):
        for m in _EN_REF_RE.finditer(masked):
            unit = m.group("unit").lower()
            kind = EN_UNITS.get(unit)
            if kind is None:
                continue
            if _en_external(masked, m.start(), m.end()) or not outside(m.start(), m.end()):
                external_seen = True
                continue
            nums = [(m.start("num"), m.end("num"))]
            if m.group("more"):
                nums += [(m.start("more") + n.start(), m.start("more") + n.end())
                         for n in _MORE_NUM_RE.finditer(m.group("more"))]
            quoted = _quoted(masked, m.end()) if len(nums) == 1 else ""
            for s, e in nums:
                # `Appendix B` and `Part II` are numbers; `Figure A` or `Section I` are not
                parts = parse_number(masked[s:e], letters=kind == "appendix", roman=kind in ("part", "chapter"))
                if parts is None:
                    continue
                text = masked[m.start() : m.end("num")] if (s, e) == nums[0] else f"{m.group('unit')} {masked[s:e]}"
                out.append(Reference(kind, parts, text, quoted, i, base + (m.start() if (s, e) == nums[0] else s), base + e,
                                     explicit=bool(_EN_SELF_AFTER_RE.match(masked, m.end()))))
    if scans[1] and "第" in masked:
        external = False
        prev_end = -1
        for m in _ZH_REF_RE.finditer(masked):
            value = int(m.group("d")) if m.group("d") else parse_zh_int(m.group("n"))
            if value is None:
                continue
            joined = prev_end >= 0 and bool(_JOINED_RE.match(masked[prev_end : m.start()]))
            external = external if joined else _zh_external(masked, m.start())
            prev_end = m.end()
            if external or not outside(m.start(), m.end()):
                external_seen = True
                continue
            unit = m.group("unit")
            if unit in ("条", "條") and masked[m.end() : m.end() + 1] == "件":
                continue  # 第三条件 is "the third condition"
            out.append(Reference(ZH_UNITS.get(unit, "zh-" + unit), (value,), m.group(0), _quoted(masked, m.end()),
                                 i, base + m.start(), base + m.end(), explicit=_zh_self(masked, m.start())))
    if scans[2] and any(c in masked for c in "图表附"):
        for m in _ZH_FIG_RE.finditer(masked):
            if _zh_external(masked, m.start()) or not outside(m.start(), m.end()):
                external_seen = True
                continue
            parts = parse_number(m.group("num"), letters=m.group("unit") == "附录")
            if parts is None:
                continue
            kind = {"图": "zh-图", "表": "zh-表", "附录": "zh-附录", "附件": "zh-附件"}[m.group("unit")]
            out.append(Reference(kind, parts, m.group(0), _quoted(masked, m.end()), i, base + m.start(), base + m.end()))
    if out and (external_seen or _NAMES_DOCUMENT_RE.search(masked) or links and _LINKS_OUT_RE.search(raw)):
        out = [r._replace(cites_other=True) for r in out]
    return out


def _anchor_names(doc: Document, every_renderer: bool) -> tuple[set[str], dict[str, int]]:
    """Fragments the document names, and the heading each slug belongs to: GitHub's slugs, or (when
    `every_renderer`, asked for only if a link names none of those) every common renderer's."""
    variants = slug_variants if every_renderer else (lambda text: {github_slug(text)})
    names: set[str] = set()
    by_slug: dict[str, int] = {}
    seen: dict[str, int] = {}
    for i, b in enumerate(doc.blocks):
        if b.kind == "heading" and b.level:
            line = b.content.split("\n", 1)[0]
            m = _ATTR_ID_RE.search(_HEADING_CLOSE_RE.sub("", line))
            if m:
                names.add(fold(m.group("id")))
            text = heading_text(b)
            gh = github_slug(text)
            n = seen.get(gh, 0)
            seen[gh] = n + 1
            for s in variants(text):
                key = fold(s if not n else f"{s}-{n}")
                names.update((fold(s), key))
                by_slug.setdefault(key, i)
        elif b.kind in ("html", "paragraph") and "<h" in b.text:
            for m in _HTML_HEADING_ID_RE.finditer(b.text):  # <h2 id='question-001'>…</h2>
                by_slug.setdefault(fold(m.group("id")), i)
        elif b.kind == "code" and "#" in b.text:
            # A heading a broken fence swallowed still names its anchor here: the fence is the defect (MK's)
            for m in _CODE_HEADING_RE.finditer(b.text):
                names.update(fold(s) for s in variants(rendered(m.group(1))))
    text = doc.text
    if "<" in text and ("id" in text or "name" in text):
        for m in _HTML_ID_RE.finditer(text):
            names.add(fold(m.group("id")))
    for m in _FOOTNOTE_DEF_RE.finditer(text) if "[^" in text else ():
        label = fold(m.group(1))
        names.update({f"fn-{label}", f"fn:{label}", f"fn{label}", f"fnref-{label}", f"fnref:{label}"})
    return names, by_slug


_FOOTNOTE_DEF_RE = rx.compile(r"(?m)^\[\^([^\]]+)\]:")
_HTML_HEADING_ID_RE = rx.compile(r"""<h[1-6]\b[^<>]*?\bid\s*=\s*["']?(?P<id>[^"'\s>]+)""")
_CODE_HEADING_RE = rx.compile(r"(?m)^#{1,6}[ \t]+(\S[^\n]*)$")
_ANCHOR_LINK_RE = rx.compile(r"(?<!\\)\[(?P<text>[^\[\]\n]*(?:\[[^\[\]\n]*\][^\[\]\n]*)*)\]\(\s*<?#(?P<frag>[^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")


def _kept_block_refs(doc: Document, i: int, b: Block, masked: str, scans: tuple[bool, bool, bool]) -> list[Reference]:
    """`_block_refs` read from the block's content and mask alone, so read once per distinct block in a
    run, or taken from the document's last version in the language server (`analysis.reuse.kept`), and
    given the block's place now (its index, offsets)."""
    base = b.content_start
    key = (b.content, masked, scans, doc.format)
    was, found = kept(doc).get("references.block", key, lambda: (base, _block_refs(doc, i, b, masked, scans)))
    if not found or (was == base and found[0].block == i):
        return found
    d = base - was
    return [r._replace(block=i, start=r.start + d, end=r.end + d) for r in found]


def _build(doc: Document) -> References:
    targets: dict[tuple[str, tuple[int, ...]], list[Target]] = {}
    has_parts = False
    for i, b in enumerate(doc.blocks):
        if b.in_quote:
            continue
        if b.numbered:
            kt = _target_kind(b)
            if kt is not None:
                kind, parts = kt
                has_parts = has_parts or kind == "zh-部分"
                targets.setdefault((kind, parts), []).append(Target(kind, parts, _title_of(doc, b), i, b.start, b.end))
        if b.kind != "code":
            for t in _captions(doc, i, b):
                targets.setdefault((t.kind, t.parts), []).append(t)
    if not has_parts:
        for i, b in _top_dun_parts(doc):
            parts = (b.enumerator.value,)
            targets.setdefault(("zh-部分", parts), []).append(Target("zh-部分", parts, _title_of(doc, b), i, b.start, b.end))
    resolvable = _resolvable(targets)
    # references are read only for the kinds this document numbers itself (most documents: none)
    scans = (bool(resolvable & _EN_KINDS), bool(resolvable & _ZH_KINDS), bool(resolvable & _ZH_FIGURE_KINDS))
    masks = doc_masks(doc) if any(scans) else {}
    refs: list[Reference] = []
    links: list[AnchorLink] = []
    md = doc.format == "md"
    for i, b in enumerate(doc.blocks):
        if not b.is_prose or b.in_quote:
            continue
        if i in masks:
            masked = masks[i]
            if b.numbered and b.enumerator is not None:
                # the block's own number is no reference to itself (`第二十条 …`, `Section 4: Scope`)
                masked = MASK * (b.enumerator.end) + masked[b.enumerator.end :]
            found = _kept_block_refs(doc, i, b, masked, scans)
            refs.extend(r for r in found if r.kind in resolvable)
        if md:
            content = b.content
            if "](" in content and "#" in content:
                for m in _ANCHOR_LINK_RE.finditer(content):
                    links.append(AnchorLink(m.group("frag"), m.group("text"), i, b.content_start + m.start(),
                                            b.content_start + m.end()))
    names, by_slug = _anchor_names(doc, False) if links else (set(), {})
    if any(fold(link.fragment) not in names for link in links):
        names, by_slug = _anchor_names(doc, True)
    return References(targets, resolvable, tuple(refs), frozenset(names), tuple(links), by_slug)


# ---------------------------------------------------------------- titles


_KEY_STRIP_RE = rx.compile(r"[\W_]+")


def norm_title(title: str) -> str:
    return _KEY_STRIP_RE.sub(" ", title.lower()).strip()


def same_title(a: str, b: str, min_similarity: float) -> bool:
    """Two titles are one when, without case, spacing and punctuation, one starts the other or they are alike."""
    a, b = norm_title(a), norm_title(b)
    if not a or not b or a.startswith(b) or b.startswith(a):
        return True
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio() >= min_similarity
