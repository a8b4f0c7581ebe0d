"""The command line through click's runner, and one real subprocess of the installed command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from _cli import BAD, GOOD, run, write  # noqa: F401 — run is a fixture
from reportlint.cli import main



def test_clean_file_exits_0(run, tmp_path):
    write(tmp_path / "a.md", GOOD)
    r = run("check", "a.md")
    assert r.exit_code == 0, r.output
    assert "No problems found in 1 file." in r.output


def test_warning_exits_0_by_default_and_1_with_fail_on_warning(run, tmp_path):
    write(tmp_path / "a.md", BAD)
    assert run("check", "a.md").exit_code == 0
    r = run("check", "a.md", "--fail-on", "warning")
    assert r.exit_code == 1
    assert "a.md:1:13: warning TX001 Doubled word: 'the the'" in r.output


def test_max_warnings(run, tmp_path):
    write(tmp_path / "a.md", BAD)
    assert run("check", "a.md", "--max-warnings", "0").exit_code == 1
    assert run("check", "a.md", "--max-warnings", "1").exit_code == 0


def test_error_exits_1_and_fail_on_never(run, tmp_path):
    write(tmp_path / "a.md", "全年引进项目【待补充】个，再接再励。\n")
    assert run("check", "a.md", "--select", "TX004", "--fail-on", "warning").exit_code == 1
    assert run("check", "a.md", "--fail-on", "never").exit_code == 0


def test_json_contract(run, tmp_path):
    write(tmp_path / "a.md", BAD)
    r = run("check", "a.md", "--format", "json", "--select", "TX001")
    data = json.loads(r.output)
    assert data["version"] == 1 and data["tool"]["name"] == "reportlint"
    assert data["summary"] == {"files": 1, "error": 0, "warning": 1, "info": 0}
    (d,) = data["diagnostics"]
    assert set(d) == {"path", "line", "column", "end_line", "end_column", "rule", "name", "category",
                      "severity", "message", "related", "fix"}
    assert (d["path"], d["line"], d["column"], d["end_line"], d["end_column"]) == ("a.md", 1, 13, 1, 20)
    assert (d["rule"], d["name"], d["category"], d["severity"]) == ("TX001", "doubled-word", "style", "warning")


def test_output_file(run, tmp_path):
    write(tmp_path / "a.md", BAD)
    r = run("check", "a.md", "--format", "json", "--output", "out/report.json")
    assert r.output == ""
    assert json.loads((tmp_path / "out/report.json").read_text())["summary"]["warning"] == 1


def test_select_ignore_by_code_prefix_name_category(run, tmp_path):
    write(tmp_path / "a.md", BAD)
    for sel in ("TX001", "TX", "doubled-word", "style"):
        data = json.loads(run("check", "a.md", "--format", "json", "--select", sel).output)
        assert [d["rule"] for d in data["diagnostics"]] == ["TX001"], sel
    data = json.loads(run("check", "a.md", "--format", "json", "--ignore", "doubled-word").output)
    assert data["diagnostics"] == []


def test_unknown_select_token_is_a_usage_error(run, tmp_path):
    write(tmp_path / "a.md", BAD)
    r = CliRunner().invoke(main, ["check", "a.md", "--select", "TX0O1"])
    assert r.exit_code == 2
    assert "matches no rule" in r.output and "Traceback" not in r.output


def test_statistics(run, tmp_path):
    write(tmp_path / "a.md", BAD + "And the the end.\n")
    r = run("check", "a.md", "--statistics")
    assert "     2  TX001  [ ] doubled-word (warning)" in r.output


def test_stdin_with_filename(run):
    r = run("check", "-", "--stdin-filename", "draft.md", "--format", "json", input=BAD)
    data = json.loads(r.output)
    assert data["diagnostics"][0]["path"] == "draft.md"


def test_missing_file_is_reported_and_others_checked(run, tmp_path):
    write(tmp_path / "a.md", BAD)
    r = run("check", "missing.md", "a.md", "--format", "json")
    data = json.loads(r.output)
    rules = {(d["path"], d["rule"]) for d in data["diagnostics"]}
    assert ("missing.md", "E001") in rules and ("a.md", "TX001") in rules
    assert r.exit_code == 1


def test_binary_file_is_one_E001_and_others_checked(run, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(tmp_path / "docs/b.md", BAD)
    data = json.loads(run("check", "docs", "--format", "json").output)
    by_path = {d["path"]: d for d in data["diagnostics"]}
    assert by_path[str(Path("docs/image.md"))]["rule"] == "E001"
    assert "binary" in by_path[str(Path("docs/image.md"))]["message"]
    assert by_path[str(Path("docs/b.md"))]["rule"] == "TX001"


def test_text_caret_aligned_by_display_width(run, tmp_path):
    write(tmp_path / "a.txt", "科学擘画了未来五年年的发展蓝图。\n")
    r = run("check", "a.txt", "--select", "TX002")
    lines = r.output.splitlines()
    src = next(l for l in lines if "|" in l and "擘" in l)
    caret = next(l for l in lines if "^" in l)
    assert caret.index("^") == src.index("年") + 8  # 8 Chinese characters before it take two cells each
    assert caret.count("^") == 4


def test_no_color_when_not_a_terminal(run, tmp_path):
    write(tmp_path / "a.md", BAD)
    assert "\x1b[" not in run("check", "a.md").output


def test_force_color(run, tmp_path, monkeypatch):
    write(tmp_path / "a.md", BAD)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\x1b[" in run("check", "a.md").output
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("check", "a.md").output


def test_rules_text_and_json(run):
    r = run("rules")
    assert r.exit_code == 0 and "TX001" in r.output and "doubled-word" in r.output
    data = json.loads(run("rules", "--format", "json").output)
    entry = next(x for x in data if x["code"] == "TX001")
    assert set(entry) >= {"code", "name", "category", "severity", "summary"}


def test_explain_by_code_and_name(run):
    for key in ("TX002", "doubled-character", "tx002"):
        r = run("explain", key)
        assert r.exit_code == 0
        assert "TX002 doubled-character" in r.output and "Why:" in r.output and "Params" in r.output


def test_explain_unknown_rule(run):
    r = CliRunner().invoke(main, ["explain", "TX0001"])
    assert r.exit_code == 2 and "did you mean" in r.output


def test_init_writes_commented_config_that_loads(run, tmp_path):
    r = run("init")
    assert r.exit_code == 0
    text = (tmp_path / ".reportlint.yaml").read_text()
    assert text.startswith("#") and "rulesets:" in text
    assert CliRunner().invoke(main, ["init"]).exit_code == 2  # refuses to overwrite
    write(tmp_path / "a.md", BAD)
    assert run("check", "a.md").exit_code == 0  # the written config is valid


def test_version(run):
    r = run("--version")
    assert r.exit_code == 0 and "reportlint" in r.output


def test_installed_command_runs_as_a_real_process(tmp_path):
    """The console script and `python -m reportlint`, as pre-commit and CI call them."""
    write(tmp_path / "a.md", BAD)
    env = {**os.environ, "NO_COLOR": "1"}
    exe = Path(sys.executable).with_name("reportlint")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "reportlint"]
    p = subprocess.run([*cmd, "check", "a.md", "--fail-on", "warning"], cwd=tmp_path, capture_output=True,
                       text=True, env=env, timeout=120)
    assert p.returncode == 1, p.stderr
    assert "TX001" in p.stdout
    p = subprocess.run([sys.executable, "-m", "reportlint", "check", "a.md", "--format", "json"], cwd=tmp_path,
                       capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0 and json.loads(p.stdout)["summary"]["warning"] == 1


def test_real_process_exit_paths(tmp_path):
    """The entry point skips interpreter teardown: usage errors, errors and a closed pipe keep their exit codes."""
    write(tmp_path / "a.md", BAD)
    env = {**os.environ, "NO_COLOR": "1"}
    base = [sys.executable, "-m", "reportlint"]
    p = subprocess.run([*base, "bogus"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 2 and "No such command" in p.stderr
    p = subprocess.run([*base, "check", "a.md", "--format", "json", "-o", "out/r.json"], cwd=tmp_path,
                       capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0 and json.loads((tmp_path / "out" / "r.json").read_text(encoding="utf-8"))["diagnostics"]
    many = "\n\n".join(f"段落{i}的的内容。" for i in range(3000))
    write(tmp_path / "big.md", many)
    proc = subprocess.Popen([*base, "check", "big.md", "--fail-on", "warning"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()  # the reader goes away, as `| head -1` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 1 and "Traceback" not in err


def test_a_profiler_still_gets_its_report(tmp_path):
    """The fast exit steps aside under a profiler, whose report is written at normal exit."""
    write(tmp_path / "a.md", BAD)
    out = tmp_path / "run.prof"
    p = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "reportlint", "check", "a.md"],
                       cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=120)
    assert p.returncode == 0, p.stderr
    assert out.stat().st_size > 0


def test_unreadable_file_is_reported_and_others_checked(run, tmp_path, monkeypatch):
    """CI runs as root, where permissions do not stop reads: simulate the OS refusing."""
    write(tmp_path / "locked.md", BAD)
    write(tmp_path / "ok.md", BAD)
    real = Path.read_bytes

    def refuse(self):
        if self.name == "locked.md":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    r = run("check", "locked.md", "ok.md", "--format", "json")
    diags = {d["path"]: d for d in json.loads(r.output)["diagnostics"]}
    assert diags["locked.md"]["rule"] == "E001" and "Permission denied" in diags["locked.md"]["message"]
    assert diags["ok.md"]["rule"] == "TX001"
    assert r.exit_code == 1
