#!/usr/bin/env python3
"""Re-create the gathered documents of manifest.jsonl that are missing from docs/.

Each manifest line names a public file by repository, commit and path, with the sha256
of the UTF-8 bytes saved in docs/<id>. The text is fetched from
https://raw.githubusercontent.com/{repo}/{commit}/{path}, checked against that sha256
and written to docs/<id>; a text whose digest differs is not written. Texts are never
committed (docs/ is git-ignored): this script is how another checkout gets them.

Usage (from the project root)
  python3 benchmarks/precision/fetch.py             # fetch what is missing, verify what is there
  python3 benchmarks/precision/fetch.py --check     # only verify: present, missing, corrupt
  python3 benchmarks/precision/fetch.py --from ../corpus/benchmarks/precision/docs   # copy verified texts from a checkout
Exit status: 0 when every document is present and verified, 1 otherwise.
Stdlib only.
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import re
import hashlib
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from typing import Callable, Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
RAW = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"
REQUIRED = ("id", "repo", "commit", "path", "sha256")
EXTRACTS = ("csv-field:",)  # "extract": "csv-field:NAME" = the NAME column of the file's first data row
EXCERPT = re.compile(r"characters (\d+)-(\d+)\b")  # "excerpt": "characters A-B (…)" = text[A:B]


class Unavailable(Exception):
    """The text could not be had (no network, not found, refused)."""


def raw_url(entry: dict) -> str:
    return RAW.format(repo=entry["repo"], commit=entry["commit"], path=urllib.parse.quote(entry["path"]))


def http_fetch(url: str, timeout: float = 20.0) -> bytes:
    """GET the URL; any failure to get it is Unavailable."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:  # noqa: S310 (fixed https host)
            return r.read()
    except (urllib.error.URLError, OSError, ValueError) as e:
        raise Unavailable(str(getattr(e, "reason", e))) from e


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclasses.dataclass
class Outcome:
    id: str
    status: str  # present | fetched | unavailable | mismatch | corrupt | invalid
    detail: str = ""


def extract(data: bytes, how: str) -> bytes:
    """The judged text inside a published file (a dataset that stores a report as a CSV cell).

    The manifest's sha256 is that of the extracted text, "source_sha256" that of the file.
    """
    if not how:
        return data
    if how.startswith("csv-field:"):
        rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        row = next(rows, None)
        name = how.split(":", 1)[1]
        if row is None or row.get(name) is None:
            raise ValueError(f"no column {name!r} in the first data row")
        return row[name].encode("utf-8")
    raise ValueError(f"unknown extract {how!r} (known: {', '.join(EXTRACTS)})")


def safe_id(ident: str) -> bool:
    return bool(ident) and os.path.basename(ident) == ident and ident not in (".", "..")


def process(entries: Sequence[dict], docs: str, fetch: Callable[[str], bytes] = http_fetch,
            check_only: bool = False, local: Sequence[str] = ()) -> list[Outcome]:
    """Verify each present document; fetch, verify and write each missing one.

    `local` folders (another checkout's docs/) are tried first: a file there with the
    manifest's sha256 is copied, which is how a machine without network gets the texts.
    """
    out = []
    for e in entries:
        missing = [k for k in REQUIRED if not e.get(k)]
        if missing or not safe_id(str(e.get("id", ""))):
            out.append(Outcome(str(e.get("id", "?")), "invalid", f"manifest line lacks {', '.join(missing) or 'a plain file id'}"))
            continue
        path = os.path.join(docs, e["id"])
        if os.path.exists(path):
            with open(path, "rb") as f:
                got = sha256(f.read())
            out.append(Outcome(e["id"], "present" if got == e["sha256"] else "corrupt",
                               "" if got == e["sha256"] else f"sha256 {got[:12]} != manifest {e['sha256'][:12]}"))
            continue
        if check_only:
            out.append(Outcome(e["id"], "unavailable", "missing (not fetched: --check)"))
            continue
        copied = _copy_local(e, path, local)
        if copied:
            out.append(Outcome(e["id"], "fetched", copied))
            continue
        url = raw_url(e)
        try:
            data = fetch(url)
        except Unavailable as err:
            out.append(Outcome(e["id"], "unavailable", f"{url}: {err}"))
            continue
        if e.get("source_sha256") and sha256(data) != e["source_sha256"]:
            out.append(Outcome(e["id"], "mismatch", f"{url}: sha256 {sha256(data)[:12]} != source_sha256 {e['source_sha256'][:12]}"))
            continue
        excerpt = e.get("excerpt", "")
        if excerpt:
            m = EXCERPT.match(excerpt)
            if not m:
                out.append(Outcome(e["id"], "unavailable", f"excerpt cut by hand ({excerpt}); re-create it from {url}"))
                continue
            data = data.decode("utf-8")[int(m.group(1)):int(m.group(2))].encode("utf-8")
        try:
            data = extract(data, e.get("extract", ""))
        except (ValueError, UnicodeDecodeError, csv.Error) as err:
            out.append(Outcome(e["id"], "mismatch", f"{url}: {err}"))
            continue
        if sha256(data) != e["sha256"]:
            out.append(Outcome(e["id"], "mismatch", f"{url}: sha256 {sha256(data)[:12]} != manifest {e['sha256'][:12]}"))
            continue
        os.makedirs(docs, exist_ok=True)
        tmp = path + ".part"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        out.append(Outcome(e["id"], "fetched", url))
    return out


def _copy_local(e: dict, path: str, local: Sequence[str]) -> str:
    """Copy the text from the first local folder that holds it with the right digest."""
    for folder in local:
        cand = os.path.join(folder, e["id"])
        if not os.path.isfile(cand):
            continue
        with open(cand, "rb") as f:
            data = f.read()
        if sha256(data) == e["sha256"]:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            tmp = path + ".part"
            with open(tmp, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
            return cand
    return ""


def main(argv: Sequence[str] | None = None, fetch: Callable[[str], bytes] = http_fetch) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", default=HERE, help="folder with manifest.jsonl and docs/")
    ap.add_argument("--check", action="store_true", help="verify only, fetch nothing")
    ap.add_argument("--from", dest="local", action="append", default=[], metavar="DIR",
                    help="copy texts from this folder (another checkout's benchmarks/precision/docs) when their sha256 matches; repeatable")
    a = ap.parse_args(argv)
    man = os.path.join(a.bench, "manifest.jsonl")
    with open(man, encoding="utf-8") as f:
        entries = [json.loads(line) for line in f if line.strip()]
    outcomes = process(entries, os.path.join(a.bench, "docs"), fetch, a.check, a.local)
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
        if o.status not in ("present",):
            print(f"{o.status:11} {o.id}  {o.detail}")
    print(", ".join(f"{n} {s}" for s, n in sorted(counts.items())) + f" (of {len(outcomes)} in {man})")
    bad = {s: n for s, n in counts.items() if s not in ("present", "fetched")}
    if bad:
        print("could not re-create: " + ", ".join(o.id for o in outcomes if o.status not in ("present", "fetched")))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
