"""Fixed patterns are compiled through `rx` (lazily, from the compiled-pattern store), never by `re` inside a
function: `re.search(r"[\u4e00-\u9fff]", s)` compiles its pattern afresh in every process (~20 M
instructions for a class over the CJK range) the first time the line runs."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from reportlint.checks import count_list

PACKAGE = Path(__file__).resolve().parent.parent / "reportlint"
RE_FUNCS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}


def _fixed(node: ast.AST) -> bool:
    """A pattern fixed by code: a literal, or literals and names joined with `+`."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (str, bytes))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = [node.left, node.right]
        return all(_fixed(p) or isinstance(p, ast.Name) for p in parts) and any(_fixed(p) for p in parts)
    return False


def _function_level_re_calls() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for top in tree.body:
            if not isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            for node in ast.walk(top):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                        and node.func.attr in RE_FUNCS and node.args and _fixed(node.args[0])):
                    found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def test_no_function_compiles_a_fixed_pattern_with_re():
    assert _function_level_re_calls() == []


def test_the_scan_finds_what_it_looks_for(tmp_path):
    """The scan itself: a literal and a literal joined to a constant are found; a text-built pattern is not."""
    tree = ast.parse('def f(s, w):\n    re.search(r"[一-鿿]", s)\n    re.fullmatch(_SKIP + r"x", s)\n'
                     '    re.search(re.escape(w), s)\n')
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
             and n.func.attr in RE_FUNCS and isinstance(n.func.value, ast.Name) and n.func.value.id == "re"]
    assert [_fixed(c.args[0]) for c in calls] == [True, True, False]


WORDS = count_list.Params().partial_en
TEXTS = ["including Germany and France", "such as", "e.g. two", "eg two", "the likely three", "like three",
         "unlike", "for example, four", "among them", "at least two", "some of the", "any of", "anyone",
         "of the following three", "Including", "", "the items, for instance A"]


@pytest.mark.parametrize("whole", [True, False])
@pytest.mark.parametrize("words", [WORDS, ("like",), ("e.g.", "x+y"), ()])
def test_partial_words_pattern_matches_where_any_word_would(words, whole):
    end = r"\b" if whole else ""
    pattern = count_list._partial_words(words, whole)
    for text in TEXTS:
        want = any(re.search(rf"\b{re.escape(w)}{end}", text) for w in words)
        assert bool(pattern.search(text)) == want, (words, whole, text)
