"""Command line: check, rules, explain, init. The only place that prints."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from reportlint import __version__
from reportlint.vocabulary import FAIL_ON, LANGUAGE_CHOICES, REPORT_FORMATS as FORMATS

EXIT_ERROR = 2  # usage, config or internal error (runner.exit_code gives 0 and 1)


def _fail(message: str) -> NoReturn:
    click.echo(f"reportlint: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _emit(text: str | bytes, err: bool = False, color: bool | None = None) -> None:
    """Write to stdout/stderr (bytes as they are: a patch in a file's own encoding); a reader that has
    gone (`| head`, `| true`) ends the output, not the run."""
    try:
        click.echo(text, nl=False, err=err, color=color)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)  # so the final flush does not fail again
        os.dup2(devnull, (sys.stderr if err else sys.stdout).fileno())


def _split(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        from reportlint.errors import ConfigError, SelectionError

        try:
            return super().invoke(ctx)
        except ConfigError as e:
            _fail(str(e))
        except SelectionError as e:
            _fail(str(e))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("reportlint: interrupted", err=True)
            sys.exit(130)
        except Exception as e:  # noqa: BLE001 — never a traceback for users
            if os.environ.get("REPORTLINT_DEBUG"):
                raise
            _fail(f"internal error: {type(e).__name__}: {e} (set REPORTLINT_DEBUG=1 for a traceback)")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportlint")
def main() -> None:
    """Lint long report drafts: duplicated blocks, inconsistent numbers, broken markup, misnumbered headings."""


def run() -> NoReturn:
    """The console entry point: `main`, then leave without tearing the interpreter down.

    Freeing every module and object at exit is ~15 ms of a ~0.15 s run on a small file
    and does nothing for a process that is about to end (mypy exits the same way). All
    output is written and flushed first; nothing here registers atexit work. Under a
    profiler or tracer (pyinstrument, cProfile, coverage), or with
    REPORTLINT_NO_FAST_EXIT=1, it exits normally so their atexit reports are written.
    """
    try:
        main()
        code: object = 0
    except SystemExit as e:
        code = e.code
    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("message") semantics
        click.echo(str(code), err=True)
        code = 1
    if sys.gettrace() is not None or sys.getprofile() is not None or os.environ.get("REPORTLINT_NO_FAST_EXIT"):
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):  # `reportlint check | head`: the reader left, the exit code stands
        pass
    os._exit(code)


def _defaults():
    from reportlint.config import Config

    return Config()


def _load_config(config_path: str | None):
    from reportlint.config import find_config, load_config

    if config_path:
        p = Path(config_path)
        if not p.is_file():
            _fail(f"{config_path}: config file not found")
        return load_config(p)
    return load_config(find_config())


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True)
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--config", "config_path", type=click.Path(),
              help="One config for every file (default: each file's nearest .reportlint.yaml).")
@click.option("--select", multiple=True, help="Rules to run: ALL, codes, prefixes, names, categories.")
@click.option("--ignore", multiple=True, help="Rules to skip.")
@click.option("--preview/--no-preview", default=None,
              help="Also run preview rules (precision below 0.80 on real documents; config 'preview').")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(), help="Extra rule file or folder.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None)
@click.option("--max-warnings", type=int, default=None, help="Exit 1 when there are more warnings than N.")
@click.option("--baseline", type=click.Path(dir_okay=False), default=None, help="Hide diagnostics recorded in FILE.")
@click.option("--update-baseline", is_flag=True, help="Record every current diagnostic in the baseline file.")
@click.option("--fix", is_flag=True, help="Apply safe fixes.")
@click.option("--unsafe-fixes", is_flag=True, help="Apply unsafe fixes too.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff instead of writing.")
@click.option("--cross-file/--no-cross-file", default=None, help="Find duplicates across the files of the run.")
@click.option("--diff-base", default=None, help="Report only lines changed since git revision REV.")
@click.option("--jobs", "-j", default=None, metavar="auto|N",
              help="Parallel processes: auto (all CPUs for a large run, else one) or N >= 1.")
@click.option("--statistics", is_flag=True, help="Only a table of findings per rule, [*] where --fix fixes them.")
@click.option("--quiet", "-q", is_flag=True, help="The findings without the summary (text format).")
@click.option("--no-fold", is_flag=True,
              help="Text: list the findings inside a reported copy instead of counting them under it.")
@click.option("--no-color", is_flag=True, help="No ANSI colours.")
@click.option("--stdin-filename", default=None, help="Name (and format) of the text read from '-'.")
@click.option("--language", type=click.Choice(LANGUAGE_CHOICES), default=None, help="Override language detection.")
@click.option("--message-language", type=click.Choice(LANGUAGE_CHOICES), default=None,
              help="Language of the messages: auto (each document's, the default), zh or en (config message-language).")
@click.option("--show-settings", metavar="FILE", default=None,
              help="Print the settings that apply to FILE (its nearest config) and where each came from.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None,
              help="Folder walks skip files git ignores (default: yes; config respect-gitignore).")
@click.option("--no-cache", is_flag=True,
              help="Neither read nor write the per-user cache of rules and compiled patterns (see 'reportlint cache').")
def check(paths, fmt, output, config_path, select, ignore, preview, rule_files, fail_on, max_warnings, baseline,
          update_baseline, fix, unsafe_fixes, show_diff, cross_file, diff_base, jobs, statistics, quiet,
          no_fold, no_color, stdin_filename, language, message_language, show_settings, respect_gitignore, no_cache) -> None:
    """Check PATHS (files or folders; '-' reads standard input)."""
    cache_dir = _use_cache(no_cache)  # first: the check modules compile their patterns on import
    from reportlint import runner
    from reportlint import settings

    def adjust(cfg) -> None:  # command-line overrides, on every config of the run
        if language:
            cfg.language = language
        if respect_gitignore is not None:
            cfg.respect_gitignore = respect_gitignore

    config = _load_config(config_path)
    adjust(config)
    configs = settings.Configs(config if config_path else _defaults(), adjust, config)
    if show_settings:
        cfg = config if config_path else configs.for_file(show_settings)
        click.echo(settings.describe(show_settings, cfg, bool(config_path)), nl=False)
        return
    if jobs is not None:
        from reportlint.config import parse_jobs

        try:
            jobs = parse_jobs(jobs) or 0  # 0 here: "auto" given explicitly, overriding the config
        except ValueError as e:
            raise click.BadParameter(str(e), param_hint="'--jobs' / '-j'") from None
    if not paths:
        paths = (".",)
    stdin = None
    if "-" in paths:  # '-' stays in paths: read_sources decodes the piped bytes under the stdin name
        stdin = (stdin_filename or "<stdin>", sys.stdin.buffer.read())
    opts = runner.CheckOptions(
        paths=list(paths), fmt=fmt, select=_split(select) or None, ignore=_split(ignore), rule_files=list(rule_files),
        fail_on=fail_on or config.fail_on, max_warnings=config.max_warnings if max_warnings is None else max_warnings,
        baseline=baseline or config.baseline, update_baseline=update_baseline, fix=fix or unsafe_fixes,
        unsafe_fixes=unsafe_fixes, show_diff=show_diff, cross_file=cross_file, diff_base=diff_base,
        jobs=(jobs or None) if jobs is not None else config.jobs, statistics=statistics, quiet=quiet,
        color=_use_color(no_color, output), stdin=stdin, cache_dir=cache_dir, preview=preview,
        width=_terminal_width(output), fold=not no_fold, message_language=message_language,
        groups=None if config_path else settings.plan(list(paths), configs, stdin_filename),
    )
    from reportlint import progress

    bar = progress.for_stderr()  # a terminal effect of the CLI's, handed down as a callback
    try:
        outcome = runner.run_check(opts, config, bar)
    finally:
        if bar is not None:
            bar.close()
    _save_caches()
    for line in outcome.notes:
        click.echo(line, err=True)
    if outcome.diff_text:
        _emit(outcome.diff_text)
    if outcome.fixed_stdin is not None:  # as Ruff: the fixed text on stdout, the report on stderr
        sys.stdout.buffer.write(outcome.fixed_stdin)
        sys.stdout.flush()
        if not output:
            _emit(outcome.rendered, err=True)
            sys.exit(outcome.exit_code)
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(outcome.rendered, encoding="utf-8")
    else:
        # click strips ANSI codes when stdout is not a terminal unless told otherwise.
        _emit(outcome.rendered, color=opts.color)
    sys.exit(outcome.exit_code)


def _use_cache(no_cache: bool = False) -> Path | None:
    """Back the compiled-pattern and generated-method stores with the user cache, before any module that
    creates records or patterns is imported (codestore.py, patternstore.py).

    Returns the cache folder, or None when caching is off (`--no-cache`, REPORTLINT_NO_CACHE).
    """
    from reportlint import codestore
    from reportlint.ruleset.cache import default_cache_dir
    from reportlint.text import rx

    folder = None if no_cache else default_cache_dir()
    codestore.STORE.use_folder(folder)
    rx.use_folder(folder)
    return folder


def _save_caches() -> None:
    """Keep what this run compiled (patterns, generated methods) for the next; never raises."""
    from reportlint import codestore
    from reportlint.text import rx

    rx.save()
    codestore.STORE.save()


def _terminal_width(output: str | None) -> int:
    """The terminal's columns (COLUMNS first, as shutil reads it); 80 for a file or a pipe."""
    if output or not sys.stdout.isatty():
        return 80
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


def _use_color(no_color: bool, output: str | None) -> bool:
    if no_color or output or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--config", "config_path", type=click.Path())
@click.option("--all", "show_all", is_flag=True, help="Every rule, not only those the config selects.")
@click.option("--preview/--no-preview", default=None, help="Count preview rules as selected (config 'preview').")
def rules_cmd(fmt: str, config_path: str | None, show_all: bool, preview: bool | None) -> None:
    """List rules: code, name, category, severity, precision, summary."""
    import json

    from reportlint.api import prepare_rules
    from reportlint.ruleset.loader import load_rulesets

    config = _load_config(config_path)
    cache_dir = _use_cache()
    rules = (load_rulesets(list(config.rulesets), config.base_dir, cache_dir=cache_dir) if show_all
             else prepare_rules(config, cache_dir=cache_dir, preview=preview))
    rules = sorted(rules, key=lambda r: r.code)
    if fmt == "json":
        data = [{"code": r.code, "name": r.name, "category": r.category, "severity": str(r.severity), "kind": r.kind,
                 "ruleset": r.ruleset, "languages": list(r.languages or []), "enabled": r.enabled,
                 "preview": r.preview, "precision": _precision_json(r), "summary": r.docs.summary} for r in rules]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for r in rules:
        langs = f" [{','.join(r.languages)}]" if r.languages else ""
        prec = r.precision.cell() if r.precision else "-"
        click.echo(f"{r.code:<6} {r.name:<32} {r.category:<9} {str(r.severity):<7} {prec:<16} "
                   f"{r.docs.summary.strip()}{langs}")


def _precision_json(rule) -> dict | str | None:
    p = rule.precision
    if p is None or p.value is None:
        return None if p is None else "provisional"
    return {"value": p.value, "findings": p.findings, "documents": p.documents, "basis": p.basis,
            "provisional": p.provisional}


@main.command()
@click.argument("rule")
@click.option("--config", "config_path", type=click.Path())
def explain(rule: str, config_path: str | None) -> None:
    """Show a rule's docs: what it does, why, examples, params."""
    from reportlint.explain import explain_text
    from reportlint.ruleset.loader import load_rulesets
    from reportlint.ruleset.yamlpos import suggest

    config = _load_config(config_path)
    rules = load_rulesets(list(config.rulesets), config.base_dir, cache_dir=_use_cache())
    found = [r for r in rules if r.code == rule.upper() or r.name == rule]
    if not found:
        _fail(f"no rule '{rule}'{suggest(rule, [r.code for r in rules] + [r.name for r in rules])}")
    click.echo(explain_text(found[0]), nl=False)


@main.command()
@click.option("--force", is_flag=True, help="Overwrite an existing .reportlint.yaml.")
def init(force: bool) -> None:
    """Write a commented .reportlint.yaml in the current folder."""
    from reportlint.config import INIT_TEMPLATE

    target = Path(".reportlint.yaml")
    if target.exists() and not force:
        _fail(f"{target} already exists (use --force to overwrite)")
    target.write_text(INIT_TEMPLATE, encoding="utf-8")
    click.echo(f"wrote {target}")


@main.command("lsp")
def lsp_cmd() -> None:
    """Run the language server (LSP) over standard input/output, for editors."""
    from reportlint.lsp import serve

    sys.exit(serve())


@main.group("cache")
def cache_group() -> None:
    """The per-user cache of loaded rules and compiled patterns (REPORTLINT_CACHE_DIR, REPORTLINT_NO_CACHE)."""


@cache_group.command("dir")
def cache_dir_cmd() -> None:
    """Print the cache folder."""
    d = _use_cache()
    click.echo(str(d) if d is not None else "(disabled)")


@cache_group.command("clean")
def cache_clean() -> None:
    """Delete the cached rule sets, compiled patterns and generated methods."""
    from reportlint.ruleset.cache import clear

    d = _use_cache()
    if d is None or not d.is_dir():
        click.echo("nothing to clean")
        return
    click.echo(f"removed {clear(d)} file(s) from {d}")


from reportlint.word.command import annotate as _annotate  # noqa: E402 — the Word reviewer's command (reportlint/word)

main.add_command(_annotate)
