"""`--jobs N`: the collect phase in a process pool, with output identical to a serial run.

Files are independent, so parsing and the per-file checks (`pipeline.collect`) run in
worker processes over chunks of files, in order; each worker sends back each file's raw
findings and suppression comments. Everything after collection — the cross-file pass,
suppression, stamping, sorting — happens once, in the parent (`pipeline.run`), exactly as
in a serial run.

A chunk a worker cannot finish (a pickling problem, a killed process) is collected in
the parent instead: a parallel run never loses files.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Sequence

from reportlint.analysis.reuse import Memo
from reportlint.document import Document
from reportlint.engine import EngineOptions
from reportlint.pipeline import Collected, Progress, collect
from reportlint.ruleset.loader import Rule
from reportlint.sources import Source

# `jobs: auto` goes parallel only when a pool pays for its start-up.
AUTO_MIN_FILES = 8
AUTO_MIN_CHARS = 400_000
MAX_CHUNK_FILES = 32


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


def collect_pooled(sources: list[Source], rules: list[Rule], language: str, options: EngineOptions, jobs: int,
                   progress: Progress | None) -> list[Collected]:
    """`pipeline.collect` of every source, in order, over `jobs` worker processes."""
    from concurrent.futures import ProcessPoolExecutor  # imported lazily: pre-commit runs start fast

    chunks = _chunks(sources, jobs)
    portable = [portable_rule(r) for r in rules]
    out: list[Collected] = []
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(collect_chunk, chunk, portable, language, options) for chunk in chunks]
            for fut in futures:
                try:
                    got = fut.result()
                except Exception:  # noqa: BLE001 — a lost worker must not lose files: redone below
                    break
                out.extend(got)
                done += 1
                if progress:
                    progress(len(out), len(sources))
            for fut in futures[done:]:
                fut.cancel()
    except (OSError, NotImplementedError, ImportError, RuntimeError):
        pass  # no process pool here (a sandbox without semaphores, no /dev/shm): collect in this process
    for chunk in chunks[done:]:
        out.extend(_collect_chunk(chunk, rules, language, options))
        if progress:
            progress(len(out), len(sources))
    return out


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
    """The Rule a worker gets: no test cases (a Rule pickles without its module and imports it again by kind)."""
    return dataclasses.replace(rule, tests=())


def collect_chunk(sources: list[Source], rules: list[Rule], language: str, options: EngineOptions) -> list[Collected]:
    """Worker entry point (the rules arrive unpickled, their check modules imported again)."""
    return _collect_chunk(sources, rules, language, options)


def _collect_chunk(sources: list[Source], rules: list[Rule], language: str, options: EngineOptions) -> list[Collected]:
    memo = Memo()  # a chunk's files share their blocks' content-only results, as a serial run's do
    out = []
    for src in sources:
        memo.next_document()
        out.append(collect(Document.from_source(src, language, memo=memo), rules, options))
    return out
