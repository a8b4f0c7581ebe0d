"""The one atomic file writer: a temporary file in the same folder, then a rename.

Used for fixed documents, baselines and the caches, so none is ever left half-written by
a killed process. A leaf module (imports nothing of the package).
"""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: str | Path, data: bytes, durable: bool = True) -> None:
    """Write via a temporary file in the same folder and rename: never a half-written file.

    Through a symlink to its target (the link stays a link), keeping the target's mode.
    `durable` also syncs to disk before the rename (a user's document); caches skip it.
    """
    import tempfile

    target = Path(os.path.realpath(path))
    mode = None
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent))
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load_marshalled(path: Path, tag: str) -> dict:
    """A cache file's dict written by `save_marshalled` with this `tag`; empty when missing, corrupt or foreign."""
    import marshal

    try:
        with open(path, "rb") as fh:
            stored_tag, value = marshal.load(fh)
    except Exception:  # noqa: BLE001 — missing, corrupt or from another Python: start empty
        return {}
    return value if stored_tag == tag and isinstance(value, dict) else {}


def save_marshalled(path: Path, tag: str, value: dict) -> bool:
    """Write a cache file (`tag`, `value`) atomically; False, never an error, when it cannot be written."""
    import marshal

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, marshal.dumps((tag, value)), durable=False)
    except Exception:  # noqa: BLE001 — read-only home, full disk: the next run compiles again
        return False
    return True
