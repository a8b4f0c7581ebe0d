"""A per-user cache of loaded rule sets, so a run on one small file does not re-read YAML.

Reading, validating and binding the 63 built-in rules costs more than checking a
short draft (composing their YAML alone is ~30 ms; see benchmarks/RESULTS.md). The
result only depends on the rule files and on reportlint's own code, so it is
pickled under a key made of both, the way Python caches bytecode: every rule
file's path, size and mtime, and every module of the installed package.

The cache is an optimisation and never a source of errors: a missing, unreadable,
corrupt or unwritable cache means the rules are loaded from YAML as if it were
not there. Rule-file *errors* are never cached, so they are reported every run.
"""

from __future__ import annotations

import functools
import io
import os
import pickle
import re
import sys
import zlib
from pathlib import Path
from typing import Any, Callable

from reportlint import __version__
from reportlint.text import rx

KEEP_ENTRIES = 64  # newest entries kept; one per distinct set of rule files in use
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def default_cache_dir() -> Path | None:
    """`$REPORTLINT_CACHE_DIR`, else the platform's user cache folder; None when disabled."""
    if os.environ.get("REPORTLINT_NO_CACHE", "").strip() not in ("", "0"):
        return None
    explicit = os.environ.get("REPORTLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "reportlint" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "reportlint"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "reportlint"


def _stat_key(path: str) -> str:
    st = os.stat(path)
    return f"{path}\0{st.st_size}\0{st.st_mtime_ns}"


@functools.lru_cache(maxsize=1)
def _code_key() -> tuple[str, ...]:
    """reportlint's own modules: an edit to a check's Params in a checkout must not load stale pickles."""
    out = []
    for root, dirs, files in os.walk(_PACKAGE_DIR):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        out.extend(_stat_key(os.path.join(root, f)) for f in sorted(files) if f.endswith(".py"))
    return tuple(out)


def cache_key(rule_files: list[Path], label: str) -> str:
    """Everything the loaded rules depend on, as text; stored in the entry and compared in full on load."""
    return "\n".join([__version__, sys.version, str(pickle.HIGHEST_PROTOCOL), label, *_code_key(),
                      *(_stat_key(os.path.abspath(f)) for f in rule_files)])


def cached(cache_dir: Path | None, rule_files: list[Path], label: str, load: Callable[[], Any]) -> Any:
    """`load()`'s result for these rule files, from the cache when it is fresh."""
    if cache_dir is None:
        return load()
    try:
        key = cache_key(rule_files, label)
    except OSError:  # a rule file vanished between listing and stat: let the loader report it
        return load()
    # The file name only spreads entries out (a CRC, not a cryptographic hash: hashlib is ~2 ms
    # to import); the full key inside decides, so a collision is a miss, never wrong rules.
    entry = cache_dir / f"rules-{zlib.crc32(key.encode('utf-8', 'surrogatepass')):08x}-{len(key)}.pickle"
    try:
        with open(entry, "rb") as fh:
            stored_key, value = pickle.load(fh)
        if stored_key == key:
            return value
    except Exception:  # noqa: BLE001 — missing, corrupt or foreign: rebuilt, never fatal
        pass
    value = load()
    _store(cache_dir, entry, (key, value))
    return value


def _store(cache_dir: Path, entry: Path, value: Any) -> None:
    from reportlint.atomic import write_atomic

    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        data = buf.getvalue()
        write_atomic(entry, data, durable=False)
        _prune(cache_dir)
    except Exception:  # noqa: BLE001 — read-only home, full disk, unpicklable custom params: just don't cache
        pass


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        """Rule params' patterns come back through the compiled-pattern store, not `re.compile`."""
        if isinstance(obj, re.Pattern):
            return rx.compile_now, (obj.pattern, obj.flags)
        return NotImplemented


def _prune(cache_dir: Path) -> None:
    entries = sorted(cache_dir.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[KEEP_ENTRIES:]:
        old.unlink(missing_ok=True)


def clear(cache_dir: Path) -> int:
    """Delete every cache entry; returns how many were removed."""
    n = 0
    for p in [*cache_dir.glob("rules-*.pickle"), *cache_dir.glob("regex-*.marshal"),
              *cache_dir.glob("dataclass-code-*.marshal"), *cache_dir.glob(".*.tmp")]:
        p.unlink(missing_ok=True)
        n += 1
    return n
