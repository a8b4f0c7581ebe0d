"""`--jobs N`: the same bytes as a serial run; cross-file checks still see every file; progress only on a TTY."""

from __future__ import annotations

import dataclasses
import io
import types

import pytest
from click.testing import CliRunner

from reportlint import parallel, pipeline, progress
from reportlint.api import lint_sources
from reportlint.checks import pattern
from reportlint.cli import main
from reportlint.config import Config
from reportlint.diagnostics import Finding, RelatedSpan
from reportlint.engine import EngineOptions
from reportlint.ruleset.loader import load_rule_file, load_rulesets
from reportlint.sources import from_text

ZH = ("一、总体情况\n过去一年，全省经济运行稳中有进，完成投资1200亿元。\n过去一年，全省经济运行稳中有进，完成投资1200亿元。\n"
      "三、主要任务\n（一）推进改革,扩大开放。\n森林覆盖率72.2%，比上年提高0.5个百分点。\n森林覆盖率28.8%。\n")
EN = ("# Annual report\n\n## 1. Summary\n\nWe reviewed the the results (see **table 2.\n\n"
      "## 3. Outlook\n\nRevenue grew 12% to 3.4 million.\n\nRevenue grew 12% to 3.4 million.\n")


def corpus(n: int) -> dict[str, str]:
    """Drafts with shared lines across files, so a cross-file pass has work to do."""
    out = {}
    for i in range(n):
        body = (ZH if i % 2 else EN) + f"\nShared line {i % 5} appears in several files.\n"
        out[f"d{i:02d}.{'txt' if i % 2 else 'md'}"] = body * (1 + i % 3)
    return out


@pytest.fixture
def drafts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, text in corpus(24).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("fmt", ["json", "text", "sarif"])
@pytest.mark.parametrize("cross", ["--cross-file", "--no-cross-file"])
def test_cli_output_is_byte_identical(drafts, fmt, cross):
    outs = []
    for jobs in ("1", "2", "3"):
        r = CliRunner().invoke(main, ["check", ".", "--format", fmt, "--fail-on", "never", "--jobs", jobs, cross])
        assert r.exit_code == 0, r.output
        outs.append(r.stdout)
    assert outs[0] == outs[1] == outs[2]
    assert outs[0].count("d23.txt") > 0


def _toy_cross_file_rule(tmp_path):
    """A `pattern` rule whose module also has a run_many: a line that already appeared in an earlier file."""
    (tmp_path / "toy.yml").write_text(
        "id: DU901\nname: toy-shared-line\nkind: pattern\ncategory: duplicate\nseverity: warning\n"
        "params: {pattern: 'the the'}\ndocs: {summary: toy, why: toy}\ntests: []\n", encoding="utf-8")
    (rule,) = load_rule_file(tmp_path / "toy.yml", "toy")

    def run_many(docs, params):
        first: dict[str, tuple[str, int]] = {}
        for i, doc in enumerate(docs):
            offset = 0
            for line in doc.text.split("\n"):
                if line.startswith("Shared line"):
                    if line in first and first[line][0] != doc.path:
                        path, ln = first[line]
                        yield i, Finding(offset, offset + len(line), {"match": line},
                                         related=(RelatedSpan(0, 0, "first seen", path=path, line=ln, column=1),))
                    else:
                        first.setdefault(line, (doc.path, doc.text.count("\n", 0, offset) + 1))
                offset += len(line) + 1

    fake = types.SimpleNamespace(run=pattern.run, run_many=run_many, MESSAGE=pattern.MESSAGE, FIELDS=pattern.FIELDS,
                                 Params=pattern.Params)
    return dataclasses.replace(rule, module=fake)


@pytest.mark.parametrize("jobs", [1, 2, 4])
def test_cross_file_pass_sees_every_file(tmp_path, jobs):
    rule = _toy_cross_file_rule(tmp_path)
    sources = [from_text(t, p) for p, t in corpus(24).items()]
    options = EngineOptions(cross_file=True)
    serial = lint_sources(sources, [rule], Config(), options)
    got = pipeline.run(sources, [rule], options, "auto", jobs)
    assert [d.to_json() for d in got] == [d.to_json() for d in serial]
    cross = [d for d in got if d.related and d.related[0].path]
    # Every file after the first five repeats a shared line first seen in another file.
    assert {d.path for d in cross} == {p for i, p in enumerate(corpus(24)) if i >= 5}
    assert len(parallel._chunks(sources, jobs)) > 1 or jobs == 1


def test_cross_file_findings_run_under_the_cpu_budget(tmp_path, monkeypatch):
    """With a cross-file pass, checks still run in the collect phase (workers and one-process alike): a runaway is still stopped."""
    import time

    def spin(doc, params):
        while True:
            pass
        yield  # pragma: no cover

    stub = types.SimpleNamespace(run=spin, MESSAGE="never", FIELDS=frozenset())
    runaway = dataclasses.replace(_toy_cross_file_rule(tmp_path), code="TX901", module=stub)
    cross = _toy_cross_file_rule(tmp_path)
    sources = [from_text(t, p) for p, t in corpus(3).items()]
    monkeypatch.setenv("REPORTLINT_RULE_TIME_BUDGET", "0.3")
    t0 = time.perf_counter()
    e002 = next(r for r in load_rulesets(["core"]) if r.code == "E002")
    got = pipeline.run(sources, [runaway, cross, e002], EngineOptions(cross_file=True, message_language="en"), "auto", 1)
    assert time.perf_counter() - t0 < 30  # three files, one budget each: the parent does not re-run the check
    stopped = [d for d in got if d.rule == "E002"]
    assert len(stopped) == 3 and all("TX901" in d.message and "used more than 0.3 s of CPU" in d.message for d in stopped)


def test_a_failed_worker_chunk_is_linted_in_the_parent(tmp_path, monkeypatch):
    rule = _toy_cross_file_rule(tmp_path)
    sources = [from_text(t, p) for p, t in corpus(12).items()]
    options = EngineOptions()
    serial = lint_sources(sources, [rule], Config(), options)

    def broken(*args, **kwargs):
        raise RuntimeError("worker lost")

    monkeypatch.setattr(parallel, "collect_chunk", broken)
    got = pipeline.run(sources, [rule], options, "auto", 2)
    assert [d.to_json() for d in got] == [d.to_json() for d in serial]


def test_resolve_jobs():
    small = [from_text("x\n", f"{i}.md") for i in range(3)]
    big = [from_text("x" * 100_000, f"{i}.md") for i in range(parallel.AUTO_MIN_FILES)]
    assert parallel.resolve_jobs(None, small) == 1  # auto: a pool does not pay for three small files
    assert parallel.resolve_jobs(8, small) == 3  # never more workers than files
    assert parallel.resolve_jobs(1, big) == 1
    assert parallel.resolve_jobs(None, big) >= 1
    assert parallel.resolve_jobs(4, small[:1]) == 1


def test_chunks_keep_order_and_every_file():
    sources = [from_text("y" * (i * 50), f"{i}.md") for i in range(100)]
    for jobs in (2, 3, 8):
        chunks = parallel._chunks(sources, jobs)
        assert [s for c in chunks for s in c] == sources
        assert all(len(c) <= parallel.MAX_CHUNK_FILES for c in chunks)


def test_progress_callback_reaches_the_end(tmp_path):
    sources = [from_text(t, p) for p, t in corpus(6).items()]
    seen: list[tuple[int, int]] = []
    for jobs in (1, 2):
        seen.clear()
        pipeline.run(sources, [], EngineOptions(), "auto", jobs, lambda d, t: seen.append((d, t)))
        assert seen[-1] == (6, 6) and all(t == 6 for _, t in seen)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_outside_ci():
    assert not progress.wanted(io.StringIO(), {})
    assert progress.wanted(_Tty(), {})
    assert not progress.wanted(_Tty(), {"CI": "true"})
    assert not progress.wanted(_Tty(), {"GITHUB_ACTIONS": "true"})
    assert not progress.wanted(_Tty(), {"TERM": "dumb"})


def test_progress_bar_waits_then_draws_and_clears():
    now = [0.0]
    stream = _Tty()
    bar = progress.ProgressBar(stream, clock=lambda: now[0])
    bar(1, 10)
    assert stream.getvalue() == ""  # short runs never show a bar
    now[0] = 1.0
    bar(5, 10)
    assert "5/10 files" in stream.getvalue() and stream.getvalue().startswith("\r[")
    bar.close()
    assert stream.getvalue().endswith("\r")


def test_no_progress_in_a_pipe(drafts):
    r = CliRunner().invoke(main, ["check", ".", "--jobs", "2", "--fail-on", "never"])
    assert "\r" not in r.stderr and "files" not in r.stderr


def test_every_builtin_rule_pickles_for_spawned_workers(all_rules):
    """Workers started by spawn/forkserver (macOS, Windows, Python 3.14) receive rules by pickle."""
    import pickle

    portable = [parallel.portable_rule(r) for r in all_rules]
    back = pickle.loads(pickle.dumps(portable))
    assert [r.code for r in back] == [r.code for r in all_rules]
    assert all(r.params == o.params for r, o in zip(back, all_rules))


def test_no_process_pool_falls_back_to_one_process(tmp_path, monkeypatch):
    import concurrent.futures

    rule = _toy_cross_file_rule(tmp_path)
    sources = [from_text(t, p) for p, t in corpus(10).items()]
    serial = lint_sources(sources, [rule], Config(), EngineOptions())

    class NoPool:
        def __init__(self, *a, **k):
            raise OSError("no semaphores here")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", NoPool)
    got = pipeline.run(sources, [rule], EngineOptions(), "auto", 2)
    assert [d.to_json() for d in got] == [d.to_json() for d in serial]
