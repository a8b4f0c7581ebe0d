"""Issue 14 point 3: Markdown reference definitions as a site publishes them — resolved across the files
of a run, read from the config's `reference-files` includes, and one finding for a file that defines
none of the many labels it uses."""

from __future__ import annotations

import json
import subprocess
import sys

from _cli import run, write  # noqa: F401 — run is a fixture

PAGE = "Use [ok()][] and [equal()][], the [guide][] and [`Error`][] and [the shared page][shared].\n"
OTHER = "# Other\n\nSee [the shared page][shared].\n\n[shared]: https://example.com/shared\n"
INCLUDE = "[ok()]: https://example.com/ok\n[equal()]: https://example.com/equal\n"


def found(r) -> list[tuple[str, int, int, str]]:
    return [(d["path"].replace("\\", "/"), d["line"], d["column"], d["message"])
            for d in json.loads(r.stdout)["diagnostics"] if d["rule"] == "MK012"]


def test_a_file_defining_none_of_many_labels_gets_one_finding(run, tmp_path):
    write(tmp_path / "docs" / "page.md", PAGE)
    (only,) = found(run("check", "docs/page.md", "--select", "MK012", "--format", "json"))
    assert only[1:3] == (1, 5) and "defines none of the 5 labels" in only[3]


def test_a_label_another_file_of_the_run_defines_is_defined(run, tmp_path):
    write(tmp_path / "docs" / "page.md", PAGE)
    write(tmp_path / "docs" / "other.md", OTHER)
    (only,) = found(run("check", "docs", "--select", "MK012", "--format", "json"))
    assert only[0] == "docs/page.md" and "none of the 4 labels" in only[3]  # [shared] is defined by other.md


def test_reference_files_from_the_config_define_labels_for_every_file(run, tmp_path):
    write(tmp_path / "docs" / "page.md", PAGE)
    write(tmp_path / "_includes" / "links.md", INCLUDE)
    write(tmp_path / ".reportlint.yaml", 'reference-files: ["_includes/*.md"]\n')
    (one,) = found(run("check", "docs/page.md", "--select", "MK012", "--format", "json"))
    # [ok()] and [equal()] come from the include: 3 of the 5 labels are left, still one cause
    assert one[2] == PAGE.index("[guide]") + 1 and "none of the 3 labels" in one[3]
    write(tmp_path / "_includes" / "more.md", "[guide]: https://example.com/guide\n")
    got = found(run("check", "docs/page.md", "--select", "MK012", "--format", "json"))
    # [shared] stays undefined in a run without other.md; two labels left are reported each
    assert [col for _, _, col, _ in got] == [PAGE.index("[`Error`]") + 1, PAGE.index("[the shared") + 1]
    assert "no definition '[`Error`]: …'" in got[0][3]


def test_an_include_of_any_name_is_read_for_its_definitions_not_checked(run, tmp_path):
    write(tmp_path / "docs" / "page.md", "See [ok()][].\n")
    write(tmp_path / "inc" / "links.txt", "[ok()]: https://example.com/ok\n[broken](https://x.org\n")
    write(tmp_path / ".reportlint.yaml", "reference-files: [inc/links.txt]\n")
    r = run("check", "docs", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["diagnostics"] == []


def test_parallel_run_settles_as_a_serial_one(tmp_path):
    """Workers send each file's facts back with its findings: --jobs 2 gives the serial output."""
    for i in range(10):
        write(tmp_path / f"p{i}.md", f"# P{i}\n\n" + PAGE + ("\n[shared]: https://example.com/s\n" if i == 7 else ""))
    write(tmp_path / "_includes" / "links.md", INCLUDE)
    write(tmp_path / ".reportlint.yaml", 'reference-files: ["_includes/links.md"]\n')
    outs = []
    for jobs in ("1", "2"):
        p = subprocess.run([sys.executable, "-m", "reportlint", "check", "--select", "MK012", "--format", "json",
                            "--jobs", jobs, *sorted(str(f.name) for f in tmp_path.glob("p*.md"))],
                           cwd=tmp_path, capture_output=True, text=True, check=False)
        outs.append(json.loads(p.stdout)["diagnostics"])
    assert outs[0] == outs[1] and len(outs[0]) == 20  # [guide] and [`Error`] in each of the 10 files
