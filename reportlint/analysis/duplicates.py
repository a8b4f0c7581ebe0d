"""Duplicate groups: the copies of a document (a section, paragraph or list pasted a second time).

Every prose block (paragraph, list item, table row, heading) is normalised
(`reportlint.text.normalize`) and hashed. A left-to-right pass takes, at each
block, the longest earlier run that it repeats, block by block, and keeps that
maximal range once (PMD CPD style: a section pasted five times is four copies,
not two hundred). A block inside the run that differs slightly from its
counterpart (similarity >= `near_threshold`) does not break the run. Cost: one
hash per block, a bounded number of candidate originals per block, so linear in
the document.

`find_runs(doc, settings)` is memoised per settings. The duplicate-runs check
reports the runs; a rule that defers to it (`defers_to:` in its YAML) is handed
that rule's settings by the engine and asks `copies(doc, settings)` for the same
runs, so a rule ignored in the run explains nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from reportlint.diagnostics import Phrase, phrase
from reportlint.document import PROSE_KINDS, Block, Document
from reportlint.text.cjk import cjk_share
from reportlint.text.normalize import content_length, normalize
from reportlint.text import rx


# How many earlier occurrences of a block are tried as the start of the original:
# the earliest ones (the first paste is usually the original) and the latest ones.
_MAX_CANDIDATES = 8


@dataclass(frozen=True)
class CopySettings:
    """What makes a run of blocks a copy: the `duplicate-runs` kind's params (validated by the loader)."""
    # A copied run must say this much (letters and digits, a Han character counts 3):
    # one block this long, a whole list copied, or a long section.
    min_chars: int = 60
    near_threshold: float = 0.9  # a block this similar to its counterpart does not break a run
    max_differing: float = 0.25  # at most this share of a run's blocks may differ (near, not exact)
    # A block that occurs this many times is boilerplate ("This section is informative.",
    # a disclaimer, a procedure step), unless it is at least `long_chars` long.
    boilerplate_copies: int = 3
    long_chars: int = 200
    # A run whose exact blocks total this much is a pasted section whatever its blocks are.
    section_chars: int = 500
    # Back-to-back copies of one original are listed one by one up to this many; the
    # rest are one finding (a line pasted 100 000 times is a handful of findings).
    max_listed: int = 10
    # Across files (--cross-file): boilerplate every file may share (a disclaimer, a
    # licence): a block containing one of these texts is not reported; and text found
    # in `cross_file_max_files` files or more is boilerplate (0: no limit).
    cross_file_allow: tuple[str, ...] = ()
    cross_file_max_files: int = 0


class Unit(NamedTuple):
    """A prose block as the duplicate checks see it."""

    block: int  # index into doc.blocks
    key: str  # normalised content
    size: int  # letters and digits in `key`
    heading: bool  # a heading line (a run of headings alone is not a duplicate)
    rank: str = ""  # a heading's level: Markdown level, else its numbering scheme


@dataclass(frozen=True)
class DuplicateRun:
    """A copy of an earlier range of blocks.

    `copy_blocks` and `original_blocks` are inclusive index ranges into
    `doc.blocks`; the `*_lines` are 1-based inclusive line ranges; `differing`
    lists (copy block, original block) index pairs inside the run that are near,
    not exact, copies.
    """

    copy_blocks: tuple[int, int]
    original_blocks: tuple[int, int]
    copy_lines: tuple[int, int]
    original_lines: tuple[int, int]
    differing: tuple[tuple[int, int], ...] = ()

    @property
    def length(self) -> int:
        return self.copy_blocks[1] - self.copy_blocks[0] + 1


def units(doc: Document) -> list[Unit]:
    """The normalised prose blocks of `doc` (a document view); empty ones are left out."""
    return doc.view(_units)


def _units(doc: Document) -> list[Unit]:
    out = []
    reuse = doc.reuse
    # Blocks recur (a long document repeats its notes and table rows): one normalisation per distinct text.
    keyed: dict[str, tuple[str, int]] = {}
    for i, b in enumerate(doc.blocks):
        if b.kind not in PROSE_KINDS and not _indented_chinese_prose(b):
            continue
        picture = _picture(b.content) if b.kind == "paragraph" and "![" in b.content else None
        if picture is not None:
            out.append(Unit(i, picture, 0, False))
            continue
        text = b.content if b.kind != "code" else b.text
        if reuse is not None:
            key, size = reuse.get("duplicates.key", text, lambda: _key(text))
        else:
            found = keyed.get(text)
            key, size = found if found is not None else keyed.setdefault(text, _key(text))
        if key:
            out.append(Unit(i, key, size, b.kind == "heading", _rank(b)))
    return out


def _key(text: str) -> tuple[str, int]:
    """A block's normalised text and what it says (letters and digits; a Han character counts 3)."""
    key = normalize(text)
    return key, content_length(key) if key else 0


_IMAGE_RE = rx.compile(r"!\[[^\]]*\](?:\(\s*<?([^)\s>]*)[^)]*\)|\[([^\]]*)\])")


def _picture(content: str) -> str | None:
    """The key of a paragraph made only of images (Markdown `![alt](src)`): its pictures, not its alt text.

    Alt text describes a picture for readers who cannot see it, and often says what the
    caption under it says; it is not the document's prose, so it is no copy of the caption.
    The same picture twice still keys alike (a figure pasted with its section stays in the
    run), and says nothing by itself (size 0: never reported on its own).
    """
    sources = []
    end = 0
    for m in _IMAGE_RE.finditer(content):
        if content[end:m.start()].strip():
            return None
        sources.append(m.group(1) if m.group(1) is not None else "[" + m.group(2).casefold() + "]")
        end = m.end()
    if not sources or content[end:].strip():
        return None
    return _PICTURE + " ".join(sources) + ")"


_PICTURE = "![]("  # never the start of normalised prose (normalize drops link and image brackets)


def is_picture(u: Unit) -> bool:
    """A unit that is a paragraph of images only (its key names the pictures; it has no sentences to copy)."""
    return u.key.startswith(_PICTURE)


_FENCE_RE = rx.compile(r"^ {0,3}(```|~~~)")


def _indented_chinese_prose(b: Block) -> bool:
    """An indented "code block" that is a Chinese paragraph (首行缩进 turned into code by CommonMark)."""
    if b.kind != "code" or _FENCE_RE.match(b.text):
        return False
    return cjk_share(b.text) >= 0.5 and any(c in b.text for c in "，。；")


def _rank(b: Block) -> str:
    if b.kind != "heading":
        return ""
    if b.level is not None:
        return f"h{b.level}"
    return b.enumerator.scheme if b.enumerator is not None else "heading"


def copies(doc: Document, settings: CopySettings | None) -> list[DuplicateRun]:
    """The copies a duplicate-runs rule with `settings` reports, in document order; none without one.

    Each run is a copy (a maximal range of blocks) pointing at its original, e.g.
    copy lines 190–244 ↔ original lines 134–188; ranges never overlap one another's
    copies. A rule that defers to the duplicate rule is handed its settings by the
    engine (None when that rule does not run on this document).
    """
    return find_runs(doc, settings) if settings is not None else []


def units_in_copies(doc: Document, settings: CopySettings | None) -> frozenset[int]:
    """Unit indexes inside `copies(doc, settings)` (a document view).

    The other duplicate checks skip them: the copy is the finding, its sentences
    and items are consequences.
    """
    return doc.view(_units_in_copies, settings) if settings is not None else frozenset()


def blocks_in_copies(doc: Document, settings: CopySettings | None) -> frozenset[int]:
    """Block indexes inside `copies(doc, settings)`."""
    out: set[int] = set()
    for r in copies(doc, settings):
        out.update(range(r.copy_blocks[0], r.copy_blocks[1] + 1))
    return frozenset(out)


def _units_in_copies(doc: Document, settings: CopySettings) -> frozenset[int]:
    by_block = {u.block: j for j, u in enumerate(units(doc))}
    out = set()
    for r in find_runs(doc, settings):
        out.update(by_block[b] for b in range(r.copy_blocks[0], r.copy_blocks[1] + 1) if b in by_block)
    return frozenset(out)


def find_runs(doc: Document, params: CopySettings) -> list[DuplicateRun]:
    """The duplicated runs of `doc` under `params` (memoised per parameter set)."""
    return doc.view(_find_runs, params)


def is_near(a: str, b: str, threshold: float) -> bool:
    """Similarity of two normalised strings (rapidfuzz ratio, 0–1) is at least `threshold`."""
    from rapidfuzz.fuzz import ratio

    if min(len(a), len(b)) < threshold * max(len(a), len(b)) * 0.8:
        return False
    return ratio(a, b, score_cutoff=threshold * 100) > 0


def _find_runs(doc: Document, params: CopySettings) -> list[DuplicateRun]:
    us = units(doc)
    n = len(us)
    keys = [u.key for u in us]
    lists = list_groups(doc, us)
    headings = headings_before(us)
    copy_origin = [-1] * n  # at a reported copy's first unit: its original's first unit
    runs: list[DuplicateRun] = []
    positions: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        positions.setdefault(k, []).append(i)
    i = 0
    while i < n:
        plist = positions[keys[i]]
        earlier = _earlier(plist, i)
        best: tuple[int, int, int, list[int]] | None = None  # (length, -near, -p, near positions)
        for p in earlier:
            length, near = _extend(us, keys, p, i, copy_origin, params.near_threshold, params.max_differing)
            if best is None or (length, -len(near)) > (best[0], -len(best[3])):
                best = (length, -len(near), -p, near)
        if best is not None:
            length, _, neg_p, near = best
            p = -neg_p
            if _worth_reporting(doc, us, i, p, length, near, positions, lists, headings, params):
                blocks = doc.blocks
                c0, c1 = us[i].block, us[i + length - 1].block
                o0, o1 = us[p].block, us[p + length - 1].block
                runs.append(DuplicateRun(
                    (c0, c1), (o0, o1), (blocks[c0].line, blocks[c1].end_line),
                    (blocks[o0].line, blocks[o1].end_line),
                    tuple((us[i + k].block, us[p + k].block) for k in near),
                ))
                copy_origin[i] = p
                i += length
                continue
        i += 1
    return runs


def _worth_reporting(doc: Document, us: list[Unit], i: int, p: int, length: int, near: list[int],
                     positions: dict[str, list[int]], lists: list[tuple[int, int, int]],
                     headings: list[int], params: CopySettings) -> bool:
    """A copy worth a finding: it says enough, and is not text that recurs by design.

    A section of `section_chars` is always reported. Otherwise the run needs a
    substantial block, and copy and original must not sit in parallel sections
    (titles alike but for their numbering: the same text for each level or kind
    of a standard): one of `long_chars`, or one of `min_chars` that is neither
    boilerplate (a lone block found `boilerplate_copies` times) nor in a template slot (the
    same position under two different headings, as policy baselines and manuals
    repeat "Note: …" or a procedure's first steps under every item). A run with a
    slightly edited block needs two substantial blocks (a template filled in with
    other values looks like that); an exact whole list equal to another whole
    list needs only `min_chars` in all, unless both are the sub-lists of two
    items of one list (the answer options of two questions, the fields of two
    entries). Copy and original in two sections that another repetition at another
    distance also joins (`analysis.passages`: a procedure restated for another
    party) are parallel passages, not a paste.
    """
    from reportlint.analysis.passages import parallel_passage  # passages reads this module's units
    skip = set(near)
    exact = [us[i + k] for k in range(length) if k not in skip and not us[i + k].heading]
    total = sum(u.size for u in exact)
    if not exact:
        return False
    if length >= 3 and total >= params.section_chars:
        return True
    if _template_field(us, headings, positions, i, p, length, params):
        return False
    # The parallel-passage test needs the document's similar pairs (analysis.passages): asked
    # last, only for a run that is otherwise a paste, so a document whose repeated runs are all
    # deliberate on cheaper grounds never builds that view here.
    return _reads_as_paste(doc, us, i, p, length, near, exact, total, positions, lists, headings, params) \
        and not parallel_passage(doc, p, i, length)


def _reads_as_paste(doc: Document, us: list[Unit], i: int, p: int, length: int, near: list[int], exact: list[Unit],
                    total: int, positions: dict[str, list[int]], lists: list[tuple[int, int, int]],
                    headings: list[int], params: CopySettings) -> bool:
    """The rest of `_worth_reporting`: the structural tests that need no other view."""
    skip = set(near)
    if headings[i] == headings[p] and all(surface_variants(doc, us[i + k].block, us[p + k].block) for k in range(length)
                                          if k not in skip and not us[i + k].heading):
        return False
    if all(quotes_the_other(doc, us[i + k].block, us[p + k].block) for k in range(length) if not us[i + k].heading):
        return False
    hi, hp = headings[i], headings[p]
    if parallel_sections(us, headings, p, i):
        return False  # every test below asks for a block outside parallel sections
    if _section_pasted_again(us, i, p, length, total, exact, positions, params) and not near:
        return True
    # A block that speaks of its source section's subject and not of its own section's was
    # pasted from there, wherever it sits (a parameter's definition under another parameter).
    foreign = hi >= 0 and hp >= 0 and hi != hp and names_only_its_source(us[i].key, us[hp].key, us[hi].key)
    in_slot = template_slot(us, headings, i, p)
    # The neighbours' similarity is the costly test: asked only for a block it decides.
    found: list[bool] = []

    def neighbours() -> bool:
        if not found:
            found.append(length == 1 and not foreign and _template_neighbours(doc, us, i, p))
        return found[0]

    def slot() -> bool:
        return not foreign and (in_slot or neighbours())

    # A block of a filled-in template: at the same place under two sibling headings (from their
    # start or from their end) with alike blocks around it, however long (the last option of two
    # fields' "one of:" lists). A paste lands among text unlike its source's.
    def filled() -> bool:
        return neighbours() and (in_slot or closing_slot(us, headings, i, p))

    substantial = sum(
        1 for u in exact
        if u.size >= params.min_chars
        and ((u.size >= params.long_chars and not filled())
             or ((length > 1 or len(positions[u.key]) < params.boilerplate_copies) and not slot()))
    )
    if near:  # a filled-in template differs in a line too: ask for more than one block that says something
        return substantial >= 2
    if length >= 3 and total >= params.min_chars and _items_pasted_into_another_list(lists, i, p, length):
        return True
    if length >= 2 and total >= params.min_chars and _whole_list(lists, i, length) and _whole_list(lists, p, length) \
            and not _sibling_sublists(doc, us, i, p):
        return True
    return substantial >= 1


# The numbering of a title (in normalised text: 、 is ","): numbers anywhere ("Level 2", "4.1.2"),
# Roman numerals as words ("Part IV"), Chinese ordinals as 第X章/节/条 anywhere or as a leading
# enumerator ("(三)", "三,"), a leading letter enumerator ("b."), and brackets, dots and spaces.
# Letters i, v and x inside words and the 一 of 统一 are words, not numbering.
_ZH_ORDINAL = "〇零一二三四五六七八九十百"
_NUMBERING_RE = rx.compile(
    rf"第[\d{_ZH_ORDINAL}]+[章节条款项篇编部]?|(?<![a-z])[ivx]+(?![a-z])"
    rf"|^\(?[{_ZH_ORDINAL}]+(?:[),.]|(?=\s))|^[a-z](?=[.)])|[\d.()\[\]]+|\s+"
)


def without_numbering(title: str) -> str:
    """A normalised heading title with its numbering taken out (what parallel sections compare)."""
    return _NUMBERING_RE.sub("", title)


# A Latin word (a hyphenated compound is one: "look-up", "single-factor"), or any other letter alone (a Han character)
_TITLE_TOKEN_RE = rx.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*|[^\W\d_a-z]")


def _title_tokens(title: str) -> set[str]:
    return set(_TITLE_TOKEN_RE.findall(_NUMBERING_RE.sub(" ", title)))


def parallel_sections(us: list[Unit], headings: list[int], a: int, b: int) -> bool:
    """Units `a` and `b` sit under different headings whose titles are alike apart from numbering.

    "4.1.2 Authenticator Requirements" / "4.2.2 Authenticator Requirements", or
    "Single-Factor OTP Verifiers" / "Multi-Factor OTP Verifiers": a standard states
    the same rule for each level or kind on purpose. Titles of one kind share most of
    their words, a hyphenated compound counting as one ("Memorized Secret Verifiers" /
    "Look-Up Secret Verifiers"). Titles that share fewer ("have_openssl" / "have_ssl",
    "Required Actions" / "CISA Actions", "Securing Critical Projects WG" / "Securing
    Package Repositories WG") are parallel
    only where the text sits at the same place in both sections, from their start
    or their end (the same field of two entries of one template); an item put at
    another place in the other section was pasted there.
    """
    from rapidfuzz.fuzz import ratio

    ha, hb = headings[a], headings[b]
    if ha < 0 or hb < 0 or ha == hb or us[ha].key == us[hb].key:
        return False
    ta, tb = without_numbering(us[ha].key), without_numbering(us[hb].key)
    if not (ta and tb and ratio(ta, tb) >= 60):
        return False
    wa, wb = _title_tokens(us[ha].key), _title_tokens(us[hb].key)
    shared = len(wa & wb)
    if (2 * shared <= len(wa) or 2 * shared <= len(wb)) and a - ha != b - hb \
            and _next_heading(us, a) - a != _next_heading(us, b) - b:
        return False
    return not names_only_its_source(us[b].key, us[ha].key, us[hb].key)


_TITLE_WORD_RE = rx.compile(r"[a-z][a-z0-9]{2,}")
_SUBJECT_WORDS = 2


def names_only_its_source(key: str, source_title: str, title: str) -> bool:
    """Block `key`, found under `title`, names the subject of `source_title` and not its own.

    Sibling sections alike in title ("The hit parameter" / "The stored parameter",
    "punycode.toASCII(domain)" / "punycode.toUnicode(domain)") differ in their
    subject; a block that speaks of the other section's subject ("hit", when true,
    indicates …) was pasted from there, where a rule restated for each level or kind
    names neither or its own. Latin words of three letters or more; a word of the block
    names a subject when it begins with it ("equality" names "equal"). Only titles that
    differ in `_SUBJECT_WORDS` words or fewer have a subject to compare.
    """
    src, own = set(_TITLE_WORD_RE.findall(source_title)), set(_TITLE_WORD_RE.findall(title))
    src, own = src - own, own - src
    # Titles of one kind differ in their subject only (a word or two); titles that differ in
    # more have no single subject to tell apart.
    if not src or not own or len(src) > _SUBJECT_WORDS or len(own) > _SUBJECT_WORDS:
        return False
    words = set(_TITLE_WORD_RE.findall(key))

    def names(subjects: set[str]) -> bool:
        return any(w.startswith(s) for w in words for s in subjects)

    return names(src) and not names(own)


def headings_before(us: list[Unit]) -> list[int]:
    """Per unit: the unit index of the nearest heading at or before it (-1 if none)."""
    out, last = [], -1
    for j, u in enumerate(us):
        if u.heading:
            last = j
        out.append(last)
    return out


def template_slot(us: list[Unit], headings: list[int], i: int, p: int) -> bool:
    """Copy and original sit at the same distance below two different sibling headings."""
    hi, hp = headings[i], headings[p]
    return (hi >= 0 and hp >= 0 and hi != hp and i - hi == p - hp and us[hi].key != us[hp].key
            and us[hi].rank == us[hp].rank)


def closing_slot(us: list[Unit], headings: list[int], i: int, p: int) -> bool:
    """Copy and original end their sections at the same distance from the end, under two sibling headings.

    A closing note or the last option of a list, repeated under each section of a kind.
    """
    hi, hp = headings[i], headings[p]
    if not (hi >= 0 and hp >= 0 and hi != hp and us[hi].key != us[hp].key and us[hi].rank == us[hp].rank):
        return False
    return _next_heading(us, i) - i == _next_heading(us, p) - p


def _next_heading(us: list[Unit], j: int) -> int:
    """The unit index of the first heading after `j` (len(us) if none)."""
    for k in range(j + 1, len(us)):
        if us[k].heading:
            return k
    return len(us)


def list_groups(doc: Document, us: list[Unit] | None = None) -> list[tuple[int, int, int]]:
    """Per unit of `units(doc)`: (list group, first unit of the group, units in the group) (a document view)."""
    return doc.view(_list_groups)


def _list_groups(doc: Document) -> list[tuple[int, int, int]]:
    """Per unit: (list group, first unit of the group, units in the group); (-1, i, 0) if not a list item.

    Markdown lists come from the parser (`list_id`); in plain text a list is a run
    of list items, with any paragraph indented deeper than its items (an
    explanation under a bullet) inside it.
    """
    us = units(doc)
    out: list[tuple[int, int, int]] = []
    members: dict[int, list[int]] = {}
    group = -1
    txt_group = 0
    prev_block = -2
    item_indent = -1  # indentation of the last plain-text item; a deeper paragraph continues it
    for j, u in enumerate(us):
        b = doc.blocks[u.block]
        if b.kind != "list_item":
            out.append((-1, j, 0))
            if not (b.list_id is None and 0 <= item_indent < _indent(b.text) and not u.heading):
                prev_block = u.block
                item_indent = -1
            continue
        if b.list_id is not None:
            group = b.list_id
        else:
            if not (0 <= prev_block and doc.blocks[prev_block].kind == "list_item"
                    and (prev_block == u.block - 1 or item_indent == _indent(b.text))):
                txt_group += 1
            group = -1 - txt_group
            item_indent = _indent(b.text)
        members.setdefault(group, []).append(j)
        out.append((group, j, 0))
        prev_block = u.block
    return [(g, members[g][0], len(members[g])) if g != -1 else (g, j, n) for g, j, n in out]


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _whole_list(lists: list[tuple[int, int, int]], i: int, length: int) -> bool:
    """Units i..i+length-1 are exactly the items of one list (nested items aside)."""
    g, first, size = lists[i]
    return g != -1 and first == i and size == length and all(lists[i + k][0] == g for k in range(length))


def _section_pasted_again(us: list[Unit], i: int, p: int, length: int, total: int, exact: list[Unit],
                          positions: dict[str, list[int]], params: CopySettings) -> bool:
    """The copy is a heading with the blocks under it, and that title is found only here and in the original.

    A release's notes or a section of short examples pasted once more says little
    per block; its heading, found twice, marks it. A title every entry of a template
    has is found three times or more (`_template_field`).
    """
    return (us[i].heading and us[p].heading and len(exact) >= 2 and total >= params.min_chars
            and len(positions[us[i].key]) == 2)


def quotes_the_other(doc: Document, a: int, b: int) -> bool:
    """One of blocks `a` and `b` is a block quotation and the other is not: the quote cites the text.

    A report that opens each section with the mandate it serves, quoted ("> Maintain the
    quality and stability of the language"), and lists the mandates in its reference
    section repeats them on purpose. A paste copies a block as written, quote marker and all.
    """
    return doc.blocks[a].in_quote != doc.blocks[b].in_quote


def surface_variants(doc: Document, a: int, b: int) -> bool:
    """Blocks `a` and `b` say the same words but differ in case, spacing or width as written.

    A style guide sets "使用 GitHub 登录" beside "使用 github 登录", "请 [提交](#)"
    beside "请[提交](#)": the difference is what the examples show. A paste copies
    the text as written (at most losing its emphasis, which this ignores too).
    """
    ta, tb = doc.blocks[a].content, doc.blocks[b].content
    return normalize(ta, punctuation=False, fold_case=False, spacing=False) != \
        normalize(tb, punctuation=False, fold_case=False, spacing=False)


def _template_field(us: list[Unit], headings: list[int], positions: dict[str, list[int]], i: int, p: int,
                    length: int, params: CopySettings) -> bool:
    """Copy and original sit under two headings of one title that every entry of a template has.

    A policy baseline gives each policy a "Resources", "License Requirements" and
    "Implementation" section, and the same links or steps recur in them. A title
    found `boilerplate_copies` times over a text found as often is such a field; a section pasted once more
    repeats a title found twice, and a section pasted three times has no other
    entry's title between its copies.
    """
    hi, hp = headings[i], headings[p]
    if not (hi >= 0 and hp >= 0 and hi != hp and us[hi].key == us[hp].key
            and len(positions[us[hi].key]) >= params.boilerplate_copies):
        return False
    # The field's content recurs too (the same reference under three policies); a link pasted
    # from one policy's Resources into another's is found twice. A copy that starts at the
    # field's title is the whole field filled in alike for two entries (two policies on the
    # same settings cite the same page), when the entry has that field once.
    body = next((us[k] for k in range(i, len(us)) if not us[k].heading), None)  # no slice: a copy of the rest
    if body is None:
        return False
    if len(positions[body.key]) < params.boilerplate_copies and not (_whole_field(us, hi, i, length)
                                                                      and _whole_field(us, hp, p, length)
                                                                      and _field_once(us, hi) and _field_once(us, hp)):
        return False
    # A field of two entries: a heading of another rank (the next entry's title) lies between them.
    # A section pasted again has only its own siblings between the copies.
    rank = us[hi].rank
    k = headings[hi - 1]  # walk back over the headings between them only
    while k > hp:
        if us[k].rank != rank:
            return True
        k = headings[k - 1]
    return False


def _whole_field(us: list[Unit], h: int, i: int, length: int) -> bool:
    """The run of `length` units at `i` holds the whole body of the field titled by heading `h`."""
    return i in (h, h + 1) and _next_heading(us, h) <= i + length


def _field_once(us: list[Unit], h: int) -> bool:
    """The heading `h` (a Markdown heading) is the only one of its title in its entry.

    The entry runs between the nearest headings of a higher level around `h`; a
    field pasted into an entry that has it already is found twice there.
    """
    level = _level(us[h])
    if level is None:
        return False
    start, end = h, h
    while start > 0 and not (us[start - 1].heading and (_level(us[start - 1]) or 99) < level):
        start -= 1
    while end + 1 < len(us) and not (us[end + 1].heading and (_level(us[end + 1]) or 99) < level):
        end += 1
    return sum(1 for k in range(start, end + 1) if us[k].heading and us[k].key == us[h].key) == 1


def _level(u: Unit) -> int | None:
    return int(u.rank[1:]) if u.rank[:1] == "h" and u.rank[1:].isdigit() else None


def _items_pasted_into_another_list(lists: list[tuple[int, int, int]], i: int, p: int, length: int) -> bool:
    """Units i.. are items of one list copied, in order, from another list, at another place in it.

    Three projects of one organisation's list pasted into the next one's. A list
    repeated per section (the same first steps of each procedure) keeps its
    place: the copy starts where the original starts.
    """
    gi, gp = lists[i][0], lists[p][0]
    if gi == -1 or gp == -1 or gi == gp:
        return False
    if any(lists[i + k][0] != gi or lists[p + k][0] != gp for k in range(length)):
        return False
    return i - lists[i][1] != p - lists[p][1]


def _template_neighbours(doc: Document, us: list[Unit], i: int, p: int) -> bool:
    """The blocks right after (or before) a copy and its original are alike too, though not copies.

    A note that introduces a list in two sections, each list naming its own party
    ("Contact information of the registering Relying Party" / "… PID Provider"):
    a template filled in twice. A paste lands among text unlike its source's.
    """
    for d in (1, -1, 2, -2):  # two away: past a running page header or a caption
        x, y = i + d, p + d
        if 0 <= x < len(us) and 0 <= y < len(us) and x != p and y != i:
            ux, uy = us[x], us[y]
            if not ux.heading and not uy.heading and ux.key != uy.key and _ratio(doc, ux.key, uy.key, 70):
                return True
    return False


def _ratio(doc: Document, a: str, b: str, cutoff: float) -> float:
    """rapidfuzz's ratio of two keys (0 below `cutoff`); in the language server, kept while both blocks
    stay unchanged."""
    from rapidfuzz.fuzz import ratio

    if doc.reuse is None:
        return ratio(a, b, score_cutoff=cutoff)
    return doc.reuse.get("duplicates.ratio", (a, b, cutoff), lambda: ratio(a, b, score_cutoff=cutoff))


def _sibling_sublists(doc: Document, us: list[Unit], i: int, p: int) -> bool:
    """The lists starting at units `i` and `p` are nested under two items of one parent list."""
    bi, bp = doc.blocks[us[i].block], doc.blocks[us[p].block]
    if bi.depth < 2 or bp.depth < 2 or i == 0 or p == 0:
        return False
    pi, pp = doc.blocks[us[i - 1].block], doc.blocks[us[p - 1].block]
    return (pi.kind == pp.kind == "list_item" and pi.list_id is not None and pi.list_id == pp.list_id
            and pi.depth < bi.depth and pp.depth < bp.depth)


def _earlier(plist: list[int], i: int) -> list[int]:
    """Earlier positions with the same key: the first and the last few (bounded work per block)."""
    import bisect

    j = bisect.bisect_left(plist, i)
    if j <= _MAX_CANDIDATES:
        return plist[:j]
    return plist[: _MAX_CANDIDATES // 2] + plist[j - _MAX_CANDIDATES // 2 : j]


def _extend(us: list[Unit], keys: list[str], p: int, i: int, copy_origin: list[int], near_threshold: float,
            max_differing: float) -> tuple[int, list[int]]:
    """Length of the run at `i` copying the run at `p`, and the offsets inside it that differ.

    The original may not run into its copy (p + k < i), nor across the start of a
    copy already reported whose own original starts at or before `p` (so a section
    pasted five times gives five copies of the section, not a copy of "section +
    its first copy"; a small repetition inside the original does not stop it). It
    ends on an exact block.
    """
    n = len(keys)
    k = 0
    near: list[int] = []
    last_exact = 0
    while i + k < n and p + k < i and not (k and 0 <= copy_origin[p + k] <= p):
        if keys[i + k] == keys[p + k]:
            k += 1
            last_exact = k
            continue
        # A differing block only joins the run if the run goes on exactly after it
        # (cheap test first: most runs simply end here).
        nxt = k + 1
        if i + nxt >= n or p + nxt >= i or keys[i + nxt] != keys[p + nxt]:
            break
        if len(near) + 1 > max(1.0, max_differing * (k + 1)):
            break
        a, b = us[i + k], us[p + k]
        if a.heading != b.heading or not is_near(a.key, b.key, near_threshold):
            break
        near.append(k)
        k += 1
    return last_exact, [x for x in near if x < last_exact]


class Change(NamedTuple):
    """One place where two texts differ: `old` replaced by `new` (either may be empty)."""

    old: str
    new: str
    old_tokens: int
    new_tokens: int


def changes(old: str, new: str) -> list[Change]:
    """Where `new` differs from `old`, in words (Latin text) or characters (Chinese).

    Differences separated by a single unchanged token are one change ("in the" →
    "on a" is one edit, not two).
    """
    from rapidfuzz.distance import Indel

    a = normalize(old, punctuation=False, fold_case=False)
    b = normalize(new, punctuation=False, fold_case=False)
    latin = sum(c.isascii() and c.isalpha() for c in a) > len(a) / 2
    sa, sb = (a.split(" "), b.split(" ")) if latin else (list(a), list(b))
    joiner = " " if latin else ""
    groups: list[list[int]] = []  # [src_start, src_end, dest_start, dest_end]
    for op in Indel.opcodes(sa, sb):
        if op.tag == "equal":
            continue
        if groups and op.src_start - groups[-1][1] <= 1 and op.dest_start - groups[-1][3] <= 1:
            groups[-1][1], groups[-1][3] = op.src_end, op.dest_end
        else:
            groups.append([op.src_start, op.src_end, op.dest_start, op.dest_end])
    return [
        Change(joiner.join(sa[s0:s1]).strip(), joiner.join(sb[d0:d1]).strip(), s1 - s0, d1 - d0)
        for s0, s1, d0, d1 in groups
    ]


def describe_difference(old: str, new: str, limit: int = 3) -> tuple[Phrase, ...]:
    """What changed from `old` to `new`, in words (English) or characters (Chinese): '不断' → '持续'.

    Phrases, worded by the rule's YAML in the reader's language (clauses replaced, removed, added,
    more_changes, punctuation_only: CHANGE_CLAUSES)."""
    parts = changes(old, new)
    shown = []
    for c in parts[:limit]:
        if c.old and c.new:
            shown.append(phrase("replaced", old=c.old, new=c.new))
        elif c.old:
            shown.append(phrase("removed", old=c.old))
        else:
            shown.append(phrase("added", new=c.new))
    if len(parts) > limit:
        shown.append(phrase("more_changes", more=len(parts) - limit))
    return tuple(shown) if shown else (phrase("punctuation_only"),)


CHANGE_CLAUSES = frozenset({"replaced", "removed", "added", "more_changes", "punctuation_only"})
CHANGE_FIELDS = frozenset({"old", "new", "more"})
