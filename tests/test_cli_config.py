"""Issue 19: nearest config, strict config keys, suppression typos, messages in the document's language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportlint.cli import main

BAD = "We reviewed the the results.\n"
GOOD = "We reviewed the results.\n"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def _run(*args, input=None):
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return _run


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rules_of(r) -> list[tuple[int, str]]:
    return [(d["line"], d["rule"]) for d in json.loads(r.stdout)["diagnostics"]]


# --- 4. suppression comments ----------------------------------------------------------------------

@pytest.mark.parametrize("comment", ["<!-- reportlint-disable-nextline TX001 -->", "<!-- reportlint-disablenext TX001 -->",
                                     "<!-- reportlint: disable TX001 -->", "<!-- reportlint-disable TX001: typo -->"])
def test_a_malformed_directive_disables_nothing_and_is_reported(run, tmp_path, comment):
    write(tmp_path / "a.md", f"{comment}\n\n{BAD}\n{BAD}")
    r = run("check", "a.md", "--format", "json")
    got = rules_of(r)
    assert (3, "TX001") in got and (5, "TX001") in got, got
    (rl,) = [d for d in json.loads(r.stdout)["diagnostics"] if d["rule"] == "RL002"]
    assert (rl["line"], rl["column"]) == (1, 6) and "disables nothing" in rl["message"]
    if "nextline" in comment:
        assert "did you mean 'reportlint-disable-next-line'" in rl["message"]
    assert not [d for d in json.loads(r.stdout)["diagnostics"] if d["rule"] == "RL001"]


def test_a_reason_after_two_dashes_is_allowed_and_kept(run, tmp_path):
    write(tmp_path / "a.md", f"<!-- reportlint-disable-next-line TX001 -- quoted from the minutes -->\n{BAD}")
    r = run("check", "a.md", "--format", "json")
    assert rules_of(r) == []
    from reportlint.document import Document
    from reportlint.suppression import parse_directives

    (d,) = parse_directives(Document.parse((tmp_path / "a.md").read_text(), "a.md"))
    assert d.tokens == ("TX001",) and d.reason == "quoted from the minutes"


def test_markdownlint_disable_line_is_supported(run, tmp_path):
    write(tmp_path / "a.md", f"{BAD.strip()} <!-- reportlint-disable-line TX001 -->\n\n{BAD}")
    assert rules_of(run("check", "a.md", "--format", "json")) == [(3, "TX001")]


# --- 3. strict config keys ---------------------------------------------------------------------------

@pytest.mark.parametrize("yaml,line,col,needle", [
    ("severity: {MK999: info}\n", 1, 12, "'MK999' matches no rule"),
    ("severity:\n  doubled-wrd: info\n", 2, 3, "did you mean 'doubled-word'"),
    ("severity: {duplcate: info}\n", 1, 12, "did you mean 'duplicate'"),
    ('per-file-ignores: {"archive/**": [DUX]}\n', 1, 35, "'DUX' matches no rule"),
    ("ignore: [MK999]\n", 1, 10, "'MK999' matches no rule"),
    ("select: [ALL, doubled-wrd]\n", 1, 15, "did you mean 'doubled-word'"),
    ("ignore:\n  - TX001\n  - HDX\n", 3, 5, "'HDX' matches no rule"),
    ("params: {TX0001: {}}\n", 1, 10, "did you mean 'TX00"),
    ("exclude: ['!keep.md']\n", 1, 11, "negated patterns"),
])
def test_every_token_in_every_key_is_validated_with_a_position(run, tmp_path, yaml, line, col, needle):
    write(tmp_path / ".reportlint.yaml", yaml)
    write(tmp_path / "a.md", BAD)
    r = run("check", "a.md")
    assert r.exit_code == 2, r.output
    (msg,) = r.stderr.strip().splitlines()
    assert msg.startswith(f"reportlint: .reportlint.yaml:{line}:{col}: ") or f".reportlint.yaml:{line}:{col}:" in msg, msg
    assert needle in msg and "Traceback" not in r.stderr


@pytest.mark.parametrize("token", ["HD", "heading", "heading-number-skipped"])
def test_severity_takes_prefixes_names_and_categories(run, tmp_path, token):
    write(tmp_path / ".reportlint.yaml", f"severity: {{{token}: info, TX001: error}}\n")
    write(tmp_path / "a.md", "# 1. One\n\n# 3. Three\n\n" + BAD)
    data = json.loads(run("check", "a.md", "--format", "json", "--select", "HD001,TX001").stdout)
    sev = {d["rule"]: d["severity"] for d in data["diagnostics"]}
    assert sev == {"HD001": "info", "TX001": "error"}, sev
