"""A run in phases: collect → cross-file → suppress → stamp → sort.

- **collect** (per file; the only phase `--jobs` maps over worker processes): parse the
  file once, run every rule that applies to it (`engine.running`) under its CPU budget,
  keep the raw findings (offsets, fields) and the file's suppression comments;
- **settle**: kinds with `run_facts`/`settle` see what the other files of the run (and the
  config's `reference-files`) give: MK012 drops a label another file defines, then regroups;
- **cross-file** (`--cross-file`): kinds with `run_many` look across all the files;
- **suppress**: inline comments silence findings; comments that silenced nothing become
  RL001 findings;
- **stamp**: every finding — E001 (unreadable file), E002 (crashed check), RL001 included —
  becomes a Diagnostic through `engine.stamp`: identity, positions, message from the rule's
  YAML, severity overrides; per-file ignores apply to all of them;
- **sort** once.

Rendering and exit codes are the runner's. Nothing here prints; progress is a callback.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Callable, Sequence

from reportlint.analysis.reuse import Memo
from reportlint.diagnostics import Diagnostic, Finding, Phrase, phrase
from reportlint.document import Document, LineIndex
from reportlint.engine import (
    CHECK_CRASHED,
    ENGINE_RULES,
    UNREADABLE,
    UNUSED_SUPPRESSION,
    CpuTimer,
    EngineOptions,
    MessageError,
    Raw,
    StampContext,
    applicable,
    check_findings,
    crash_finding,
    deferred_for,
    ignored,
    running,
    stamp,
)
from reportlint.ruleset.loader import Rule
from reportlint.ruleset.select import token_matches
from reportlint.sources import Source
from reportlint.suppression import Directive, build_regions, parse_directives, region_hit, unused_tokens

Progress = Callable[[int, int], None]  # (files done, files in all)


@dataclass
class Collected:
    """One file after the collect phase: what a pool worker sends back (picklable)."""
    path: str
    language: str
    raw: list[Raw]
    directives: list[Directive]
    facts: dict[str, frozenset[str]] = field(default_factory=dict)  # rule code → what this file gives the run


def collect(doc: Document, rules: Sequence[Rule], options: EngineOptions) -> Collected:
    """Every rule that runs on `doc`, as raw findings; a crashed check is one E002 finding."""
    here = running(list(rules), doc, options)
    raw: list[Raw] = []
    facts: dict[str, frozenset[str]] = {}
    with CpuTimer(len(doc.text)) as timer:
        for rule in here.values():
            if rule.code not in ENGINE_RULES:
                raw.extend(check_findings(rule, doc, deferred_for(rule, here), timer))
                if hasattr(rule.module, "run_facts"):
                    try:
                        facts[rule.code] = rule.module.run_facts(doc, rule.params)
                    except Exception as e:  # noqa: BLE001 — a broken check is one E002, never a lost run
                        raw.append(crash_finding(rule, e))
    directives = parse_directives(doc)
    if doc.source_text is not None:  # checks read a joined view (wrapped plain text): offsets back to the file's
        raw = [Raw(r.code, doc.source_finding(r.finding)) for r in raw]
        directives = [dataclasses.replace(d, start=doc.source_offset(d.start), end=doc.source_offset(d.end))
                      for d in directives]
    return Collected(doc.path, doc.language, raw, directives, facts)


def settle(collected: Sequence[Collected], rules: Sequence[Rule], options: EngineOptions) -> None:
    """Each file's findings of a kind with `settle`, given what every file of the run (and each file
    the config's `reference-files` lists) gives through `run_facts`: a label defined elsewhere."""
    for rule in rules:
        fn = getattr(rule.module, "settle", None)
        if fn is None or not any(rule.code in c.facts for c in collected):
            continue
        shared = frozenset().union(*(c.facts.get(rule.code, frozenset()) for c in collected),
                                   *(_file_facts(rule, p) for p in options.reference_files))
        for c in collected:
            if rule.code not in c.facts:
                continue
            mine = [r.finding for r in c.raw if r.code == rule.code]
            if mine:
                try:
                    settled = [Raw(rule.code, f) for f in fn(mine, shared, rule.params)]
                except Exception as e:  # noqa: BLE001 — the file keeps its unsettled findings and says why
                    settled = [Raw(rule.code, f) for f in mine] + [crash_finding(rule, e)]
                c.raw = [r for r in c.raw if r.code != rule.code] + settled


def _file_facts(rule: Rule, path: str) -> frozenset[str]:
    """What a `reference-files` file gives: read as Markdown (an include may be named `.html` or `.txt`);
    one that cannot be read gives nothing (the config checked that it exists)."""
    from reportlint.sources import read_file

    src = read_file(path)
    if not isinstance(src, Source):
        return frozenset()
    return rule.module.run_facts(Document.parse(src.text, src.path, fmt="md"), rule.params)


def needs_cross_file(rules: Sequence[Rule], options: EngineOptions, n_docs: int) -> bool:
    return options.cross_file and n_docs > 1 and any(getattr(r.module, "run_many", None) for r in rules)


def cross_file(docs: Sequence[Document], collected: list[Collected], rules: Sequence[Rule],
               options: EngineOptions) -> None:
    """Findings that look across the files of the run, added to the file each belongs to."""
    for rule in rules:
        run_many = getattr(rule.module, "run_many", None)
        if run_many is None:
            continue
        targets = [i for i, d in enumerate(docs) if applicable(rule, d) and not ignored(rule, d.path, options)]
        if not targets:
            continue
        try:
            for i, finding in run_many([docs[i] for i in targets], rule.params):
                collected[targets[i]].raw.append(Raw(rule.code, docs[targets[i]].source_finding(finding)))
        except Exception as e:  # noqa: BLE001 — filed under the first file it looked at, with that file's path
            collected[targets[0]].raw.append(crash_finding(rule, e, cross_file=True))


def suppress(c: Collected, index: LineIndex, by_code: dict[str, Rule], options: EngineOptions) -> list[Raw]:
    """The findings no suppression comment silences, plus RL001 for each comment that silenced nothing."""
    if not c.directives:
        return c.raw
    regions = build_regions(c.directives, index.line_count)
    size = len(index.text)
    kept = []
    for item in c.raw:
        rule = by_code.get(item.code)
        line = index.line_of(max(0, min(item.finding.start, size)))
        hit = region_hit(regions, line, lambda token: rule is not None and token_matches(token, rule))
        if hit is None:
            kept.append(item)
        else:
            hit.directive.used.add(hit.token)
    rl = by_code.get(UNUSED_SUPPRESSION)
    if rl is not None and not ignored(rl, c.path, options):
        for dv, what in unused_tokens(c.directives):
            kept.append(Raw(UNUSED_SUPPRESSION, Finding(dv.start, dv.end, {"codes": what})))
    return kept


def stamp_all(items: list[Raw], ctx: StampContext, by_code: dict[str, Rule], options: EngineOptions) -> list[Diagnostic]:
    """Diagnostics of a file's findings; E002 not selected, or ignored for this file, reports nothing."""
    out = []
    crashed = by_code.get(CHECK_CRASHED)
    if crashed is not None and ignored(crashed, ctx.path, options):
        crashed = None
    for code, finding in items:
        rule = by_code.get(code) if code != CHECK_CRASHED else crashed
        if rule is None:
            continue
        try:
            out.append(stamp(rule, ctx, finding, options))
        except MessageError as e:
            if crashed is not None:
                out.append(stamp(crashed, ctx, crash_finding(rule, None, phrase("unworded", missing=e.missing)).finding,
                                 options))
    return out


def unreadable(problems: Sequence[tuple[str, Phrase]], by_code: dict[str, Rule], options: EngineOptions,
               language: str = "en") -> list[Diagnostic]:
    """E001 for each (path, reason) that could not be read, through the same stamping as every finding
    (the reason a Phrase worded in E001's YAML: missing, directory, too_large, binary, undecodable, …).
    An unread file has no language of its own: `language` is the run's (most of its documents')."""
    rule = by_code.get(UNREADABLE)
    if rule is None:
        return []
    empty = LineIndex("")
    return [stamp(rule, StampContext(path, "", empty, language), Finding(0, 0, {"reason": reason}), options)
            for path, reason in problems if not ignored(rule, path, options)]


def run(sources: Sequence[Source], rules: Sequence[Rule], options: EngineOptions, language: str = "auto",
        jobs: int = 1, progress: Progress | None = None,
        problems: Sequence[tuple[str, Phrase]] = ()) -> list[Diagnostic]:
    """Every diagnostic of a run, sorted: `sources` checked, `problems` (path, reason) reported as E001."""
    rules = list(rules)
    cross = needs_cross_file(rules, options, len(sources))
    docs: list[Document] = []
    contexts: list[StampContext] = []
    if jobs <= 1:
        collected = []
        memo = Memo()  # what the run's blocks give by their content alone, for every document of the run
        for src in sources:
            memo.next_document()
            doc = Document.from_source(src, language, memo=memo)
            collected.append(collect(doc, rules, options))
            # Only the cross-file pass needs a file's Document (and its views) after its own checks;
            # otherwise keep what stamping needs, so the run's live heap (and the collector's work)
            # stays one document deep.
            if cross:
                docs.append(doc)
            contexts.append(StampContext.of(doc))
            if progress:
                progress(len(collected), len(sources))
    else:
        from reportlint import parallel

        collected = parallel.collect_pooled(list(sources), rules, language, options, jobs, progress)
        if cross:
            docs = [Document.from_source(s, language) for s in sources]
        contexts = [StampContext.of(d) for d in docs] if docs else \
            [StampContext(c.path, src.text, LineIndex(src.text), c.language) for c, src in zip(collected, sources)]
    return _finish(docs, collected, contexts, rules, options, problems)


def _finish(docs: Sequence[Document], collected: list[Collected], contexts: Sequence[StampContext],
            rules: list[Rule], options: EngineOptions, problems: Sequence[tuple[str, Phrase]] = ()) -> list[Diagnostic]:
    """The phases after collection, once for the run: cross-file, suppress, stamp, sort."""
    by_code = {r.code: r for r in rules}
    settle(collected, rules, options)
    if needs_cross_file(rules, options, len(collected)):
        cross_file(docs, collected, rules, options)
    out: list[Diagnostic] = []
    for c, ctx in zip(collected, contexts):
        out.extend(stamp_all(suppress(c, ctx.index, by_code, options), ctx, by_code, options))
    langs = [ctx.language for ctx in contexts]
    out.extend(unreadable(problems, by_code, options, "zh" if langs.count("zh") * 2 > len(langs) else "en"))
    out.sort(key=Diagnostic.sort_key)
    return out


def lint_documents(docs: Sequence[Document], rules: Sequence[Rule], options: EngineOptions) -> list[Diagnostic]:
    """All diagnostics for already parsed documents (cross-file pass included when enabled), sorted."""
    rules = list(rules)
    return _finish(docs, [collect(doc, rules, options) for doc in docs], [StampContext.of(d) for d in docs],
                   rules, options)


def lint_document(doc: Document, rules: Sequence[Rule], options: EngineOptions) -> list[Diagnostic]:
    """The diagnostics of one document (no cross-file pass), sorted."""
    return lint_documents([doc], rules, dataclasses.replace(options, cross_file=False))
