"""The generated-method store: a dataclass created through it is the dataclass Python would create, its
code comes from the file on the next run, and a missing, corrupt or foreign file never fails a run."""

from __future__ import annotations

import dataclasses
import json
import marshal
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reportlint import codestore

CODE_FILE = f"dataclass-code-{sys.implementation.cache_tag}.marshal"
# Built by exec so each call makes a fresh class from the same text, as each run of the CLI does.
CLASS_SOURCE = textwrap.dedent("""
    import dataclasses, re
    from typing import Any

    @dataclasses.dataclass(frozen=True)
    class Params:
        threshold: float = 0.5
        names: tuple[str, ...] = ("a", "b")
        pattern: re.Pattern | None = None
        extra: list[Any] = dataclasses.field(default_factory=list, compare=False, repr=False)

    @dataclasses.dataclass(order=True)
    class Record:
        line: int
        text: str = ""
""")


def _classes() -> dict:
    ns: dict = {}
    exec(compile(CLASS_SOURCE, "<classes>", "exec", dont_inherit=True), ns)
    return ns


@pytest.fixture
def store(tmp_path):
    """A store pointed at a fresh folder; the `dataclasses` hook is removed afterwards."""
    s = codestore.CodeStore()
    s.use_folder(tmp_path)
    yield s
    s.use_folder(None)


def _behaviour(ns: dict) -> list:
    """Everything a caller can observe of the two classes."""
    P, R = ns["Params"], ns["Record"]
    p, q = P(), P(0.7, ("x",))
    out = [repr(p), repr(q), p == P(), p == q, hash(p) == hash(P()), [f.name for f in dataclasses.fields(P)],
           repr(dataclasses.replace(p, threshold=0.9)), P.__init__.__annotations__, R.__init__.__annotations__,
           repr(sorted([R(3, "c"), R(1), R(2, "b")])), R(1) < R(2), repr(R(5, "x")), P.__dataclass_params__.frozen]
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.threshold = 1.0
    with pytest.raises(TypeError):
        P(1, 2, 3, 4, 5)
    return out


def test_classes_through_the_store_behave_as_python_makes_them(store, tmp_path):
    want = _behaviour(_classes())  # the hook is on: compiled and kept
    compiled = set(store._new)
    assert compiled and not store._used
    store.save()
    assert (tmp_path / CODE_FILE).is_file()
    fresh = codestore.CodeStore()  # the next run: every method's code comes from the file
    fresh.use_folder(tmp_path)
    got = _behaviour(_classes())
    assert fresh._new == {} and fresh._used == compiled
    fresh.use_folder(None)  # and as Python does without the store
    assert not hasattr(dataclasses, "exec")
    assert got == want == _behaviour(_classes())
    # `dataclasses` compiles without __future__ flags: `-> None` is None, not the string 'None'
    assert want[7]["return"] is None


def test_without_a_folder_nothing_is_hooked_or_written(tmp_path):
    s = codestore.CodeStore()
    s.use_folder(None)
    assert not hasattr(dataclasses, "exec")
    _classes()
    s.save()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("content", [b"", b"not marshal", marshal.dumps(("other-python", {})), marshal.dumps([1, 2])])
def test_a_corrupt_or_foreign_file_is_compiled_afresh(store, tmp_path, content):
    (tmp_path / CODE_FILE).write_bytes(content)
    assert _behaviour(_classes())[0] == "Params(threshold=0.5, names=('a', 'b'), pattern=None)"
    compiled = set(store._new)
    assert compiled
    store.save()
    tag, codes = marshal.loads((tmp_path / CODE_FILE).read_bytes())
    assert tag == codestore.interpreter_tag() and set(codes) == compiled


def test_an_unwritable_folder_is_not_an_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    s = codestore.CodeStore()
    s.use_folder(blocker / "cache")  # a folder that cannot be made
    try:
        _classes()
        s.save()
    finally:
        s.use_folder(None)


def test_exec_without_globals_runs_in_the_callers_namespace(store):
    ns: dict = {}
    exec("def f():\n    x = 1\n    codestore_exec('y = x + 1')\n    return locals()\n", {"codestore_exec": store.exec}, ns)
    assert ns["f"]()["y"] == 2


@pytest.mark.parametrize("future", ["", "from __future__ import annotations\n"])
def test_exec_compiles_with_the_callers_future_features(store, future):
    """As `exec` of a string does: a caller with `annotations` gets string annotations, one without does not."""
    def run(exec_fn) -> dict:
        ns: dict = {}
        caller = compile(future + "run(SRC, NS)\n", "<caller>", "exec", dont_inherit=True)
        exec(caller, {"run": exec_fn, "SRC": "def f(x: int) -> None:\n    pass\n", "NS": ns})
        return ns["f"].__annotations__

    assert run(store.exec) == run(exec) == ({"x": "int", "return": "None"} if future else {"x": int, "return": None})
    assert len(store._new) == 1


def test_the_cli_keeps_the_code_and_reports_the_same(tmp_path):
    """Two runs with the store and one with --no-cache give the same JSON; the second compiles nothing."""
    doc = tmp_path / "r.md"
    doc.write_text("# 一、总体情况\n\n## 2. Results\n\nRevenue rose 12% to 3.4 million, the the first quarter.\n",
                   encoding="utf-8")
    env = {**os.environ, "REPORTLINT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("REPORTLINT_NO_CACHE", None)

    def run(*extra: str) -> str:
        p = subprocess.run([sys.executable, "-m", "reportlint", "check", "--format", "json", str(doc), *extra],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
        assert p.returncode in (0, 1), p.stderr
        return p.stdout

    first = run()
    code_file = tmp_path / "cache" / CODE_FILE
    tag, codes = marshal.loads(code_file.read_bytes())
    assert tag == codestore.interpreter_tag() and len(codes) > 100
    mtime = code_file.stat().st_mtime_ns
    second = run()
    assert code_file.stat().st_mtime_ns == mtime  # every method came from the file: nothing new to save
    assert first == second == run("--no-cache")
    assert json.loads(first)
    code_file.write_bytes(b"garbage")
    assert run() == first
    assert marshal.loads(code_file.read_bytes())[0] == tag  # rewritten whole


def test_cache_clean_removes_the_code_file(tmp_path):
    from click.testing import CliRunner

    from reportlint.cli import main

    (tmp_path / CODE_FILE).write_bytes(b"x")
    result = CliRunner().invoke(main, ["cache", "clean"], env={"REPORTLINT_CACHE_DIR": str(tmp_path)})
    assert result.exit_code == 0, result.output
    assert not (tmp_path / CODE_FILE).exists()
    codestore.STORE.use_folder(None)  # the command pointed this process's store at tmp_path


def test_the_cli_builds_its_options_without_creating_records():
    """cli.py reads the vocabulary leaf, so the store is in place before the first record class is made."""
    code = ("import sys, reportlint.cli; "
            "print(sorted(m for m in sys.modules if m.startswith('reportlint') and m not in "
            "('reportlint', 'reportlint.cli', 'reportlint.vocabulary', 'reportlint.word', 'reportlint.word.command')))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "[]"
