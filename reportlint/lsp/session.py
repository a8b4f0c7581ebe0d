"""The language server's model of a workspace, free of the protocol (tested without an editor).

Each document (by URI) keeps its text, its parsed Document and the findings the collect
phase gave for it (`pipeline.collect`); an edit drops only that document's parse, so a
change re-parses and re-checks one document. Documents are grouped by their nearest config
(`settings.Configs`, as `reportlint check` groups files); each group has its rules loaded
once (`api.prepare_rules`) and kept until a config or rule file changes. With `cross-file`
on, the cross-file pass (`pipeline.cross_file`) runs over the group's documents — the open
ones and the workspace's files read from disk — from their kept findings, and every open
document of the group gets its diagnostics again, so a copy shows in both files when either
changes. Then suppression and stamping, the same phases as `reportlint check`.

A config that cannot be read is an error on the config file; its documents are checked
with the defaults meanwhile. Nothing here raises for a bad document: a failure is one E002.
"""

from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from reportlint.analysis.reuse import Reuse
from reportlint.api import engine_options, parse_source, prepare_rules
from reportlint.config import Config
from reportlint.diagnostics import Diagnostic, Phrase, Severity
from reportlint.document import Document, LineIndex
from reportlint.engine import CHECK_CRASHED, EngineOptions, Raw, StampContext
from reportlint.errors import ConfigError, SelectionError
from reportlint.lsp.carry import Change, carry
from reportlint.lsp.incremental import Last, block_local, recheck, remember
from reportlint.pipeline import Collected, collect, cross_file, needs_cross_file, settle, stamp_all, suppress, unreadable
from reportlint.ruleset.loader import Rule
from reportlint.settings import Configs
from reportlint.sources import ReadError, discover, from_text, read_file
from reportlint.text.cjk import detect_language

# Read from disk (not the editor's buffer), on open and save: formats that are not text.
BINARY_SUFFIXES = (".docx",)
MAX_WORKSPACE_FILES = 2000  # the cross-file pass reads at most this many files of a workspace
# A document whose last full check took longer (CPU) is checked in two tiers after a change.
TWO_TIERS_AFTER_S = 0.15
# The first tier: check kinds that look at one block, one line or one local run of them (a list,
# a heading and the one before it). Every other kind relates places across the whole document
# (copies, numbers, the outline's numbering, contents, cross-references) and is second, as is a
# kind this list does not know yet (a new kind is never made slower to publish its first tier).
LOCAL_KINDS = frozenset({
    "pattern", "substitution", "repetition", "pair", "emphasis", "punctuation-width", "paragraph-break",
    "links", "fence", "heading-level", "heading-punctuation", "list-numbering", "suppression-syntax",
    "suppression", "internal",
})


@dataclass(frozen=True)
class Options:
    """What the client may set in `initializationOptions` (None: the config's own setting)."""
    cross_file: bool | None = None
    preview: bool | None = None
    message_language: str | None = None


@dataclass(frozen=True)
class Problem:
    """A config or rule file that could not be used: where, and what is wrong."""
    path: str  # absolute
    line: int
    column: int
    message: str


@dataclass
class Group:
    """The documents under one config: its rules and engine options, loaded once."""
    config: Config
    rules: list[Rule]
    options: EngineOptions
    by_code: dict[str, Rule] = field(default_factory=dict)
    first: list[Rule] = field(default_factory=list)  # the first tier (see tiers)
    second: list[Rule] = field(default_factory=list)
    second_codes: frozenset[str] = frozenset()
    block_local: frozenset[str] = frozenset()  # rules re-checked only where an edit reached (lsp/incremental.py)

    def __post_init__(self) -> None:
        self.by_code = {r.code: r for r in self.rules}
        self.first, self.second = tiers(self.rules)
        self.second_codes = frozenset(r.code for r in self.second)
        self.block_local = frozenset(block_local(self.rules))

    def in_second(self, item: Raw) -> bool:
        """A finding of a second-tier rule (an E002 names the rule that crashed)."""
        code = item.finding.fields.get("code") if item.code == CHECK_CRASHED else item.code
        return code in self.second_codes


def tiers(rules: list[Rule]) -> tuple[list[Rule], list[Rule]]:
    """(rules of local kinds, the rest): a rule that defers, and what it defers to, are second, so each
    tier holds every rule its rules defer to."""
    second = {r.code for r in rules if r.kind not in LOCAL_KINDS or r.defers_to}
    grew = True
    while grew:
        grew = False
        for r in rules:
            if r.code in second and not second.issuperset(r.defers_to):
                second |= set(r.defers_to)
                grew = True
    return [r for r in rules if r.code not in second], [r for r in rules if r.code in second]


@dataclass
class Entry:
    """One document: the editor's text (open) or the file's (workspace), parsed once per text."""
    uri: str
    path: str
    text: str | None = None  # None: not read yet (a workspace file) or read from disk (binary)
    version: int | None = None
    open: bool = False
    unreadable: Phrase | None = None  # why the file could not be read (E001), worded in E001.yml
    failure: str | None = None  # why the reader failed on it (E002)
    doc: Document | None = None
    collected: Collected | None = None
    group: Group | None = None  # the group `doc` and `collected` were made under
    first: Collected | None = None  # the first tier's findings on `doc`, when checked in two tiers
    last: tuple[str, list[Raw]] | None = None  # the text (as read) and findings of the last full check
    # What the views derived from this document's blocks, kept for its next version (content-keyed)
    reuse: Reuse = field(default_factory=Reuse)
    # The block-local rules' findings on the last version they ran on, by code (lsp/incremental.py)
    last_local: dict[str, Last] = field(default_factory=dict)
    cost: float = 0.0  # CPU seconds of the last full check (both tiers)
    first_cost: float = 0.0  # CPU seconds of the first tier (counted into `cost` by the second)

    def stale(self) -> None:
        self.doc = self.collected = self.group = self.first = None


@dataclass
class Session:
    """Documents by URI, their configs and rules; `lint(uri)` gives diagnostics per open URI."""
    options: Options = field(default_factory=Options)
    cache_dir: Path | None = None
    two_tiers_after_s: float = TWO_TIERS_AFTER_S
    roots: list[str] = field(default_factory=list)  # workspace folders (paths)
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: dict[str, Problem] = field(default_factory=dict)  # config path → what is wrong with it
    _configs: Configs | None = None
    _groups: dict[int, Group] = field(default_factory=dict)
    _scanned: bool = False

    # ------------------------------------------------------------ documents

    def open(self, uri: str, path: str, text: str, version: int | None = None) -> None:
        e = self.entries.get(uri) or Entry(uri, path)
        self.entries[uri] = e
        e.open, e.version = True, version
        self._set_text(e, text)

    def change(self, uri: str, text: str, version: int | None = None) -> None:
        e = self.entries.get(uri)
        if e is None:
            return
        e.version = version
        self._set_text(e, text)

    def close(self, uri: str) -> None:
        e = self.entries.get(uri)
        if e is None:
            return
        if self._scanned and self._in_workspace(e.path) and os.path.isfile(e.path):
            e.open, e.text = False, None  # still a workspace file: read from disk when needed again
            e.stale()
        else:
            del self.entries[uri]

    def file_changed(self, uri: str, path: str, deleted: bool = False) -> None:
        """A file changed on disk: a closed document is read again; an open one keeps the editor's text."""
        e = self.entries.get(uri)
        if deleted:
            if e is not None and not e.open:
                del self.entries[uri]
            return
        if e is None:
            if self._scanned and self._in_workspace(path) and self._wanted(path):
                self.entries[uri] = Entry(uri, path)
            return
        if not e.open or is_binary(path):
            e.text = None
            e.stale()

    def _set_text(self, e: Entry, text: str) -> None:
        if is_binary(e.path):
            text = None  # the buffer of a Word file is not its text: read it from disk
        if text != e.text or text is None:
            e.text = text
            e.stale()

    def open_uris(self) -> list[str]:
        return [u for u, e in self.entries.items() if e.open]

    # ------------------------------------------------------------ configs and rules

    def reload(self) -> None:
        """A config or rule file changed: read every config again, load rules again."""
        self._configs = None
        self._groups.clear()
        self.problems.clear()
        for e in self.entries.values():
            e.stale()

    def group_for(self, path: str) -> Group:
        if self._configs is None:
            self._configs = Configs(Config())
        try:
            config = self._configs.for_file(path)
        except ConfigError as err:
            self._problem(err.path, err.line, err.column, err.message)
            config = self._configs.default
        group = self._groups.get(id(config))
        if group is None:
            group = self._groups[id(config)] = self._load_group(config)
        return group

    def _load_group(self, config: Config) -> Group:
        try:
            rules = prepare_rules(config, cache_dir=self.cache_dir, preview=self.options.preview)
        except ConfigError as err:
            self._problem(err.path, err.line, err.column, err.message)
            return self._default_group()
        except SelectionError as err:
            self._problem(config.path or "", 1, 1, str(err))
            return self._default_group()
        options = engine_options(config, self.options.cross_file, self.options.message_language)
        return Group(config, rules, options)

    def _default_group(self) -> Group:
        default = self._configs.default
        group = self._groups.get(id(default))
        if group is None:
            group = self._groups[id(default)] = self._load_group(default)
        return group

    def _problem(self, path: str, line: int, column: int, message: str) -> None:
        full = os.path.abspath(path) if path else ""
        self.problems.setdefault(full, Problem(full, line, column, message))

    # ------------------------------------------------------------ the workspace's files (cross-file)

    def _in_workspace(self, path: str) -> bool:
        real = os.path.realpath(path)
        return any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in map(os.path.realpath, self.roots))

    def _wanted(self, path: str) -> bool:
        from reportlint import globs

        cfg = self.group_for(path).config
        try:
            rel = Path(os.path.realpath(path)).relative_to(os.path.realpath(cfg.base_dir)).as_posix()
        except ValueError:
            rel = Path(path).name
        return globs.matches(rel, cfg.include) and not (cfg.exclude and globs.matches(rel, cfg.exclude))

    def _scan(self) -> None:
        """Add the workspace folders' files (as `reportlint check FOLDER` finds them), once."""
        self._scanned = True
        from reportlint.lsp.uris import path_to_uri

        found: list[str] = []
        for root in self.roots:
            if not os.path.isdir(root):
                continue
            cfg = self._configs.for_folder(Path(root)) if self._configs else Config()
            files, _ = discover([root], cfg.include, cfg.exclude, cfg.base_dir, cfg.respect_gitignore)
            found.extend(os.path.abspath(f) for f in files)
        for path in found[:MAX_WORKSPACE_FILES]:
            uri = path_to_uri(path)
            if uri not in self.entries:
                self.entries[uri] = Entry(uri, path)

    # ------------------------------------------------------------ linting

    def lint_first(self, uri: str) -> dict[str, list[Diagnostic]] | None:
        """The first tier after a change to a long document: block and line rules fresh, the last full
        check's whole-document findings carried through the edit; None when one full check is due."""
        e = self.entries.get(uri)
        if e is None or e.collected is not None or e.text is None or e.last is None \
                or e.cost < self.two_tiers_after_s:
            return None
        group = self.group_for(e.path)
        started = time.process_time()
        if not group.second or not self._parse(e, group):
            return None
        try:
            e.first = self._run(e, group, group.first, dataclasses.replace(group.options, cross_file=False))
        except Exception as err:  # noqa: BLE001
            return {uri: [self._crash(e, group, err)]}
        e.first_cost = time.process_time() - started
        old_text, old_raw = e.last
        kept = carry([r for r in old_raw if group.in_second(r)], Change.between(old_text, e.doc.source))
        return {uri: self._stamp(e, group, dataclasses.replace(e.first, raw=e.first.raw + kept))}

    def lint(self, uri: str) -> dict[str, list[Diagnostic]]:
        """Diagnostics of `uri` and, with the cross-file pass, of every open document of its group."""
        e = self.entries.get(uri)
        if e is None:
            return {}
        group = self.group_for(e.path)
        self._collect(e, group)
        if not (group.options.cross_file and e.doc is not None):
            if e.collected is not None and e.collected.facts:  # the config's reference-files (MK012)
                mine = dataclasses.replace(e.collected, raw=list(e.collected.raw))
                settle([mine], group.rules, group.options)
                return {uri: self._stamp(e, group, mine)}
            return {uri: self._stamp(e, group, e.collected)}
        if not self._scanned:
            self._scan()
        # in path order, as a folder walk lists them: the earlier file holds the original, as in `check`
        members = sorted((m for m in list(self.entries.values()) if self.group_for(m.path) is group),
                         key=lambda m: m.path)
        for m in members:
            self._collect(m, group)
        members = [m for m in members if m.doc is not None]
        copies = [dataclasses.replace(m.collected, raw=list(m.collected.raw)) for m in members]
        settle(copies, group.rules, group.options)  # a reference label another open file defines (MK012)
        if needs_cross_file(group.rules, group.options, len(members)):
            try:
                cross_file([m.doc for m in members], copies, group.rules, group.options)
            except Exception as err:  # noqa: BLE001 — the session goes on; the failure is shown
                return {uri: [self._crash(e, group, err)]}
        for m, c in zip(members, copies):
            m.last = (m.doc.source, c.raw)  # cross-file findings are carried too
        return {m.uri: self._stamp(m, group, c) for m, c in zip(members, copies) if m.open}

    def _parse(self, e: Entry, group: Group) -> bool:
        """`e.doc` for its current text under `group` (kept when it is); False when it cannot be read."""
        if e.doc is not None and e.group is group:
            return True
        e.unreadable = e.failure = None
        e.doc, e.group, e.first = None, group, None
        try:
            if e.text is None:
                got = read_file(e.path)
                if isinstance(got, ReadError):
                    e.unreadable = got.reason
                    return False
                source = got
                if not is_binary(e.path):
                    e.text = got.text
            else:
                source = from_text(e.text, e.path)
            e.reuse.next_version()  # the session's, for this document only: its parse and every view reuse it
            e.doc = parse_source(source, group.config.language, reuse=e.reuse)
        except Exception as err:  # noqa: BLE001 — a document that breaks the reader: one E002, not a dead server
            e.doc, e.failure = None, f"{type(err).__name__}: {err}"
        return e.doc is not None

    def _collect(self, e: Entry, group: Group) -> None:
        """Parse and check `e` unless its findings are still those of its text under this group
        (after a first tier, only the second tier's rules run)."""
        if e.collected is not None and e.group is group:
            return
        started = time.process_time()
        if not self._parse(e, group):
            e.collected = Collected(e.path, "en", [], [])
            return
        options = dataclasses.replace(group.options, cross_file=False)
        if e.first is not None:
            started -= e.first_cost
        try:
            if e.first is not None:
                rest = self._run(e, group, group.second, options)
                e.collected = dataclasses.replace(e.first, raw=e.first.raw + rest.raw, facts={**e.first.facts, **rest.facts})
            else:
                e.collected = self._run(e, group, group.rules, options)
        except Exception as err:  # noqa: BLE001
            e.doc, e.failure = None, f"{type(err).__name__}: {err}"
            e.collected = Collected(e.path, "en", [], [])
            return
        e.cost = time.process_time() - started
        e.last = (e.doc.source, e.collected.raw)
        e.reuse.complete = True

    def _run(self, e: Entry, group: Group, rules: list[Rule], options: EngineOptions) -> Collected:
        """`collect(e.doc, rules, options)`, the block-local rules re-checked only in the blocks the edits
        since their last run reached (lsp/incremental.py); their findings are kept for the next version."""
        local = [r for r in rules if r.code in group.block_local]
        if not local:
            return collect(e.doc, rules, options)
        carried, whole = recheck(e.doc, local, e.last_local, options) if e.last_local else ([], local)
        again = {r.code for r in whole}
        out = collect(e.doc, [r for r in rules if r.code not in group.block_local or r.code in again], options)
        if carried:
            out = dataclasses.replace(out, raw=out.raw + carried)
        remember(e.last_local, e.doc, local, out.raw)
        return out

    def _stamp(self, e: Entry, group: Group, collected: Collected) -> list[Diagnostic]:
        if e.unreadable is not None:
            return unreadable([(e.path, e.unreadable)], group.by_code, group.options)
        if e.doc is None:
            return [self._crash(e, group, e.failure)]
        try:
            ctx = StampContext.of(e.doc)
            by_code = group.by_code
            out = stamp_all(suppress(collected, ctx.index, by_code, group.options), ctx, by_code, group.options)
        except Exception as err:  # noqa: BLE001
            return [self._crash(e, group, err)]
        out.sort(key=Diagnostic.sort_key)
        return out

    def _crash(self, e: Entry, group: Group, err: object) -> Diagnostic:
        """The one E002 of a document the server could not check at all."""
        rule = group.by_code.get(CHECK_CRASHED)
        what = f"{type(err).__name__}: {err}" if isinstance(err, BaseException) else str(err)
        language = group.options.message_language
        if language == "auto":
            language = detect_language(e.text) if e.text else "en"
        # worded in E002's YAML (clause `unchecked`); without the rule loaded, the failure as Python gives it
        message = rule.clause("unchecked", language).format(what=what) if rule else what
        return Diagnostic(
            path=e.path, line=1, column=1, end_line=1, end_column=1, rule=CHECK_CRASHED,
            name=rule.name if rule else "check-crashed", category="error", severity=Severity.ERROR,
            message=message)

    def document(self, uri: str) -> Document | None:
        e = self.entries.get(uri)
        return e.doc if e is not None else None

    def index_of(self, path: str) -> LineIndex | None:
        """The line index of a document the session knows, by path (for related places in other files)."""
        for e in self.entries.values():
            if e.path == path and e.doc is not None:
                return e.doc.source_index
        return None


def is_binary(path: str) -> bool:
    return path.lower().endswith(BINARY_SUFFIXES)
