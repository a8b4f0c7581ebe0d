"""`file:` URIs ↔ filesystem paths (a document that is not a file keeps its URI as its path)."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from urllib.parse import unquote, urlparse


def uri_to_path(uri: str) -> str:
    """The absolute path of a `file:` URI; any other URI (`untitled:Untitled-1`) is returned as it is."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return uri
    path = unquote(parsed.path)
    if os.name == "nt" and path.startswith("/") and len(path) > 2 and path[2] == ":":
        path = path[1:]
    return os.path.normpath(path)


def path_to_uri(path: str) -> str:
    if "://" in path or path.startswith("untitled:"):
        return path
    if os.path.isabs(path):
        return _absolute_uri(path)
    return Path(os.path.abspath(path)).as_uri()


@functools.lru_cache(maxsize=4096)
def _absolute_uri(path: str) -> str:
    """The URI of an absolute path (a diagnostic's related places name a few files hundreds of times)."""
    return Path(os.path.normpath(path)).as_uri()
