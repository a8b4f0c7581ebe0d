"""Issue 18: the CLI as users meet it — stdin, named paths, fixes and copies, --diff, Ruff-like output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from _cli import BAD, GOOD, run, write  # noqa: F401 — run is a fixture

ENV = {**os.environ, "NO_COLOR": "1"}


def proc(tmp_path, *args, input=None, **kw):
    return subprocess.run([sys.executable, "-m", "reportlint", *args], cwd=tmp_path, input=input,
                          capture_output=True, text=True, env={**ENV, **kw.pop("env", {})}, timeout=120, **kw)


# --- 1. stdin -------------------------------------------------------------------------------------

def test_stdin_is_read_not_the_file_of_that_name(tmp_path):
    write(tmp_path / "draft.md", GOOD)  # a file of the stdin name exists: it must not be read
    p = proc(tmp_path, "check", "-", "--stdin-filename", "draft.md", "--format", "json", input=BAD)
    data = json.loads(p.stdout)
    assert [(d["path"], d["rule"]) for d in data["diagnostics"]] == [("draft.md", "TX001")], p.stderr
    p = proc(tmp_path, "check", "-", "--stdin-filename", "absent/draft.md", "--format", "json", input=BAD)
    assert [d["rule"] for d in json.loads(p.stdout)["diagnostics"]] == ["TX001"]


def test_stdin_without_a_name(tmp_path):
    p = proc(tmp_path, "check", "-", "--format", "json", input=BAD)
    data = json.loads(p.stdout)
    assert [(d["path"], d["rule"]) for d in data["diagnostics"]] == [("<stdin>", "TX001")], p.stderr


def test_stdin_filename_gives_the_format(tmp_path):
    text = "一、总体情况\n\n三、下一步\n"
    as_txt = proc(tmp_path, "check", "-", "--stdin-filename", "a.txt", "--format", "json", input=text)
    assert json.loads(as_txt.stdout)["summary"]["files"] == 1


def test_fix_with_stdin_writes_the_fixed_text_to_stdout(tmp_path):
    write(tmp_path / "draft.md", GOOD)
    p = proc(tmp_path, "check", "-", "--stdin-filename", "draft.md", "--unsafe-fixes", "--select", "TX001", input=BAD)
    assert p.stdout == GOOD, p.stderr
    assert (tmp_path / "draft.md").read_text() == GOOD  # untouched


# --- 5. --diff is a patch -------------------------------------------------------------------------

ZH = "第三届市人民政府任以来,面对百年未有之大变局,在市委的坚强领导下取得成效。\n这是第二段,内容完整。\n"


def _git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
@pytest.mark.parametrize("newline,tail", [("\n", "\n"), ("\r\n", "\r\n"), ("\n", "")], ids=["lf", "crlf", "no-eol"])
def test_diff_is_only_a_patch_git_applies(tmp_path, fmt, newline, tail):
    text = ZH.rstrip("\n").replace("\n", newline) + tail
    (tmp_path / "sub").mkdir()
    target = tmp_path / "sub" / "report.txt"
    target.write_bytes(text.encode("utf-8"))
    (tmp_path / "clean.md").write_text(GOOD, encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "reportlint", "check", "--select", "MK", "--diff", "--format", fmt,
                        "sub/report.txt", "clean.md"], cwd=tmp_path, capture_output=True, env=ENV, timeout=120)
    assert p.returncode == 1, p.stderr  # there would be changes
    out = p.stdout.decode("utf-8")
    assert out.startswith("--- a/sub/report.txt\n+++ b/sub/report.txt\n@@ "), out
    assert "Found" not in out and "{" not in out and "clean.md" not in out
    assert target.read_bytes() == text.encode("utf-8")  # nothing written
    _git(tmp_path, "init", "-q")
    (tmp_path / "fix.patch").write_bytes(p.stdout)
    applied = _git(tmp_path, "apply", "fix.patch")
    assert applied.returncode == 0, applied.stderr
    assert "，面对" in target.read_text(encoding="utf-8")
    again = proc(tmp_path, "check", "--select", "MK", "--diff", "sub/report.txt")
    assert again.returncode == 0 and again.stdout == ""  # nothing left to change


# --- 6. --fix through a symlink -------------------------------------------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_fix_writes_through_a_symlink_to_its_target(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "report.txt"
    target.write_text(ZH, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    p = proc(tmp_path, "check", "--select", "MK", "--fail-on", "never", "--fix", "link.txt")
    assert p.returncode == 0, p.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "，面对" in target.read_text(encoding="utf-8")


# --- 7. pipes, duplicates, -j, --max-warnings, terminal width, grouped findings ---------------------

@pytest.mark.parametrize("extra", [[], ["--statistics"], ["--format", "json"]])
def test_a_reader_that_left_is_not_an_internal_error(tmp_path, extra):
    write(tmp_path / "a.md", BAD * 50)
    r, w = os.pipe()
    os.close(r)  # `| true`: the reader is gone before anything is written
    try:
        p = subprocess.run([sys.executable, "-m", "reportlint", "check", "a.md", "--fail-on", "warning", *extra],
                           cwd=tmp_path, stdout=w, stderr=subprocess.PIPE, text=True, env=ENV, timeout=120)
    finally:
        os.close(w)
    assert "internal error" not in p.stderr and "Traceback" not in p.stderr, p.stderr
    assert p.returncode == 1  # the findings' exit status stands


def test_the_same_file_named_twice_is_checked_once(run, tmp_path):
    write(tmp_path / "seed.txt", BAD)
    r = run("check", "seed.txt", "./seed.txt", str(tmp_path / "seed.txt"), ".", "--format", "json")
    data = json.loads(r.stdout)
    assert data["summary"]["files"] == 1 and len(data["diagnostics"]) == 1


@pytest.mark.parametrize("value,ok", [("auto", True), ("2", True), ("1", True), ("0", False), ("-1", False), ("x", False)])
def test_jobs_mean_the_same_on_the_command_line_and_in_config(run, tmp_path, value, ok):
    write(tmp_path / "a.md", GOOD)
    r = run("check", "a.md", "-j", value)
    assert (r.exit_code == 0) is ok, r.output
    write(tmp_path / ".reportlint.yaml", f"jobs: {value}\n")
    r = run("check", "a.md")
    assert (r.exit_code == 0) is ok, r.output
    if not ok:
        assert r.exit_code == 2 and "jobs" in r.stderr and "Traceback" not in r.stderr


def test_max_warnings_exceeded_says_so(run, tmp_path):
    write(tmp_path / "a.md", BAD + "\nAnd the the end.\n")
    r = run("check", "a.md", "--max-warnings", "1")
    assert r.exit_code == 1
    assert "2 warnings" in r.stderr and "--max-warnings 1" in r.stderr
    r = run("check", "a.md", "--max-warnings", "2")
    assert r.exit_code == 0 and "max-warnings" not in r.stderr


def _display_width(s: str) -> int:
    from reportlint.text.cjk import display_width
    return display_width(s)


LONG_ZH = ("本报告" + "全面总结了过去一年的工作情况并提出了下一步的工作安排" * 2 + "再接再励，继续努力"
           + "全面总结了过去一年的工作情况并提出了下一步的工作安排" * 4 + "。\n")


def _check_excerpt(out: str, width: int, marked: str) -> None:
    lines = out.splitlines()
    i = next(i for i, l in enumerate(lines) if " | " in l and marked in l)
    src, caret = lines[i], lines[i + 1]
    assert _display_width(src) <= width and _display_width(caret) <= width, (src, caret)
    assert "^" in caret
    # the caret stands under the flagged text, counting display cells
    at = caret.index("^")
    col = 0
    for j, ch in enumerate(src):
        if col >= at:
            assert src[j:].startswith(marked[0]), (src, caret)
            break
        col += _display_width(ch)


def test_excerpts_fit_80_columns_when_not_a_terminal(tmp_path):
    write(tmp_path / "a.txt", LONG_ZH)
    p = proc(tmp_path, "check", "a.txt", "--select", "TX004")
    assert "TX004" in p.stdout, p.stdout
    _check_excerpt(p.stdout, 80, "再接再励")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("columns", [60, 100])
def test_excerpts_fit_the_terminal_width(tmp_path, columns):
    import fcntl
    import pty
    import struct
    import termios

    write(tmp_path / "a.txt", LONG_ZH)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in ENV.items() if k not in ("COLUMNS", "LINES")}
    p = subprocess.Popen([sys.executable, "-m", "reportlint", "check", "a.txt", "--select", "TX004"], cwd=tmp_path,
                         stdout=slave, stderr=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            b = os.read(master, 65536)
        except OSError:
            break
        if not b:
            break
        chunks.append(b)
    p.wait(timeout=120)
    os.close(master)
    out = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    _check_excerpt(out, columns, "再接再励")


def test_a_grouped_finding_underlines_its_first_mark(run, tmp_path):
    write(tmp_path / "a.txt", "第一项,第二项,第三项,第四项,第五项,第六项,第七项,第八项。\n")
    r = run("check", "a.txt", "--select", "MK005", "--message-language", "en")
    lines = r.stdout.splitlines()
    header = next(l for l in lines if "MK005" in l)
    assert "6 more" in header
    caret = next(l for l in lines if "^" in l)
    assert caret.count("^") == 1


# --- 4 and 8. Ruff-like text: [*] fixable, -q, --statistics ------------------------------------------

MIXED = "报告(摘要)的内容。\n\nWe reviewed the the results.\n"  # MK005 has a safe fix, TX001 an unsafe one


def test_fixable_findings_are_marked_and_counted(run, tmp_path):
    write(tmp_path / "a.md", MIXED)
    r = run("check", "a.md", "--select", "MK005,TX001")
    lines = r.stdout.splitlines()
    mk = next(l for l in lines if "MK005" in l)
    tx = next(l for l in lines if "TX001" in l)
    assert "MK005 [*] " in mk and "[*]" not in tx
    assert lines[-1] == "[*] 1 fixable with --fix (1 more with --unsafe-fixes)"
    r = run("check", "a.md", "--select", "TX001")
    assert r.stdout.splitlines()[-1] == "[*] 0 fixable with --fix (1 more with --unsafe-fixes)"
    write(tmp_path / "b.md", GOOD)
    assert "fixable" not in run("check", "b.md").stdout


def test_quiet_prints_the_findings_without_the_summary(run, tmp_path):
    write(tmp_path / "a.md", MIXED)
    r = run("check", "a.md", "--select", "MK005,TX001", "-q")
    assert "MK005" in r.stdout and "TX001" in r.stdout
    assert "Found" not in r.stdout and "fixable with" not in r.stdout
    write(tmp_path / "b.md", GOOD)
    assert run("check", "b.md", "-q").stdout == ""


def test_statistics_prints_only_the_table_with_a_fixable_column(run, tmp_path):
    write(tmp_path / "a.md", MIXED + "\nAnd the the end.\n")
    r = run("check", "a.md", "--select", "MK005,TX001", "--statistics")
    lines = r.stdout.splitlines()
    assert not any(":1:" in l or "|" in l or l.startswith("Found") for l in lines), r.stdout
    assert "     2  TX001  [ ] doubled-word (warning)" in lines
    assert any(l.startswith("     1  MK005  [*] ") for l in lines), lines


SECTION = ("（一）加强组织领导\n\n各级各部门要把这项工作摆在突出位置,主要负责同志亲自抓、负总责,认真落实各项任务措施,确保取得实效。\n\n"
           "（二）强化督促检查\n\n市政府督查室要建立工作台账,实行挂图作战、逐项销号,定期通报进展情况,对工作不力的严肃问责。\n\n")
PASTED = "# 工作方案\n\n" + SECTION + "# 附件\n\n" + SECTION


def test_findings_repeated_inside_a_copy_are_folded_under_it(run, tmp_path):
    write(tmp_path / "a.md", PASTED)
    full = json.loads(run("check", "a.md", "--format", "json").stdout)
    rules = [d["rule"] for d in full["diagnostics"]]
    assert "DU001" in rules and rules.count("MK005") == 4, rules
    r = run("check", "a.md", "--message-language", "en")
    listed = [l for l in r.stdout.splitlines() if ": error " in l or ": warning " in l or ": info " in l]
    assert len(listed) < len(rules)
    assert sum("MK005" in l for l in listed) == 2  # the original's two; the copy's are counted
    assert any("2 more findings inside the copy of lines 3–" in l for l in r.stdout.splitlines()), r.stdout  # en dash
    zh = run("check", "a.md").stdout  # a Chinese document: the fold line in Chinese, the same range style
    assert any("第 3–" in l and "行的副本内另有 2 个问题" in l for l in zh.splitlines()), zh
    assert f"Found {len(rules)} problems" in r.stdout and "2 folded under copies" in r.stdout  # counts see all
    r = run("check", "a.md", "--no-fold")
    assert sum("MK005" in l for l in r.stdout.splitlines() if "|" not in l) == 4
    assert "folded" not in r.stdout
    assert r.exit_code == run("check", "a.md").exit_code


# --- 3. fixes leave pasted copies alone -------------------------------------------------------------

SECTION_OK = SECTION.replace(",", "，")


def test_unsafe_fixes_do_not_renumber_a_pasted_copy(run, tmp_path):
    text = "一、工作方案\n\n" + SECTION_OK + SECTION_OK
    target = write(tmp_path / "q.txt", text)
    sel = ("--select", "DU001,HD004")  # exact codes: HD004 may be a preview rule
    before = json.loads(run("check", "q.txt", "--format", "json", *sel).stdout)
    assert {d["rule"] for d in before["diagnostics"]} >= {"DU001", "HD004"}
    run("check", "q.txt", "--unsafe-fixes", *sel)
    assert target.read_text(encoding="utf-8") == text  # （一）（二） of the copy stay: the copy is to be deleted
    after = json.loads(run("check", "q.txt", "--format", "json").stdout)
    assert "DU001" in {d["rule"] for d in after["diagnostics"]}  # still reported as the copy it is


def test_fixes_outside_a_copy_are_still_applied(run, tmp_path):
    text = "一、工作方案\n\n" + SECTION_OK + SECTION_OK + "二、其他事项\n\n报告(摘要)见附件,请查阅。\n"
    target = write(tmp_path / "q.txt", text)
    run("check", "q.txt", "--fix")
    assert target.read_text(encoding="utf-8") == text.replace("报告(摘要)见附件,请查阅", "报告（摘要）见附件，请查阅")


# --- 2. named paths, ignored folders, no files ------------------------------------------------------

def _repo(tmp_path):
    _git(tmp_path, "init", "-q")
    write(tmp_path / ".gitignore", "build/\n*.log.md\n")
    write(tmp_path / "build" / "drafts" / "a.md", BAD)
    write(tmp_path / "build" / "drafts" / "b.log.md", BAD)
    write(tmp_path / "docs" / "c.md", BAD)
    return tmp_path


def test_a_named_folder_inside_an_ignored_one_is_checked(run, tmp_path):
    _repo(tmp_path)
    r = run("check", "build/drafts", "--format", "json")
    paths = sorted(d["path"] for d in json.loads(r.stdout)["diagnostics"])
    assert paths == [str(Path("build/drafts/a.md")), str(Path("build/drafts/b.log.md"))], r.stderr
    r = run("check", "build/drafts/a.md", "--format", "json")  # a named file always
    assert json.loads(r.stdout)["summary"]["files"] == 1


def test_a_walk_from_above_respects_gitignore_unless_told_not_to(run, tmp_path):
    _repo(tmp_path)
    data = json.loads(run("check", ".", "--format", "json").stdout)
    assert {Path(d["path"]).as_posix() for d in data["diagnostics"]} == {"docs/c.md"}
    data = json.loads(run("check", ".", "--format", "json", "--no-respect-gitignore").stdout)
    assert len({d["path"] for d in data["diagnostics"]}) == 3
    write(tmp_path / ".reportlint.yaml", "respect-gitignore: false\n")
    data = json.loads(run("check", ".", "--format", "json").stdout)
    assert len({d["path"] for d in data["diagnostics"]}) == 3


def test_exclude_applies_below_a_named_folder_not_to_it(run, tmp_path):
    write(tmp_path / ".reportlint.yaml", "exclude: [archive]\n")
    write(tmp_path / "archive" / "old.md", BAD)
    write(tmp_path / "drafts" / "archive" / "older.md", BAD)
    write(tmp_path / "drafts" / "new.md", BAD)
    data = json.loads(run("check", ".", "--format", "json").stdout)
    assert {Path(d["path"]).as_posix() for d in data["diagnostics"]} == {"drafts/new.md"}  # a bare name excludes
    data = json.loads(run("check", "archive", "--format", "json").stdout)
    assert {Path(d["path"]).as_posix() for d in data["diagnostics"]} == {"archive/old.md"}  # named: checked


def test_no_file_to_check_warns_naming_the_paths(run, tmp_path):
    (tmp_path / "empty").mkdir()
    write(tmp_path / "notes" / "x.docx.bak", "x")
    r = run("check", "empty", "notes")
    assert r.exit_code == 0
    assert "no files to check in empty, notes" in r.stderr
    write(tmp_path / "docs" / "a.md", GOOD)
    r = run("check", "docs", "empty")
    assert r.exit_code == 0 and "no files to check in empty" in r.stderr and "docs" not in r.stderr


@pytest.mark.parametrize("glob", ["**/seed.txt", "seed.txt", "*.txt", "/seed.txt"])
def test_per_file_ignores_globs_match_as_include_does(run, tmp_path, glob):
    write(tmp_path / ".reportlint.yaml", f'per-file-ignores: {{"{glob}": [TX001]}}\ninclude: ["**/*.txt", "*.md"]\n')
    write(tmp_path / "seed.txt", BAD)
    write(tmp_path / "other.md", BAD)
    for args in (["."], ["seed.txt", "other.md"]):
        data = json.loads(run("check", *args, "--format", "json").stdout)
        assert [Path(d["path"]).name for d in data["diagnostics"]] == ["other.md"], (glob, args)


def test_an_ascii_excerpt_is_cut_where_counting_cells_cuts_it():
    """The text format cuts an ASCII line at its budget without measuring each character: the same
    excerpt as a line whose first letter is a one-cell non-ASCII one (é), which is measured."""
    from reportlint.diagnostics import Diagnostic, Severity
    from reportlint.output import Report, render
    from reportlint.sources import Source

    def excerpt(line: str, col: int, width: int) -> str:
        d = Diagnostic(path="a.md", line=1, column=col, end_line=1, end_column=col + 3, rule="TX901", name="x",
                       category="style", severity=Severity.WARNING, message="m")
        src = Source(path="a.md", text=line + "\n", encoding="utf-8", bom=b"", newline="\n")
        return render("text", Report([d], files=1, sources={"a.md": src}, quiet=True, width=width)).split("\n", 1)[1]

    for n in (10, 75, 76, 77, 78, 117, 118, 119, 200, 2000):
        line = "".join(chr(0x61 + i % 26) for i in range(n))
        for col in (2, 40, 60, n):
            for width in (40, 80, 200):
                measured = excerpt("é" + line[1:], col, width)
                assert excerpt(line, col, width) == measured.replace("é", "a"), (n, col, width)
