"""`reportlint lsp` driven as an editor drives it: a subprocess speaking JSON-RPC over real stdio.

Each wait ends on a message from the server (tests/_lsp_client.py), never on a sleep, so
the tests do not depend on the machine's speed. One server serves the module, as one editor
session serves a workspace: each test works in its own folder (with its own nearest
config), and the last test shuts the server down.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from _lsp_client import LspClient

# pygls is an ordinary dependency (pyproject.toml); a venv made before it was added lacks it until
# `pip install -e .` runs again. Such a venv skips these tests rather than failing everything else.
pytest.importorskip("pygls", reason="pygls not installed in this venv: pip install -e . again")

# Line 3 has a half-width comma between Chinese characters (MK005, a safe fix); line 5 the same
# after an emoji and an astral Han character (two UTF-16 code units each); line 7 a doubled word.
DRAFT = "# 报告\n\n我们完成了任务,效果很好。\n\n😀𠀀中文,测试很好。\n\nWe checked the the figures.\n"
CLEAN = "# 报告\n\n我们完成了任务，效果很好。\n"
PARA = "The committee reviewed every budget line twice and agreed on the final allocation for next year.\n"


def by_code(diags: list[dict], code: str) -> list[dict]:
    return [d for d in diags if d["code"] == code]


def pos(line: int, character: int) -> dict:
    return {"line": line, "character": character}


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """(client, workspace root, initialize result) of the module's one server."""
    root = tmp_path_factory.mktemp("workspace")
    c = LspClient(root)
    result = c.initialize(root, {"debounceMs": 50, "rulesUrl": "https://docs.example/rules.md"})
    yield c, root, result
    if c.proc.poll() is None:
        c.proc.kill()
        c.proc.wait()


@pytest.fixture
def client(editor):
    return editor[0]


@pytest.fixture
def folder(editor, request):
    path = editor[1] / request.node.name
    path.mkdir()
    return path


def test_importing_the_cli_does_not_import_pygls():
    code = "import sys, reportlint.cli; print(sorted(m for m in ('pygls', 'lsprotocol') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_editor_session_over_stdio(editor, client, folder):
    """initialize → didOpen → diagnostics → codeAction → didChange → cleared → config change (→ shutdown/exit)."""
    caps = editor[2]["capabilities"]
    assert caps["positionEncoding"] == "utf-16"
    assert caps["codeActionProvider"] and caps["hoverProvider"]

    uri = client.open(folder / "draft.md", DRAFT)
    diags = client.diagnostics(uri, 1)
    mk = by_code(diags, "MK005")
    assert [d["range"] for d in mk] == [
        {"start": pos(2, 7), "end": pos(2, 8)},
        # 😀 and 𠀀 are two UTF-16 code units each: the comma after 中文 is at character 6, not 4
        {"start": pos(4, 6), "end": pos(4, 7)},
    ]
    assert mk[0]["severity"] == 1 and mk[0]["source"] == "reportlint"
    assert mk[0]["codeDescription"]["href"] == "https://docs.example/rules.md#mk005-halfwidth-punctuation"
    (tx,) = by_code(diags, "TX001")
    assert tx["range"] == {"start": pos(6, 11), "end": pos(6, 18)} and tx["severity"] == 2

    # code actions on the astral line: the finding's fix, the suppression comment, fix-all
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": mk[1]["range"], "context": {"diagnostics": [mk[1]]}})
    titles = {a["title"]: a for a in actions}
    fix = next(a for a in actions if a["title"].startswith("MK005:"))
    assert fix["kind"] == "quickfix" and fix["isPreferred"] is True
    assert fix["edit"]["changes"][uri] == [{"range": mk[1]["range"], "newText": "，"}]
    off = titles["Disable MK005 for this line"]
    assert off["edit"]["changes"][uri] == [
        {"range": {"start": pos(4, 12), "end": pos(4, 12)}, "newText": " <!-- reportlint-disable-line MK005 -->"}]
    fix_all = next(a for a in actions if a["kind"] == "source.fixAll")
    (edit,) = fix_all["edit"]["changes"][uri]
    # both safe MK005 fixes in one edit of the changed middle; the unsafe TX001 fix is not applied
    assert edit == {"range": {"start": pos(2, 7), "end": pos(4, 7)}, "newText": "，效果很好。\n\n😀𠀀中文，"}

    # only source actions when the editor asks for them (fix-all on save)
    only = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": {"start": pos(0, 0), "end": pos(0, 0)},
        "context": {"diagnostics": [], "only": ["source.fixAll"]}})
    assert [a["kind"] for a in only] == ["source.fixAll"]

    # hover on the doubled word explains its rule from the YAML docs
    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": pos(6, 13)})
    assert hover["contents"]["kind"] == "markdown"
    assert "TX001 doubled-word" in hover["contents"]["value"] and "**Why.**" in hover["contents"]["value"]

    # the editor applies the suppression as an incremental edit at its UTF-16 position: the astral
    # line's MK005 goes, the other stays (all from the unsaved text)
    (edit,) = off["edit"]["changes"][uri]
    client.change(uri, edit["newText"], 2, edit["range"])
    diags = client.diagnostics(uri, 2)
    assert [d["range"]["start"]["line"] for d in by_code(diags, "MK005")] == [2]
    assert not by_code(diags, "RL001")

    client.change(uri, CLEAN, 3)
    assert client.diagnostics(uri, 3) == []

    # a config that ignores TX001 (and a watched-file notification saying it appeared)
    client.change(uri, DRAFT, 4)
    assert by_code(client.diagnostics(uri, 4), "TX001")
    cfg = folder / ".reportlint.yaml"
    cfg.write_text("ignore: [TX001]\n", encoding="utf-8")
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": cfg.as_uri(), "type": 1}]})
    diags = client.diagnostics(uri, 4)
    assert by_code(diags, "MK005") and not by_code(diags, "TX001")

    # a malformed config: an error on the config file itself, the draft still checked (defaults)
    cfg.write_text("ignore: [TX001]\nsevrity: {}\n", encoding="utf-8")
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": cfg.as_uri(), "type": 2}]})
    assert by_code(client.diagnostics(uri, 4), "TX001")
    (problem,) = client.diagnostics(cfg.as_uri())
    assert problem["range"]["start"] == pos(1, 0) and "sevrity" in problem["message"]
    # mended and saved in the editor: read again, the error on the config cleared
    cfg.write_text("ignore: [TX001]\n", encoding="utf-8")
    client.notify("textDocument/didSave", {"textDocument": {"uri": cfg.as_uri()}})
    assert not by_code(client.diagnostics(uri, 4), "TX001")
    assert client.diagnostics(cfg.as_uri()) == []


def test_cross_file_copy_updates_when_either_file_changes(client, folder):
    (folder / ".reportlint.yaml").write_text("cross-file: true\n", encoding="utf-8")
    a = client.open(folder / "a.md", "# A\n\n" + PARA)
    assert client.diagnostics(a, 1) == []
    b = client.open(folder / "b.md", "# B\n\nSomething else first.\n\n" + PARA)
    (copy,) = by_code(client.diagnostics(b, 1), "DU001")
    assert copy["range"]["start"]["line"] == 4
    (related,) = copy["relatedInformation"]
    assert related["location"]["uri"] == a and related["location"]["range"]["start"] == pos(2, 0)

    # the original is edited away in a: b's copy finding goes, though b did not change
    client.change(a, "# A\n\nA different paragraph now.\n", 2)
    assert client.diagnostics(a, 2) == []
    assert client.diagnostics(b, 1) == []


def test_debounced_changes_end_in_the_last_version(client, folder):
    """Whatever the burst's timing, each publication matches the version it names, and the last one is 6."""
    uri = client.open(folder / "d.md", CLEAN)
    assert client.diagnostics(uri, 1) == []
    for v in range(2, 7):
        client.change(uri, CLEAN + "".join(f"Item {i} has the the flaw.\n\n" for i in range(v - 1)), v)
    assert len(by_code(client.diagnostics(uri, 6), "TX001")) == 5
    for m in client.seen:
        p = m.get("params") or {}
        if m.get("method") == "textDocument/publishDiagnostics" and p.get("uri") == uri and p.get("version", 1) > 1:
            assert len(by_code(p["diagnostics"], "TX001")) == p["version"] - 1
    # a message larger than a pipe's buffer (64 KiB) arrives whole
    big = "".join(f"Note {i} of the appendix.\n\n" for i in range(3000)) + "We saw the the end.\n"
    assert len(big.encode()) > 65536
    client.change(uri, big, 7)
    assert [d["range"]["start"]["line"] for d in client.diagnostics(uri, 7)] == [6000]


def test_closing_clears_then_shutdown_and_exit_end_the_server_with_0(client, folder):
    uri = client.open(folder / "last.md", "We saw the the end.\n")
    assert by_code(client.diagnostics(uri, 1), "TX001")
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.diagnostics(uri) == []
    assert client.close() == 0
