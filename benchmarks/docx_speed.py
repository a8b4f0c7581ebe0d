#!/usr/bin/env python3
"""Issue 20's speed bar: a ~100-page Word report (~60 k characters) in under 1 s on top of the text checks.

    python3 benchmarks/docx_speed.py [--runs 7] [--chars 60000]

Generates a report with python-docx (numbered Heading 1/2 sections with automatic
Chinese numbering, body paragraphs, bullet and numbered lists, a table per section,
a tracked insertion and deletion per section), writes the same text as a .txt, then
times in this process, median of N runs each:

- read: `sources.read_file` of the .docx (unzip, parse, numbering) — the Word reader's own cost;
- check .txt / check .docx: `reportlint check` of each through the library path
  (`runner.run_check`, json), so the difference is what Word adds on top of the text checks;
- annotate: `reportlint annotate` writing the reviewed copy (python-docx open, split, save).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SENTENCES = [
    "全面贯彻落实党中央决策部署，坚持稳中求进工作总基调，完整准确全面贯彻新发展理念。",
    "全年地区生产总值增长{a}.{b}%，一般公共预算收入完成{c}亿元，同比增长{d}.{a}%。",
    "新建改造城市道路{c}公里，新增城镇就业{d}万人，城镇调查失业率控制在{a}.{b}%以内。",
    "深入推进营商环境改革，新增市场主体{c}户，其中企业{d}户，个体工商户{b}户。",
    "Industrial output rose {a}.{b} percent and {c} new projects started in the year.",
    "加强生态环境保护，空气质量优良天数比例达到{d}.{b}%，森林覆盖率提高到{a}{b}.{d}%。",
]


def build(path: Path, chars: int) -> str:
    from docx.oxml import parse_xml

    import docx

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {ns} w:abstractNumId="50"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>'
        f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>'
        f'<w:suff w:val="nothing"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {ns} w:numId="50"><w:abstractNumId w:val="50"/></w:num>'))

    def number(p, ilvl: int) -> None:
        p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {ns}><w:ilvl w:val="{ilvl}"/><w:numId w:val="50"/></w:numPr>'))

    total, k = 0, 0
    while total < chars:
        k += 1
        number(d.add_paragraph(f"第{k}部分工作回顾", style="Heading 1"), 0)
        for sub in range(3):
            number(d.add_paragraph(f"重点任务{sub + 1}", style="Heading 2"), 1)
            for j in range(4):
                s = "".join(SENTENCES[(k + sub + j + i) % len(SENTENCES)].format(a=(k + i) % 9 + 1, b=(j + i) % 10,
                                                                              c=100 + k * 7 + i, d=10 + sub + j)
                            for i in range(3))
                p = d.add_paragraph()
                p.add_run(s[: len(s) // 2]).bold = j == 0
                p.add_run(s[len(s) // 2:])
                total += len(s)
            for j in range(3):
                d.add_paragraph(f"推进第{j + 1}项具体措施，落实责任分工。", style="List Bullet")
            p = d.add_paragraph("全年新增就业")
            p._p.append(parse_xml(f'<w:ins {ns} w:id="{k * 10 + sub}" w:author="a"><w:r><w:t>12万人</w:t></w:r></w:ins>'))
            p._p.append(parse_xml(f'<w:del {ns} w:id="{k * 10 + sub + 5000}" w:author="a"><w:r><w:delText>10万人'
                                  f'</w:delText></w:r></w:del>'))
            p.add_run("，超额完成年度目标。")
        t = d.add_table(rows=4, cols=4)
        for i in range(4):
            for j in range(4):
                t.cell(i, j).text = "指标" if i == 0 and j == 0 else f"{100 + i * 13 + j * 7}亿元"
        total += 120
    d.save(str(path))
    from reportlint.sources import read_file

    return read_file(str(path)).text


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--chars", type=int, default=60_000)
    args = ap.parse_args()
    from reportlint import runner
    from reportlint.config import Config
    from reportlint.sources import read_file

    folder = Path(tempfile.mkdtemp(prefix="rl-docx-bench-"))
    docx_path, txt_path = folder / "report.docx", folder / "report.txt"
    text = build(docx_path, args.chars)
    txt_path.write_text(text + "\n", encoding="utf-8")
    pages = len(text) / 600  # ~600 Chinese characters to a printed A4 page of a work report
    print(f"report: {len(text):,} characters, {text.count(chr(10)) + 1:,} lines (~{pages:.0f} pages), "
          f"{docx_path.stat().st_size:,} bytes")

    def check(path: Path):
        return lambda: runner.run_check(runner.CheckOptions(paths=[str(path)], fmt="json", fail_on="never"), Config())

    check(docx_path)()  # warm: rules loaded, patterns compiled, modules imported
    check(txt_path)()
    read = _median(lambda: read_file(str(docx_path)), args.runs)
    t_txt = _median(check(txt_path), args.runs)
    t_docx = _median(check(docx_path), args.runs)
    from click.testing import CliRunner

    from reportlint.cli import main as cli_main

    t_ann = _median(lambda: CliRunner().invoke(cli_main, ["annotate", str(docx_path)]), max(3, args.runs // 2))
    n = len(runner.run_check(runner.CheckOptions(paths=[str(docx_path)], fmt="json", fail_on="never", fold=False),
                             Config()).diagnostics)
    print(f"read .docx      {read * 1000:7.0f} ms")
    print(f"check .txt      {t_txt * 1000:7.0f} ms")
    print(f"check .docx     {t_docx * 1000:7.0f} ms   (+{(t_docx - t_txt) * 1000:.0f} ms on top of the text checks)")
    print(f"annotate .docx  {t_ann * 1000:7.0f} ms   ({n} comments)")
    print(f"median of {args.runs} runs")


if __name__ == "__main__":
    main()
