"""Docs that run as written (issue 19 point 5).

- A fenced `sh` block after `<!-- runnable: FILE... -->` in README.md or docs/*.md runs line by line
  in a fresh folder holding those files (`report.md`/`draft.txt` clean, `drafts/report-draft.md`
  the example draft); each line exits with the status its comment gives (`# exit N`), else 0.
- The config YAML blocks of README.md and docs/configuration.md load and select rules.
- Every rule's `bad` example is found, in the formats docs/rules.md names, and its `good` one is not.
- The install steps name no release that does not exist.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_docs import _generator

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
RUNNABLE = re.compile(r"<!-- runnable:(?P<files>[^>]*)-->\n```sh\n(?P<body>.*?)```", re.S)
EXIT = re.compile(r"#\s*exit\s+(\d)")


def _blocks():
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for m in RUNNABLE.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            yield pytest.param(m.group("files").split(), m.group("body"), id=f"{doc.name}:{line}")


def _fixture(folder: Path, files: list[str]) -> None:
    for f in files:
        target = folder / f
        target.parent.mkdir(parents=True, exist_ok=True)
        if f.endswith("report-draft.md"):
            shutil.copy(ROOT / "examples" / "report-draft.md", target)
        elif f.endswith(".txt"):
            target.write_text("我们审阅了全部结果。\n", encoding="utf-8")
        else:
            target.write_text("We reviewed the results.\n", encoding="utf-8")


def test_the_docs_have_runnable_blocks():
    assert len(list(_blocks())) >= 2


@pytest.mark.parametrize("files,body", list(_blocks()))
def test_runnable_block_runs_as_written(tmp_path, files, body):
    _fixture(tmp_path, files)
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "NO_COLOR": "1", "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    for line in body.strip().splitlines():
        command = line.split("  #")[0].strip() if "  #" in line else line.strip()
        m = EXIT.search(line)
        want = int(m.group(1)) if m else 0
        p = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, env=env,
                           timeout=300)
        assert p.returncode == want, f"{command!r} exited {p.returncode}, the docs say {want}:\n{p.stdout[-800:]}{p.stderr}"
        assert "Traceback" not in p.stderr


YAML_BLOCK = re.compile(r"```yaml\n(?P<body>rulesets:.*?)```", re.S)


@pytest.mark.parametrize("doc", ["README.md", "docs/configuration.md"])
def test_config_examples_load(tmp_path, monkeypatch, doc):
    from reportlint.api import prepare_rules
    from reportlint.config import load_config

    blocks = [m.group("body") for m in YAML_BLOCK.finditer((ROOT / doc).read_text(encoding="utf-8"))]
    assert blocks, doc
    shutil.copy(ROOT / "examples" / "team-rules" / "rules" / "TX801.yml", tmp_path / "team-rules.yml")
    monkeypatch.chdir(tmp_path)
    for body in blocks:
        (tmp_path / ".reportlint.yaml").write_text(body, encoding="utf-8")
        config = load_config(tmp_path / ".reportlint.yaml")
        assert prepare_rules(config), doc


def _rules():
    from reportlint.ruleset.loader import load_rulesets

    return [r for r in load_rulesets(["core", "zh", "en"]) if r.code not in ("E001", "E002")]


@pytest.mark.parametrize("rule", _rules(), ids=lambda r: r.code)
def test_rule_examples_run_in_the_formats_the_docs_name(rule):
    gen = _generator()
    formats = gen.example_formats(rule)
    assert formats, f"{rule.code}: its bad example gives no finding in any format"
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert f"**Bad** (found as {gen.formats_label(formats)}):" in text.split(f"### {rule.code} ")[1], rule.code
    for fmt in gen.applicable_formats(rule):
        assert not gen.findings(rule, rule.docs.good, fmt), f"{rule.code}: its good example is found as .{fmt}"


def test_install_steps_name_no_release_that_does_not_exist():
    for path in [ROOT / "docs" / "integration.md", ROOT / "README.md", ROOT / "examples" / "github-workflow.yml"]:
        text = path.read_text(encoding="utf-8")
        assert "rev: v0.1.0" not in text and "reportlint==0.1.0" not in text, path
