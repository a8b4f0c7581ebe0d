"""The hand-made defect benchmark's builder and scorer, on tiny documents written here."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "handmade"


def _load(name: str):
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(f"handmade_{name}", BENCH / f"{name}.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
        spec.loader.exec_module(mod)
        return mod
    finally:
        sys.path.remove(str(BENCH))


apply = _load("apply")
score = _load("score")

BASE = "# Title\n\nFirst paragraph, 12 items.\n\nSecond paragraph.\n\n## Two\n\nLast line.\n"


def _bench(tmp_path: Path, edits: list[dict], base: str = BASE) -> "apply.Paths":
    (tmp_path / "docs" / "base").mkdir(parents=True)
    (tmp_path / "docs" / "base" / "a.md").write_text(base, encoding="utf-8")
    entry = {"id": "a.md", "repo": "o/r", "commit": "0" * 40, "path": "a.md", "lang": "en", "kind": "test",
             "sha256": hashlib.sha256(base.encode()).hexdigest(), "lines": base.count("\n")}
    (tmp_path / "manifest.jsonl").write_text(json.dumps(entry) + "\n", encoding="utf-8")
    (tmp_path / "edits.jsonl").write_text("".join(json.dumps(e) + "\n" for e in edits), encoding="utf-8")
    return apply.Paths(root=str(tmp_path))


def _label(cls: str, start: int, end: int | None = None, rel: int | None = None) -> dict:
    return {"class": cls, "subtype": "x", "line_start": start, "line_end": end or start,
            "related_line": rel, "description": "d", "origin": "handwritten", "lang": "en"}


def test_ops_apply_together_on_base_line_numbers():
    ops = [{"line": 3, "old": "12 items", "new": "12\n\nitems"},   # a paragraph split in two
           {"insert_after": 5, "text": "Second paragraph."},        # a paste
           {"delete": 9, "old": "Last"},
           {"insert_after": 0, "text": "---"}]
    out = apply.apply_ops(BASE, ops, "t").split("\n")
    assert out[:6] == ["---", "# Title", "", "First paragraph, 12", "", "items."]
    assert out[7:9] == ["Second paragraph.", "Second paragraph."]
    assert "Last line." not in out and out[-1] == ""


def test_build_writes_edited_text_and_corpus_labels(tmp_path):
    edit = {"doc": "a.md", "edit_id": "e1", "ops": [{"insert_after": 5, "text": "\nSecond paragraph."}],
            "label": _label("duplicate", 7, rel=5), "expect": [{"line": 7, "text": "Second"}],
            "also": [{"class": "number", "subtype": "y", "description": "also a number"}]}
    paths = _bench(tmp_path, [edit])
    edited, labels = apply.build(paths)
    assert (tmp_path / "docs" / "edited" / "a.md").read_text(encoding="utf-8") == edited["a.md"]
    assert [(lab["id"], lab["class"], lab["line_start"], lab["related_line"]) for lab in labels] == [
        ("e1", "duplicate", 7, 5), ("e1.1", "number", 7, 5)]
    assert json.loads((tmp_path / "labels.jsonl").read_text().splitlines()[0])["file"] == "a.md"


@pytest.mark.parametrize("change, message", [
    ({"expect": [{"line": 3, "text": "Second"}]}, "should contain"),
    ({"ops": [{"line": 3, "old": "absent", "new": "x"}]}, "does not contain"),
    ({"label": _label("style", 7)}, "not one of"),
])
def test_build_refuses_edits_that_do_not_hold(tmp_path, change, message):
    edit = {"doc": "a.md", "edit_id": "e1", "ops": [{"insert_after": 5, "text": "\nSecond paragraph."}],
            "label": _label("duplicate", 7), "expect": [{"line": 7, "text": "Second"}], **change}
    with pytest.raises(apply.BenchError, match=message):
        apply.build(_bench(tmp_path, [edit]), write=False)


def test_missing_or_changed_base_is_named(tmp_path):
    edit = {"doc": "a.md", "edit_id": "e1", "ops": [{"line": 1, "old": "Title", "new": "T"}],
            "label": _label("heading", 1), "expect": [{"line": 1, "text": "T"}]}
    paths = _bench(tmp_path, [edit])
    (tmp_path / "docs" / "base" / "a.md").write_text(BASE + "x\n", encoding="utf-8")
    with pytest.raises(apply.BenchError, match="base text changed"):
        apply.build(paths, write=False)
    (tmp_path / "docs" / "base" / "a.md").unlink()
    with pytest.raises(apply.BenchError, match="(?s)base text missing.*o/r@000000000000:a.md"):
        apply.build(paths, write=False)


def _diag(line: int, rule: str, cat: str, msg: str = "m", end: int | None = None) -> dict:
    return {"path": "docs/x/a.md", "line": line, "end_line": end or line, "rule": rule, "category": cat,
            "message": msg}


def test_classify_counts_right_false_and_pre_existing():
    base = ["# Title", "", "bad **bold", "", "ok"]
    edited = ["# Title", "", "bad **bold", "", "ok", "", "new *italic"]
    labels = [{"id": "e1", "file": "a.md", "class": "markup", "line_start": 7, "line_end": 7, "related_line": None, "subtype": "x", "lang": "en"},
              {"id": "e2", "file": "a.md", "class": "heading", "line_start": 1, "line_end": 1, "related_line": None, "subtype": "y", "lang": "en"}]
    base_diags = [_diag(3, "MK003", "markup", "unmatched '**'")]
    edited_diags = [_diag(3, "MK003", "markup", "unmatched '**'"),   # the base's own finding
                    _diag(6, "MK003", "markup", "unmatched '*'"),    # ±1 of the label on line 7
                    _diag(5, "NU001", "number"),                     # matches nothing: false
                    _diag(1, "TX001", "style")]                      # not one of the four classes
    res = score.classify(labels, edited_diags, base_diags, {"a.md": edited}, {"a.md": base})
    assert [d["line"] for d in res["pre"]] == [3]
    assert [d["line"] for d in res["correct"]] == [6]
    assert [d["rule"] for d in res["false"]] == ["NU001"]
    assert set(res["found"]) == {"e1"} and res["other"] == 1
    rows = {line.split()[0]: line.split() for line in score.table(labels, res, "t")[2:7]}
    assert rows["markup"][1:4] == ["1", "1", "1.000"] and rows["number"][4:7] == ["1", "0", "0.000"]


def test_same_message_on_an_edited_line_is_not_pre_existing():
    base = ["a，b", "c"]
    edited = ["a，b", "c,d"]
    labels = [{"id": "e1", "file": "a.md", "class": "markup", "line_start": 2, "line_end": 2, "related_line": None}]
    diags = [_diag(1, "MK005", "markup", "Half-width ','")]
    res = score.classify(labels, [_diag(2, "MK005", "markup", "Half-width ','")], diags,
                         {"a.md": edited}, {"a.md": base})
    assert res["pre"] == [] and set(res["found"]) == {"e1"}


def test_line_map_follows_kept_base_lines():
    text, where = apply.apply_ops_map("a\nb\nc\n", [{"line": 1, "old": "a", "new": "a\n\nx"},
                                                    {"insert_after": 2, "text": "y"},
                                                    {"delete": 3, "old": "c"}])
    assert text == "a\n\nx\nb\ny\n" and where == {1: 1, 2: 4}


def _lab(i: str, line: int, rel: int | None = None) -> dict:
    return {"id": i, "file": "a.md", "class": "number", "subtype": i, "lang": "zh",
            "line_start": line, "line_end": line, "related_line": rel}


def test_one_finding_credits_one_label_its_own_line_first():
    lines = ["x"] * 8
    labels = [_lab("near", 6), _lab("own", 5), _lab("other", 2, rel=4)]
    res = score.classify(labels, [_diag(5, "NU001", "number")], [], {"a.md": lines}, {"a.md": lines})
    assert set(res["found"]) == {"own"}
    loose = score.classify(labels, [_diag(5, "NU001", "number")], [], {"a.md": lines}, {"a.md": lines},
                           loose=True)
    assert set(loose["found"]) == {"near", "own", "other"}


def test_base_finding_on_an_edited_and_moved_line_stays_pre_existing():
    base = ["p", "总量1.8亿（其中3,600万），规模80万"]
    edited = ["p", "inserted", "总量1.8亿（其中3,600万），规模60万"]
    msg = "The part 3,600 is greater than the whole 1.8"
    labels = [_lab("edit", 3)]
    res = score.classify(labels, [_diag(3, "NU004", "number", msg)], [_diag(2, "NU004", "number", msg)],
                         {"a.md": edited}, {"a.md": base}, line_maps={"a.md": {1: 1, 2: 3}})
    assert [d["line"] for d in res["pre"]] == [3] and not res["found"]


def test_a_finding_among_several_labels_goes_to_the_one_sharing_its_figures():
    lines = ["x"] * 5
    jobs = {**_lab("jobs", 3, rel=4), "description": "城镇新增就业 114 vs 141"}
    air = {**_lab("air", 2, rel=4), "description": "空气优良天数比率 85.3% vs 83.8%"}
    finding = _diag(4, "NU002", "number", "空气优良天数比率：第2行为85.3%，此处为83.8%")
    res = score.classify([jobs, air], [finding], [], {"a.md": lines}, {"a.md": lines})
    assert set(res["found"]) == {"air"}


def _lab_of(lab_id: str, cls: str, line: int) -> dict:
    return {"id": lab_id, "file": "a.md", "class": cls, "line_start": line, "line_end": line,
            "related_line": None, "subtype": "x", "lang": "en"}


def test_text_slips_are_scored_only_in_a_set_that_labels_them():
    lines = ["the the cat", "", "ok"]
    tx = _diag(1, "TX001", "style", "Doubled word 'the'")
    without = score.classify([_lab_of("m1", "markup", 3)], [tx], [], {"a.md": lines}, {"a.md": lines})
    assert without["other"] == 1 and not without["correct"] and not without["false"]
    with_text = score.classify([_lab_of("t1", "text", 1)], [tx], [], {"a.md": lines}, {"a.md": lines})
    assert with_text["other"] == 0 and list(with_text["found"]) == ["t1"]
    # a style finding of a rule that is not a text rule stays outside the classes
    other = score.classify([_lab_of("t1", "text", 1)], [_diag(1, "ST001", "style")], [],
                           {"a.md": lines}, {"a.md": lines})
    assert other["other"] == 1 and not other["found"]
    assert score.classes_of([_lab_of("t1", "text", 1)])[-1] == "text"
    assert "text" not in score.classes_of([_lab_of("m1", "markup", 3)])


def test_a_named_set_reads_its_own_files_and_shares_the_base_folder(monkeypatch):
    monkeypatch.setenv("HANDMADE_BASE", "/some/base")
    paths = apply.set_paths("holdout-2")
    assert paths.manifest == str(BENCH / "holdout-2" / "manifest.jsonl")
    assert paths.labels == str(BENCH / "holdout-2" / "labels.jsonl")
    assert paths.base == "/some/base"
    assert paths.edited == str(BENCH / "docs" / "edited-holdout-2")
    assert paths.precision_docs == str(BENCH.parent / "precision" / "docs")
    assert apply.set_paths(None).manifest == str(BENCH / "manifest.jsonl")
    with pytest.raises(apply.BenchError, match="no set 'nope'"):
        apply.set_paths("nope")


fetch = _load("fetch")


def _entry(text: str, **extra) -> dict:
    return {"id": "b.txt", "repo": "o/r", "commit": "1" * 40, "path": "dir/报告.csv",
            "sha256": hashlib.sha256(text.encode()).hexdigest(), **extra}


def test_fetch_rebuilds_a_line_range_and_a_whole_file(tmp_path):
    source = "h,full_text\r\nx,\"intro\none\ntwo\r\n\"\r\n"   # a CSV cell's lines 3-4
    urls: list[str] = []

    def fake(url: str) -> bytes:
        urls.append(url)
        return source.encode()

    ranged = _entry("one\ntwo\n", line_start=3, line_end=4)
    ranged["id"] = "r.txt"
    whole = _entry(source)
    out = fetch.restore([ranged, whole], str(tmp_path), fetch=fake)
    assert [o.status for o in out] == ["fetched", "fetched"]
    assert (tmp_path / "r.txt").read_text(encoding="utf-8") == "one\ntwo\n"   # \r dropped, final \n added
    assert (tmp_path / "b.txt").read_bytes() == source.encode()                # whole file byte for byte
    assert urls[0].startswith("https://raw.githubusercontent.com/o/r/" + "1" * 40 + "/dir/%E6%8A%A5")


def test_fetch_refuses_a_wrong_digest_and_hand_selected_bases(tmp_path):
    wrong = _entry("something else\n", line_start=1, line_end=1)
    picked = _entry("x\n", excerpt="selected paragraphs: part one")
    picked["id"] = "p.txt"
    out = fetch.restore([wrong, picked], str(tmp_path), fetch=lambda url: b"one line\n")
    assert [o.status for o in out] == ["mismatch", "unavailable"]
    assert "not re-creatable" in out[1].detail and not list(tmp_path.iterdir())
    offline = fetch.restore([_entry("a\n", line_start=1, line_end=1)], str(tmp_path),
                            fetch=lambda url: (_ for _ in ()).throw(fetch.pf.Unavailable("no network")))
    assert offline[0].status == "unavailable" and "no network" in offline[0].detail
