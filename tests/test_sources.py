"""Reading files: discovery rules and decoding (UTF-8/BOM, UTF-16, GB18030, binary)."""

from __future__ import annotations

import codecs
import subprocess
from pathlib import Path

import pytest

from reportlint.sources import ReadError, Source, decode, discover, encode, read_file

ZH = "第一章 总则\n全市经济运行稳中有进。\n"


@pytest.mark.parametrize(
    "data,encoding,bom",
    [
        (ZH.encode("utf-8"), "utf-8", b""),
        (codecs.BOM_UTF8 + ZH.encode("utf-8"), "utf-8", codecs.BOM_UTF8),
        (codecs.BOM_UTF16_LE + ZH.encode("utf-16-le"), "utf-16-le", codecs.BOM_UTF16_LE),
        (codecs.BOM_UTF16_BE + ZH.encode("utf-16-be"), "utf-16-be", codecs.BOM_UTF16_BE),
        (ZH.encode("gb18030"), "gb18030", b""),
    ],
)
def test_decodes_and_round_trips(data, encoding, bom):
    src = decode(data, "a.txt")
    assert isinstance(src, Source)
    assert src.text == ZH and src.encoding == encoding and src.bom == bom
    assert encode(src, src.text) == data


def test_crlf_is_normalised_and_restored():
    data = "一、总体要求\r\n正文。\r\n".encode("utf-8")
    src = decode(data, "a.txt")
    assert src.text == "一、总体要求\n正文。\n" and src.newline == "\r\n"
    assert encode(src, src.text) == data


def test_mixed_newlines_restored_line_by_line():
    data = b"a\r\nb\nc\r\n"
    src = decode(data, "a.txt")
    assert src.text == "a\nb\nc\n"
    assert encode(src, src.text.replace("b", "B")) == b"a\r\nB\nc\r\n"


@pytest.mark.parametrize("data,reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"abc\x00def", "binary"),
    (codecs.BOM_UTF16_LE + b"a\x00b", "invalid_encoding"),  # UTF-16 BOM then a truncated code unit
    (b"\x81\x30\x81", "undecodable"),  # neither UTF-8 nor complete GB18030
])
def test_undecodable_is_a_read_error(data, reason):
    """The reason is a kind E001's YAML words in the reader's language (issue 19 point 1)."""
    got = decode(data, "x.md")
    assert isinstance(got, ReadError) and got.reason.clause == reason, got


def test_unreadable_and_missing(tmp_path):
    assert isinstance(read_file(str(tmp_path / "nope.md")), ReadError)
    assert read_file(str(tmp_path)).reason.clause == "directory"


def test_discover_defaults_include_exclude_and_explicit(tmp_path):
    for name in ("a.md", "b.markdown", "c.txt", "d.rst", "h.adoc", "sub/e.md", "vendor/f.md", ".hidden/g.md"):
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x\n")
    files, errors = discover([str(tmp_path)], exclude=["vendor/**"])
    rel = sorted(Path(f).relative_to(tmp_path).as_posix() for f in files)
    assert rel == ["a.md", "b.markdown", "c.txt", "d.rst", "sub/e.md"] and errors == []
    # A file named explicitly is always checked, whatever include says.
    files, _ = discover([str(tmp_path / "h.adoc")], include=["*.md"])
    assert files == [str(tmp_path / "h.adoc")]
    files, errors = discover([str(tmp_path / "missing.md")])
    assert files == [] and errors[0].reason.clause == "missing"


def test_discover_respects_gitignore(tmp_path):
    if subprocess.run(["git", "--version"], capture_output=True).returncode != 0:
        pytest.skip("git not available")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("build/\nscratch.md\n")
    for name in ("a.md", "scratch.md", "build/b.md"):
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x\n")
    files, _ = discover([str(tmp_path)])
    assert [Path(f).name for f in files] == ["a.md"]


def test_discover_resolves_each_folder_once(tmp_path, monkeypatch):
    """A walk resolves the config folder, the walked root and each folder of files once, not once
    per file (realpath reads the file system: ~1,000 files made ~12,000 lstat calls); same files."""
    import os

    for i in range(30):
        p = tmp_path / f"sub{i % 3}" / f"f{i}.md"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x\n")
    expected, _ = discover([str(tmp_path)], base_dir=tmp_path, exclude=["nothing/**"])
    calls: list[str] = []
    real = os.path.realpath
    monkeypatch.setattr(os.path, "realpath", lambda p, **kw: calls.append(os.fspath(p)) or real(p, **kw))
    files, _ = discover([str(tmp_path)], base_dir=tmp_path, exclude=["nothing/**"])
    assert files == expected and len(files) == 30
    walked = [c for c in calls if not c.endswith(".md")]  # each file itself: once, to find it seen twice
    assert len(walked) == len(set(walked)) <= 5, walked
