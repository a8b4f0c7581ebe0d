"""`reportlint check` as a function: options in, rendered report and exit code out."""

from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from reportlint.api import RunResult, engine_options, lint_paths, parse_source, prepare_rules
from reportlint.config import Config
from reportlint.copies import without_edits_in_copies
from reportlint.diagnostics import Diagnostic, Severity
from reportlint.pipeline import lint_document
from reportlint.fix import applicable_fixes, apply_edits, unified_diff
from reportlint.atomic import write_atomic
from reportlint.output import Report, render
from reportlint.sources import Source, encode

MAX_FIX_PASSES = 8
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass
class CheckOptions:
    """Everything `reportlint check` was asked to do, independent of click."""
    paths: list[str]
    fmt: str = "text"
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    rule_files: list[str] = field(default_factory=list)
    fail_on: str = "error"
    max_warnings: int = -1
    baseline: str | None = None
    update_baseline: bool = False
    fix: bool = False
    unsafe_fixes: bool = False
    show_diff: bool = False
    cross_file: bool | None = None
    diff_base: str | None = None
    jobs: int | None = None
    statistics: bool = False
    quiet: bool = False
    color: bool = False
    stdin: tuple[str, bytes] | None = None
    width: int = 80  # terminal columns for text excerpts
    fold: bool = True  # text: fold findings repeated inside reported copies
    message_language: str | None = None  # auto | zh | en (None: the config's message-language)
    groups: list[tuple[Config, list[str]]] | None = None  # files with their nearest config (settings.plan)
    preview: bool | None = None  # run preview rules too (None: the config's `preview`)
    cache_dir: Path | None = None  # rule cache (ruleset/cache.py); None loads the YAML every run


@dataclass
class Outcome:
    """What a check run produced: the rendered report, the exit code and notes for standard error."""
    rendered: str
    exit_code: int
    notes: list[str] = field(default_factory=list)  # lines for standard error
    diff_text: bytes = b""  # --diff: the patch, each file's lines in its own encoding (fix.unified_diff)
    fixed_stdin: bytes | None = None  # with --fix and '-': the fixed text, for standard output
    diagnostics: list[Diagnostic] = field(default_factory=list)


class _Group:
    """What linting (and fixing) one group of files under one config produced.

    A plain class (internal, never compared or printed): a dataclass costs ~3 M instructions at start-up."""

    __slots__ = ("result", "rules", "diffs", "fixed", "fixed_stdin", "notes")

    def __init__(self, result: RunResult, rules: list) -> None:
        self.result = result
        self.rules = rules
        self.diffs: list[bytes] = []
        self.fixed = 0
        self.fixed_stdin: bytes | None = None
        self.notes: list[str] = []


@contextlib.contextmanager
def batch_collector(keep_frozen: bool = False) -> Iterator[None]:
    """The cyclic collector tuned for a batch run, then restored.

    A check run allocates millions of short-lived objects (matches, tuples, findings) and
    almost no cycles, while the rules, patterns and modules loaded before it stay alive to
    the end. With the default thresholds the collector re-scans those on every older-
    generation pass (about a tenth of a second per 10 MB here); frozen, and with a larger
    first generation, it does a handful of passes over what the run itself keeps.
    `keep_frozen`: what exists at the end is frozen too, not thawed (the language server,
    which collects everything when idle instead: lsp/server.py `_checking`).
    """
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        if keep_frozen:
            gc.freeze()
        else:
            gc.unfreeze()


def _lint_group(opts: CheckOptions, config: Config, paths: list[str], bar) -> _Group:
    """Lint `paths` under `config`, then apply or diff fixes (re-linting what was written)."""
    rules = prepare_rules(config, opts.rule_files, opts.select, opts.ignore, opts.cache_dir, opts.preview)
    options = engine_options(config, opts.cross_file, opts.message_language)  # the engine words every message
    with batch_collector():
        result = lint_paths(paths, config, rules, options, opts.stdin, opts.jobs, bar)
    group = _Group(result, rules)
    if not (opts.fix or opts.show_diff):
        return group
    for path, src in result.sources.items():
        if src.structure is not None:  # a Word document is never rewritten: its review copy is `annotate`'s
            group.notes.append(f"reportlint: {path}: --fix does not edit Word documents; "
                               f"`reportlint annotate {path}` writes a reviewed copy with one comment per finding")
            continue
        is_stdin = opts.stdin is not None and path == opts.stdin[0]
        mine = [d for d in result.diagnostics if d.path == path]
        new_text, n = fix_source(src, mine, rules, config, options, opts.unsafe_fixes)
        if is_stdin and not opts.show_diff:
            group.fixed_stdin = encode(src, new_text)
            group.fixed += n
            continue
        if n == 0 or new_text == src.text:
            continue
        group.fixed += n
        if opts.show_diff:
            group.diffs.append(unified_diff(src, new_text))
        else:
            write_atomic(path, encode(src, new_text))
    if group.fixed and not opts.show_diff:
        stdin = opts.stdin if group.fixed_stdin is None else (opts.stdin[0], group.fixed_stdin)
        group.result = lint_paths(paths, config, rules, options, stdin, opts.jobs)
    return group


def run_check(opts: CheckOptions, config: Config, progress: Callable[[int, int], None] | None = None) -> Outcome:
    """`config` is the run's (fail-on, baseline, summary language); `opts.groups`, when set, pairs each
    group of files with the config nearest to them (settings.plan), each linted under its own rules.
    `progress(done, total)` is called as files are checked (the CLI's bar on a terminal)."""
    groups_in = opts.groups if opts.groups is not None else [(config, list(opts.paths))]
    done = [_lint_group(opts, cfg, paths, progress) for cfg, paths in groups_in if paths]
    result = _merge([g.result for g in done])
    rules = list({r.code: r for g in done for r in g.rules}.values())
    diff_text = b"".join(d for g in done for d in g.diffs)
    fixed = sum(g.fixed for g in done)
    fixed_stdin = next((g.fixed_stdin for g in done if g.fixed_stdin is not None), None)
    message_language = opts.message_language or config.message_language
    notes: list[str] = _nothing_found(opts.paths, result) + [n for g in done for n in g.notes]
    diags = result.diagnostics
    hidden = 0
    if opts.baseline or opts.update_baseline or opts.diff_base:
        from reportlint import gating

        diags, hidden, extra_notes = gating.apply(diags, result.sources, opts)
        notes.extend(extra_notes)
    report = Report(diags, result.files, result.sources, rules, hidden, opts.color, opts.statistics, opts.quiet,
                    fixed if not opts.show_diff else 0, opts.width, opts.fold,
                    _report_language(message_language, config.language, result.sources.values()))
    if opts.show_diff:  # only the patch on stdout, whatever the format; 1 when there would be changes
        return Outcome("", EXIT_FINDINGS if diff_text else EXIT_OK, notes, diff_text, None, diags)
    rendered = render(opts.fmt, report)
    warnings = sum(1 for d in diags if d.severity == Severity.WARNING)
    if opts.max_warnings is not None and 0 <= opts.max_warnings < warnings:
        notes.append(f"reportlint: {warnings} warnings, more than --max-warnings {opts.max_warnings} allows (exit 1)")
    return Outcome(rendered, exit_code(diags, opts.fail_on, opts.max_warnings), notes, diff_text, fixed_stdin, diags)


def _merge(results: list[RunResult]) -> RunResult:
    if len(results) == 1:
        return results[0]
    diags = [d for r in results for d in r.diagnostics]
    diags.sort(key=Diagnostic.sort_key)
    return RunResult(diags, sum(r.files for r in results), {p: s for r in results for p, s in r.sources.items()})


def _report_language(message_language: str, language: str, sources) -> str:
    """The language of the report's own lines: the chosen one, else that of most documents checked."""
    if message_language != "auto":
        return message_language
    if language != "auto":
        return language
    from reportlint.text.cjk import detect_language

    langs = [detect_language(s.text, 20_000) for s in sources]
    return "zh" if langs and langs.count("zh") * 2 > len(langs) else "en"


def _nothing_found(paths: list[str], result) -> list[str]:
    """Warnings for a run, or a named folder, in which no file was found to check (a gate passing on nothing)."""
    import os

    if result.files == 0:
        return [f"reportlint: warning: no files to check in {', '.join(paths)} (see include, exclude, .gitignore)"]
    # Each path once (a file has many diagnostics): realpath reads the file system
    found = [os.path.realpath(p) for p in dict.fromkeys([*result.sources, *(d.path for d in result.diagnostics)])
             if p != "-"]
    empty = []
    for p in paths:
        if p != "-" and os.path.isdir(p):
            root = os.path.realpath(p).rstrip(os.sep) + os.sep
            if not any(f.startswith(root) for f in found):
                empty.append(p)
    return [f"reportlint: warning: no files to check in {p} (see include, exclude, .gitignore)" for p in empty]


def fix_source(src: Source, diags: list[Diagnostic], rules, config: Config, options, unsafe: bool) -> tuple[str, int]:
    """Apply fixes, re-lint and repeat until nothing more is fixable (bounded)."""
    text, total = src.text, 0
    current = diags
    for _ in range(MAX_FIX_PASSES):
        fixable = applicable_fixes(without_edits_in_copies(current), unsafe)
        if not fixable:
            break
        text, n = apply_edits(text, fixable)
        if n == 0:
            break
        total += n
        doc = parse_source(Source(src.path, text, src.encoding, src.bom, src.newline), config.language)
        current = lint_document(doc, rules, options)
    return text, total


def exit_code(diags: list[Diagnostic], fail_on: str, max_warnings: int) -> int:
    if fail_on != "never":
        threshold = Severity.parse(fail_on)
        if any(d.severity >= threshold for d in diags):
            return EXIT_FINDINGS
    if max_warnings is not None and max_warnings >= 0:
        if sum(1 for d in diags if d.severity == Severity.WARNING) > max_warnings:
            return EXIT_FINDINGS
    return EXIT_OK
