#!/usr/bin/env python3
"""Speed and memory of reportlint's duplicate rules (DU*) against jscpd, on the same inputs.

Inputs come from the shared corpus generator (real report text, reshuffled):

    single documents: Chinese .txt and English .md, 2.5 MB and 10 MB
    many files:       about 1,000 files, 10 MB in all, both languages

Each tool runs `--runs` times per input; the table shows the median wall time and
the largest peak memory of the whole process tree (the RSS of the process and all
its descendants, summed, sampled every 10 ms from /proc). jscpd runs with the
markdown and txt formats, a low --min-tokens, and --max-size raised so it does not
skip the large files.

    python3 benchmarks/duplicates/bench.py --jscpd /tmp/jscpd/node_modules/.bin/jscpd
    (install jscpd outside the repository: cd /tmp/jscpd && npm i -E jscpd@5.3.2)

Linux only (/proc). Prints a Markdown table and writes results.json beside this file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
GENERATOR = ROOT.parent / "shared" / "tools" / "make_perf_corpus.py"

INPUTS = [  # (name, generator arguments, output name)
    ("zh-2.5mb", ["--mb", "2.5", "--lang", "zh"], "zh-2.5mb.txt"),
    ("zh-10mb", ["--mb", "10", "--lang", "zh"], "zh-10mb.txt"),
    ("en-2.5mb", ["--mb", "2.5", "--lang", "en"], "en-2.5mb.md"),
    ("en-10mb", ["--mb", "10", "--lang", "en"], "en-10mb.md"),
    ("files-10mb", ["--mb", "10", "--files", "1000", "--lang", "all"], "files-10mb"),
]


def build_inputs(work: Path) -> dict[str, Path]:
    out = {}
    for name, args, target in INPUTS:
        path = work / target
        if not path.exists():
            where = ["--out", str(path)] if "--files" in args else ["--single", str(path)]
            subprocess.run([sys.executable, str(GENERATOR), *args, *where], check=True, stdout=subprocess.DEVNULL)
        out[name] = path
    return out


def _tree_rss_kb(root: int) -> int:
    """RSS of `root` and all its descendants, in kB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/statm", "rb") as f:
                pages = int(f.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue
        pid = int(entry)
        children.setdefault(ppid, []).append(pid)
        rss[pid] = pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


def measure(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds, peak tree RSS in kB, exit status) of one run of `cmd`.

    CPU time (user + system, from wait4) is less disturbed than wall time when
    other work shares the machine; both are recorded.
    """
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            done.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, raw_status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(raw_status)
    done.set()
    sampler.join()
    return wall, usage.ru_utime + usage.ru_stime, peak, proc.returncode


def reportlint_cmd(path: Path, out: Path) -> list[str]:
    cmd = [sys.executable, "-m", "reportlint", "check", "--select", "DU", "--format", "json", "--output", str(out),
           "--fail-on", "never", "--jobs", "1", str(path)]
    if path.is_dir():
        cmd.insert(-1, "--cross-file")
    return cmd


def jscpd_cmd(jscpd: str, path: Path, out: Path, min_tokens: int) -> list[str]:
    return [jscpd, "--format", "markdown,txt", "--min-tokens", str(min_tokens), "--max-size", "100mb",
            "--reporters", "json", "--output", str(out), "--silent", "--no-gitignore", str(path)]


def count_reportlint(out: Path) -> int:
    try:
        return len(json.loads(out.read_text())["diagnostics"])
    except (OSError, ValueError, KeyError):
        return -1


def count_jscpd(out: Path) -> int:
    try:
        return len(json.loads((out / "jscpd-report.json").read_text())["duplicates"])
    except (OSError, ValueError, KeyError):
        return -1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "reportlint-bench-duplicates")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jscpd", help="path to a jscpd 5.3.2 executable (omit to skip jscpd)")
    ap.add_argument("--min-tokens", type=int, default=10, help="jscpd --min-tokens (its default is 50)")
    ap.add_argument("--only", nargs="*", help="input names to run (default: all)")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    inputs = build_inputs(args.work)
    names = args.only or list(inputs)
    results = []
    for name in names:
        path = inputs[name]
        size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size
        files = sum(1 for p in path.rglob("*") if p.is_file()) if path.is_dir() else 1
        tools = [("reportlint", lambda o: reportlint_cmd(path, o), count_reportlint, "rl.json")]
        if args.jscpd:
            tools.append(("jscpd", lambda o: jscpd_cmd(args.jscpd, path, o, args.min_tokens), count_jscpd, "jscpd"))
        for tool, make, count, out_name in tools:
            walls, cpus, peaks, found, status = [], [], [], -1, 0
            for _ in range(args.runs):
                out = args.work / f"{name}.{out_name}"
                wall, cpu, peak, status = measure(make(out), cwd=ROOT)
                walls.append(wall)
                cpus.append(cpu)
                peaks.append(peak)
                found = count(out)
            results.append({
                "input": name, "bytes": size, "files": files, "tool": tool, "runs": args.runs,
                "median_s": round(statistics.median(walls), 2), "min_s": round(min(walls), 2),
                "max_s": round(max(walls), 2), "median_cpu_s": round(statistics.median(cpus), 2),
                "peak_rss_mb": round(max(peaks) / 1024, 1), "load": round(os.getloadavg()[0], 1),
                "findings": found, "exit": status,
            })
            print(json.dumps(results[-1]), file=sys.stderr)
    meta = {
        "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
        "load_at_end": os.getloadavg(), "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }
    (HERE / "results.json").write_text(json.dumps({"meta": meta, "results": results}, indent=1) + "\n")
    print("| input | size | files | tool | wall s, median (min–max) | CPU s, median | peak tree RSS MB | findings | load |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['input']} | {r['bytes'] / 1e6:.1f} MB | {r['files']} | {r['tool']} | "
              f"{r['median_s']} ({r['min_s']}–{r['max_s']}) | {r['median_cpu_s']} | {r['peak_rss_mb']} | "
              f"{r['findings']} | {r['load']} |")
    for key in ("median_s", "median_cpu_s"):
        by = {(r["input"], r["tool"]): r[key] for r in results}
        for lang in ("zh", "en"):
            small, big = by.get((f"{lang}-2.5mb", "reportlint")), by.get((f"{lang}-10mb", "reportlint"))
            if small and big:
                print(f"\nreportlint {lang}: 10 MB / 2.5 MB {key} ratio = {big / small:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
