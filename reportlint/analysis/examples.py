"""Displayed examples: text a document shows as a sample, not as its own prose.

Style guides, manuals and READMEs introduce samples with a label paragraph — 错误：,
正确：, 用法：, 反例：, Bad:, Incorrect:, Example: — and show the sample in the quotation
or list right after it. A counter-example is wrong on purpose (嗨!你知道嘛?), and a usage
sample may link to a placeholder `(#)`; the markup checks judge the author's prose, so
they skip these blocks. Only what follows a label is an example: a blockquote elsewhere
is a real quotation and is checked like any paragraph.
"""

from __future__ import annotations

import re

from reportlint.analysis.masks import code_spans
from reportlint.document import Document
from reportlint.text import rx

_ZH_LABEL = (
    r"(?:(?:正确|错误|推荐|不推荐|建议|不建议|避免|反|正|好|坏|对比)的?(?:示例|例子|用法|写法|范例|示范|做法|形式)?"
    r"|(?:对比|常见)?用法|示例|例子|例如|比如|举例|范例|样例|例句|反例|正例)"
)
_EN_LABEL = (
    r"(?:(?:bad|good|correct|incorrect|wrong|right|preferred|not\s+preferred|avoid|prefer|do|don['’]t|do\s+not"
    r"|recommended|not\s+recommended|before|after)(?:\s+(?:examples?|usage|style))?"
    r"|examples?|for\s+example|usage|sample)"
)
# The whole paragraph is the label: emphasis, check and cross marks and spaces around it allowed.
LABEL_RE = rx.compile(
    rf"^[\s*_✅❌✔✘✗×√☑⛔️]*(?:{_ZH_LABEL}|{_EN_LABEL})[\s*_]*[：:][\s*_]*$", re.I
)
# A label that judges its sample (right or wrong), as a style guide does; `例如：` does not.
_VERDICT_RE = rx.compile(r"正确|错误|推荐|建议|避免|反|正例|好|坏|bad|good|correct|wrong|right|prefer|avoid|\bdo\b|don['’]t|do\s+not", re.I)


def is_example_label(text: str) -> bool:
    """A paragraph that only announces a sample: `错误：`, `**Bad:**`, `✅ Correct:`."""
    return len(text) <= 40 and bool(LABEL_RE.match(text))


def is_verdict_label(text: str) -> bool:
    """An example label that says the sample is right or wrong (`错误：`, `Bad:`), not merely `例如：`."""
    return is_example_label(text) and bool(_VERDICT_RE.search(text))


def example_blocks(doc: Document) -> frozenset[int]:
    """Indices of the blocks that display a sample: the blockquote right after a label, or the list right
    after a label that judges it (a list after `例如：` is the author's own, and checked)."""
    out: set[int] = set()
    blocks = doc.blocks
    for i, b in enumerate(blocks):
        label = b.content.strip()
        if b.kind != "paragraph" or b.in_quote or not is_example_label(label):
            continue
        j = i + 1
        first = blocks[j] if j < len(blocks) else None
        if first is None:
            continue
        if first.in_quote:
            while j < len(blocks) and blocks[j].in_quote:
                out.add(j)
                j += 1
        elif first.kind == "list_item" and first.list_id is not None and is_verdict_label(label):
            while j < len(blocks) and blocks[j].kind == "list_item" and (
                    blocks[j].list_id == first.list_id or blocks[j].depth > first.depth):
                out.add(j)
                j += 1
    return frozenset(out)


_QUOTED_RE = rx.compile(r"“([^“”\n]{2,120})”|\"([^\"\n]{2,120})\"|「([^「」\n]{2,120})」|‘([^‘’\n]{2,120})’")
_CODE_KINDS = frozenset({"code", "preformatted"})


def code_text(doc: Document) -> str:
    """The document's code: its code blocks and inline code spans, one string to search."""
    parts = [b.text for b in doc.blocks if b.kind in _CODE_KINDS]
    for b in doc.blocks:
        if b.is_prose and "`" in b.content:
            spans, _ = code_spans(b.content)
            parts.extend(b.content[s:e] for s, e in spans)
    return "\n".join(parts)


def quoted_code(text: str, code: str) -> list[tuple[int, int]]:
    """Quotations in `text` whose words are the document's code, quoted: 输出“你好, 世界!”的结果
    when the program prints `"你好, 世界!"`. Their punctuation is the program's, not the author's."""
    if not code:
        return []
    out = []
    for m in _QUOTED_RE.finditer(text):
        k = next(g for g in range(1, 5) if m.group(g) is not None)
        inner = m.group(k)
        if inner.strip() and inner in code:
            out.append((m.start(k), m.end(k)))
    return out
