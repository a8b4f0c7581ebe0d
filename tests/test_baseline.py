"""The baseline: fingerprints without line numbers, so a legacy draft can gate only new findings."""

from __future__ import annotations

import json

import pytest
from _golden import RULES
from click.testing import CliRunner

from reportlint import baseline as bl
from reportlint.cli import main
from reportlint.diagnostics import Diagnostic, Severity

DRAFT = "# Report\n\nThe budget is TODO.\n\n本节待补充。\n\nSend an e-mail to the team.\n"
ARGS = ["--rules", "team-rules.yml", "--select", "TX901,TX902", "--format", "json", "--fail-on", "warning"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "team-rules.yml").write_text(RULES, encoding="utf-8")
    (tmp_path / "report.md").write_text(DRAFT, encoding="utf-8")
    return tmp_path


def check(*extra: str):
    result = CliRunner().invoke(main, ["check", "report.md", *ARGS, *extra])
    out = result.stdout
    data = json.loads(out[out.index("{"):]) if "{" in out else None
    return result, data


def test_update_records_everything_and_exits_clean(project):
    result, data = check("--baseline", "bl.json", "--update-baseline")
    assert result.exit_code == 0 and data["diagnostics"] == []
    recorded = json.loads((project / "bl.json").read_text(encoding="utf-8"))
    assert len(recorded["fingerprints"]) == 3
    assert all("line" not in e for e in recorded["fingerprints"])
    assert "wrote 3 fingerprints" in result.stderr


def test_edits_above_keep_findings_hidden_and_a_new_one_shows(project):
    check("--baseline", "bl.json", "--update-baseline")
    # Paragraphs inserted above every baselined finding, one re-wrapped line.
    edited = ("# Report\n\nA new opening paragraph.\n\nAnother one, longer, with more words in it.\n\n"
              "The budget is TODO.\n\n本节待补充。\n\nSend an e-mail\nto the team.\n")
    (project / "report.md").write_text(edited, encoding="utf-8")
    result, data = check("--baseline", "bl.json")
    assert result.exit_code == 0, result.output
    assert data["diagnostics"] == []
    assert "3 diagnostics hidden by baseline bl.json" in result.stderr
    # One new defect: exactly that one is reported, and the gate fails.
    (project / "report.md").write_text(edited.replace("A new opening paragraph.", "A new TODO paragraph."),
                                       encoding="utf-8")
    result, data = check("--baseline", "bl.json")
    assert result.exit_code == 1
    assert [(d["rule"], d["line"]) for d in data["diagnostics"]] == [("TX901", 3)]


def test_another_copy_of_a_baselined_defect_is_the_one_reported(project):
    check("--baseline", "bl.json", "--update-baseline")
    text = DRAFT.replace("# Report\n", "# Report\n\nStill TODO here.\n")
    (project / "report.md").write_text(text, encoding="utf-8")
    result, data = check("--baseline", "bl.json")
    assert result.exit_code == 1
    assert [(d["rule"], d["line"]) for d in data["diagnostics"]] == [("TX901", 3)]


def test_fixing_a_baselined_finding_is_quiet(project):
    check("--baseline", "bl.json", "--update-baseline")
    (project / "report.md").write_text(DRAFT.replace("TODO", "3 million"), encoding="utf-8")
    result, data = check("--baseline", "bl.json")
    assert result.exit_code == 0 and data["diagnostics"] == []


def test_baseline_from_config(project):
    (project / ".reportlint.yaml").write_text("rulesets: [./team-rules.yml]\nbaseline: bl.json\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["check", "report.md", "--update-baseline"]).exit_code == 0
    assert (project / "bl.json").is_file()
    result = CliRunner().invoke(main, ["check", "report.md", "--fail-on", "warning"])
    assert result.exit_code == 0
    assert "3 hidden by the baseline" in result.stdout


def test_missing_baseline_hides_nothing_and_says_so(project):
    result, data = check("--baseline", "nope.json")
    assert result.exit_code == 1 and len(data["diagnostics"]) == 3
    assert "does not exist" in result.stderr


@pytest.mark.parametrize("content", ["{not json", "[]", '{"version": 99, "fingerprints": []}',
                                     '{"version": 1, "fingerprints": [{"rule": "X"}]}'])
def test_malformed_baseline_is_a_usage_error(project, content):
    (project / "bl.json").write_text(content, encoding="utf-8")
    result, _ = check("--baseline", "bl.json")
    assert result.exit_code == 2
    assert "bl.json" in result.stderr and "Traceback" not in result.output


def _diag(text: str, line: int, rule: str = "TX901", path: str = "a.md") -> Diagnostic:
    return Diagnostic(path=path, line=line, column=1, end_line=line, end_column=2, rule=rule, name="x",
                      category="style", severity=Severity.WARNING, message=f"line {line}", flagged_text=text)


def test_fingerprint_ignores_position_message_and_whitespace():
    a = bl.entries([_diag("the  the", 3)], {})
    b = bl.entries([_diag("the\nthe", 40)], {})
    assert a[0].fingerprint == b[0].fingerprint
    assert bl.entries([_diag("the the", 3, rule="TX001")], {})[0].key != a[0].key
    assert bl.entries([_diag("the the", 3, path="b.md")], {})[0].key != a[0].key


def test_occurrences_are_counted():
    current = bl.entries([_diag("x", 1), _diag("x", 5), _diag("x", 9)], {})
    assert [e.occurrence for e in current] == [0, 1, 2]
    recorded = current[:2]
    assert sum(not hidden for hidden in bl.match(current, recorded)) == 1


def test_round_trip(tmp_path):
    entries = bl.entries([_diag("TODO", 1), _diag("待补充", 2)], {})
    bl.write(tmp_path / "b.json", entries)
    assert sorted(bl.read(tmp_path / "b.json"), key=lambda e: e.key) == sorted(entries, key=lambda e: e.key)


def test_matching_many_equal_findings_is_linear():
    many = bl.entries([_diag("same", i) for i in range(50_000)], {})
    assert all(bl.match(many, many))


def test_entries_scale_with_many_findings_in_a_big_file():
    """Each file's lines are split once, not once per finding."""
    import time

    from reportlint.sources import from_text

    text = "x the the y\n" * 200_000
    diags = [_diag("the the", i + 1) for i in range(0, 200_000, 20)]
    start = time.perf_counter()
    got = bl.entries(diags, {"a.md": from_text(text, "a.md")})
    assert len(got) == len(diags) and time.perf_counter() - start < 5


def test_width_variants_are_different_findings():
    """A half-width comma and a full-width one are different text to a punctuation rule."""
    assert bl.entries([_diag(",", 1)], {})[0].key != bl.entries([_diag("，", 1)], {})[0].key


def test_paths_are_relative_to_the_baseline_so_any_working_folder_agrees(project, monkeypatch):
    (project / "drafts").mkdir()
    (project / "report.md").rename(project / "drafts" / "report.md")
    r = CliRunner().invoke(main, ["check", "drafts/report.md", *ARGS, "--baseline", "bl.json", "--update-baseline"])
    assert r.exit_code == 0
    assert {e["path"] for e in json.loads((project / "bl.json").read_text(encoding="utf-8"))["fingerprints"]} == {
        "drafts/report.md"}
    monkeypatch.chdir(project / "drafts")
    r = CliRunner().invoke(main, ["check", "report.md", "--rules", "../team-rules.yml", "--select", "TX901,TX902",
                                  "--fail-on", "warning", "--baseline", "../bl.json"])
    assert r.exit_code == 0, r.output


def test_unwritable_baseline_is_a_usage_error(project):
    (project / "taken").write_text("a file, not a folder", encoding="utf-8")
    result, _ = check("--baseline", "taken/bl.json", "--update-baseline")
    assert result.exit_code == 2 and "cannot write baseline" in result.stderr


def test_updating_for_some_files_keeps_the_others(project):
    (project / "other.md").write_text("Other TODO.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "report.md", "other.md", *ARGS, "--baseline", "bl.json", "--update-baseline"])
    assert r.exit_code == 0
    (project / "report.md").write_text("# Report\n\nAll done.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "report.md", *ARGS, "--baseline", "bl.json", "--update-baseline"])
    assert "kept 1 for files not checked" in r.stderr
    paths = [e["path"] for e in json.loads((project / "bl.json").read_text(encoding="utf-8"))["fingerprints"]]
    assert paths == ["other.md"]  # report.md's fixed findings are gone, other.md's stay
    r = CliRunner().invoke(main, ["check", "other.md", *ARGS, "--baseline", "bl.json"])
    assert r.exit_code == 0
