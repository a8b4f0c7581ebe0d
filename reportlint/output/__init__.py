"""Output renderers: one module per format, each with `render(report) -> str`."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from reportlint.diagnostics import Diagnostic

from reportlint.vocabulary import REPORT_FORMATS as FORMATS


@dataclass
class Report:
    """Everything a renderer may show."""

    diagnostics: list[Diagnostic]
    files: int
    sources: dict[str, Any] = field(default_factory=dict)  # path → Source (for excerpts)
    rules: list[Any] = field(default_factory=list)  # the Rules of the run (for SARIF metadata)
    hidden: int = 0  # hidden by a baseline
    color: bool = False
    statistics: bool = False
    quiet: bool = False
    fixed: int = 0
    width: int = 80  # text excerpts fit this many terminal columns
    fold: bool = True  # text: findings repeated inside a reported copy are counted under it (--no-fold)
    language: str = "en"  # of the report's own lines (summary): --message-language, or the documents'


def render(fmt: str, report: Report) -> str:
    module = importlib.import_module(f"{__name__}.{fmt}_format")
    return module.render(report)
