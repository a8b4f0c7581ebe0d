"""`--jobs N`: lint files in a process pool, with output identical to a serial run.

Files are independent, so parsing and the per-file checks run in worker
processes over chunks of files, in order. Two modes:

- no cross-file pass: a worker does everything a serial run does for its files
  (`lint_document`, suppressions included) and sends back Diagnostics;
- cross-file duplicate detection on: workers send back each rule's raw Findings;
  the parent re-parses the documents (it needs them for `run_many` and for
  suppressions) and runs the engine's own `lint_documents` with rules whose
  `run` replays those Findings, so the cross-file pass sees every file and the
  engine applies severities, suppressions and sorting exactly as it does serially.

A chunk a worker cannot finish (a pickling problem, a killed process) is linted
in the parent instead: a parallel run never loses files.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any, Callable, Iterable, Sequence

from reportlint.checks import load_kind
from reportlint.diagnostics import Diagnostic, Finding
from reportlint.document import Document
from reportlint.engine import (
    CheckTimeout,
    EngineOptions,
    applicable,
    check,
    deadline,
    deferred_for,
    lint_document,
    lint_documents,
    rule_time_budget,
)
from reportlint.ruleset.loader import Rule
from reportlint.sources import Source

# `jobs: auto` goes parallel only when a pool pays for its start-up.
AUTO_MIN_FILES = 8
AUTO_MIN_CHARS = 400_000
MAX_CHUNK_FILES = 32

Progress = Callable[[int, int], None]  # (files done, files in all)
ChunkResult = list[Any]  # per file: list[Diagnostic], or {rule code: list[Finding] | TIMED_OUT | None}
TIMED_OUT = "timed-out"  # a worker stopped the check at its CPU budget; the parent reports it without re-running


def resolve_jobs(jobs: int | None, sources: Sequence[Source]) -> int:
    """Worker count: an explicit N (capped by the number of files), or auto: the CPUs for big runs."""
    n = len(sources)
    if n <= 1:
        return 1
    if jobs is not None:
        return max(1, min(jobs, n))
    if n < AUTO_MIN_FILES or sum(len(s.text) for s in sources) < AUTO_MIN_CHARS:
        return 1
    return max(1, min(_cpus(), n))


def _cpus() -> int:
    """CPUs this process may use (affinity and container CPU sets), not the machine's count."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def needs_cross_file(rules: Iterable[Rule], options: EngineOptions, n_docs: int) -> bool:
    return options.cross_file and n_docs > 1 and any(getattr(r.module, "run_many", None) for r in rules)


def lint_sources(sources: list[Source], rules: list[Rule], language: str, options: EngineOptions, jobs: int,
                 progress: Progress | None = None) -> list[Diagnostic]:
    """Diagnostics for `sources` (sorted), the same as `engine.lint_documents` on them."""
    replay = needs_cross_file(rules, options, len(sources))
    docs: list[Document] = []
    per_file: ChunkResult = []
    if jobs <= 1:  # in-process, one file at a time (a progress bar wants ticks)
        for src in sources:
            doc = Document.parse(src.text, src.path, language=language)
            docs.append(doc)
            per_file.append(_findings(doc, rules) if replay else lint_document(doc, rules, options))
            if progress:
                progress(len(docs), len(sources))
    else:
        per_file = _pooled(sources, rules, language, options, jobs, replay, progress)
    if not replay:
        out = [d for diags in per_file for d in diags]
        out.sort(key=Diagnostic.sort_key)
        return out
    docs = docs or [Document.parse(s.text, s.path, language=language) for s in sources]
    index = {id(doc): i for i, doc in enumerate(docs)}
    replaying = [dataclasses.replace(r, module=_Replay(r.module, r.code, per_file, index)) for r in rules]
    return lint_documents(docs, replaying, options)


def _pooled(sources: list[Source], rules: list[Rule], language: str, options: EngineOptions, jobs: int,
            replay: bool, progress: Progress | None) -> ChunkResult:
    from concurrent.futures import ProcessPoolExecutor  # imported lazily: pre-commit runs start fast

    chunks = _chunks(sources, jobs)
    portable = [portable_rule(r) for r in rules]
    per_file: ChunkResult = []
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(lint_chunk, chunk, portable, language, options, replay) for chunk in chunks]
            for fut in futures:
                try:
                    got = fut.result()
                except Exception:  # noqa: BLE001 — a lost worker must not lose files: redone below
                    break
                per_file.extend(got)
                done += 1
                if progress:
                    progress(len(per_file), len(sources))
            for fut in futures[done:]:
                fut.cancel()
    except (OSError, NotImplementedError, ImportError, RuntimeError):
        pass  # no process pool here (a sandbox without semaphores, no /dev/shm): lint in this process
    for chunk in chunks[done:]:
        per_file.extend(_lint_chunk(chunk, rules, language, options, replay))
        if progress:
            progress(len(per_file), len(sources))
    return per_file


def _chunks(sources: list[Source], jobs: int) -> list[list[Source]]:
    """Consecutive runs of files of about equal size; several per worker so a big file does not stall the rest."""
    if not sources:
        return []
    total = sum(len(s.text) + 1 for s in sources)
    target = max(1, total // max(1, jobs * 4))
    chunks: list[list[Source]] = [[]]
    size = 0
    for s in sources:
        if chunks[-1] and (size >= target or len(chunks[-1]) >= MAX_CHUNK_FILES):
            chunks.append([])
            size = 0
        chunks[-1].append(s)
        size += len(s.text) + 1
    return chunks


def portable_rule(rule: Rule) -> Rule:
    """A Rule that pickles: modules do not, and the workers need no test cases."""
    return dataclasses.replace(rule, module=None, tests=())


def lint_chunk(sources: list[Source], rules: list[Rule], language: str, options: EngineOptions,
               replay: bool) -> ChunkResult:
    """Worker entry point: restore each rule's check module, then lint the chunk."""
    live = [dataclasses.replace(r, module=load_kind(r.kind)) for r in rules]
    return _lint_chunk(sources, live, language, options, replay)


def _lint_chunk(sources: list[Source], rules: list[Rule], language: str, options: EngineOptions,
                replay: bool) -> ChunkResult:
    out: ChunkResult = []
    for src in sources:
        doc = Document.parse(src.text, src.path, language=language)
        out.append(_findings(doc, rules) if replay else lint_document(doc, rules, options))
    return out


def _findings(doc: Document, rules: list[Rule]) -> dict[str, list[Finding] | str | None]:
    """Each applicable rule's raw findings, under the same CPU budget as `engine.run_rule`.

    None where the check crashed (the parent re-runs it to report the crash as a serial run
    would); TIMED_OUT where the budget ran out (the parent reports that without re-running).
    """
    got: dict[str, list[Finding] | str | None] = {}
    budget = rule_time_budget(len(doc.text))
    running = {r.code: r for r in rules if applicable(r, doc)}
    for rule in running.values():
        try:
            with deadline(budget):
                got[rule.code] = check(rule, doc, deferred_for(rule, running))
        except CheckTimeout:
            got[rule.code] = TIMED_OUT
        except Exception:  # noqa: BLE001
            got[rule.code] = None
    return got


class _Replay:
    """Stands in for a check module in the parent: `run` returns what a worker found for that document."""

    def __init__(self, module: Any, code: str, per_file: list[dict[str, list[Finding] | None]],
                 index: dict[int, int]) -> None:
        self._module, self._code, self._per_file, self._index = module, code, per_file, index

    def run(self, doc: Document, params: Any, *deferred: Any) -> Iterable[Finding]:
        i = self._index.get(id(doc))
        found = self._per_file[i].get(self._code) if i is not None else None
        if found == TIMED_OUT:
            raise CheckTimeout()  # engine.run_rule turns it into the same E002 as a serial run
        return found if found is not None else self._module.run(doc, params, *deferred)

    def __getattr__(self, name: str) -> Any:  # MESSAGE, FIELDS, run_many, …
        return getattr(self._module, name)
