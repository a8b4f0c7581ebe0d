"""`--fix`, `--unsafe-fixes` and `--diff` end to end through the real CLI.

What must hold (issue 5, point 6): safe fixes are applied and unsafe ones only on
request; the file keeps its encoding (UTF-8, UTF-8 with BOM, UTF-16 with BOM,
GB18030), BOM and newline style; a second run changes nothing; `--diff` prints a
unified diff and writes nothing; a write is atomic (temporary file + rename), so
a failure leaves the original intact and no temporary file behind.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reportlint import atomic
from reportlint.sources import decode

ZH = "第三届市人民政府任以来,面对百年未有之大变局,在市委的坚强领导下取得成效。\n这是第二段,内容完整。\n"
ZH_FIXED = "第三届市人民政府任以来，面对百年未有之大变局，在市委的坚强领导下取得成效。\n这是第二段，内容完整。\n"


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reportlint", "check", "--select", "MK", "--preview", "--fail-on", "never", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )


def write(path: Path, text: str, encoding: str, bom: bytes = b"", newline: str = "\n") -> bytes:
    data = bom + text.replace("\n", newline).encode(encoding)
    path.write_bytes(data)
    return data


@pytest.mark.parametrize(
    "encoding,bom,newline",
    [
        ("utf-8", b"", "\n"),
        ("utf-8", codecs.BOM_UTF8, "\r\n"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "\r\n"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "\n"),
        ("gb18030", b"", "\r\n"),
    ],
    ids=["utf8-lf", "utf8-bom-crlf", "utf16le-bom-crlf", "utf16be-bom-lf", "gb18030-crlf"],
)
def test_fix_keeps_encoding_bom_and_newlines_and_is_idempotent(tmp_path, encoding, bom, newline):
    target = tmp_path / "report.txt"
    write(target, ZH, encoding, bom, newline)
    r = run_cli(tmp_path, "--fix", "report.txt")
    assert r.returncode == 0, r.stderr
    data = target.read_bytes()
    assert data == bom + ZH_FIXED.replace("\n", newline).encode(encoding)
    src = decode(data, "report.txt")
    assert src.encoding.replace("-", "") .startswith(encoding.replace("-", "")[:5]) and src.bom == bom
    # A second run finds nothing to fix and leaves the bytes as they are.
    r2 = run_cli(tmp_path, "--fix", "--format", "json", "report.txt")
    assert r2.returncode == 0, r2.stderr
    assert target.read_bytes() == data
    assert not [d for d in json.loads(r2.stdout)["diagnostics"] if d["rule"] == "MK005"]


def test_mixed_newlines_are_kept_line_by_line(tmp_path):
    target = tmp_path / "mixed.txt"
    raw = "第一行,内容。\r\n第二行,内容。\n第三行,内容。\r\n".encode("utf-8")
    target.write_bytes(raw)
    assert run_cli(tmp_path, "--fix", "mixed.txt").returncode == 0
    assert target.read_bytes() == "第一行，内容。\r\n第二行，内容。\n第三行，内容。\r\n".encode("utf-8")


def test_diff_prints_and_writes_nothing(tmp_path):
    target = tmp_path / "report.txt"
    original = write(target, ZH, "gb18030")
    before = target.stat().st_mtime_ns
    patch = _diff_bytes(tmp_path, "report.txt")
    assert target.read_bytes() == original and target.stat().st_mtime_ns == before
    assert b"--- a/report.txt" in patch and b"+++ b/report.txt" in patch
    assert "-第三届市人民政府任以来,面对".encode("gb18030") in patch  # in the file's encoding
    assert "+第三届市人民政府任以来，面对".encode("gb18030") in patch
    assert list(tmp_path.iterdir()) == [target]  # no temporary file either


def _diff_bytes(cwd: Path, *args: str) -> bytes:
    r = subprocess.run([sys.executable, "-m", "reportlint", "check", "--select", "MK", "--preview", "--diff", *args],
                       cwd=cwd, capture_output=True, timeout=300)
    assert r.returncode == 1, r.stderr  # 1: there would be changes
    return r.stdout


@pytest.mark.parametrize("tool", [["patch", "-p1", "--quiet"], ["git", "apply", "--unsafe-paths", "-"]],
                         ids=["patch", "git-apply"])
@pytest.mark.parametrize(
    "encoding,bom,newline",
    [("gb18030", b"", "\r\n"), ("utf-8", codecs.BOM_UTF8, "\r\n"), ("utf-8", b"", "\n")],
    ids=["gb18030-crlf", "utf8-bom-crlf", "utf8-lf"],
)
def test_diff_applies_byte_for_byte(tmp_path, encoding, bom, newline, tool):
    """The patch of a GB18030 (or BOM, CRLF) file applies with patch and git apply and gives exactly the
    bytes --fix writes: each line is in the file's own bytes, as `git diff` shows them (issue 18's limit)."""
    import shutil

    if shutil.which(tool[0]) is None:
        pytest.skip(f"{tool[0]} is not installed")
    before = write(tmp_path / "report.txt", ZH, encoding, bom, newline)
    patch = _diff_bytes(tmp_path, "report.txt")
    assert "第三届".encode(encoding) in patch and patch.startswith(b"--- a/report.txt\n+++ b/report.txt\n")
    env = {**os.environ, "GIT_DIR": str(tmp_path / "no-repo")}  # git apply outside a repository
    p = subprocess.run(tool, cwd=tmp_path, input=patch, capture_output=True, timeout=60, env=env)
    assert p.returncode == 0, p.stderr.decode("utf-8", "replace") + p.stdout.decode("utf-8", "replace")
    applied = (tmp_path / "report.txt").read_bytes()
    (tmp_path / "report.txt").write_bytes(before)
    assert run_cli(tmp_path, "--fix", "report.txt").returncode == 0
    assert applied == (tmp_path / "report.txt").read_bytes() == bom + ZH_FIXED.replace("\n", newline).encode(encoding)


def test_diff_of_a_utf16_file_is_utf8_for_reading(tmp_path):
    """Line tools read a patch as ASCII-compatible bytes, so a UTF-16 patch applies nowhere: its patch is
    UTF-8 text to read, and --fix is the way to change the file (docs/integration.md says so)."""
    write(tmp_path / "report.txt", ZH, "utf-16-le", codecs.BOM_UTF16_LE, "\r\n")
    patch = _diff_bytes(tmp_path, "report.txt").decode("utf-8")
    assert "-第三届市人民政府任以来,面对" in patch and "+第三届市人民政府任以来，面对" in patch


SPLIT = "全市经济发展的规模速度和质效显著提升，总量均翻了一番多，全市经济发展的质效\n\n- 12 -\n\n益，站在了新的历史起点。\n"


def test_unsafe_fix_only_on_request(tmp_path):
    target = tmp_path / "split.txt"
    target.write_text(SPLIT, encoding="utf-8")
    assert run_cli(tmp_path, "--fix", "split.txt").returncode == 0
    assert target.read_text(encoding="utf-8") == SPLIT  # the join is unsafe: not applied by --fix
    assert run_cli(tmp_path, "--unsafe-fixes", "split.txt").returncode == 0
    joined = target.read_text(encoding="utf-8")
    assert joined == "全市经济发展的规模速度和质效显著提升，总量均翻了一番多，全市经济发展的质效益，站在了新的历史起点。\n"
    assert run_cli(tmp_path, "--unsafe-fixes", "split.txt").returncode == 0
    assert target.read_text(encoding="utf-8") == joined  # stable


def test_safe_and_unsafe_fixes_in_one_file_do_not_collide(tmp_path):
    target = tmp_path / "doc.md"
    text = "See [the guide] (https://example.com/guide) and 报告(摘要),内容。\n"
    target.write_text(text, encoding="utf-8")
    assert run_cli(tmp_path, "--fix", "doc.md").returncode == 0
    assert target.read_text(encoding="utf-8") == "See [the guide](https://example.com/guide) and 报告（摘要），内容。\n"


def test_fix_keeps_file_mode(tmp_path):
    target = tmp_path / "report.txt"
    target.write_text(ZH, encoding="utf-8")
    os.chmod(target, 0o640)
    assert run_cli(tmp_path, "--fix", "report.txt").returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text(encoding="utf-8") == ZH_FIXED


def test_write_is_atomic_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "report.txt"
    target.write_bytes(b"original")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(OSError):
        atomic.write_atomic(str(target), b"new content")
    assert target.read_bytes() == b"original"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_write_replaces_by_rename(tmp_path):
    target = tmp_path / "report.txt"
    target.write_bytes(b"original")
    inode = target.stat().st_ino
    atomic.write_atomic(str(target), b"new content")
    assert target.read_bytes() == b"new content"
    assert target.stat().st_ino != inode  # a new file renamed over the old one, not rewritten in place
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]
