"""The compiled-pattern store: what it hands back behaves exactly like re.compile, and it never fails a run;
module patterns are lazy (compiled on first use) and then behave as the compiled pattern."""

from __future__ import annotations

import importlib
import marshal
import os
import pkgutil
import re
import subprocess
import sys

import pytest

from reportlint import patternstore
from reportlint.text import rx

PROGRAMS = f"regex-programs-{sys.implementation.cache_tag}.marshal"

SAMPLES = [
    "一、总体情况\n2023年全市地区生产总值达到1.2万亿元，同比增长5.3%，其中第一产业增长3.1个百分点。",
    "（一）加快发展。一是推进改革；二是扩大开放。“十四五”规划（2021—2025年）。",
    "1.2 Results: revenue rose 12% to $3.4 million in 2023, the the first quarter; see [link](http://x.org).",
    "**bold** and *emph* `code` — “quoted” ‘single’ (parens) [brackets] ## heading ###",
    "",
]


def _lazy_module_patterns() -> list[rx.LazyPattern]:
    """Every module-level pattern of the package (lazy: compiled on first use)."""
    import reportlint

    found = []
    for m in pkgutil.walk_packages(reportlint.__path__, "reportlint."):
        if m.name.endswith("__main__"):
            continue
        mod = importlib.import_module(m.name)
        found += [v for v in vars(mod).values() if isinstance(v, rx.LazyPattern)]
    return found


def _all_module_patterns() -> dict[tuple[str, int], re.Pattern]:
    """Every pattern the package's modules compile through the store, built from stored programs."""
    for p in _lazy_module_patterns():
        p.search(b"" if isinstance(p.__dict__["_key"][0], bytes) else "")  # the first use builds it
    return {k: v for k, v in patternstore.STORE._compiled.items() if isinstance(k[0], str)}


def test_stored_programs_match_re_compile(tmp_path):
    store = patternstore.PatternStore()
    store.use_folder(tmp_path)
    keys = list(_all_module_patterns())
    assert len(keys) > 100
    for pattern, flags in keys:
        store.compile(pattern, flags)
    store.save()
    fresh = patternstore.PatternStore()  # a new process: every pattern comes from the file
    fresh.use_folder(tmp_path)
    for pattern, flags in keys:
        got, want = fresh.compile(pattern, flags), re.compile(pattern, flags)
        assert (got.pattern, got.flags, got.groups, got.groupindex) == (want.pattern, want.flags, want.groups, want.groupindex)
        for text in SAMPLES:
            assert [m.span() + m.groups() for m in got.finditer(text)] == [m.span() + m.groups() for m in want.finditer(text)]
    assert fresh._new == {} and len(fresh._used) == len(keys)


def test_the_charset_memo_compiles_the_same_programs():
    """Each distinct character class optimised once gives the very code the engine compiles without it."""
    keys = list(_all_module_patterns()) + [
        ("[一-鿿]+[a-z]", re.I), ("[^一-鿿A-Z]", re.I), ("(?i:[ǅ-ǈ一-鿿])", 0), ("[\\w一-鿿]", re.ASCII),
        ("[一-鿿][一-鿿]", 0), ("[^\\x00-\\x7f]", re.I | re.M),
    ]
    memo = patternstore._CharsetMemo()
    with memo:  # the memo in place: every class after its first occurrence comes from it
        memoised = [patternstore._program(p, f) for p, f in keys] + [patternstore._program(p, f) for p, f in keys]
    assert patternstore._compiler._optimize_charset.__module__ == "re._compiler"  # restored after the block
    plain = [patternstore._program(p, f) for p, f in keys]
    assert memoised == plain + plain and len(memo._memo) > 10


def test_without_a_folder_it_is_re_compile(tmp_path):
    store = patternstore.PatternStore()
    store.use_folder(None)
    p = store.compile(r"[一-鿿]+")
    assert p.findall("中文abc汉字") == ["中文", "汉字"]
    store.save()
    assert list(tmp_path.iterdir()) == []


def test_bad_pattern_raises_re_error_as_usual(tmp_path):
    store = patternstore.PatternStore()
    store.use_folder(tmp_path)
    with pytest.raises(re.error, match="missing"):
        store.compile("(unclosed")


@pytest.mark.parametrize("content", [b"", b"garbage", marshal.dumps(("another python", {("a", 0): 1}))])
def test_corrupt_or_foreign_file_is_ignored(tmp_path, content):
    (tmp_path / PROGRAMS).write_bytes(content)
    store = patternstore.PatternStore()
    store.use_folder(tmp_path)
    assert store.compile(r"\d+年").findall("2023年和2024年") == ["2023年", "2024年"]
    store.save()
    tag, programs = marshal.loads((tmp_path / PROGRAMS).read_bytes())
    assert tag == patternstore.engine_tag() and list(programs) == [(r"\d+年", 0)]


def test_a_program_the_engine_rejects_is_recompiled(tmp_path):
    store = patternstore.PatternStore()
    store.use_folder(tmp_path)
    store.compile("abc")
    store.save()
    tag, programs = marshal.loads((tmp_path / PROGRAMS).read_bytes())
    flags, code, groups, gi, ig = programs[("abc", 0)]
    programs[("abc", 0)] = (flags, b"\xff\xff\xff\xff" * 3, groups, gi, ig)
    (tmp_path / PROGRAMS).write_bytes(marshal.dumps((tag, programs)))
    again = patternstore.PatternStore()
    again.use_folder(tmp_path)
    assert again.compile("abc").search("xxabc").span() == (2, 5)


def test_unwritable_folder_is_not_an_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    store = patternstore.PatternStore()
    store.use_folder(blocker / "cache")
    store.compile("abc")
    store.save()  # mkdir fails: nothing raised, nothing written
    assert not (blocker / "cache").exists()


def test_patterns_are_the_same_in_every_process(tmp_path):
    """Alternations built from sets must not follow the per-process hash order, or the store grows every run."""
    doc = tmp_path / "a.md"
    doc.write_text("# 报告\n\n全市完成投资120亿元，增长5%。\n", encoding="utf-8")
    tables = []
    for seed in ("1", "2"):
        cache = tmp_path / f"cache{seed}"
        env = dict(os.environ, REPORTLINT_CACHE_DIR=str(cache), PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "reportlint", "check", str(doc)], env=env, capture_output=True, timeout=120)
        tag, programs = marshal.loads((cache / PROGRAMS).read_bytes())
        tables.append(set(programs))
    assert tables[0] == tables[1] and len(tables[0]) > 50  # lazy: only the patterns this run used


def test_module_patterns_are_lazy_and_then_the_compiled_pattern_itself(tmp_path):
    lazy = rx.compile(r"(?P<n>\d+)年", re.I)
    assert not lazy.built
    assert [m.group("n") for m in lazy.finditer("2023年和2024年")] == ["2023", "2024"]
    assert lazy.built and lazy.finditer == lazy.compiled.finditer  # no indirection once built
    assert (lazy.pattern, lazy.groupindex) == (r"(?P<n>\d+)年", {"n": 1})
    import copy
    import pickle

    again = pickle.loads(pickle.dumps(lazy))
    assert again == lazy and hash(again) == hash(lazy) and again.sub("X", "1年") == "X"
    assert copy.deepcopy(lazy) == lazy
    assert isinstance(rx.compile_now("a"), re.Pattern)
    with pytest.raises(re.error):
        rx.compile_now("(unclosed")


def test_every_module_pattern_builds():
    patterns = _lazy_module_patterns()
    assert len(patterns) > 100
    for p in patterns:
        assert isinstance(p.compiled, re.Pattern)


LIBRARY = '''
import re
WORD = re.compile(r"[一-鿿]+|\\w+", re.I)
BYTES = re.compile(rb"\\d+")
BAD = None
try:
    re.compile("(unclosed")
except re.error as e:
    BAD = str(e)
'''


def test_serving_re_gives_a_librarys_import_patterns_from_the_store(tmp_path):
    """markdown-it's import-time patterns: served by the store inside the block, and the same patterns."""
    lib = tmp_path / "lib_with_patterns.py"
    lib.write_text(LIBRARY, encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        for round_ in range(2):  # the second process-alike round builds from the saved program
            sys.modules.pop("lib_with_patterns", None)
            store = patternstore.PatternStore()
            store.use_folder(tmp_path)
            with store.serving_re():
                mod = importlib.import_module("lib_with_patterns")
            assert re.compile is patternstore._re_compile  # restored
            assert (mod.WORD.pattern, mod.WORD.flags) == (re.compile(r"[一-鿿]+|\w+", re.I).pattern,
                                                          re.compile(r"[一-鿿]+|\w+", re.I).flags)
            want = re.findall(r"[一-鿿]+|\w+", "中文 and 汉字x", re.I)
            assert mod.WORD.findall("中文 and 汉字x") == want == ["中文", "and", "汉字", "x"]
            assert mod.BYTES.findall(b"a12b3") == [b"12", b"3"]  # bytes: re's own compile
            assert mod.BAD == "missing ), unterminated subpattern at position 0"
            assert ((r"[一-鿿]+|\w+", int(re.I)) in store._new) == (round_ == 0)
            assert ((r"[一-鿿]+|\w+", int(re.I)) in store._used) == (round_ == 1)
            store.save()
        re.compile("document text")  # after the block: not the store's
        assert ("document text", 0) not in store._compiled
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("lib_with_patterns", None)


def test_serving_re_without_a_folder_leaves_re_alone(tmp_path):
    store = patternstore.PatternStore()
    store.use_folder(None)
    with store.serving_re():
        assert re.compile is patternstore._re_compile
    store.save()
    assert list(tmp_path.iterdir()) == []


def test_the_cli_keeps_markdown_its_patterns(tmp_path):
    """The first Markdown file's parser is built with markdown-it's patterns through the store."""
    doc = tmp_path / "a.md"
    doc.write_text("# Title\n\nSome text.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    env = dict(os.environ, REPORTLINT_CACHE_DIR=str(cache))
    subprocess.run([sys.executable, "-m", "reportlint", "check", str(doc)], env=env, capture_output=True, timeout=120)
    import markdown_it  # noqa: F401 — its modules' own patterns, whatever the installed version names them

    theirs = {(v.pattern, v.flags & ~re.UNICODE) for name, mod in list(sys.modules.items())
              if name.startswith("markdown_it") for v in vars(mod).values()
              if isinstance(v, re.Pattern) and isinstance(v.pattern, str)}
    tag, programs = marshal.loads((cache / PROGRAMS).read_bytes())
    assert len(theirs & set(programs)) > 10  # served by the store (not all: a version may build one from a set)
