"""The library entry points: discover → read → the pipeline (parse, check, stamp). Prints nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from reportlint.config import Config, resolve_tokens
from reportlint.diagnostics import Diagnostic, Phrase
from reportlint.document import Document
from reportlint.engine import ALWAYS_REPORTED, EngineOptions
from reportlint.pipeline import lint_document, run
from reportlint.ruleset.loader import Rule, check_deference, load_rulesets
from reportlint.ruleset.params import bind_params
from reportlint.ruleset.select import select_rules, token_matches, validate_tokens
from reportlint.ruleset.yamlpos import PosDict
from reportlint.errors import ConfigError
from reportlint.sources import ReadError, Source, discover, from_bytes, from_text, read_file

if TYPE_CHECKING:
    from reportlint.analysis.reuse import Reuse


@dataclass
class RunResult:
    """Diagnostics of a run, sorted, with the sources they refer to."""
    diagnostics: list[Diagnostic]
    files: int
    sources: dict[str, Source] = field(default_factory=dict)
    hidden: int = 0  # diagnostics hidden by a baseline


def prepare_rules(config: Config, extra_rule_files: list[str] = (), select: list[str] | None = None,
                  ignore: list[str] | None = None, cache_dir: Path | None = None,
                  preview: bool | None = None) -> list[Rule]:
    """Load, override params from config, and select the rules of a run (`cache_dir`: see ruleset/cache.py).

    `preview` (default: the config's) also runs preview rules; see ruleset/select.py.
    """
    origin = config.path or "<command line>"
    rules = load_rulesets(list(config.rulesets), config.base_dir, origin, cache_dir, builtin_tests=False)
    rules += load_rulesets(list(extra_rule_files), Path.cwd(), "--rules", cache_dir, builtin_tests=False)
    defined = {r.code for r in rules}
    if not ALWAYS_REPORTED <= defined:  # rule sets without `core`: E001/E002 still come from it
        rules += [r for r in load_rulesets(["core"], None, origin, cache_dir, builtin_tests=False)
                  if r.code in ALWAYS_REPORTED and r.code not in defined]
    resolve_tokens(config, rules)  # every config token checked with its position; severity tokens → codes
    check_deference(rules)
    by_code = {r.code: r for r in rules}
    for code, raw in config.params.items():
        if code not in by_code:
            pos = raw.pos if isinstance(raw, PosDict) else None
            raise ConfigError(origin, pos.line if pos else 1, pos.column if pos else 1, f"params: no rule {code}")
        rule = by_code[code]
        by_code[code] = rule.with_params(bind_params(rule.module.Params, raw, origin, raw, base=rule.params))
    rules = [by_code[r.code] for r in rules]
    sel = select if select is not None else config.select
    ign = list(config.ignore) + list(ignore or [])
    validate_tokens(sel, rules, "select")
    validate_tokens(ign, rules, "ignore")
    chosen = {r.code for r in select_rules(rules, sel, ign, config.preview if preview is None else preview)}
    # A file that cannot be read and a check that crashed are reported whatever is selected
    # (nothing is lost silently), unless the user ignores them by name.
    chosen |= {r.code for r in rules if r.code in ALWAYS_REPORTED and not any(token_matches(t, r) for t in ign)}
    return [r for r in rules if r.code in chosen]


def engine_options(config: Config, cross_file: bool | None = None, message_language: str | None = None) -> EngineOptions:
    return EngineOptions(
        severity=dict(config.severity),
        per_file_ignores=tuple(config.per_file_ignores),
        base_dir=config.base_dir,
        cross_file=config.cross_file if cross_file is None else cross_file,
        message_language=message_language or config.message_language,
        reference_files=tuple(config.reference_files),
    )


def parse_source(src: Source, language: str = "auto", fmt: str | None = None, reuse: "Reuse | None" = None) -> Document:
    """`reuse`: the language server's results of this document's last version (`analysis.reuse.Reuse`)."""
    if fmt is None:
        return Document.from_source(src, language, reuse)
    return Document.parse(src.text, src.path, fmt=fmt, language=language, reuse=reuse)


def read_sources(paths: list[str], config: Config, stdin: tuple[str, bytes] | None = None
                 ) -> tuple[list[Source], list[tuple[str, Phrase]]]:
    """The readable sources, and (path, reason) for each path that could not be read (E001)."""
    files, missing = discover(paths, config.include, config.exclude, config.base_dir, config.respect_gitignore)
    sources: list[Source] = []
    errors = [(e.path, e.reason) for e in missing]
    for f in files:
        if f == "-" and stdin is not None:
            got = from_bytes(stdin[1], stdin[0])  # `--stdin-filename draft.docx`: a Word document on stdin
        else:
            got = read_file(f)
        if isinstance(got, ReadError):
            errors.append((got.path, got.reason))
        else:
            sources.append(got)
    return sources, errors


def lint_sources(sources: list[Source], rules: list[Rule], config: Config, options: EngineOptions,
                 jobs: int | None = 1, progress: Callable[[int, int], None] | None = None,
                 problems: list[tuple[str, Phrase]] = ()) -> list[Diagnostic]:
    """`jobs`: worker processes (None = auto); `problems`: (path, reason) of files that could not be read."""
    from reportlint.parallel import resolve_jobs

    return run(sources, rules, options, config.language, resolve_jobs(jobs, sources), progress, problems)


def lint_paths(paths: list[str], config: Config, rules: list[Rule], options: EngineOptions,
               stdin: tuple[str, bytes] | None = None, jobs: int | None = 1,
               progress: Callable[[int, int], None] | None = None) -> RunResult:
    sources, errors = read_sources(paths, config, stdin)
    diags = lint_sources(sources, rules, config, options, jobs, progress, errors)
    return RunResult(diags, len(sources) + len(errors), {s.path: s for s in sources})


def lint_text(text: str, rules: list[Rule], path: str = "<text>", fmt: str | None = None,
              language: str = "auto", options: EngineOptions | None = None) -> list[Diagnostic]:
    """Lint a string (used by the rule test cases and by editors)."""
    doc = Document.parse(from_text(text, path).text, path, fmt=fmt, language=language)
    return lint_document(doc, rules, options or EngineOptions())
