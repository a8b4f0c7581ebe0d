"""The pygls wiring of `reportlint lsp`: stdio, debounced linting, publishing, code actions, hover.

The one module that imports pygls. Every handler runs on the server's event loop (the main
thread, so each check keeps its CPU budget); a change schedules a lint of that document
after `debounceMs` of quiet, and a new change restarts the wait. `initializationOptions`:

    {"debounceMs": 250, "rulesUrl": "https://…/docs/rules.md", "crossFile": true,
     "preview": false, "messageLanguage": "auto", "twoTiers": true}

A long document (its last check took over 150 ms of CPU) is checked in two tiers after a
change (session.lint_first): the block and line rules at once, published with the previous
check's whole-document findings moved through the edit, then the rest; `twoTiers: false`
publishes once, after the whole check.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from reportlint import __version__
from reportlint.config import CONFIG_NAMES
from reportlint.diagnostics import Diagnostic
from reportlint.document import LineIndex
from reportlint.lsp import convert
from reportlint.lsp.positions import UTF16, Positions
from reportlint.lsp.session import Options, Session, is_binary
from reportlint.lsp.uris import path_to_uri, uri_to_path

log = logging.getLogger(__name__)
DEFAULT_DEBOUNCE_MS = 250
# Quiet time after the last check before the cyclic collector looks at everything the server keeps (`_checking`)
IDLE_COLLECT_S = 5.0
RULE_FILE_SUFFIXES = (".yml", ".yaml")
WATCHED = ("**/.reportlint.yaml", "**/.reportlint.yml", "**/pyproject.toml", "**/*.yml", "**/*.yaml",
           "**/*.md", "**/*.markdown", "**/*.txt", "**/*.rst", "**/*.docx")


def default_rules_url() -> str | None:
    """docs/rules.md of this checkout (an editable install), else no link unless the client gives one."""
    here = Path(__file__).resolve().parent.parent.parent / "docs" / "rules.md"
    return here.as_uri() if here.is_file() else None


def is_config(path: str) -> bool:
    name = os.path.basename(path)
    return name in CONFIG_NAMES or name == "pyproject.toml" or name.lower().endswith(RULE_FILE_SUFFIXES)


class ReportlintServer(LanguageServer):
    """A LanguageServer holding one Session, the pending lints and what was last published."""

    def __init__(self) -> None:
        super().__init__("reportlint", __version__)
        self.session = Session()
        self.debounce = DEFAULT_DEBOUNCE_MS / 1000
        self.rules_url = default_rules_url()
        self.timers: dict[str, asyncio.TimerHandle] = {}  # debounce
        self.second: dict[str, asyncio.TimerHandle] = {}  # the second tier, due next
        # uri → (diagnostics, their LSP form) as last published, for code actions and hover
        self.shown: dict[str, list[tuple[Diagnostic, lsp.Diagnostic]]] = {}
        self.converted: dict[str, convert.Converted] = {}  # uri → the last publication's LSP forms, to take again
        self.problem_uris: dict[str, object] = {}  # config URI → the problem last published for it
        self.shut_down = False  # a shutdown request came before exit (the exit code says so)
        self.idle_collect: asyncio.TimerHandle | None = None  # the full collection after the last check

    # ------------------------------------------------------------ positions

    @property
    def encoding(self) -> str:
        try:
            return str(self.workspace.position_encoding or UTF16)
        except RuntimeError:  # before initialize
            return UTF16

    def positions(self, uri: str) -> Positions | None:
        doc = self.session.document(uri)
        return Positions(doc.source_index, self.encoding) if doc is not None else None  # diagnostics: the file's offsets

    def positions_of_path(self, path: str) -> Positions | None:
        index = self.session.index_of(path)
        if index is None:
            try:
                index = LineIndex(Path(path).read_text(encoding="utf-8", errors="replace"))
            except OSError:
                return None
        return Positions(index, self.encoding)

    # ------------------------------------------------------------ linting

    def schedule(self, uri: str, delay: float) -> None:
        self._cancel(uri)
        loop = asyncio.get_running_loop()
        self.timers[uri] = loop.call_later(delay, self.lint_now, uri)

    def _cancel(self, uri: str) -> None:
        for pending in (self.timers.pop(uri, None), self.second.pop(uri, None)):
            if pending is not None:
                pending.cancel()

    def lint_now(self, uri: str) -> None:
        """Check `uri` now; a long document after a change gets its first tier at once and the rest
        as the loop's next turn (so a change arriving meanwhile cancels it and waits its debounce)."""
        self._cancel(uri)
        try:
            with self.checking():
                first = self.session.lint_first(uri)
        except Exception:  # noqa: BLE001
            log.exception("first tier failed")
            first = None
        if first is None:
            self.lint_full(uri)
            return
        for u, diags in first.items():
            self.publish(u, diags)
        self.second[uri] = asyncio.get_running_loop().call_later(0, self.lint_full, uri)

    def lint_full(self, uri: str) -> None:
        self.second.pop(uri, None)
        try:
            with self.checking():
                results = self.session.lint(uri)
        except Exception as err:  # noqa: BLE001 — never a dead session; the log says why
            log.exception("lint failed")
            self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error, f"reportlint: {err!r}"))
            return
        for u, diags in results.items():
            self.publish(u, diags, force=u == uri)
        self.publish_problems()

    @contextlib.contextmanager
    def checking(self):
        """A check, under the collector's setting for checks (`_checking`); the full collection is
        put off until the server has been idle for IDLE_COLLECT_S."""
        if self.idle_collect is not None:
            self.idle_collect.cancel()
            self.idle_collect = None
        try:
            with _checking():
                yield
        finally:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # a check called outside the server's loop (a test, a benchmark): none is due
                loop = None
            if loop is not None:
                self.idle_collect = loop.call_later(IDLE_COLLECT_S, self.collect_idle)

    def collect_idle(self) -> None:
        """The cyclic collector over everything, once the editing pauses (`_checking` keeps it frozen)."""
        self.idle_collect = None
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def publish(self, uri: str, diags: list[Diagnostic], force: bool = True) -> None:
        pos = self.positions(uri) or Positions(LineIndex(""), self.encoding)
        shown, self.converted[uri] = convert.to_lsp_all(diags, pos, self.rules_url, self.positions_of_path,
                                                        self.converted.get(uri))
        pairs = list(zip(diags, shown))
        if not force and [p[1] for p in self.shown.get(uri, [])] == [p[1] for p in pairs]:
            return
        self.shown[uri] = pairs
        entry = self.session.entries.get(uri)
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
            uri=uri, diagnostics=[p[1] for p in pairs], version=entry.version if entry else None))

    def publish_problems(self) -> None:
        """Config and rule files that cannot be used: one error each, at the place it names (sent when
        it appears or changes, cleared when it is mended)."""
        now: dict[str, object] = {}
        for path, p in self.session.problems.items():
            uri = path_to_uri(path) if path else "untitled:reportlint-config"
            now[uri] = p
            if self.problem_uris.get(uri) != p:
                pos = self.positions_of_path(path) if path else None
                diag = convert.config_diagnostic(p.line, p.column, p.message, pos)
                self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[diag]))
        for uri in self.problem_uris.keys() - now.keys():
            if uri not in self.session.entries or not self.session.entries[uri].open:
                self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        self.problem_uris = now

    def reload(self) -> None:
        """A config or rule file changed: every open document is checked again under the new settings."""
        self.session.reload()
        for uri in self.session.open_uris():
            self.lint_now(uri)
        self.publish_problems()

    def current(self, uri: str) -> list[tuple[Diagnostic, lsp.Diagnostic]]:
        """The diagnostics of the document's current text (linted now if a lint is still pending)."""
        entry = self.session.entries.get(uri)
        if entry is not None and (entry.collected is None or uri in self.timers or uri in self.second):
            self._cancel(uri)
            self.lint_full(uri)
        return self.shown.get(uri, [])

    def fix_all(self, uri: str, diags: list[Diagnostic]) -> str | None:
        """The text after every safe fix, re-linted and fixed again as `check --fix` does."""
        from reportlint.runner import fix_source
        from reportlint.sources import from_text

        entry = self.session.entries.get(uri)
        if entry is None or entry.doc is None or entry.group is None:
            return None
        g = entry.group
        text, _ = fix_source(from_text(entry.doc.source, entry.path), diags, g.rules, g.config, g.options, False)
        return text


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    def key(p: lsp.Position) -> tuple[int, int]:
        return p.line, p.character

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def build_server() -> ReportlintServer:
    server = ReportlintServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: ReportlintServer, params: lsp.InitializeParams) -> None:
        opts = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        if isinstance(opts.get("debounceMs"), (int, float)) and opts["debounceMs"] >= 0:
            ls.debounce = opts["debounceMs"] / 1000
        if isinstance(opts.get("rulesUrl"), str):
            ls.rules_url = opts["rulesUrl"] or None
        language = opts.get("messageLanguage")
        ls.session.options = Options(
            cross_file=opts["crossFile"] if isinstance(opts.get("crossFile"), bool) else None,
            preview=opts["preview"] if isinstance(opts.get("preview"), bool) else None,
            message_language=language if language in ("auto", "zh", "en") else None)
        if opts.get("twoTiers") is False:
            ls.session.two_tiers_after_s = float("inf")
        folders = [uri_to_path(f.uri) for f in params.workspace_folders or []]
        if not folders and params.root_uri:
            folders = [uri_to_path(params.root_uri)]
        elif not folders and params.root_path:
            folders = [params.root_path]
        ls.session.roots = folders
        from reportlint.cli import _use_cache

        ls.session.cache_dir = _use_cache()

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: ReportlintServer, params: None) -> None:
        ls.shut_down = True
        for uri in list(ls.timers) + list(ls.second):
            ls._cancel(uri)
        if ls.idle_collect is not None:
            ls.idle_collect.cancel()
            ls.idle_collect = None

    @server.feature(lsp.INITIALIZED)
    def initialized(ls: ReportlintServer, params: lsp.InitializedParams) -> None:
        caps = ls.client_capabilities.workspace
        watch = caps.did_change_watched_files if caps else None
        if watch is not None and watch.dynamic_registration:
            watchers = [lsp.FileSystemWatcher(glob_pattern=g) for g in WATCHED]
            ls.client_register_capability(lsp.RegistrationParams([lsp.Registration(
                id="reportlint-watch", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ReportlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        ls.session.open(doc.uri, uri_to_path(doc.uri), doc.text, doc.version)
        ls.lint_now(doc.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ReportlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.session.change(uri, ls.workspace.get_text_document(uri).source, params.text_document.version)
        ls.schedule(uri, ls.debounce)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE, lsp.SaveOptions(include_text=False))
    def did_save(ls: ReportlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = uri_to_path(uri)
        if is_config(path):
            ls.reload()
            return
        if is_binary(path):
            ls.session.file_changed(uri, path)  # a Word file: read from disk again
        ls.lint_now(uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ReportlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls._cancel(uri)
        ls.session.close(uri)
        ls.shown.pop(uri, None)
        ls.converted.pop(uri, None)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: ReportlintServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        reload = False
        for change in params.changes:
            path = uri_to_path(change.uri)
            if is_config(path):
                reload = True
            else:
                ls.session.file_changed(change.uri, path, deleted=change.type == lsp.FileChangeType.Deleted)
        if reload:
            ls.reload()
        else:
            for uri in ls.session.open_uris():
                ls.lint_now(uri)

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.SourceFixAll]))
    def code_action(ls: ReportlintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        shown = ls.current(uri)
        doc = ls.session.document(uri)
        pos = ls.positions(uri)
        if doc is None or pos is None or is_binary(doc.path):  # a Word file is not edited as text
            return []
        only = params.context.only

        def wanted(kind: str) -> bool:
            return not only or any(kind == k or kind.startswith(f"{k}.") for k in only)

        actions: list[lsp.CodeAction] = []
        if wanted(lsp.CodeActionKind.QuickFix):
            for d, shown_d in shown:
                if not _overlaps(shown_d.range, params.range):
                    continue
                fix = convert.quick_fix(uri, d, shown_d, pos)
                if fix is not None:
                    actions.append(fix)
                off = convert.suppress_action(uri, doc, d, shown_d, pos)
                if off is not None:
                    actions.append(off)
        if wanted(lsp.CodeActionKind.SourceFixAll) and any(d.fix is not None and d.fix.safe for d, _ in shown):
            fixed = ls.fix_all(uri, [d for d, _ in shown])
            if fixed is not None and fixed != doc.source:
                actions.append(convert.fix_all_action(uri, pos, doc.source, fixed))
        return actions

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: ReportlintServer, params: lsp.HoverParams) -> lsp.Hover | None:
        uri = params.text_document.uri
        at = lsp.Range(params.position, params.position)
        here = [(d, s) for d, s in ls.current(uri) if _overlaps(s.range, at)]
        entry = ls.session.entries.get(uri)
        if not here or entry is None or entry.group is None:
            return None
        rules = entry.group.by_code
        parts = [convert.hover_markdown(rules[d.rule], d, ls.rules_url) for d, _ in here if d.rule in rules]
        if not parts:
            return None
        return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, "\n\n---\n\n".join(parts)), here[0][1].range)

    return server


def _checking():
    """The cyclic collector while a check runs, and after it until the server is idle.

    A check allocates hundreds of thousands of short-lived objects and almost no cycles; with
    the default thresholds the collector's older-generation passes re-scan everything the
    server keeps (rules, the documents, their reuse) several times per check: a tenth of the
    whole check's CPU on a 3,000-line report. So, as a batch run does (`runner.batch_collector`),
    what exists before the check is frozen (left out of the collector's passes) and the first
    generation is larger during it; and what the check keeps is frozen after it too, so that
    the passes between two checks (a message parsed, a reply built) and during the next one
    see only the objects made since (zh 3,000-line report: 2,157 M -> 2,033 M instructions per
    edit). Frozen objects are still freed by their reference counts (an old version's document
    is: it holds no cycle); a cycle among them waits for the full collection the server runs
    when the editing pauses (`ReportlintServer.collect_idle`).
    """
    from reportlint.runner import batch_collector  # imported by the first check, not at start-up

    return batch_collector(keep_frozen=True)
