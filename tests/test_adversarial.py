"""Adversarial inputs through the real CLI process: a clear message, the right exit code, no traceback,
bounded time, and the other files of the run still checked.

Each case runs `python -m reportlint` in a subprocess (a segfault or a hang must show as
a failure, which an in-process runner would not), next to a companion file with a known
defect so that "the rest of the run still happened" is checked too. Time is bounded by
the child's CPU time (robust on a busy machine) and, loosely, by wall time.
"""

from __future__ import annotations

import codecs
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

COMPANION = "companion.md"
COMPANION_TEXT = "This is the the draft.\n"  # TX001 doubled word on line 1
WALL_LIMIT = 600  # seconds; only a hang trips it on a loaded machine


@dataclass
class Run:
    code: int
    out: dict
    stderr: str
    cpu: float
    wall: float

    def rules_for(self, name: str) -> list[str]:
        return [d["rule"] for d in self.out.get("diagnostics", []) if Path(d["path"]).name == name]

    def messages_for(self, name: str, rule: str) -> list[str]:
        return [d["message"] for d in self.out.get("diagnostics", []) if Path(d["path"]).name == name and d["rule"] == rule]


def run_cli(cwd: Path, *args: str, env: dict[str, str] | None = None, json_out: bool = True) -> Run:
    """`reportlint check ARGS` in a child process; CPU time from the child's rusage."""
    cmd = [sys.executable, "-m", "reportlint", *args]
    if json_out:
        cmd += ["--format", "json", "--output", str(cwd / "out.json")]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    full_env = {**os.environ, "REPORTLINT_DEBUG": "", **(env or {})}
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=WALL_LIMIT, env=full_env,
                          stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert proc.returncode >= 0, f"killed by signal {-proc.returncode}: {proc.stderr[-2000:]}"
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr[-3000:]
    out: dict = {}
    if json_out and (cwd / "out.json").exists():
        out = json.loads((cwd / "out.json").read_text(encoding="utf-8"))
        (cwd / "out.json").unlink()
    return Run(proc.returncode, out, proc.stderr, cpu, wall)


def check_with_companion(tmp_path: Path, name: str, data: bytes, *extra: str, env: dict[str, str] | None = None) -> Run:
    (tmp_path / name).write_bytes(data)
    (tmp_path / COMPANION).write_text(COMPANION_TEXT, encoding="utf-8")
    r = run_cli(tmp_path, "check", name, COMPANION, *extra, env=env)
    assert r.out, f"no JSON report; exit {r.code}; stderr: {r.stderr[-2000:]}"
    assert r.out["summary"]["files"] == 2
    assert "TX001" in r.rules_for(COMPANION), "the other file of the run was not checked"
    crashed = [d["message"] for d in r.out["diagnostics"] if d["rule"] == "E002" and "crashed" in d["message"]]
    assert not crashed, crashed
    return r


def no_errors(r: Run, name: str) -> None:
    assert not [x for x in r.rules_for(name) if x.startswith("E")], r.out["diagnostics"][:5]


# ---------------------------------------------------------------- unreadable or undecodable: E001, exit 1


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("binary.md", bytes(range(256)) * 64, "binary"),
        ("nul.md", b"# Title\n\nSome text\x00with a NUL byte.\n", "binary"),
        ("invalid.md", b"# Title\n\nok \xff\xfe\xfa broken \x80 bytes \xc3\x28 here.\n", "cannot decode"),
        ("utf16-nul.md", codecs.BOM_UTF16_LE + "a\x00b\n".encode("utf-16-le"), "NUL"),
        ("utf16-odd.md", codecs.BOM_UTF16_LE + "abc".encode("utf-16-le") + b"\x00", "invalid UTF-16"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 20 else "",
)
def test_undecodable_file_is_one_E001_and_the_run_goes_on(tmp_path, name, data, reason):
    r = check_with_companion(tmp_path, name, data)
    assert r.code == 1  # E001 is an error, subject to --fail-on error (the default)
    assert r.rules_for(name) == ["E001"]
    assert reason in r.messages_for(name, "E001")[0]
    r = check_with_companion(tmp_path, name, data, "--fail-on", "never")
    assert r.code == 0


def test_empty_and_bom_only_files_are_clean(tmp_path):
    for name, data in [("empty.md", b""), ("empty.txt", b""), ("bom.md", codecs.BOM_UTF8), ("blank.txt", b"\n\n \n\t\n")]:
        r = check_with_companion(tmp_path, name, data)
        assert r.code == 0 and r.rules_for(name) == [], r.out["diagnostics"]


@pytest.mark.parametrize(
    "name,data",
    [
        ("gb.txt", "一、总体要求\n全年完成五年年目标任务。\n".encode("gb18030")),
        ("u16le.txt", codecs.BOM_UTF16_LE + "一、总体要求\n全年完成五年年目标任务。\n".encode("utf-16-le")),
        ("u16be.txt", codecs.BOM_UTF16_BE + "一、总体要求\n全年完成五年年目标任务。\n".encode("utf-16-be")),
        ("u8bom.txt", codecs.BOM_UTF8 + "一、总体要求\r\n全年完成五年年目标任务。\r\n".encode("utf-8")),
        ("cr.txt", "一、总体要求\r全年完成五年年目标任务。\r".encode("utf-8")),
    ],
    ids=["gb18030", "utf-16-le", "utf-16-be", "utf-8-bom-crlf", "cr"],
)
def test_chinese_encodings_are_checked_not_rejected(tmp_path, name, data):
    r = check_with_companion(tmp_path, name, data)
    no_errors(r, name)
    lines = [(d["rule"], d["line"], d["column"]) for d in r.out["diagnostics"] if d["path"] == name]
    assert ("TX002", 2, 6) in lines, lines  # 五年年: found at the right place whatever the encoding


def test_symlink_loop_and_dangling_link_are_reported(tmp_path):
    (tmp_path / "loop1.md").symlink_to("loop2.md")
    (tmp_path / "loop2.md").symlink_to("loop1.md")
    (tmp_path / "dangling.md").symlink_to("nowhere.md")
    (tmp_path / COMPANION).write_text(COMPANION_TEXT, encoding="utf-8")
    r = run_cli(tmp_path, "check", "loop1.md", "dangling.md", COMPANION)
    assert r.code == 1
    assert r.rules_for("loop1.md") == ["E001"] and "symbolic links" in r.messages_for("loop1.md", "E001")[0]
    assert r.rules_for("dangling.md") == ["E001"]
    assert "TX001" in r.rules_for(COMPANION)
    # A folder walk that meets a loop (and a link to its own folder) terminates.
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "self").symlink_to("..", target_is_directory=True)
    r = run_cli(tmp_path, "check", ".")
    assert "TX001" in r.rules_for(COMPANION)


def test_unreadable_file_is_reported_and_the_rest_checked(tmp_path, monkeypatch):
    """CI runs as root, where mode 000 does not stop a read: simulate EACCES in-process."""
    from click.testing import CliRunner

    from reportlint.cli import main

    (tmp_path / "secret.md").write_text("# Secret\n", encoding="utf-8")
    (tmp_path / COMPANION).write_text(COMPANION_TEXT, encoding="utf-8")
    real = Path.read_bytes

    def guarded(self: Path) -> bytes:
        if self.name == "secret.md":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, ["check", "secret.md", COMPANION, "--format", "json"], catch_exceptions=False)
    assert res.exit_code == 1
    diags = json.loads(res.output)["diagnostics"]
    assert [(d["path"], d["rule"]) for d in diags if d["rule"] == "E001"] == [("secret.md", "E001")]
    assert "Permission denied" in [d["message"] for d in diags if d["rule"] == "E001"][0]
    assert "TX001" in [d["rule"] for d in diags if d["path"] == COMPANION]


def test_a_directory_named_like_a_document_and_a_missing_path(tmp_path):
    (tmp_path / "folder.md").mkdir()
    (tmp_path / COMPANION).write_text(COMPANION_TEXT, encoding="utf-8")
    r = run_cli(tmp_path, "check", "missing.md", COMPANION)
    assert r.code == 1 and r.rules_for("missing.md") == ["E001"]
    r = run_cli(tmp_path, "check", "folder.md", COMPANION)
    assert r.code == 0 and "TX001" in r.rules_for(COMPANION)


# ---------------------------------------------------------------- big and pathological documents: bounded time


def _bounded(r: Run, cpu_limit: float) -> None:
    assert r.cpu < cpu_limit, f"took {r.cpu:.1f} s of CPU (limit {cpu_limit}); wall {r.wall:.1f} s"


MARKER = "\n\nWe checked the the end.\n"  # a doubled word (TX001) after the pathological part


def _checked_to_the_end(r: Run, name: str) -> None:
    """The file was read and checked past its pathological part (TX001 found the marker after it), and
    every check that was stopped says it ran out of CPU time (none crashed)."""
    assert "TX001" in r.rules_for(name), f"{name} was not checked to its end: {r.rules_for(name)[:10]}"
    stopped = r.messages_for(name, "E002")
    assert [m for m in stopped if "CPU" not in m] == [], stopped


# Checks that go superlinear on one giant paragraph are cut by the per-rule CPU budget
# (engine.rule_time_budget); a small budget keeps these tests quick while proving the run ends.
SMALL_BUDGET = {"REPORTLINT_RULE_TIME_BUDGET": "2"}


@pytest.mark.slow
def test_20mb_file_without_a_newline(tmp_path):
    sentence = "全年地区生产总值增长5.2%，完成年度目标任务（详见附表）。The economy grew by 5.2 percent; "
    reps = 20 * 1024 * 1024 // len(sentence.encode("utf-8")) + 1
    data = (sentence * reps).encode("utf-8")[: 20 * 1024 * 1024]
    data = data.decode("utf-8", "ignore").encode("utf-8") + " the the end".encode("utf-8")
    r = check_with_companion(tmp_path, "oneline.txt", data, "--fail-on", "never", env=SMALL_BUDGET)
    assert r.code == 0
    _bounded(r, 400)
    _checked_to_the_end(r, "oneline.txt")


@pytest.mark.slow
def test_100000_identical_lines(tmp_path):
    data = ("同一行内容在这里重复出现了很多次。\n" * 100_000 + MARKER).encode("utf-8")
    r = check_with_companion(tmp_path, "same.txt", data, "--fail-on", "never", env=SMALL_BUDGET)
    _bounded(r, 200)
    _checked_to_the_end(r, "same.txt")
    assert {"DU001", "DU004"} & set(r.rules_for("same.txt")), "the repeated line is not reported"


@pytest.mark.slow
def test_brackets_nested_10000_deep(tmp_path):
    n = 10_000
    text = "(" * n + "x" + ")" * n + "\n\n" + "（" * n + "\n\n" + "[" * n + "\n\n" + "**" * n + "\n\n" + "> " * n + "q\n"
    r = check_with_companion(tmp_path, "nested.md", (text + MARKER).encode("utf-8"), "--fail-on", "never",
                             env=SMALL_BUDGET)
    _bounded(r, 300)
    _checked_to_the_end(r, "nested.md")


@pytest.mark.slow
def test_10000_headings_and_a_5000_column_table(tmp_path):
    headings = "".join(f"## {i}. 第{i}节 标题\n\n正文第{i}段。\n\n" for i in range(1, 10_001))
    r = check_with_companion(tmp_path, "headings.md", (headings + MARKER).encode("utf-8"), "--fail-on", "never",
                             env=SMALL_BUDGET)
    _bounded(r, 200)
    _checked_to_the_end(r, "headings.md")
    cols = 5000
    table = "| " + " | ".join(f"列{i}" for i in range(cols)) + " |\n| " + " | ".join("---" for _ in range(cols)) + " |\n"
    table += "| " + " | ".join(str(i) for i in range(cols)) + " |\n"
    r = check_with_companion(tmp_path, "table.md", (table + MARKER).encode("utf-8"), "--fail-on", "never",
                             env=SMALL_BUDGET)
    _bounded(r, 200)
    _checked_to_the_end(r, "table.md")


def test_a_check_that_runs_away_is_stopped_by_its_budget(monkeypatch):
    """A quadratic check on some input becomes one E002 naming it; the other rules still report."""
    import dataclasses
    import types

    from reportlint.document import Document
    from reportlint.engine import EngineOptions
    from reportlint.pipeline import lint_document
    from reportlint.ruleset.loader import load_rulesets

    by_code = {r.code: r for r in load_rulesets(["core", "zh", "en"])}

    def spin(doc, params):
        while True:
            pass
        yield  # pragma: no cover

    stub = types.SimpleNamespace(run=spin, MESSAGE="never", FIELDS=frozenset())
    runaway = dataclasses.replace(by_code["TX001"], module=stub)
    monkeypatch.setenv("REPORTLINT_RULE_TIME_BUDGET", "0.5")
    t0 = time.perf_counter()
    diags = lint_document(Document.parse("全年完成五年年目标。 the the\n", "a.md"),
                          [runaway, by_code["TX002"], by_code["E002"]], EngineOptions())
    assert time.perf_counter() - t0 < 60
    assert [d.rule for d in diags] == ["E002", "TX002"]
    assert "TX001" in diags[0].message and "超过 0.5 秒 CPU 时间" in diags[0].message  # a Chinese document


# ---------------------------------------------------------------- rule files and configs: exit 2, path:line:col


CATASTROPHIC_RULE = """\
id: TX950
name: team-catastrophic
kind: pattern
category: style
severity: warning
params:
  pattern: '(a+)+$'
docs:
  summary: A rule with a catastrophic pattern.
  why: To show the guard.
tests:
  - name: bad
    fail: "aaaa\\n"
    expect: [{line: 1}]
  - name: good
    pass: "b\\n"
"""


def _usage_error(tmp_path: Path, *args: str) -> str:
    (tmp_path / COMPANION).write_text(COMPANION_TEXT + "a" * 40 + "!\n", encoding="utf-8")
    r = run_cli(tmp_path, "check", COMPANION, *args, json_out=False)
    assert r.code == 2, (r.code, r.stderr)
    _bounded(r, 60)
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("reportlint: "), r.stderr[-2000:]
    return lines[0]


def test_catastrophic_regex_in_a_rule_file_is_refused_at_load(tmp_path):
    (tmp_path / "team.yml").write_text(CATASTROPHIC_RULE, encoding="utf-8")
    line = _usage_error(tmp_path, "--rules", "team.yml")
    assert "team.yml:7:" in line and "backtrack" in line
    for pattern in [r"(\w*)*x", "(a|aa)+$", "(?:x+y*)+z"]:
        (tmp_path / "team.yml").write_text(CATASTROPHIC_RULE.replace("(a+)+$", pattern), encoding="utf-8")
        assert "team.yml:7:" in _usage_error(tmp_path, "--rules", "team.yml")


@pytest.mark.parametrize(
    "text,expect",
    [
        ("select: [ALL\n", "invalid YAML"),
        ("\tselect: [ALL]\n", "invalid YAML"),
        ("select: " + "[" * 100_000 + "]" * 100_000 + "\n", "nested"),  # libyaml would segfault here
        ("select: " + "[" * 300 + "]" * 300 + "\n", "nested"),
        ("a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 120)) + "  " * 120 + "v: 1\n", "nested"),
        ("select: [" + ", ".join(f"R{i}" for i in range(700_000)) + "]\n", "too large"),
        ("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(8)), ":"),
        ("- just\n- a list\n", "mapping"),
        ("select: [ALL]\nselect: [DU]\n", "duplicate key"),
        ("\x00\x01binary", ""),
    ],
    ids=["unclosed", "tab", "flow-100k-deep", "flow-300-deep", "block-120-deep", "huge", "alias-bomb", "list",
         "duplicate-key", "binary"],
)
def test_malformed_deep_or_huge_config(tmp_path, text, expect):
    (tmp_path / ".reportlint.yaml").write_text(text, encoding="utf-8")
    line = _usage_error(tmp_path)
    assert ".reportlint.yaml" in line and expect in line, line


@pytest.mark.parametrize(
    "text",
    [
        "id: TX960\nname: x\nkind: pattern\nparams: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "id: TX960\nname: x\nkind: pattern\nparams: {pattern: " + "{a: " * 2000 + "1" + "}" * 2000 + "}\n",
        "rules:\n" + "".join(f"  - id: TX{i:03d}\n    name: r{i}\n" for i in range(1000)) * 10,
        "id: [unclosed\n",
        "id: TX960\n!!python/object:os.system ['echo hacked']\n",
        "id: !!python/name:os.system TX960\n",
        "\ufeff" + CATASTROPHIC_RULE.replace("TX950", "TX9500"),
    ],
    ids=["flow-100k-deep", "mapping-2000-deep", "many-rules", "unclosed", "python-tag", "python-name-tag", "bom-bad-id"],
)
def test_malformed_deep_or_huge_rule_file(tmp_path, text):
    (tmp_path / "team.yml").write_text(text, encoding="utf-8")
    line = _usage_error(tmp_path, "--rules", "team.yml")
    assert "team.yml" in line
    assert "hacked" not in line or "python" in line


def test_rule_file_that_is_not_utf8_or_is_binary(tmp_path):
    (tmp_path / "team.yml").write_bytes(b"\xff\xfe\x00\x01\x02garbage")
    assert "team.yml" in _usage_error(tmp_path, "--rules", "team.yml")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "a.yml").write_text(CATASTROPHIC_RULE.replace("(a+)+$", "colour"), encoding="utf-8")
    (tmp_path / "rules" / "b.yml").write_text(CATASTROPHIC_RULE.replace("TX950", "TX951").replace("team-catastrophic", "team-b"),
                                              encoding="utf-8")
    line = _usage_error(tmp_path, "--rules", "rules")
    assert "b.yml:7:" in line and "backtrack" in line


def test_text_report_of_many_findings_on_a_huge_line_is_linear():
    """The text renderer once split the whole source per diagnostic (quadratic: 11 s of a 2.5 MB run)."""
    from reportlint.diagnostics import Diagnostic, Severity
    from reportlint.output import Report, render
    from reportlint.sources import from_text

    text = "前文内容。" * 400_000 + "\n" + "短行\n" * 5_000  # one 2M-character line, then 5 000 short lines
    src = from_text(text, "big.md")
    diags = [Diagnostic(path="big.md", line=1, column=c, end_line=1, end_column=c + 3, rule="TX002", name="x",
                        category="style", severity=Severity.WARNING, message="m")
             for c in range(1, 2_000_000, 400)]
    diags += [Diagnostic(path="big.md", line=n, column=1, end_line=n, end_column=2, rule="TX002", name="x",
                         category="style", severity=Severity.WARNING, message="m") for n in range(2, 5_002)]
    t0 = time.process_time()
    out = render("text", Report(diags, 1, {"big.md": src}))
    assert time.process_time() - t0 < 10
    first = out.split("\n")[1]
    assert first.startswith("    1 | 前文") and first.endswith("…")
    deep = out.split("\n")[3 * 2000 + 1]
    assert deep.lstrip().startswith("1 | …") and "^" in out.split("\n")[3 * 2000 + 2]
