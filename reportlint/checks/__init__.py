"""Check kinds: one module per kind, found by name (`count-list` → `count_list.py`).

A kind module provides:

- ``Params``: a frozen dataclass of the parameters a rule may set (typed; the
  rule loader validates and converts YAML into it, compiling ``re.Pattern`` fields);
- ``FIELDS``: the ``{fields}`` its findings provide to a rule's ``message``;
- ``MESSAGE``: the default message template;
- ``run(doc, params)``: a pure function of the read-only Document yielding Findings;
- optionally ``run_many(docs, params)`` yielding ``(doc_index, Finding)`` for checks
  that look across the files of a run (cross-file duplicates);
- optionally ``validate(params)`` returning ``[(param, problem), ...]``.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from types import ModuleType


def available_kinds() -> list[str]:
    return list(_kinds())


@functools.lru_cache(maxsize=1)
def _kinds() -> tuple[str, ...]:
    """The package's kind modules; listed once per process (the loader asks twice per rule: ~25 ms at start-up)."""
    return tuple(sorted(
        m.name.replace("_", "-") for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")
    ))


def load_kind(kind: str) -> ModuleType:
    """Import the module of a check kind; raises KeyError for an unknown kind."""
    if kind not in available_kinds():
        raise KeyError(kind)
    return importlib.import_module(f"{__name__}.{kind.replace('-', '_')}")
