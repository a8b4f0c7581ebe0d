#!/usr/bin/env python3
"""reportlint's benchmark suite: one command, standard tools only.

    python3 benchmarks/run.py                  # everything: corpora, competitors, timings, shares, profile
    python3 benchmarks/run.py --quick          # 1 repetition, no competitors, no profile (a smoke run)
    python3 benchmarks/run.py --record         # also rewrite the results block of benchmarks/RESULTS.md

What it does, in order:

1. builds its corpora with ../shared/tools/make_perf_corpus.py (deterministic; sha256 printed)
   into $TMPDIR/reportlint-bench/ (outside the checkout, whose .gitignore reportlint honours): a ~10 MB ~1,000-file corpus, one 10 MB and one
   2.5 MB Chinese document, one 10 MB English Markdown document, and a small file;
2. installs the competitors outside the repo (default /work/bench-tools, `--tools`) at exact
   versions with npm: markdownlint-cli2, textlint with a pair rule
   (@textlint-rule/textlint-rule-no-unmatched-pair), autocorrect (autocorrect-node);
3. runs every tool on the same inputs in the same run, N times each, and records the median
   wall time, the median CPU time (user+sys of the whole process tree, from wait4) and the
   peak resident memory of the whole process tree (summed over /proc every 20 ms);
4. times each rule in-process over the 10 MB corpus to give each category's share;
5. profiles a full `reportlint check` of the corpus with cProfile (standard library) and,
   when it is installed, with pyinstrument (a sampling profiler) — the corpus and the
   start-up on the small file — and summarises where the time goes; start-up is also
   broken down in-process by phase and by `python -X importtime`.

Results go to results.json and results.md in that folder; `--record` copies the
markdown between the markers of benchmarks/RESULTS.md. The machine is shared with other
work at times: the load average before each measurement is recorded with it, and CPU time
is reported next to wall time because it is what a busy machine distorts least.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Outside the repository: reportlint honours .gitignore when it walks a folder, so a corpus in
# a gitignored folder of the checkout would be silently skipped.
DEFAULT_WORK = Path(os.environ.get("REPORTLINT_BENCH_WORK", Path(tempfile.gettempdir()) / "reportlint-bench"))
DEFAULT_TOOLS = Path(os.environ.get("REPORTLINT_BENCH_TOOLS", "/work/bench-tools"))
CORPUS_TOOL = ROOT.parent / "shared" / "tools" / "make_perf_corpus.py"
NPM_PACKAGES = {  # exact versions: results must be reproducible
    "markdownlint-cli2": "0.24.1",
    "textlint": "15.8.0",
    "@textlint-rule/textlint-rule-no-unmatched-pair": "2.0.4",
    "autocorrect-node": "2.14.0",
}
TEXTLINT_CONFIG = {"rules": {"@textlint-rule/no-unmatched-pair": True}}
RESULTS_START, RESULTS_END = "<!-- results:start -->", "<!-- results:end -->"
PAGE = os.sysconf("SC_PAGE_SIZE")


# ---------------------------------------------------------------- measuring one command


@dataclass
class Sample:
    wall: float
    cpu: float  # user + sys of the process and every descendant it waited for
    peak_rss_mb: float  # the whole tree, summed
    code: int
    timed_out: bool = False


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(b")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and all its descendants right now."""
    kids = _children_map()
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm", "rb") as f:
                total += int(f.read().split()[1]) * PAGE
        except OSError:
            pass
        todo.extend(kids.get(p, ()))
    return total


def measure(cmd: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None) -> Sample:
    peak = [0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    timed_out = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - t0 > timeout:
            timed_out = True
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.005)
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)  # we reaped it: tell Popen
    peak_bytes = max(peak[0], usage.ru_maxrss * 1024)  # ru_maxrss: the largest single process (KiB)
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak_bytes / 2**20, proc.returncode, timed_out)


@dataclass
class Result:
    case: str
    tool: str
    cmd: list[str]
    samples: list[Sample] = field(default_factory=list)
    load_before: float = 0.0
    note: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.samples) and not any(s.timed_out for s in self.samples)

    def median(self, attr: str) -> float:
        return statistics.median(getattr(s, attr) for s in self.samples) if self.samples else float("nan")

    def peak(self) -> float:
        return max((s.peak_rss_mb for s in self.samples), default=float("nan"))


# ---------------------------------------------------------------- corpora and tools


def build_corpora(work: Path, quick: bool) -> dict[str, Path]:
    if not CORPUS_TOOL.exists():
        sys.exit(f"corpus generator not found: {CORPUS_TOOL}")
    c = work / "corpora"
    c.mkdir(parents=True, exist_ok=True)
    specs = {
        "corpus-10mb": (["--mb", "10", "--files", "1000", "--out"], c / "corpus-10mb"),
        "zh-10mb": (["--mb", "10", "--lang", "zh", "--single"], c / "zh-10mb.txt"),
        "zh-2.5mb": (["--mb", "2.5", "--lang", "zh", "--single"], c / "zh-2.5mb.txt"),
        "en-10mb": (["--mb", "10", "--lang", "en", "--single"], c / "en-10mb.md"),
        "small-source": (["--mb", "0.004", "--lang", "zh", "--single"], c / "small-source.md"),
    }
    out = {}
    for name, (args, target) in specs.items():
        if not target.exists():
            log(f"building {name} …")
            got = subprocess.run([sys.executable, str(CORPUS_TOOL), *args, str(target)], capture_output=True, text=True)
            if got.returncode != 0:
                sys.exit(f"make_perf_corpus.py failed for {name}: {got.stderr}")
            log("  " + got.stdout.strip())
        out[name] = target
    small = c / "small.md"  # a pre-commit hook's typical file: the first ~2 KB (whole paragraphs) of a real one
    if not small.exists():
        text, keep, size = out.pop("small-source").read_text(encoding="utf-8"), [], 0
        for line in text.split("\n"):
            size += len(line.encode()) + 1
            if size > 2048 and keep:
                break
            keep.append(line)
        small.write_text("\n".join(keep).rstrip("\n") + "\n", encoding="utf-8")
    out.pop("small-source", None)
    out["small"] = small
    return out


def install_tools(tools: Path) -> dict[str, list[str]]:
    """npm packages at exact versions under `tools` (outside the repo); the command prefix of each tool."""
    tools.mkdir(parents=True, exist_ok=True)
    bin_dir = tools / "node_modules" / ".bin"
    wanted = [f"{k}@{v}" for k, v in NPM_PACKAGES.items()]
    if not all(_npm_has(tools, k, v) for k, v in NPM_PACKAGES.items()):
        if shutil.which("npm") is None:
            log("npm not found: competitors skipped")
            return {}
        if not (tools / "package.json").exists():
            (tools / "package.json").write_text('{"name": "reportlint-bench-tools", "private": true}\n')
        log(f"npm install {' '.join(wanted)} (in {tools})")
        got = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--save-exact", *wanted], cwd=tools,
                             capture_output=True, text=True)
        if got.returncode != 0:
            log("npm install failed; competitors skipped:\n" + got.stderr[-2000:])
            return {}
    rc = tools / "textlintrc.json"
    rc.write_text(json.dumps(TEXTLINT_CONFIG))
    return {
        "markdownlint-cli2": [str(bin_dir / "markdownlint-cli2")],
        "textlint": [str(bin_dir / "textlint"), "--config", str(rc)],
        "autocorrect": [str(bin_dir / "autocorrect"), "--lint", "--quiet"],
    }


def _npm_has(tools: Path, name: str, version: str) -> bool:
    pj = tools / "node_modules" / name / "package.json"
    try:
        return json.loads(pj.read_text())["version"] == version
    except (OSError, ValueError, KeyError):
        return False


def reportlint_cmd() -> list[str]:
    """The installed console script next to this interpreter (what a pre-commit hook runs), not a shell shim."""
    script = Path(sys.executable).parent / "reportlint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "reportlint"]


def tool_versions(tools: Path) -> dict[str, str]:
    out = {"python": platform.python_version(), "node": _run_out(["node", "--version"])}
    for k, v in NPM_PACKAGES.items():
        out[k] = v if _npm_has(tools, k, v) else "missing"
    out["reportlint"] = _run_out([*reportlint_cmd(), "--version"]).split()[-1] if reportlint_cmd() else "?"
    out["reportlint commit"] = _run_out(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    return out


def _run_out(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


# ---------------------------------------------------------------- the cases


def md_files(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*.md"))


def cases(corpora: dict[str, Path], tools: dict[str, list[str]]) -> list[tuple[str, str, list[str], str]]:
    """(case, tool, command, note)."""
    rl = reportlint_cmd()
    small, corpus = corpora["small"], corpora["corpus-10mb"]
    out: list[tuple[str, str, list[str], str]] = [
        ("startup", "python -c pass", [sys.executable, "-c", "pass"], "interpreter floor"),
        ("startup", "reportlint", [*rl, "check", str(small), "--fail-on", "never"],
         "warm caches: every run after the first"),
        ("startup", "reportlint --no-cache", [*rl, "check", str(small), "--fail-on", "never", "--no-cache"],
         "cold: rules read from YAML, patterns compiled (first run after an install or upgrade)"),
    ]
    comp = {
        "markdownlint-cli2": lambda paths: [*tools["markdownlint-cli2"], *paths],
        "textlint": lambda paths: [*tools["textlint"], *paths],
        "autocorrect": lambda paths: [*tools["autocorrect"], *paths],
    } if tools else {}
    for name, make in comp.items():
        out.append(("startup", name, make([str(small)]), ""))
    out.append(("corpus-10mb", "reportlint", [*rl, "check", str(corpus), "--fail-on", "never"], "all files, jobs auto"))
    out.append(("corpus-10mb", "reportlint --jobs 1", [*rl, "check", str(corpus), "--jobs", "1", "--fail-on", "never"],
                "all files, one process"))
    for name, make in comp.items():
        if name == "markdownlint-cli2":
            out.append(("corpus-10mb", name, make([f"{corpus}/**/*.md"]), "Markdown files only (it lints nothing else)"))
        else:
            out.append(("corpus-10mb", name, make([str(corpus)]), "all files"))
    for case in ("zh-2.5mb", "zh-10mb", "en-10mb"):
        path = str(corpora[case])
        out.append((case, "reportlint", [*rl, "check", path, "--fail-on", "never"], ""))
        for name, make in comp.items():
            if name == "markdownlint-cli2" and not path.endswith(".md"):
                continue
            out.append((case, name, make([path]), ""))
    return out


def run_cases(all_cases, work: Path, repeat: int, startup_repeat: int, timeout: float) -> list[Result]:
    results = []
    for case, tool, cmd, note in all_cases:
        r = Result(case, tool, cmd, note=note)
        n = startup_repeat if case == "startup" else repeat
        if case == "startup":  # one warm-up: file cache and .pyc, as on a developer's machine
            measure(cmd, work, timeout)
        for i in range(n):
            r.load_before = max(r.load_before, os.getloadavg()[0])
            s = measure(cmd, work, timeout)
            r.samples.append(s)
            log(f"  {case:12} {tool:24} run {i + 1}/{n}: wall {s.wall:7.2f} s  cpu {s.cpu:7.2f} s  "
                f"peak {s.peak_rss_mb:7.1f} MB  exit {s.code}{'  TIMEOUT' if s.timed_out else ''}")
            if s.timed_out:
                break
        results.append(r)
    return results


# ---------------------------------------------------------------- per-rule shares and profile


def category_shares(corpus: Path) -> dict:
    """Each rule's and each category's share of check time over the corpus (in-process, serial)."""
    from reportlint.document import Document
    from reportlint.engine import applicable, check_findings
    from reportlint.ruleset.loader import load_rulesets
    from reportlint.sources import Source, read_file

    rules = [r for r in load_rulesets(["core", "zh", "en"]) if r.enabled]
    per_rule: dict[str, float] = {}
    parse = read = 0.0
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".md", ".txt"))
    for path in files:
        t = time.perf_counter()
        src = read_file(str(path))
        read += time.perf_counter() - t
        if not isinstance(src, Source):
            continue
        t = time.perf_counter()
        doc = Document.parse(src.text, src.path)
        parse += time.perf_counter() - t
        for rule in rules:
            if not applicable(rule, doc):
                continue
            t = time.perf_counter()
            check_findings(rule, doc)
            per_rule[rule.code] = per_rule.get(rule.code, 0.0) + time.perf_counter() - t
    cat_of = {r.code: r.category for r in rules}
    per_cat: dict[str, float] = {"read+decode": read, "parse": parse}
    for code, t in per_rule.items():
        per_cat[cat_of[code]] = per_cat.get(cat_of[code], 0.0) + t
    return {"files": len(files), "per_rule": per_rule, "per_category": per_cat, "total": sum(per_cat.values())}


def profile(corpus: Path, work: Path) -> dict:
    """cProfile of a serial full run (the CLI in-process): exact call counts, self time per function."""
    from click.testing import CliRunner

    from reportlint.cli import main

    args = ["check", str(corpus), "--jobs", "1", "--fail-on", "never", "--format", "json", "--output",
            str(work / "profile-run.json")]
    prof = cProfile.Profile()
    prof.enable()
    CliRunner().invoke(main, args, catch_exceptions=True)
    prof.disable()
    prof.dump_stats(str(work / "profile.pstats"))
    buf = io.StringIO()
    st = pstats.Stats(prof, stream=buf)
    total = st.total_tt
    rows = []
    for (file, line, func), (cc, nc, tt, ct, callers) in st.stats.items():  # type: ignore[attr-defined]
        rows.append({"where": f"{_short(file)}:{line}({func})", "self": tt, "cumulative": ct, "calls": nc})
    top_self = sorted(rows, key=lambda r: -r["self"])[:20]
    by_module: dict[str, float] = {}
    for r in rows:
        mod = r["where"].split(":")[0]
        by_module[mod] = by_module.get(mod, 0.0) + r["self"]
    out = {"total": total, "top_self": top_self,
           "by_module": sorted(by_module.items(), key=lambda kv: -kv[1])[:20]}
    return out


def pyinstrument_summary(cmd: list[str], out: Path, interval: float, timeout: float = 3600) -> dict | None:
    """pyinstrument (a sampling profiler, wall clock) of `cmd`: self time by package, largest first.

    None when pyinstrument is not installed (it is optional: not a project dependency).
    """
    import importlib.util

    if importlib.util.find_spec("pyinstrument") is None:
        return None
    got = subprocess.run([sys.executable, "-m", "pyinstrument", "-r", "json", "-o", str(out), "-i", str(interval),
                          "-m", "reportlint", *cmd], capture_output=True, text=True, timeout=timeout,
                         env={**os.environ, "REPORTLINT_NO_FAST_EXIT": "1"})
    if got.returncode not in (0, 1) or not out.exists():
        return None
    data = json.loads(out.read_text(encoding="utf-8"))
    buckets: dict[str, float] = {}

    def walk(frame: dict) -> None:
        kids = frame.get("children", [])
        own = frame["time"] - sum(k["time"] for k in kids)
        path = frame.get("file_path") or ""
        key = _package(path, frame.get("function", ""))
        buckets[key] = buckets.get(key, 0.0) + max(0.0, own)
        for k in kids:
            walk(k)

    walk(data["root_frame"])
    total = data["root_frame"]["time"]
    return {"total": total, "by_package": sorted(buckets.items(), key=lambda kv: -kv[1])[:12]}


def _package(path: str, function: str) -> str:
    """A readable bucket for a frame: reportlint's subpackage, a third-party package, a stdlib module."""
    if "/reportlint/" in path:
        rel = path.split("/reportlint/", 1)[1]
        return "reportlint/" + (rel.split("/")[0] if "/" in rel else rel)
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/")[0]
    if "/lib/python" in path:
        rel = path.split("/lib/python", 1)[1].split("/", 1)[-1]
        return "stdlib " + rel.split("/")[0].removesuffix(".py")
    if path.startswith("<frozen"):
        return "import machinery" if "importlib" in path else path
    return path or function or "?"


def _short(file: str) -> str:
    for marker in ("/reportlint/", "/site-packages/", "/lib/python"):
        if marker in file:
            return file[file.index(marker) + 1 :]
    return file


_PHASES = r"""
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from reportlint.cli import _use_cache
folder = _use_cache()
from reportlint import api
from reportlint.config import load_config
t1 = time.perf_counter()
config = load_config(None)
rules = api.prepare_rules(config, cache_dir=folder)
t2 = time.perf_counter()
import markdown_it
t3 = time.perf_counter()
api.lint_paths([sys.argv[1]], config, rules, api.engine_options(config))
t4 = time.perf_counter()
print(json.dumps({"our imports": t1 - t0, "rules (cache hit: check modules, unpickle)": t2 - t1,
                  "markdown-it-py import": t3 - t2, "read, parse and check": t4 - t3}))
"""


def startup_phases(small: Path, runs: int = 9) -> dict[str, float]:
    """Median seconds of each start-up phase, in-process, warm caches (interpreter start not included)."""
    samples: dict[str, list[float]] = {}
    for _ in range(runs + 1):  # the first run warms the caches
        got = subprocess.run([sys.executable, "-c", _PHASES, str(small)], capture_output=True, text=True)
        if got.returncode != 0:
            return {}
        for k, v in json.loads(got.stdout).items():
            samples.setdefault(k, []).append(v)
    return {k: statistics.median(v[1:]) for k, v in samples.items()}


def import_profile(small: Path) -> list[tuple[str, int]]:
    """`python -X importtime` of `reportlint check` on the small file: top-level imports by cumulative µs."""
    got = subprocess.run([sys.executable, "-X", "importtime", "-m", "reportlint", "check", str(small), "--fail-on", "never"],
                         capture_output=True, text=True)
    rows = []
    for line in got.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit() and not parts[2].startswith("  "):
            rows.append((parts[2].strip(), int(parts[1])))
    return sorted(rows, key=lambda r: -r[1])[:12]


# ---------------------------------------------------------------- report


def render(results: list[Result], shares: dict | None, prof: dict | None, imports, versions: dict,
           env: dict, phases: dict | None = None, sampled: dict | None = None) -> str:
    by = {(r.case, r.tool): r for r in results}
    L = []
    L.append(f"Run {env['date']} on {env['cpus']} CPUs, {env['machine']}; load average before/after "
             f"{env['load_start']:.2f}/{env['load_end']:.2f}. Versions: "
             + ", ".join(f"{k} {v}" for k, v in versions.items()) + ".")
    L.append("")
    L.append("| case | tool | median wall s | median CPU s | peak RSS (tree) MB | runs | wall ratio vs reportlint | note |")
    L.append("|---|---|---:|---:|---:|---:|---:|---|")
    for r in results:
        base = by.get((r.case, "reportlint"))
        ratio = ""
        if base and base.ok and r.ok and r.tool != "reportlint":
            ratio = f"{base.median('wall') / r.median('wall'):.2f}×"
        status = "" if r.ok else " (timed out)"
        L.append(f"| {r.case} | {r.tool} | {r.median('wall'):.3f}{status} | {r.median('cpu'):.3f} | {r.peak():.0f} | "
                 f"{len(r.samples)} | {ratio} | {r.note} |")
    L.append("")
    L.append("`wall ratio` is reportlint's median wall time divided by the tool's: ≤ 1.0 means reportlint is no slower.")
    small, big = by.get(("zh-2.5mb", "reportlint")), by.get(("zh-10mb", "reportlint"))
    if small and big and small.ok and big.ok:
        L.append(f"Scaling: 10 MB / 2.5 MB (one Chinese document) = {big.median('wall') / small.median('wall'):.2f}× wall, "
                 f"{big.median('cpu') / small.median('cpu'):.2f}× CPU (target ≤ 4.5×).")
    if shares:
        L.append("")
        tot = shares["total"]
        L.append(f"Share of serial check time over the corpus ({shares['files']} files, {tot:.1f} s in-process):")
        L.append("")
        L.append("| part | seconds | share |")
        L.append("|---|---:|---:|")
        for k, v in sorted(shares["per_category"].items(), key=lambda kv: -kv[1]):
            L.append(f"| {k} | {v:.2f} | {100 * v / tot:.1f}% |")
        L.append("")
        L.append("Slowest rules: " + ", ".join(f"{c} {t:.2f} s" for c, t in
                                              sorted(shares["per_rule"].items(), key=lambda kv: -kv[1])[:12]) + ".")
    if prof:
        L.append("")
        L.append(f"cProfile of a serial full run of the corpus ({prof['total']:.1f} s under the profiler), self time by module:")
        L.append("")
        L.append("| module | self s |")
        L.append("|---|---:|")
        for mod, t in prof["by_module"][:12]:
            L.append(f"| {mod} | {t:.2f} |")
        L.append("")
        L.append("Top functions by self time:")
        L.append("")
        L.append("| function | self s | cumulative s | calls |")
        L.append("|---|---:|---:|---:|")
        for row in prof["top_self"][:12]:
            L.append(f"| {row['where']} | {row['self']:.2f} | {row['cumulative']:.2f} | {row['calls']} |")
    if phases:
        L.append("")
        L.append("Where start-up on the small file goes after the interpreter has started (in-process, warm caches, "
                 "median of 9): " + ", ".join(f"{k} {1000 * v:.0f} ms" for k, v in phases.items()) + ".")
    for what, summary in (sampled or {}).items():
        if not summary:
            continue
        L.append("")
        L.append(f"pyinstrument, {what} ({summary['total']:.2f} s sampled, serial): self time by package — "
                 + ", ".join(f"{k} {v:.3f} s ({100 * v / summary['total']:.0f}%)" for k, v in summary["by_package"][:10])
                 + ".")
    if imports:
        L.append("")
        L.append("Top-level imports of `reportlint check` on the small file (`python -X importtime`, cumulative µs; "
                 "`site` includes this machine's .pth hooks): " + ", ".join(f"{m} {us}" for m, us in imports[:10]) + ".")
    return "\n".join(L) + "\n"


def record(md: str) -> None:
    target = HERE / "RESULTS.md"
    text = target.read_text(encoding="utf-8") if target.exists() else f"# Benchmark results\n\n{RESULTS_START}\n{RESULTS_END}\n"
    if RESULTS_START not in text:
        text += f"\n{RESULTS_START}\n{RESULTS_END}\n"
    head, rest = text.split(RESULTS_START, 1)
    tail = rest.split(RESULTS_END, 1)[1] if RESULTS_END in rest else ""
    target.write_text(f"{head}{RESULTS_START}\n{md}{RESULTS_END}{tail}", encoding="utf-8")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK, help="corpora and outputs (default $TMPDIR/reportlint-bench)")
    ap.add_argument("--tools", type=Path, default=DEFAULT_TOOLS, help="where competitors are installed (outside the repo)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per case (median); start-up uses 3× this")
    ap.add_argument("--timeout", type=float, default=900, help="seconds before one run is killed")
    ap.add_argument("--quick", action="store_true", help="1 run each, no competitors, no shares, no profile")
    ap.add_argument("--no-competitors", action="store_true")
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--only", default="", help="comma-separated cases to run (startup, corpus-10mb, zh-2.5mb, zh-10mb, en-10mb)")
    ap.add_argument("--record", action="store_true", help="write the results block of benchmarks/RESULTS.md")
    args = ap.parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    repeat = 1 if args.quick else args.repeat
    env = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cpus": os.cpu_count(),
           "machine": f"{platform.system()} {platform.machine()}", "load_start": os.getloadavg()[0]}
    corpora = build_corpora(work, args.quick)
    # reportlint's rule and pattern caches live here for the run, emptied first: the warm-up
    # run of each start-up case fills them, as a user's first run does.
    cache = work / "reportlint-cache"
    shutil.rmtree(cache, ignore_errors=True)
    os.environ["REPORTLINT_CACHE_DIR"] = str(cache)
    # An installed wheel has byte-code; a checkout under PYTHONDONTWRITEBYTECODE=1 would recompile
    # every module on every start. Compile once so start-up measures what users run.
    import reportlint

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(reportlint.__file__).parent)],
                   env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, check=False)
    tools = {} if (args.quick or args.no_competitors) else install_tools(args.tools)
    todo = cases(corpora, tools)
    if args.only:
        keep = set(args.only.split(","))
        todo = [c for c in todo if c[0] in keep]
    results = run_cases(todo, work, repeat, 3 * repeat, args.timeout)
    shares = prof = None
    if not args.quick:
        log("timing each rule over the corpus …")
        shares = category_shares(corpora["corpus-10mb"])
        if not args.no_profile:
            log("profiling a serial full run …")
            prof = profile(corpora["corpus-10mb"], work)
    imports = import_profile(corpora["small"])
    phases = startup_phases(corpora["small"])
    sampled = {"startup": pyinstrument_summary(["check", str(corpora["small"]), "--fail-on", "never"],
                                               work / "pyinstrument-startup.json", 0.0002)}
    if not args.quick and not args.no_profile:
        sampled["corpus-10mb"] = pyinstrument_summary(
            ["check", str(corpora["corpus-10mb"]), "--jobs", "1", "--fail-on", "never", "--format", "json",
             "--output", str(work / "pyinstrument-run.json")], work / "pyinstrument-corpus.json", 0.002)
    env["load_end"] = os.getloadavg()[0]
    versions = tool_versions(args.tools)
    md = render(results, shares, prof, imports, versions, env, phases, sampled)
    data = {"env": env, "versions": versions, "results": [
        {**{k: v for k, v in asdict(r).items() if k != "samples"}, "samples": [asdict(s) for s in r.samples]}
        for r in results], "shares": shares, "profile": prof, "imports": imports, "startup_phases": phases,
        "pyinstrument": sampled}
    (work / "results.json").write_text(json.dumps(data, indent=2, ensure_ascii=False))
    (work / "results.md").write_text(md)
    if args.record:
        record(md)
    print(md)


if __name__ == "__main__":
    main()
