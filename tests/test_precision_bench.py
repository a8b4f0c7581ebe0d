"""The precision benchmark's scorer and fetcher (benchmarks/precision/), on tiny fake inputs."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "precision"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"precision_{name}", BENCH / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


score = _load("score")
fetch = _load("fetch")


def _diag(file, line, rule, category, end_line=None):
    return {"path": f"/x/{file}", "line": line, "end_line": end_line or line, "rule": rule,
            "category": category, "message": f"{rule} here", "severity": "warning"}


def _verdict(file, line, rule, category, verdict, end_line=None):
    return {"file": file, "line": line, "end_line": end_line or line, "rule": rule, "category": category,
            "verdict": verdict, "reason": "", "cause": ""}


def test_matching_follows_wild_py():
    judge = score.Judge([
        _verdict("a.md", 10, "MK001", "markup", "FALSE"),
        _verdict("a.md", 11, "MK002", "markup", "TRUE"),
        _verdict("a.md", 30, "HD001", "heading", "TRUE", end_line=32),
        _verdict("a.md", 50, "MK009", "markup", "maybe"),  # not a verdict: ignored
    ])
    f = lambda line, rule, cat, end=None: score.findings_of([_diag("a.md", line, rule, cat, end)])[0]
    assert judge.verdict(f(11, "MK001", "markup"))[0] == "FALSE"      # same rule preferred over nearer line
    assert judge.verdict(f(12, "MK007", "markup"))[0] == "TRUE"       # no same rule: nearest line (11)
    assert judge.verdict(f(9, "MK007", "markup"))[0] == "FALSE"       # +-1 line
    assert judge.verdict(f(8, "MK001", "markup"))[0] == "unjudged"    # two lines off
    assert judge.verdict(f(10, "HD001", "heading"))[0] == "unjudged"  # category must agree
    assert judge.verdict(f(33, "HD002", "heading"))[0] == "TRUE"      # overlaps the entry's range + 1
    assert judge.verdict(f(25, "HD002", "heading", 29))[0] == "TRUE"  # the finding's own range overlaps
    assert judge.verdict(f(50, "MK009", "markup"))[0] == "unjudged"
    assert judge.verdict(score.findings_of([_diag("b.md", 10, "MK001", "markup")])[0])[0] == "unjudged"


def test_findings_of_keeps_scored_categories_and_caps_span():
    got = score.findings_of({"diagnostics": [_diag("a.md", 5, "E001", "error"),
                                             _diag("a.md", 5, "DU001", "duplicate", end_line=500)]})
    assert [(g.rule, g.line, g.end_line) for g in got] == [("DU001", 5, 65)]


def test_tally_counts_precision_false_per_kline_and_recall():
    judge = score.Judge([_verdict("a.md", 1, "MK001", "markup", "TRUE"),
                         _verdict("a.md", 5, "MK001", "markup", "FALSE"),
                         _verdict("a.md", 9, "MK001", "markup", "DEBATABLE")])
    run = score.findings_of([_diag("a.md", 1, "MK001", "markup"), _diag("a.md", 5, "MK001", "markup"),
                             _diag("a.md", 9, "MK001", "markup"), _diag("a.md", 20, "MK001", "markup"),
                             _diag("other.md", 1, "MK001", "markup")])  # not a scored document
    missed = [{"file": "a.md", "line": 40, "end_line": 40, "class": "markup"},
              {"file": "a.md", "line": 60, "class": "markup", "in_scope": "partial"}]
    real = score.known_defects(judge_entries := [_verdict("a.md", 1, "MK001", "markup", "TRUE")], missed, {"a.md"})
    assert len(real) == 2 and judge_entries
    t = score.tally(run, judge, real, {"a.md": 2000})
    k = t.per_rule["MK001"]
    assert (k["TRUE"], k["FALSE"], k["DEBATABLE"], k["unjudged"]) == (1, 1, 1, 1)
    fig = score.figures(k, t.lines)
    assert fig["precision"] == 0.5 and fig["false_per_kline"] == 0.5
    assert (t.found["markup"], t.known["markup"]) == (1, 2)
    assert [u.line for u in t.unjudged] == [20]


def test_main_merges_triage_and_own_verdicts(tmp_path, capsys):
    wild = tmp_path / "wild"
    (wild / "docs").mkdir(parents=True)
    (wild / "docs" / "w.md").write_text("one\ntwo\nthree\n", encoding="utf-8")
    (wild / "triage.jsonl").write_text(json.dumps(_verdict("w.md", 1, "MK001", "markup", "FALSE")) + "\n", encoding="utf-8")
    bench = tmp_path / "bench"
    (bench / "docs").mkdir(parents=True)
    (bench / "docs" / "g.txt").write_text("x\ny\n", encoding="utf-8")
    (bench / "manifest.jsonl").write_text(json.dumps({"id": "g.txt", "lang": "en"}) + "\n"
                                          + json.dumps({"id": "gone.md", "lang": "en"}) + "\n", encoding="utf-8")
    (bench / "verdicts-wild.jsonl").write_text(json.dumps(_verdict("w.md", 3, "MK002", "markup", "TRUE")) + "\n", encoding="utf-8")
    (bench / "verdicts.jsonl").write_text(json.dumps(_verdict("g.txt", 2, "HD001", "heading", "TRUE")) + "\n", encoding="utf-8")
    calls = []

    def runner(paths, extra):
        calls.append(([Path(p).name for p in paths], list(extra)))
        if Path(paths[0]).name == "w.md":
            return {"diagnostics": [_diag("w.md", 1, "MK001", "markup"), _diag("w.md", 3, "MK002", "markup")]}
        return {"diagnostics": [_diag("g.txt", 2, "HD001", "heading"), _diag("g.txt", 1, "MK001", "markup")]}

    out_json = tmp_path / "fig.json"
    todo = tmp_path / "todo.jsonl"
    assert score.main(["--wild", str(wild), "--bench", str(bench), "--preview", "--unjudged", "--json", str(out_json),
                       "--unjudged-jsonl", str(todo), "--causes", "--", "--select", "MK,HD"], runner=runner) == 0
    assert calls == [(["w.md"], ["--preview", "--select", "MK,HD"]), (["g.txt"], ["--preview", "--select", "MK,HD"])]
    text = capsys.readouterr().out
    assert "1 of 2 gathered documents are missing" in text
    assert "g.txt:1 MK001" in text and "| x" in text
    assert "FALSE findings by cause" in text and "(no cause given): MK001 1" in text
    fig = json.loads(out_json.read_text(encoding="utf-8"))
    assert fig["wild"]["rules"]["MK001"]["FALSE"] == 1 and fig["wild"]["rules"]["MK002"]["TRUE"] == 1
    assert fig["gathered"]["rules"]["HD001"]["TRUE"] == 1 and fig["gathered"]["rules"]["MK001"]["unjudged"] == 1
    assert fig["both"]["documents"] == 2
    assert fig["yaml"]["MK001"] == {"value": 0.0, "findings": 1, "documents": 2}
    assert [json.loads(l)["line"] for l in todo.read_text(encoding="utf-8").splitlines()] == [1]


def _manifest_entry(ident, data: bytes):
    return {"id": ident, "repo": "o/r", "commit": "c" * 40, "path": "dir/a b.md", "sha256": hashlib.sha256(data).hexdigest()}


def test_fetch_writes_verified_texts_and_names_the_rest(tmp_path):
    good, bad = b"hello\n", b"other\n"
    entries = [_manifest_entry("ok.md", good), _manifest_entry("wrong.md", good), _manifest_entry("off.md", good),
               _manifest_entry("here.md", good), _manifest_entry("rot.md", good), {"id": "../x", "sha256": "0"}]
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "here.md").write_bytes(good)
    (docs / "rot.md").write_bytes(bad)
    seen = []
    served = {"ok.md": good, "wrong.md": bad}

    def by_id(url, _order=iter(["ok.md", "wrong.md", "off.md"])):
        ident = next(_order)
        seen.append(url)
        if ident in served:
            return served[ident]
        raise fetch.Unavailable("no network")

    got = {o.id: o.status for o in fetch.process(entries, str(docs), by_id)}
    assert got == {"ok.md": "fetched", "wrong.md": "mismatch", "off.md": "unavailable", "here.md": "present",
                   "rot.md": "corrupt", "../x": "invalid"}
    assert seen[0] == "https://raw.githubusercontent.com/o/r/" + "c" * 40 + "/dir/a%20b.md"
    assert (docs / "ok.md").read_bytes() == good
    assert not (docs / "wrong.md").exists() and not (docs / "off.md").exists()
    assert not list(docs.glob("*.part"))


def test_fetch_main_reports_unavailable_and_fails(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "manifest.jsonl").write_text(json.dumps(_manifest_entry("a.md", b"x")) + "\n", encoding="utf-8")

    def offline(url):
        raise fetch.Unavailable("network is unreachable")

    assert fetch.main(["--bench", str(tmp_path)], fetch=offline) == 1
    out = capsys.readouterr().out
    assert "unavailable" in out and "a.md" in out and "could not re-create: a.md" in out
    assert fetch.main(["--bench", str(tmp_path), "--check"], fetch=offline) == 1


@pytest.mark.parametrize("path", ["manifest.jsonl", "verdicts.jsonl"])
def test_committed_bench_files_are_well_formed(path):
    p = BENCH / path
    if not p.exists():
        pytest.skip(f"{path} not there yet")
    rows = [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    if path == "manifest.jsonl":
        ids = [r["id"] for r in rows]
        assert len(ids) == len(set(ids))
        for r in rows:
            assert set(fetch.REQUIRED) | {"lang", "kind", "lines", "source_url"} <= set(r), r.get("id")
            assert r["lang"] in ("zh", "en") and len(r["sha256"]) == 64 and len(r["commit"]) == 40
    else:
        known = {json.loads(l)["id"] for l in (BENCH / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()}
        for r in rows:
            assert r["verdict"] in ("TRUE", "FALSE", "DEBATABLE"), r
            assert r["file"] in known and int(r["line"]) >= 1 and r["category"] and r["rule"], r


def test_fetch_extracts_a_csv_cell_and_checks_both_digests(tmp_path):
    raw = 'province,full_text\nX,"line one\n""quoted"" two\n"\n'.encode("utf-8")
    text = 'line one\n"quoted" two\n'.encode("utf-8")
    entry = dict(_manifest_entry("r.txt", text), extract="csv-field:full_text",
                 source_sha256=hashlib.sha256(raw).hexdigest())
    bad_source = dict(entry, id="s.txt", source_sha256="0" * 64)
    no_column = dict(entry, id="c.txt", extract="csv-field:body")
    got = {o.id: o.status for o in fetch.process([entry, bad_source, no_column], str(tmp_path), lambda url: raw)}
    assert got == {"r.txt": "fetched", "s.txt": "mismatch", "c.txt": "mismatch"}
    assert (tmp_path / "r.txt").read_bytes() == text


def test_fetch_cuts_a_character_excerpt_and_names_a_hand_cut_one(tmp_path):
    raw = "abcdefghij".encode("utf-8")
    entry = dict(_manifest_entry("e.txt", b"cdef"), excerpt="characters 2-6 (pages 1-2)")
    by_hand = dict(_manifest_entry("h.txt", b"cdef"), excerpt="the text quoted in README.md")
    got = {o.id: (o.status, o.detail) for o in fetch.process([entry, by_hand], str(tmp_path), lambda url: raw)}
    assert got["e.txt"][0] == "fetched" and (tmp_path / "e.txt").read_bytes() == b"cdef"
    assert got["h.txt"][0] == "unavailable" and "by hand" in got["h.txt"][1]


def test_fetch_copies_verified_texts_from_a_local_folder(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.md").write_bytes(b"text")
    (other / "b.md").write_bytes(b"changed")
    entries = [_manifest_entry("a.md", b"text"), _manifest_entry("b.md", b"original")]

    def offline(url):
        raise fetch.Unavailable("no network")

    got = {o.id: o.status for o in fetch.process(entries, str(tmp_path / "docs"), offline, local=[str(other)])}
    assert got == {"a.md": "fetched", "b.md": "unavailable"}
    assert (tmp_path / "docs" / "a.md").read_bytes() == b"text"


@pytest.mark.parametrize("path", ["missed.jsonl", "verdicts-wild.jsonl"])
def test_committed_defect_lists_are_well_formed(path):
    p = BENCH / path
    if not p.exists():
        pytest.skip(f"{path} not there yet")
    for line in p.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            assert r["file"] and int(r["line"]) >= 1 and int(r.get("end_line") or r["line"]) >= int(r["line"]), r
            assert (r.get("class") if path == "missed.jsonl" else r.get("category")), r


def test_main_scores_one_manifest_set_apart(tmp_path, capsys):
    bench = tmp_path / "bench"
    (bench / "docs").mkdir(parents=True)
    for name in ("old.md", "new.md"):
        (bench / "docs" / name).write_text("a\nb\n", encoding="utf-8")
    (bench / "manifest.jsonl").write_text(json.dumps({"id": "old.md", "lang": "en"}) + "\n"
                                          + json.dumps({"id": "new.md", "lang": "en", "set": "holdout-2"}) + "\n",
                                          encoding="utf-8")
    seen = []

    def runner(paths, extra):
        seen.append(sorted(Path(p).name for p in paths))
        return {"diagnostics": []}

    assert score.main(["--only", "gathered", "--bench", str(bench), "--set", "holdout-2"], runner=runner) == 0
    assert score.main(["--only", "gathered", "--bench", str(bench), "--set", "tuned"], runner=runner) == 0
    assert score.main(["--only", "gathered", "--bench", str(bench)], runner=runner) == 0
    assert seen == [["new.md"], ["old.md"], ["new.md", "old.md"]]
    assert "1 documents" in capsys.readouterr().out
