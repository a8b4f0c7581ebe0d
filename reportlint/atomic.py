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
