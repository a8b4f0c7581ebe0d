#!/usr/bin/env python3
"""Re-create a hand-made set's base texts from its manifest (stdlib only).

The base texts are git-ignored; a set whose manifest gives each base as a whole file or
as a contiguous range of the file's lines (`line_start`, `line_end`) can be rebuilt
exactly: the file is fetched from https://raw.githubusercontent.com/{repo}/{commit}/{path},
split at \\n, a trailing \\r is removed from each line, lines line_start..line_end are
joined with \\n and a final \\n is added; the text is written only when its sha256 is the
manifest's. A whole-file base (no line_start) is the fetched bytes unchanged.

    python3 benchmarks/handmade/fetch.py --set holdout-3          # fetch what is missing
    python3 benchmarks/handmade/fetch.py --set holdout-3 --check  # verify only
    python3 benchmarks/handmade/fetch.py --set holdout-3 --from DIR   # copy verified texts from DIR

Earlier sets (the first one, holdout-2) have bases made of *selected paragraphs*, which
the manifest describes only in words: those are reported as not re-creatable.
Exit status 0 when every base is present and verified.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from typing import Callable, Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import apply as bench  # noqa: E402  (the sibling script, not a package)


def _precision_fetch():
    """The precision bench's fetcher (URL, HTTP, Outcome), loaded from its file."""
    path = os.path.join(os.path.dirname(HERE), "precision", "fetch.py")
    spec = importlib.util.spec_from_file_location("precision_fetch", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclass looks its module up while the class is built
    spec.loader.exec_module(mod)
    return mod


pf = _precision_fetch()


def cut(data: bytes, entry: dict) -> bytes:
    """The base text inside the fetched file, as the manifest's line range defines it."""
    if not entry.get("line_start"):
        return data
    lines = [line[:-1] if line.endswith("\r") else line for line in data.decode("utf-8").split("\n")]
    a, b = entry["line_start"], entry["line_end"]
    if not 1 <= a <= b <= len(lines):
        raise ValueError(f"lines {a}-{b} outside the file's {len(lines)} lines")
    return ("\n".join(lines[a - 1:b]) + "\n").encode("utf-8")


def restore(entries: Sequence[dict], base: str, fetch: Callable[[str], bytes] = pf.http_fetch,
            check_only: bool = False, local: Sequence[str] = ()) -> list:
    """Verify each present base text; copy or fetch, cut, verify and write each missing one."""
    out = []
    for e in entries:
        path = os.path.join(base, e["id"])
        if os.path.exists(path):
            with open(path, "rb") as fh:
                got = pf.sha256(fh.read())
            ok = got == e["sha256"]
            out.append(pf.Outcome(e["id"], "present" if ok else "corrupt", "" if ok else f"sha256 {got[:12]}"))
            continue
        if pf._copy_local(e, path, local):
            out.append(pf.Outcome(e["id"], "fetched", "copied"))
            continue
        if check_only:
            out.append(pf.Outcome(e["id"], "unavailable", "missing (not fetched: --check)"))
            continue
        if "line_start" not in e and e.get("excerpt", "whole file") != "whole file":
            out.append(pf.Outcome(e["id"], "unavailable", f"selected by hand ({e['excerpt'][:60]}…): not re-creatable"))
            continue
        url = pf.raw_url(e)
        try:
            data = cut(fetch(url), e)
        except pf.Unavailable as err:
            out.append(pf.Outcome(e["id"], "unavailable", f"{url}: {err}"))
            continue
        except (ValueError, UnicodeDecodeError) as err:
            out.append(pf.Outcome(e["id"], "mismatch", f"{url}: {err}"))
            continue
        if pf.sha256(data) != e["sha256"]:
            out.append(pf.Outcome(e["id"], "mismatch", f"{url}: sha256 {pf.sha256(data)[:12]} != manifest {e['sha256'][:12]}"))
            continue
        os.makedirs(base, exist_ok=True)
        with open(path + ".part", "wb") as fh:
            fh.write(data)
        os.replace(path + ".part", path)
        out.append(pf.Outcome(e["id"], "fetched", url))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", metavar="NAME", help="a set of defects in the subfolder NAME (e.g. holdout-3)")
    ap.add_argument("--check", action="store_true", help="verify only, fetch nothing")
    ap.add_argument("--from", dest="local", action="append", default=[], metavar="DIR",
                    help="copy texts from this folder when their sha256 matches; repeatable")
    args = ap.parse_args(argv)
    try:
        paths = bench.set_paths(args.set)
    except bench.BenchError as exc:
        sys.stderr.write(f"fetch.py: {exc}\n")
        return 1
    outcomes = restore(bench.read_jsonl(paths.manifest), paths.base, check_only=args.check, local=args.local)
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
        if o.status != "present":
            sys.stdout.write(f"{o.status:11} {o.id}  {o.detail}\n")
    sys.stdout.write(", ".join(f"{n} {s}" for s, n in sorted(counts.items())) + f" (of {len(outcomes)}, base {paths.base})\n")
    return 0 if set(counts) <= {"present", "fetched"} else 1


if __name__ == "__main__":
    sys.exit(main())
