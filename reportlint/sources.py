"""Finding files to check and decoding them without losing what --fix must keep."""

from __future__ import annotations

import codecs
import errno
import os
from dataclasses import dataclass
from pathlib import Path

from reportlint import globs
from reportlint.diagnostics import Phrase, phrase
from reportlint.text import rx

DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.txt", "*.rst", "*.docx")
MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """A decoded file and how to write it back unchanged (encoding, BOM, newline style)."""
    path: str  # as given / as found (relative stays relative)
    text: str  # decoded, newlines normalised to "\n"
    encoding: str  # codec to write back with ("utf-8", "utf-16-le", "gb18030", ...)
    bom: bytes  # the byte-order mark the file started with, or b""
    newline: str  # "\n", "\r\n" or "\r" (the dominant style)
    line_endings: tuple[str, ...] | None = None  # per line, only when the file mixes styles
    # A Word document (reportlint/word): what each line of `text` is. None for text files. Such a
    # source is never written back (--fix refuses it; `reportlint annotate` writes a reviewed copy).
    structure: tuple | None = None


@dataclass(frozen=True)
class ReadError:
    """A file that could not be read or decoded; it becomes one E001 diagnostic.

    `reason` is a Phrase worded in E001's YAML (`clauses:`), so the message follows the reader's
    language: a reader that refuses a file for a new reason adds a clause there."""
    path: str
    reason: Phrase


def _git_visible(root: Path) -> set[str] | None:
    """Files under `root` that git does not ignore, or None outside a work tree."""
    import subprocess  # only when a folder is walked: a pre-commit hook passes files

    try:
        out = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name", "."],
            capture_output=True, timeout=30, check=False,
        )
        top = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True,
                             timeout=30, check=False, text=True)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0 or top.returncode != 0:
        return None
    base = Path(top.stdout.strip())
    return {os.path.realpath(base / p) for p in out.stdout.decode("utf-8", "surrogateescape").split("\0") if p}


def _git_ignored(path: Path) -> bool:
    """Does git ignore the folder itself (`build/` in .gitignore, and `build/drafts` named)?"""
    import subprocess

    try:
        out = subprocess.run(["git", "-C", str(path), "check-ignore", "-q", "."], capture_output=True, timeout=30,
                             check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0


def _rel_parts(full: Path, base: Path | None, root: Path, realpath: "_RealPaths") -> tuple[str, int]:
    """`full` relative to the config folder (else to the walked root), and how many leading parts name the root.

    Patterns are tested only on the parts below the root: a folder named on the command
    line is checked even when a pattern (or .gitignore) covers the folder itself.
    `realpath` resolves each folder once for a whole walk (the base and root are the same for every file).
    """
    if base is not None:  # realpath, not Path.resolve: a symlink loop must not raise here (it becomes E001)
        real_base = Path(realpath(base))
        try:
            rel = Path(realpath(full.parent), full.name).relative_to(real_base).as_posix()
            root_rel = Path(realpath(root)).relative_to(real_base).as_posix()
            return rel, 0 if root_rel == "." else root_rel.count("/") + 1
        except ValueError:
            pass
    return full.relative_to(root).as_posix(), 0


class _RealPaths:
    """`os.path.realpath` of folders during one walk, each folder resolved once (a walk asks for the
    same base, root and parent folder for every file in it; the tree does not change under it)."""

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def __call__(self, path: Path | str) -> str:
        key = os.fspath(path)
        got = self._seen.get(key)
        if got is None:
            got = self._seen[key] = os.path.realpath(key)
        return got


def discover(paths: list[str], include: tuple[str, ...] | list[str] = DEFAULT_INCLUDE,
             exclude: tuple[str, ...] | list[str] = (), base_dir: Path | None = None,
             respect_gitignore: bool = True) -> tuple[list[str], list[ReadError]]:
    """Files to check, in a stable order, and paths that do not exist.

    A path named explicitly is always checked (pre-commit passes files by name; a named
    folder inside a git-ignored one is walked). `include`, `exclude` (gitignore-style
    globs relative to the config's folder, reportlint.globs) and .gitignore apply to
    what a folder walk discovers below the named folder, as in Ruff.
    """
    files: list[str] = []
    errors: list[ReadError] = []
    seen: set[str] = set()
    real = _RealPaths()
    for p in paths:
        path = Path(p)
        if path.is_dir():
            visible = _git_visible(path) if respect_gitignore else None
            if visible is not None and not any(True for _ in _under(visible, path)) and _git_ignored(path):
                visible = None  # the named folder itself is ignored: named paths are always checked
            found = []
            for dirpath, dirnames, filenames in os.walk(path, followlinks=False):
                keep = []
                for d in sorted(dirnames):
                    if d.startswith(".") or d in ("node_modules", "__pycache__"):
                        continue
                    rel, below = _rel_parts(Path(dirpath) / d, base_dir, path, real)
                    if exclude and globs.matches(rel, exclude, is_dir=True, below=below):
                        continue
                    keep.append(d)
                dirnames[:] = keep
                for fn in filenames:
                    if fn.startswith("~$"):  # the owner file Word keeps beside a document it has open
                        continue
                    full = Path(dirpath) / fn
                    rel, below = _rel_parts(full, base_dir, path, real)
                    if not globs.matches(rel, include, below=below):
                        continue
                    if exclude and globs.matches(rel, exclude, below=below):
                        continue
                    if visible is not None and os.path.realpath(full) not in visible:
                        continue
                    found.append(str(full))
            for f in sorted(found):
                key = _same_file_key(f)
                if key not in seen:
                    seen.add(key)
                    files.append(f)
        elif path.exists() or path.is_symlink() or p == "-":
            key = _same_file_key(p)
            if key not in seen:
                seen.add(key)
                files.append(p)
        else:
            errors.append(ReadError(p, phrase("missing")))
    return files, errors


def _under(visible: set[str], folder: Path):
    prefix = str(folder.resolve()).rstrip(os.sep) + os.sep
    return (v for v in visible if v.startswith(prefix))


def _same_file_key(p: str) -> str:
    """`seed.txt`, `./seed.txt` and its absolute path are one file, checked once (under the first name given)."""
    return p if p == "-" else os.path.normcase(os.path.realpath(p))


def read_file(path: str) -> Source | ReadError:
    try:
        p = Path(path)
        if p.is_dir():
            return ReadError(path, phrase("directory"))
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            return ReadError(path, phrase("too_large", size=size, limit=MAX_FILE_BYTES))
        data = p.read_bytes()
    except OSError as e:
        return ReadError(path, os_reason(e))
    return from_bytes(data, path)


def from_bytes(data: bytes, path: str) -> Source | ReadError:
    """A file's bytes as a Source: a Word document by its reader, anything else decoded as text."""
    from reportlint import word  # light: the reader itself is imported only for a Word file

    if word.is_word(path, data):
        return word.read_source(path, data)
    return decode(data, path)


def os_reason(e: OSError) -> Phrase:
    """Why the system refused a file: permission (its own wording), else the system's error name and text."""
    if e.errno in (errno.EACCES, errno.EPERM):
        return phrase("permission")
    if e.errno == errno.ENOENT:
        return phrase("missing")
    name = errno.errorcode.get(e.errno or 0, type(e).__name__)
    return phrase("unreadable", error=e.strerror or str(e), errno_name=name)


_CONTROL_RE = rx.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def decode(data: bytes, path: str) -> Source | ReadError:
    """UTF-8 (BOM or not), UTF-16 with BOM, then GB18030; binary is refused."""
    bom = b""
    if data.startswith(codecs.BOM_UTF8):
        bom, encoding, body = codecs.BOM_UTF8, "utf-8", data[3:]
    elif data.startswith(codecs.BOM_UTF16_LE):
        bom, encoding, body = codecs.BOM_UTF16_LE, "utf-16-le", data[2:]
    elif data.startswith(codecs.BOM_UTF16_BE):
        bom, encoding, body = codecs.BOM_UTF16_BE, "utf-16-be", data[2:]
    else:
        encoding, body = "", data
    if not encoding:
        if b"\x00" in body or len(_CONTROL_RE.findall(body[:65536])) > max(8, len(body[:65536]) // 100):
            return ReadError(path, phrase("binary"))
        for enc in ("utf-8", "gb18030"):
            try:
                text = body.decode(enc)
                encoding = enc
                break
            except UnicodeDecodeError:
                continue
        else:
            return ReadError(path, phrase("undecodable"))
    else:
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as e:
            return ReadError(path, phrase("invalid_encoding", encoding=encoding.upper(), byte=e.start + len(bom)))
        if "\x00" in text:
            return ReadError(path, phrase("binary"))
    return from_text(text, path, encoding, bom)


_LINE_END_RE = rx.compile(r"\r\n|\r|\n")


def from_text(text: str, path: str, encoding: str = "utf-8", bom: bytes = b"") -> Source:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    counts = {"\n": lf, "\r\n": crlf, "\r": cr}
    newline = max(counts, key=lambda k: (counts[k], k == "\n"))
    endings = None
    if sum(1 for v in counts.values() if v) > 1:
        endings = tuple(_LINE_END_RE.findall(text))
    if crlf or cr:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Source(path, text, encoding, bom, newline, endings)


def encode(source: Source, text: str) -> bytes:
    """Bytes for `text` written back in the source's encoding, BOM and newline style."""
    if source.line_endings is not None and text.count("\n") == len(source.line_endings):
        parts = text.split("\n")
        out = [parts[0]]
        for ending, part in zip(source.line_endings, parts[1:]):
            out.append(ending)
            out.append(part)
        body = "".join(out)
    elif source.newline != "\n":
        body = text.replace("\n", source.newline)
    else:
        body = text
    return source.bom + body.encode(source.encoding)
