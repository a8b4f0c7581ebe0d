"""Broken links (param `check`): malformed inline links, and references with no definition.

``inline``: `[t](url` (never closed), `[t] (url)` (a space breaks the link),
`t](url)` (the opening bracket lost), `[t]()` (empty target), `https//` and
`http:/x` (a mangled scheme). ``reference``: `[t][ref]`, `[ref][]` and
footnotes `[^1]` whose label has no definition (`[ref]: url`, `[^1]: …`).
Code spans and code blocks are never read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from reportlint.analysis.examples import example_blocks
from reportlint.analysis.masks import MASK, InlineParse, block_inline, literal_spans, template_spans
from reportlint.analysis.references import github_slug
from reportlint.diagnostics import Edit, Finding, Fix, Phrase, RelatedSpan, phrase
from reportlint.document import Document
from reportlint.text import rx

# `reason` is a Phrase worded in the rule's YAML (with `dest`, `written`, `scheme` or `label`).
# `uses` and `own_definitions` carry a reference finding's uses to the run's `settle` (not worded).
FIELDS = frozenset({"link", "reason", "dest", "written", "scheme", "label", "defined", "count", "labels", "uses",
                    "own_definitions"})
CLAUSES = frozenset({"unclosed_target", "space_in_target", "link_in_target", "fullwidth_parentheses",
                     "near_label", "no_opening_bracket", "space_before_target", "empty_target",
                     "url_text_elsewhere", "bad_scheme", "no_definition", "no_footnote", "no_definitions",
                     "other_use"})
MAX_RELATED = 20
MESSAGE = "Broken link '{link}': {reason}"

CHECKS = ("inline", "reference")
_SPACED_RE = rx.compile(r"\[[^\[\]\n]+\](?P<gap>[ \t]+)\((?:https?://|mailto:|ftp://|www\.|#|/|\./|\.\./)[^\s()]*\)")
# `[t]()`, `[t](<>)`, `[t](#)`: a target that goes nowhere (markdownlint MD042), a title allowed.
_EMPTY_RE = rx.compile(r"\[[^\[\]\n]*\]\(\s*(?:(?:<>|#)(?:\s+\"[^\"\n]*\")?)?\s*\)")
_SCHEME_RE = rx.compile(r"(?<![A-Za-z])(?P<scheme>https?|ftp)(?P<sep>//|:/(?!/)|:\\\\)(?=[A-Za-z0-9])")
# `[https://a.org/x](https://b.org/y)`: link text that is itself a URL (or a bare host/path).
_URL_TEXT_RE = rx.compile(r"\[(?P<text>(?:https?://|www\.)[^\s\[\]]+)\]\((?P<dest>[^\s()]+)(?:\s+\"[^\"]*\")?\)")
# what follows a target cut by a space, when its ')' comes later on the line: ` more)`, `<no value>#x)`
_SPACE_IN_TARGET_RE = rx.compile(r"[ \t]+[^\s()\[\]\"']{1,80}\)")
_LINK_AS_TARGET_RE = rx.compile(r"\[[^\[\]\n]*\]\(")
_FULLWIDTH_TARGET_RE = rx.compile(r"(?<!\\)\[[^\[\]\n]+\]（(?:https?://|www\.|mailto:|/|\./|\.\./|#)[^\s（）]*）")
_TITLE_RE = rx.compile(r"\s+(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\([^()]*\))\s*\)")
# `[text][label]`, `[label][]`, images `![t][label]`; the text may hold one bracketed part
# (`[![alt][img]][label]`) and the label run onto the next line.
_REF_USE_RE = rx.compile(r"(?<![\]\\])\[(?P<text>(?:[^\[\]\n\\]|\\.|\[[^\[\]\n]*\])+)\]\[(?P<label>(?:[^\[\]\n\\]|\n(?![ \t]*\n))*)\]")
# `[label]` alone (a shortcut reference): not a link's text `[t](`, a full reference `[t][`, a definition `[l]:`,
# a footnote, an image or the label part of `[t][label]`
_SHORTCUT_RE = rx.compile(r"(?<![\]\\!\[])\[(?P<label>[^\[\]\n^][^\[\]\n]{1,79})\](?![\[(:\]])")
_FOOTNOTE_USE_RE = rx.compile(r"\[\^(?P<label>[^\[\]\s]+)\](?!:)")
_DEF_RE = rx.compile(r"^ {0,3}\[(?P<label>(?:[^\[\]\n\\]|\\.|\n(?![ \t]*\n))+)\]:", re.M)
# A heading anchor as site generators write it (GitHub/mkdocs slugs): 61-scope, topic-16.
_SLUG_LABEL_RE = rx.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")
_HEADING_CLOSE_RE = rx.compile(r"[ \t]+#+[ \t]*$")
_DIGITS_RE = rx.compile(r"\d+")
_QUOTE_PREFIX_RE = rx.compile(r"\n[ \t]*(?:>[ \t]?)*")


@dataclass(frozen=True)
class Params:
    """Params of the `links` kind: what a rule's YAML `params` may set (validated by the loader)."""
    check: str = "inline"
    collapse_at: int = 3  # a file that defines no label and uses this many undefined ones: one finding (0: never)


def validate(params: Params) -> list[tuple[str, str]]:
    if params.check not in CHECKS:
        return [("check", f"unknown check '{params.check}'; allowed: {', '.join(CHECKS)}")]
    if params.collapse_at < 0:
        return [("collapse_at", "must be 0 (never) or a positive number of labels")]
    return []


def _code_masked(text: str, parsed: InlineParse | None = None) -> str:
    """`text` with code spans blanked (spaces) and templates masked (MASK, not space: a target a site
    generator fills in, `[t]({{ '/guide/' | url }})`, `({% link a.md %})`, is one closed target)."""
    if parsed is not None:
        templates, spans = parsed.templates, parsed.templates + parsed.code
    else:
        templates = template_spans(text)
        spans, _ = literal_spans(text) if "`" in text else (templates, [])
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        fill = MASK if (s, e) in templates else " "
        for k in range(s, e):
            chars[k] = fill if chars[k] != "\n" else "\n"
    return "".join(chars)


def _normal(label: str) -> str:
    if "\n" in label:
        label = _QUOTE_PREFIX_RE.sub(" ", label)  # a label run onto the next line of a block quote
    return " ".join(label.split()).casefold()


def _unclosed(text: str, links: frozenset[int]) -> Iterator[tuple[int, int, Phrase]]:
    """`[t](url` with no closing parenthesis before the next space or line end; `links`: the `]` of
    each inline link CommonMark reads (a backtick or `$` in a target is the URL's: `(https://x.org/a`b)`)."""
    i = text.find("](")
    while i != -1:
        if i in links:
            i = text.find("](", i + 2)
            continue
        if text[i + 2 : i + 3] == "<" and text.find(">", i) != -1:
            i = text.find("](", i + 2)
            continue  # `[t](<dest with spaces>)`
        j, depth = i + 2, 0
        while j < len(text) and not text[j].isspace():
            if text[j] == "\\":
                j += 2  # `\(` in a target is a literal parenthesis
                continue
            if text[j] == "(":
                depth += 1
            elif text[j] == ")":
                if depth == 0:
                    break
                depth -= 1
            j += 1
        closed = j < len(text) and text[j] == ")" or bool(_TITLE_RE.match(text, j)) or j == i + 2 and text[j : j + 1] == " "
        if not closed:
            start = text.rfind("[", 0, i)
            # `(https://x.org/<no value> a)`: the ')' is there, a space inside the target ends it first
            gap = _SPACE_IN_TARGET_RE.match(text, j)
            why = phrase("space_in_target") if gap else phrase("unclosed_target")
            yield (start if start != -1 else i, gap.end() if gap else j, why)
        i = text.find("](", i + 2)


def _url_key(url: str) -> str:
    url = url.strip().rstrip("/…").lower()
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix):]
    return url[4:] if url.startswith("www.") else url


def _same_url(shown: str, dest: str) -> bool:
    """Whether link text showing a URL names its target: the same address, or a shortened form of it
    (scheme, `www.`, a trailing slash or `…` aside; the shown text may stop early)."""
    a, b = _url_key(shown), _url_key(dest)
    return b.startswith(a) or dest.startswith(("#", "/", ".")) and not dest.startswith("//")


def _stray_close(text: str) -> Iterator[tuple[int, int, Phrase]]:
    """`t](url)`: a `](` whose `]` has no `[` before it."""
    depth = 0
    for i, c in enumerate(text):
        if c == "[" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif c == "]" and (i == 0 or text[i - 1] != "\\"):
            if depth:
                depth -= 1
            elif text[i + 1 : i + 2] == "(":
                k = i
                while k > 0 and not text[k - 1].isspace():
                    k -= 1
                end = text.find(")", i)
                yield (k, end + 1 if end != -1 else i + 2, phrase("no_opening_bracket"))


def run(doc: Document, params: Params) -> Iterator[Finding]:
    if params.check == "reference":
        yield from _references(doc, params)
        return
    examples = doc.view(example_blocks)
    inline = block_inline(doc)
    for i, b in enumerate(doc.blocks):
        if not b.is_prose or i in examples:
            continue
        content = b.content
        if "](" not in content and "http" not in content and "ftp" not in content:
            continue  # masking code only removes text: nothing to find (most blocks)
        text = _code_masked(content, inline.get(i))
        if "](" not in text and "http" not in text and "ftp" not in text:
            continue
        base = b.content_start
        found: list[tuple[int, int, Phrase, Fix | None]] = []
        if doc.format == "md":
            parsed = inline[i].links if i in inline else []
            links = frozenset(lk.text_end for lk in parsed)
            for s, e, why in _unclosed(text, links):
                found.append((s, e, why, None))
            for lk in parsed:  # `[page]([https://x.org](https://x.org))`: a link pasted into a target
                if _LINK_AS_TARGET_RE.match(content, lk.dest_start, lk.dest_end):
                    found.append((lk.start, lk.end, phrase("link_in_target"), None))
            if "]（" in text:  # `[OpenSODA]（https://…）`: typed with full-width parentheses, shown as text
                for m in _FULLWIDTH_TARGET_RE.finditer(text):
                    found.append((m.start(), m.end(), phrase("fullwidth_parentheses"), None))
            if "](" in text:  # a stray close is a `](` without its `[`
                for s, e, why in _stray_close(text):
                    found.append((s, e, why, None))
            for m in _SPACED_RE.finditer(text):
                g = m.start("gap")
                found.append((m.start(), m.end(), phrase("space_before_target"),
                              Fix((Edit(base + g, base + m.end("gap"), ""),), safe=True, description="remove the space")))
            for m in _EMPTY_RE.finditer(text):
                found.append((m.start(), m.end(), phrase("empty_target"), None))
            if "[http" in text or "[www." in text:
                for m in _URL_TEXT_RE.finditer(text):
                    if not _same_url(m.group("text"), m.group("dest")):
                        found.append((m.start(), m.end(), phrase("url_text_elsewhere", dest=m.group("dest")[:60]), None))
        for m in _SCHEME_RE.finditer(text):
            found.append((m.start(), m.end(), phrase("bad_scheme", written=m.group(0), scheme=m.group("scheme")),
                          Fix((Edit(base + m.start("sep"), base + m.end("sep"), "://"),), safe=False, description="repair the scheme")))
        seen: set[int] = set()
        for s, e, why, fix in sorted(found, key=lambda t: t[0]):
            if s in seen:
                continue
            seen.add(s)
            link = b.content[s:e]
            if len(link) > 50:
                link = link[:49] + "…"
            yield Finding(base + s, base + e, {"link": link, "reason": why}, fix=fix)


def _escaped_bracket(text: str, pos: int) -> bool:
    k = pos
    while k > 0 and text[k - 1] == "\\":
        k -= 1
    return (pos - k) % 2 == 1


def _heading_labels(doc: Document) -> set[str]:
    """Labels an implicit header reference may use: each heading's text and its slug (Pandoc, mkdocs-autorefs)."""
    out: set[str] = set()
    for b in doc.blocks:
        if b.kind == "heading":
            text = _HEADING_CLOSE_RE.sub("", b.content).strip()
            out.update((_normal(text), github_slug(text.strip())))
    return out


def _literal_pair(text: str, label: str) -> bool:
    """`[JENKINS-1][JENKINS-2]`: two bracketed names of one shape are a literal list, not a reference."""
    return label != text and _DIGITS_RE.sub("0", label) == _DIGITS_RE.sub("0", text) and any(c.isdigit() for c in label)


class _Use(NamedTuple):
    """One use of a reference label with no definition in its file: where, what is shown, its label."""
    start: int
    end: int
    link: str
    label: str  # as written ("^3" for a footnote)
    key: str  # normalised, as definitions are matched
    near: str = ""  # a shortcut reference's defined label one edit away (`[FQDN Selector]` / `[fqdn selectors]:`)


def definitions(doc: Document) -> frozenset[str]:
    """The normalised labels a Markdown document defines (`[ref]: url`, `[^1]: …`), outside code and HTML.

    What a file gives the run (`run_facts`): a label defined in another file of the run, or in a
    `reference-files:` include, is defined for every file that uses it."""
    return doc.view(_definitions)


def _definitions(doc: Document) -> frozenset[str]:
    return frozenset(doc.view(_spellings))


def _spellings(doc: Document) -> dict[str, str]:
    """Each defined label, normalised → as first written (outside code and HTML)."""
    if doc.format != "md" or "]:" not in doc.text:
        return {}
    code = [(b.start, b.end) for b in doc.blocks if b.kind in ("code", "front_matter", "html", "html_comment")]
    out: dict[str, str] = {}
    for m in _DEF_RE.finditer(doc.text):
        if not any(s <= m.start() <= e for s, e in code):
            out.setdefault(_normal(m.group("label")), m.group("label"))
    return out


def run_facts(doc: Document, params: Params) -> frozenset[str]:
    """What this file gives the other files of the run: the reference labels it defines."""
    return definitions(doc) if params.check == "reference" else frozenset()


def settle(findings: list[Finding], defined: frozenset[str], params: Params) -> list[Finding]:
    """A file's findings once the run is known: uses whose label another file of the run (or a
    `reference-files:` include) defines are dropped, and what is left is grouped again."""
    if params.check != "reference" or not findings:
        return findings
    uses = [u for f in findings for u in f.fields.get("uses", ()) if u.key not in defined]
    own = any(f.fields.get("own_definitions") for f in findings)
    return list(_grouped(uses, own, params))


def _grouped(uses: list[_Use], own_definitions: bool, params: Params) -> Iterator[Finding]:
    """One finding per use; but a file that defines no label at all and uses `collapse_at` or more
    undefined ones has one cause (its definitions live elsewhere: an include the site build appends,
    a part cut off), so it gets one finding at the first use, the others related."""
    keys = list(dict.fromkeys(u.key for u in uses))
    if not own_definitions and params.collapse_at and len(keys) >= params.collapse_at:
        first = uses[0]
        shown = tuple(dict.fromkeys(u.label for u in uses))
        related = tuple(RelatedSpan(u.start, u.end, phrase("other_use", label=u.label)) for u in uses[1 : 1 + MAX_RELATED])
        reason = phrase("no_definitions", count=len(keys), labels=", ".join(shown[:3]) + (", …" if len(shown) > 3 else ""))
        yield Finding(first.start, first.end, {"link": first.link, "reason": reason, "uses": tuple(uses),
                                               "own_definitions": False}, related=related)
        return
    for u in uses:
        clause = phrase("no_footnote", label=u.label[1:]) if u.label.startswith("^") else \
            phrase("near_label", label=u.label, defined=u.near) if u.near else phrase("no_definition", label=u.label)
        yield Finding(u.start, u.end, {"link": u.link, "reason": clause, "uses": (u,), "own_definitions": own_definitions})


def _references(doc: Document, params: Params) -> Iterator[Finding]:
    """References with no definition; a label that names a heading of this file or, as a slug, of another
    file of a site (when the file defines no slug-shaped labels itself) is a cross-reference, not a slip."""
    if doc.format != "md":
        return
    defined = definitions(doc)
    slugs_are_defined = any(_SLUG_LABEL_RE.match(label) for label in defined)
    headings: set[str] | None = None
    uses: list[_Use] = []
    for b in doc.blocks:
        if not b.is_prose or "[" not in b.content:
            continue
        text = _code_masked(b.content)
        base = b.content_start
        raw = b.content  # code is masked to find links, but a label may itself be code: [`fs.open()`][]
        for m in _REF_USE_RE.finditer(text):
            group = "label" if m.group("label") else "text"
            label = raw[m.start(group) : m.end(group)]
            if label.startswith("^") or _normal(label) in defined or _literal_pair(m.group("text"), label):
                continue
            if not label.strip() or _escaped_bracket(raw, m.end() - 1):
                continue  # `[t][ ]` is no reference; `[t][x\]` escapes its bracket
            if _SLUG_LABEL_RE.match(label) and not slugs_are_defined:
                continue
            if headings is None:
                headings = _heading_labels(doc)
            if _normal(label) in headings:
                continue
            uses.append(_Use(base + m.start(), base + m.end(), raw[m.start() : m.end()][:50], label, _normal(label)))
        for m in _FOOTNOTE_USE_RE.finditer(text):
            key = _normal("^" + m.group("label"))
            if key not in defined:
                uses.append(_Use(base + m.start(), base + m.end(), m.group(0), "^" + m.group("label"), key))
        if defined and "[" in text:
            uses.extend(_near_misses(text, raw, base, doc.view(_spellings)))
    uses.sort(key=lambda u: u.start)
    yield from _grouped(uses, bool(defined), params)


def _near_misses(text: str, raw: str, base: int, defined: dict[str, str]) -> Iterator[_Use]:
    """Shortcut references `[FQDN Selector]` whose label is one edit away from a defined one
    (`[FQDN Selectors]: …`): the text was edited and the definition not, so it shows as brackets."""
    import difflib

    for m in _SHORTCUT_RE.finditer(text):
        key = _normal(m.group("label"))
        if key in defined or len(key) < 4:
            continue
        for d in sorted(defined):  # sorted: the same label named on every run
            if d.startswith("^") or abs(len(d) - len(key)) > 2:
                continue
            if d.rstrip("s") == key.rstrip("s") or len(key) >= 8 and difflib.SequenceMatcher(None, d, key).ratio() >= 0.9:
                label = raw[m.start("label") : m.end("label")]
                yield _Use(base + m.start(), base + m.end(), raw[m.start() : m.end()][:50], label, key, defined[d])
                break
