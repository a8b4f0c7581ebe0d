"""`reportlint annotate FILE.docx [-o OUT.docx]`: a reviewed copy with one Word comment per finding.

Registered on the CLI's group by cli.py (one line); this module stays light — the check and
python-docx are imported when the command runs.
"""

from __future__ import annotations

import os
import sys

import click

from reportlint.vocabulary import LANGUAGE_CHOICES

EXIT_OK, EXIT_ERROR = 0, 2


def reviewed_name(path: str) -> str:
    """`report.docx` → `report.reviewed.docx` (beside it)."""
    base, ext = os.path.splitext(path)
    return f"{base}.reviewed{ext or '.docx'}"


@click.command("annotate")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False),
              help="Where to write the reviewed copy (default: FILE.reviewed.docx beside FILE).")
@click.option("--config", "config_path", type=click.Path(),
              help="The config to use (default: the file's nearest .reportlint.yaml).")
@click.option("--select", multiple=True, help="Rules to run: ALL, codes, prefixes, names, categories.")
@click.option("--ignore", multiple=True, help="Rules to skip.")
@click.option("--preview/--no-preview", default=None, help="Also run preview rules (config 'preview').")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(), help="Extra rule file or folder.")
@click.option("--language", type=click.Choice(LANGUAGE_CHOICES), default=None, help="Override language detection.")
@click.option("--message-language", type=click.Choice(LANGUAGE_CHOICES), default=None,
              help="Language of the comments: auto (the document's), zh or en.")
@click.option("--fix", is_flag=True, help="Refused: reportlint does not rewrite a Word document's text; "
                                          "each comment says its fix.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the per-user cache.")
def annotate(file, output, config_path, select, ignore, preview, rule_files, language, message_language, fix,
             no_cache) -> None:
    """Write a copy of FILE.docx with one Word comment per finding (author "reportlint"); FILE is not changed."""
    from reportlint import cli, runner, settings
    from reportlint.word import is_word_name

    if fix:
        cli._fail("annotate --fix: reportlint does not edit the text of a Word document; the reviewed copy's "
                  "comments say each fix, to accept in Word")
    if not is_word_name(file):
        cli._fail(f"{file}: annotate writes comments into Word documents (.docx); use `reportlint check` for "
                  f"other files")
    out = output or reviewed_name(file)
    if os.path.exists(out) and os.path.exists(file) and os.path.samefile(out, file):
        cli._fail(f"{out}: is the document itself; the original is never modified (choose another --output)")
    cache_dir = cli._use_cache(no_cache)

    def adjust(cfg) -> None:
        if language:
            cfg.language = language

    config = cli._load_config(config_path)
    adjust(config)
    configs = settings.Configs(config if config_path else cli._defaults(), adjust, config)
    opts = runner.CheckOptions(
        paths=[file], fmt="json", select=cli._split(select) or None, ignore=cli._split(ignore),
        rule_files=list(rule_files), fail_on="never", cache_dir=cache_dir, preview=preview, fold=False,
        message_language=message_language, groups=None if config_path else settings.plan([file], configs, None),
    )
    outcome = runner.run_check(opts, config)
    cli._save_caches()
    diags = [d for d in outcome.diagnostics if d.path == file]
    unreadable = [d for d in diags if d.rule == "E001"]
    if unreadable:
        cli._fail(f"{file}: {unreadable[0].message}")
    from reportlint.sources import read_file
    from reportlint.text.cjk import detect_language
    from reportlint.word.annotate import AnnotateError, write_reviewed

    src = read_file(file)
    lang = message_language or config.message_language
    if lang in (None, "auto"):
        lang = config.language if config.language != "auto" else detect_language(src.text)
    try:
        if os.path.dirname(out):
            os.makedirs(os.path.dirname(out), exist_ok=True)
        n = write_reviewed(file, out, diags, src.text, lang)
    except (AnnotateError, OSError) as e:
        cli._fail(f"{out}: {e}")
    click.echo(f"{out}: {n} comment{'s' if n != 1 else ''} ({file} unchanged)")
    sys.exit(EXIT_OK)
