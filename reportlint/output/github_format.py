"""`--format github`: GitHub Actions workflow commands, shown as annotations on the pull request.

`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message`, escaped as
the Actions runner expects: in the message `%`, CR and LF; in properties also `:` and `,`.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from reportlint.diagnostics import Diagnostic
from reportlint.output import Report

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def annotation_path(path: str) -> str:
    """Paths as GitHub matches them against the checkout: relative, POSIX, no leading './'.

    An absolute path under the working folder (the checkout, in a workflow) is made
    relative, or GitHub would not place the annotation on the file.
    """
    p = Path(path)
    if p.is_absolute():
        try:
            return p.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return p.as_posix()
    return posixpath.normpath(p.as_posix())


def command(d: Diagnostic) -> str:
    props = [("file", annotation_path(d.path)), ("line", str(d.line)), ("col", str(d.column)),
             ("endLine", str(max(d.line, d.end_line)))]
    if d.end_line == d.line:
        props.append(("endColumn", str(max(d.column, d.end_column))))
    props.append(("title", d.rule))
    joined = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{COMMANDS[str(d.severity)]} {joined}::{escape_data(d.message)}"


def render(report: Report) -> str:
    return "".join(command(d) + "\n" for d in report.diagnostics)
