"""Duplicate detection: normalisation, the copies view, cross-file runs, properties."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportlint.api import lint_text
from reportlint.analysis.duplicates import CopySettings, changes, copies
from reportlint.document import Document
from reportlint.engine import EngineOptions
from reportlint.pipeline import lint_documents
from reportlint.ruleset.loader import load_rulesets
from reportlint.text.normalize import content_length, normalize, stable_hash

RULES = [r for r in load_rulesets(["core", "zh", "en"]) if r.code.startswith("DU")]


def du(text: str, fmt: str = "md", language: str = "auto"):
    return [d for d in lint_text(text, RULES, path=f"t.{fmt}", fmt=fmt, language=language) if d.rule.startswith("DU")]


# ---------------------------------------------------------------- normalisation


@pytest.mark.parametrize("a,b", [
    ("实施污染防治攻坚战，打好蓝天保卫战。", "实施污染防治攻坚战,打好蓝天保卫战."),  # full/half width
    ("- **聚力高端融合**，做大做强煤、焦。", "聚力高端融合，做大做强煤、焦。"),  # bullet, emphasis
    ("We  reviewed\nthe results.", "we reviewed the results."),  # whitespace, case
    ("See [the guide](https://x.org/a).", "See the guide."),  # link target
    ("“引号”与《书名》", '"引号"与"书名"'),  # CJK quotes
    ("ＡＢＣ１２３", "abc123"),  # full-width letters and digits (NFKC)
    ("推进 高质量\n发展", "推进高质量发展"),  # spaces and wraps inside Chinese
])
def test_normalize_equates_invisible_differences(a, b):
    assert normalize(a) == normalize(b)


def test_normalize_keeps_words_apart():
    assert normalize("不断激发市场活力") != normalize("持续激发市场活力")
    assert normalize("the user") != normalize("the users")


def test_content_length_weighs_han_as_three_letters():
    assert content_length(normalize("构建更高质量教育体系")) == 30
    assert content_length(normalize("This section is informative.")) == 24
    assert content_length(normalize("- **注：**")) == 3


def test_stable_hash_is_stable():
    import subprocess
    import sys

    other = subprocess.run([sys.executable, "-c", "from reportlint.text.normalize import stable_hash; print(stable_hash('abc'))"],
                           capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": "123"})
    assert int(other.stdout) == stable_hash("abc")
    assert stable_hash("abc") != stable_hash("abd")


def test_changes_groups_words():
    cs = changes("We help users to do it.", "We help people to do it.")
    assert [(c.old, c.new) for c in cs] == [("users", "people")]


# ---------------------------------------------------------------- the copies view

SECTION = """（一）加快推进产业转型升级，培育高质量发展新动能

- 以“双五”战略为牵引，深入实施百亿元产业培育工程，培育引进一批龙头企业和专精特新企业。
- 聚力规模集群，培育壮大六大战略新兴产业，围绕打造北方氢能产业基地，建设一批重点项目。

（二）加快推进乡村振兴战略，筑牢高质量发展压舱石

- 抓好农村产业、农民就业，提升村容村貌、精神面貌，促进乡村治理和社会治安持续好转。
"""


def test_copies_one_run_per_copy():
    text = "2022年工作安排\n\n" + SECTION + "\n" + SECTION + "\n" + SECTION + "\n" + SECTION
    doc = Document.parse(text, "t.txt")
    runs = copies(doc, CopySettings())
    assert len(runs) == 3
    first = runs[0]
    assert first.original_lines == (3, 10) and first.copy_lines == (12, 19)
    # Later copies point at a single copy of the section, not at "section + its first copy".
    assert all(r.length == first.length for r in runs)
    assert copies(doc, CopySettings()) is runs  # memoised


def test_copies_names_the_differing_line():
    edited = SECTION.replace("和专精特新企业", "及专精特新企业")
    doc = Document.parse("前言。\n\n" + SECTION + "\n" + edited, "t.txt")
    (run,) = copies(doc, CopySettings())
    assert len(run.differing) == 1
    copy_block, orig_block = run.differing[0]
    assert doc.blocks[copy_block].line == run.copy_lines[0] + 2
    assert doc.blocks[orig_block].line == run.original_lines[0] + 2
    (d,) = [d for d in du("前言。\n\n" + SECTION + "\n" + edited, fmt="txt") if d.rule == "DU001"]
    assert "'和' → '及'" in d.message


def test_seed_like_paste_with_page_numbers_between():
    text = SECTION + "\n- 12 -\n\n" + SECTION
    diags = [d for d in du(text, fmt="txt") if d.rule == "DU001"]
    assert len(diags) == 1 and diags[0].line == 12 and diags[0].related[0].line == 1


# ---------------------------------------------------------------- cross-file


def _docs(*texts: str) -> list[Document]:
    return [Document.parse(t, f"f{i}.md") for i, t in enumerate(texts)]


CHAPTER = ("The maintainers triaged every open issue in the first quarter, closed the ones that no longer "
           "reproduced, and labelled the rest so that new contributors can find work that suits them.")
DISCLAIMER = ("This report is published under the Creative Commons Attribution licence; figures may be "
              "reused with attribution to the project and a link to the original report.")


def test_cross_file_reports_shared_blocks_with_allowlist():
    docs = _docs(f"# A\n\n{CHAPTER}\n\n{DISCLAIMER}\n", f"# B\n\nOther text about the year.\n\n{CHAPTER}\n\n{DISCLAIMER}\n")
    rule = next(r for r in RULES if r.code == "DU001")
    diags = lint_documents(docs, [rule], EngineOptions(cross_file=True))
    assert [(d.path, d.line, d.end_line) for d in diags] == [("f1.md", 5, 7)]
    assert diags[0].related[0].path == "f0.md" and diags[0].related[0].line == 3
    assert "f0.md" in diags[0].message and "3–5" in diags[0].message
    import dataclasses

    allowed = dataclasses.replace(rule, params=dataclasses.replace(rule.params, cross_file_allow=("Creative Commons",)))
    diags = lint_documents(docs, [allowed], EngineOptions(cross_file=True))
    assert [(d.line, d.end_line) for d in diags] == [(5, 5)]
    # Without --cross-file nothing is shared.
    assert lint_documents(docs, [rule], EngineOptions(cross_file=False)) == []


def test_cross_file_max_files_treats_common_text_as_boilerplate():
    import dataclasses

    rule = next(r for r in RULES if r.code == "DU001")
    rule = dataclasses.replace(rule, params=dataclasses.replace(rule.params, cross_file_max_files=3))
    docs = _docs(f"{DISCLAIMER}\n", f"{DISCLAIMER}\n", f"{DISCLAIMER}\n\n{CHAPTER}\n", f"{CHAPTER}\n")
    diags = lint_documents(docs, [rule], EngineOptions(cross_file=True))
    assert [(d.path, d.line) for d in diags] == [("f3.md", 1)]


# ---------------------------------------------------------------- properties

_EN_WORDS = [
    "".join(random.Random(i).choice("abcdefghijklmnopqrstuvwxyz") for _ in range(3 + i % 7)) for i in range(600)
]
_HAN = [chr(0x4E00 + i * 37 % 20000) for i in range(3000)]


def _paragraph(rng: random.Random, language: str) -> str:
    if language == "en":
        words = [rng.choice(_EN_WORDS) for _ in range(rng.randint(40, 60))]
        return " ".join(words).capitalize() + "."
    chars = [rng.choice(_HAN) for _ in range(rng.randint(90, 140))]
    for k in range(12, len(chars), 17):
        chars[k] = "，"
    return "".join(chars) + "。"


def _document(seed: int, n: int, language: str) -> list[str]:
    rng = random.Random(seed)
    return [_paragraph(rng, language) for _ in range(n)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n=st.integers(2, 25), language=st.sampled_from(["en", "zh"]),
       fmt=st.sampled_from(["md", "txt"]), data=st.data())
def test_planted_copy_is_found_wherever_placed(seed, n, language, fmt, data):
    paras = _document(seed, n, language)
    source = data.draw(st.integers(0, n - 1), label="source")
    where = data.draw(st.integers(source + 1, n), label="where")
    planted = paras[:where] + [paras[source]] + paras[where:]
    text = "\n\n".join(planted) + "\n"
    diags = du(text, fmt=fmt, language=language)
    copy_line = 2 * where + 1
    assert [(d.rule, d.line) for d in diags] == [("DU001", copy_line)], [d.message for d in diags]
    assert diags[0].related[0].line == 2 * source + 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n=st.integers(1, 30), language=st.sampled_from(["en", "zh"]),
       fmt=st.sampled_from(["md", "txt"]))
def test_unrelated_paragraphs_create_no_findings(seed, n, language, fmt):
    text = "\n\n".join(_document(seed, n, language)) + "\n"
    assert du(text, fmt=fmt, language=language) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n=st.integers(3, 20), language=st.sampled_from(["en", "zh"]), data=st.data())
def test_planted_sentence_copy_is_found(seed, n, language, data):
    paras = _document(seed, n, language)
    source = data.draw(st.integers(0, n - 2), label="source")
    target = data.draw(st.integers(source + 1, n - 1), label="target")
    paras[target] = paras[target] + (" " if language == "en" else "") + paras[source]
    text = "\n\n".join(paras) + "\n"
    diags = du(text, fmt="md", language=language)
    assert [(d.rule, d.line) for d in diags] == [("DU003", 2 * target + 1)], [d.message for d in diags]
    assert diags[0].related[0].line == 2 * source + 1


def test_a_line_pasted_many_times_is_a_handful_of_findings():
    text = "同一行内容在这里重复出现了很多次。\n" * 20_000
    diags = du(text, fmt="txt")
    assert 2 <= len(diags) <= 15, [(d.rule, d.line, d.message) for d in diags]
    assert any(d.rule == "DU001" and d.end_line - d.line > 10 for d in diags)  # the tail as one finding
    assert diags[-1].end_line == 20_000  # every line is covered by some finding's range
    assert any(d.rule == "DU004" and d.end_line - d.line >= 5 for d in diags)  # a streak is one finding


def test_repeated_line_streak_is_one_finding():
    text = "The survey closed on 30 June.\n\n" * 4 + "Results follow.\n"
    diags = du(text, fmt="txt", language="en")
    assert [(d.rule, d.line, d.end_line) for d in diags] == [("DU004", 3, 7)]
    assert "(3×)" in diags[0].message


# ---------------------------------------------------------------- deliberate repetition vs paste (issue 16)


def _rules(findings):
    return sorted((d.rule, d.line) for d in findings)


def test_procedure_restated_for_another_party_is_parallel():
    """Two sections linked by several repetitions at different distances: a template, not a paste."""
    text = """## 4.1 Issuer checks the wallet

The wallet sends its attestation to the issuer, which checks the signature against the trust list.

The issuer then looks up the revocation status of the wallet attestation in the published list.

> Note: the revocation check applies from the second year after the regulation enters into force.

## 4.2 Verifier checks the wallet

The verifier asks for the attributes it registered and nothing more than those attributes.

The wallet sends its attestation to the verifier, which checks the signature against the trust list.

The verifier records the request in its audit log together with the time and the purpose.

> Note: the revocation check applies from the second year after the regulation enters into force.
"""
    assert [d for d in du(text) if d.rule in ("DU001", "DU002")] == []


def test_single_paragraph_pasted_into_another_section_is_still_reported():
    text = """## 4.1 Issuer checks the wallet

The issuer looks up the revocation status of the wallet attestation in the list published each day.

## 4.2 Budget

The budget for the second year covers two engineers and the hosting of the trust list mirror.

The issuer looks up the revocation status of the wallet attestation in the list published each day.
"""
    assert ("DU001", 9) in _rules(du(text))


def test_paragraph_copied_with_one_figure_edited_is_a_near_duplicate():
    text = """Of the members who answered the survey this year, 47% attended at least one meeting in person during the year.

Of the members who answered the survey this year, 49% attended at least one meeting in person during the year.
"""
    assert [d.rule for d in du(text)] == ["DU002"]


def test_several_figures_changed_is_other_data():
    text = """In the northern district 47% of the households answered the survey and 12% asked for a follow-up visit.

In the northern district 51% of the households answered the survey and 15% asked for a follow-up visit.
"""
    assert du(text) == []


def test_sibling_task_entries_differing_in_identifiers_are_not_near_duplicates():
    text = """- Worked on [[TASK-7402] Extract inline script from checkboxContent.jelly](https://example.com/pull/11)
- Worked on [[TASK-7403] Extract inline script from choiceParameterCommon.jelly](https://example.com/pull/12)
"""
    assert du(text) == []


def test_sibling_items_putting_one_word_for_another_are_not_near_duplicates():
    text = """Paths count only when:

* The fraction of descriptors we hold for nodes with the Fast flag, weighted by their bandwidth for the fast position.
* The fraction of descriptors we hold for nodes with the Slow flag, weighted by their bandwidth for the slow position.
"""
    assert du(text, fmt="txt", language="en") == []


def test_sentence_shared_by_two_parallel_articles_is_not_a_copy():
    text = """第十条 经营者因合并、分立等原因需要转移用户数据的，应当向用户告知接收方的名称和联系方式。接收方变更原先的使用目的的，应当重新取得用户同意。

第十一条 经营者向其他经营者提供用户数据的，应当向用户告知接收方的名称、联系方式和使用目的，并取得用户同意。接收方变更原先的使用目的的，应当重新取得用户同意。
"""
    assert du(text, fmt="txt") == []


def test_sentence_pasted_into_an_unrelated_paragraph_is_still_a_copy():
    text = """全年地区生产总值增长5.2%，城镇新增就业12万人。要坚守为民初心，树立和践行正确政绩观，大兴调查研究，增强服务本领。

持续深化重点领域改革，不断激发市场主体活力，加快建设全国统一大市场。要坚守为民初心，树立和践行正确政绩观，大兴调查研究，增强服务本领。
"""
    assert [d.rule for d in du(text, fmt="txt")] == ["DU003"]


def test_answer_options_under_two_questions_are_a_template():
    text = """* 2.6 How often do you attend events in person
  + More than twice a week
  + Once a week
  + Once or twice a month
  + Never
* 2.7 How often do you attend events online, such as calls and video talks
  + More than twice a week
  + Once a week
  + Once or twice a month
  + Never
"""
    assert du(text) == []


def test_ordered_list_items_pasted_again_in_order_are_reported():
    text = """#### Released

1. Released the [alpha tool](https://example.com/alpha/1.2)
2. Released the [beta tool](https://example.com/beta/3.1)
3. Released the [gamma tool](https://example.com/gamma/0.9)
4. Released the [alpha tool](https://example.com/alpha/1.2)
5. Released the [beta tool](https://example.com/beta/3.1)
"""
    assert _rules(du(text)) == [("DU004", 6), ("DU004", 7)]


def test_procedure_repeating_one_step_is_not_reported():
    text = """1. Sign in to the admin center.
2. Select Meetings.
3. Select Save.
4. Select Messaging.
5. Select Save.
"""
    assert du(text) == []


def test_item_repeated_with_quotation_marks_is_the_same_item():
    text = """Talks this year:

- Gateway API: what is new
- Network policy deep dive
- "Gateway API: what is new"
"""
    assert _rules(du(text)) == [("DU004", 5)]


def test_images_with_one_alt_text_but_other_files_are_not_a_repeated_line():
    text = """![enter image description here](https://example.com/a.png)

![enter image description here](https://example.com/b.png)
"""
    assert du(text) == []


def test_three_items_pasted_into_another_list_are_a_copy():
    text = """## Acme Foundation

- Rivet: a build cache for monorepos
- Lathe: a test runner for embedded boards
- Anvil: a package mirror with signatures
- Forge: a release tool for changelogs

## Beta Collective

- Quill: an editor plugin for reviews
- Slate: a wiki for design notes
- Lathe: a test runner for embedded boards
- Anvil: a package mirror with signatures
- Forge: a release tool for changelogs
"""
    found = _rules(du(text))
    assert found and found[0][0] == "DU001" and found[0][1] == 12


def test_steps_repeated_at_the_start_of_each_procedure_are_a_template():
    text = """### Policy 1

1. Sign in to the admin center as an administrator.
2. Select Settings and then Org settings.
3. Select Meetings.

### Policy 2

1. Sign in to the admin center as an administrator.
2. Select Settings and then Org settings.
3. Select Messaging.
"""
    assert du(text) == []


def test_right_and_wrong_forms_side_by_side_are_examples():
    text = """### 专有名词使用正确的大小写

> 我们的客户有 github、foursquare、microsoft corporation、google、facebook, inc.。
>
> 我们的客户有 Github、FourSquare、MicroSoft Corporation、Google、FaceBook, Inc.。

> 请 [提交一个 issue](#) 并分配给相关同事，访问我们网站的最新动态。
>
> 请[提交一个 issue](#)并分配给相关同事，访问我们网站的最新动态。
"""
    assert du(text) == []


def test_resources_field_of_each_policy_is_a_template():
    res = """### Resources

- [Binding Operational Directive 18-01, Enhance Email and Web Security, DHS](https://example.com/bod)
- [Trustworthy Email, NIST Special Publication 800-177 Revision 1](https://example.com/nist)
"""
    text = "## 1 SPF\n\nSPF lists the senders.\n\n" + res + "\n## 2 DKIM\n\nDKIM signs the mail.\n\n" + res \
        + "\n## 3 DMARC\n\nDMARC tells receivers what to do.\n\n" + res
    assert du(text) == []


def test_sentence_sharing_only_a_cited_title_is_not_a_copy():
    text = """### Resources

- [Use the admin center to enable or disable SMTP AUTH on specific mailboxes, Microsoft
  Docs](https://example.com/smtp)

### Implementation

To enable SMTP AUTH on a per-mailbox basis, follow the instructions
listed at [Use the admin center to enable or disable SMTP AUTH on specific mailboxes, Microsoft
Docs](https://example.com/smtp).
"""
    assert du(text) == []


def test_link_text_wrapped_over_lines_is_normalised_as_text():
    assert normalize("[Exchange admin\n    center](https://example.com/).") == normalize("[Exchange admin center](https://example.com).")


def test_one_clause_paragraph_edited_at_its_end_is_a_near_duplicate():
    text = """This control is intended to prevent bad actors from using client-side forwarding rules to exfiltrate data to external recipients.

This control is intended to prevent bad actors from using client-side forwarding rules to exfiltrate data to external domains.
"""
    assert [d.rule for d in du(text)] == ["DU002"]


def test_paragraph_per_variant_the_heading_names_is_not_a_near_duplicate():
    text = """##### Step 5: split regions for the primary key and the secondary index

To split the regions of every partition of the table by the primary key, run the following statement:

To split the regions of every partition of the table by the secondary index, run the following statement:
"""
    assert du(text) == []


def test_two_sub_lists_sharing_two_items_are_parallel():
    text = """- The initial discussion:
  - The goal of the initial discussion is to reach agreement on the next step to take.
  - The discussion is resolved in a timely manner.
  - If the author wants to write a design document, then they can write one.
  - If there is disagreement, the arbiter decides.
- The final discussion:
  - The goal of the final discussion is to reach agreement on accepting the proposal.
  - The discussion is resolved in a timely manner.
  - A lack of agreement at this point means that the proposal is declined.
  - If there is disagreement, the arbiter decides.
"""
    assert du(text) == []


def test_release_notes_of_short_items_pasted_again_are_a_copy():
    notes = """### 0.0.5 (2015-07-08)

#### Bug Fixes

* fix a typo in the install guide for Windows ([9a009b3d](https://example.com/c/9a009b3d))
* use the right heading level in the FAQ ([c2ec2d82](https://example.com/c/c2ec2d82))
"""
    text = notes + "\n### 0.0.4 (2015-04-22)\n\n* first public draft ([0cb547e3](https://example.com/c/0cb547e3))\n\n" + notes
    found = _rules(du(text))
    assert found and found[0][0] == "DU001"


def test_overview_paragraph_restated_under_its_own_heading_is_not_a_near_duplicate():
    text = """## 2 Introduction

**Assurance Level 1**: AL1 provides some assurance that the claimant controls an authenticator bound to the account.

## 4 Assurance Levels

### 4.1 Assurance Level 1

AL1 provides some assurance that the claimant controls an authenticator bound to the account.
"""
    assert [d for d in du(text) if d.rule == "DU002"] == []


# ------------------------------------------------ issue 16: slots, forms and subjects


def test_revision_history_entries_differ_in_dates_and_ordinals():
    text = """# 某某管理办法

2019年3月1日 《国务院关于修改〈某某行业统计调查管理办法〉的决定》第一次修订

2021年6月8日 《国务院关于修改〈某某行业统计调查管理办法〉的决定》第二次修订
"""
    assert du(text) == []


def test_paragraph_kept_with_one_han_figure_edited_is_a_near_duplicate():
    text = """第九条 违反本办法第六条规定，未按期报送年度统计资料的，由主管部门责令改正，并处一万元以下的罚款。

第九条 违反本办法第六条规定，未按期报送年度统计资料的，由主管部门责令改正，并处五千元以下的罚款。
"""
    assert [d.rule for d in du(text, fmt="txt")] == ["DU002"]


def test_step_restated_for_a_qualified_term_is_not_a_near_duplicate():
    text = """To parse a header line:

1. The (possibly empty) name string consists of the characters before the first equals sign, and the (possibly empty) value string consists of the characters after it.
2. Remove the surrounding spaces.

To parse one of its parameters:

1. Split the parameter off at the next semicolon.
2. The (possibly empty) field-name string consists of the characters before the first equals sign, and the (possibly empty) field-value string consists of the characters after it.
"""
    assert [d for d in du(text) if d.rule == "DU002"] == []


def test_step_edited_by_a_word_is_still_a_near_duplicate():
    text = """1. The (possibly empty) name string consists of the characters before the first equals sign, and the (possibly empty) value string consists of the characters after it.

Some other paragraph about the format of the file and its history.

2. The (possibly empty) label string consists of the characters before the first equals sign, and the (possibly empty) value string consists of the characters after it.
"""
    assert [d.rule for d in du(text)] == ["DU002"]


_FORM = """Registration of the media type text/example.

Encoding considerations:

   The format is line based and uses the UTF-8 character set throughout.

Security considerations:

   A file holds passive data only. The grammar of the format is given in full in Section 3.

Published specification:

   This document, whose authors keep an errata page. The grammar of the format is given in full in Section 3.
"""


def test_form_fields_answering_alike_are_not_a_copied_sentence():
    assert du(_FORM, fmt="txt") == []


def test_definition_list_restating_a_constraint_is_not_a_copied_sentence():
    text = """The key has two parts:

* sourceName: (optional) a readable name of the source. It MUST NOT contain a colon, because the colon separates the two parts.
* probeName: (optional) the name of the probe that measured the value. It MUST NOT contain a colon, because the colon separates the two parts.
"""
    assert du(text) == []


def test_sentence_pasted_into_an_unlabelled_paragraph_is_still_a_copy():
    # the form's introduction is no field: a field's sentence pasted there is a paste
    text = _FORM.replace("Published specification:\n\n   This document, whose authors keep an errata page. "
                         "The grammar of the format is given in full in Section 3.\n", "")
    text = text.replace("Registration of the media type text/example.",
                        "Registration of the media type text/example. The grammar of the format is given in full in Section 3.")
    assert [d.rule for d in du(text, fmt="txt")] == ["DU003"]


_OPTION = ("A URI that names extra semantics and processing rules, which may be described by a resource at the "
           "other end of the URI. Such URIs need not be dereferenceable: they are a namespace, and the meaning of "
           "a namespace can be published by any convenient means, such as a standard or a printed manual.")


def test_last_option_of_two_fields_lists_is_a_filled_template():
    text = f"""## 4.1 Component type

The type SHOULD be one of:

* A value defined by this specification, such as `database` or `queue`.
* A common term from a well-known vocabulary such as schema.org or IANA.
* {_OPTION}

## 4.2 Unit of measure

The unit SHOULD be one of:

* A common term from a well-known vocabulary such as schema.org, IANA or a unit standard.
* {_OPTION}

## 4.3 Observed value

Any JSON value.
"""
    assert du(text) == []


def test_long_block_pasted_at_the_end_of_a_sibling_section_is_a_copy():
    text = f"""## 4.1 Component type

The type SHOULD be one of:

* A value defined by this specification, such as `database` or `queue`.
* {_OPTION}

## 4.2 Observed value

The value measured, as any JSON value, with its time stamp in the field next to it.

* {_OPTION}

## 4.3 Health status

The status of the source.
"""
    assert [d.rule for d in du(text)] == ["DU001"]


def _policy(n: int, title: str, link: str, extra: str = "") -> str:
    return f"""## {n}. {title}

### Policies

Policy {n}: the tenant SHALL configure {title.lower()} as the baseline says.

### Resources

- [{link}](https://example.com/{n})
{extra}
### Implementation

Open the admin center and set the option of policy {n}.

"""


_SHARED_LINK = "Meeting policy settings for participants and guests in the admin center | Product documentation"


def test_whole_field_filled_alike_for_two_entries_is_a_template():
    text = "# Baseline\n\n" + _policy(1, "Desktop sharing", "Configure desktop sharing for external participants | Docs") \
        + _policy(2, "Lobby admission", _SHARED_LINK) + _policy(3, "Meeting start", _SHARED_LINK)
    assert du(text) == []


def test_field_pasted_into_an_entry_that_has_it_already_is_a_copy():
    pasted = f"\n### Resources\n\n- [{_SHARED_LINK}](https://example.com/2)\n"
    text = "# Baseline\n\n" + _policy(1, "Desktop sharing", "Configure desktop sharing for external participants | Docs") \
        + _policy(2, "Lobby admission", _SHARED_LINK) + _policy(3, "Meeting start", "Starting meetings | Docs", extra=pasted)
    assert [d.rule for d in du(text)] == ["DU001"]


def test_definition_pasted_under_a_sibling_parameter_is_a_copy():
    hit = ('"hit", when true, means that the cache satisfied the request: it did not go forward, and the '
           'response came from storage, perhaps modified.')
    text = f"""## The hit parameter

{hit}

## The fwd parameter

"fwd" says why the request went forward to the next hop, with one of the values listed below.

## The stored parameter

"stored" says whether the cache kept the forwarded response; it is only meaningful when fwd is present.

{hit}
"""
    assert [d.rule for d in du(text)] == ["DU001"]


def test_same_item_in_two_parallel_enumerations_is_not_a_near_duplicate():
    text = """第二十条 代理机构有下列行为之一的，由市级主管部门给予警告，可以处五万元以下的罚款：

（一）违反规定收取费用的；

（二）向主管部门提供虚假材料或者有其他弄虚作假行为的。

第二十一条 代理人有下列行为之一的，由市级主管部门给予警告，可以处一万元以下的罚款：

（一）同时在两个以上机构执业的；

（二）泄露委托人商业秘密的；

（三）向主管部门提供虚假材料或者有其他弄虚作假行为的。
"""
    assert du(text, fmt="txt") == []


def test_item_pasted_into_an_unrelated_enumeration_is_still_reported():
    text = """第二十条 代理机构有下列行为之一的，由市级主管部门给予警告，可以处五万元以下的罚款：

（一）违反规定收取费用的；

（二）向主管部门提供虚假材料或者有其他弄虚作假行为的。

第三十条 申请设立代理机构，应当向市级主管部门提交下列材料：

（一）申请书和机构章程；

（二）执业人员名单及其资格证明；

（三）向主管部门提供虚假材料或者有其他弄虚作假行为的。
"""
    assert [d.rule for d in du(text, fmt="txt")] == ["DU002"]


_CONSEQUENCE = "对单位判处罚金，并对其直接负责的主管人员和其他直接责任人员依照有关法律的规定追究相应的法律责任。"


def test_two_articles_of_a_chapter_ending_in_the_same_consequence_are_parallel():
    text = f"""## 第六章 法律责任

第三十条 违反本办法规定，未经许可从事危险化学品经营活动的，由主管部门责令停止经营。

单位有前款行为的，{_CONSEQUENCE}

第三十一条 经营单位伪造、变更许可证件的，{_CONSEQUENCE}
"""
    assert du(text) == []


def test_same_consequence_in_articles_of_two_chapters_is_still_a_copy():
    text = f"""## 第二章 经营许可

第十条 经营单位应当建立台账，如实记录购销数量，{_CONSEQUENCE}

## 第六章 法律责任

第三十条 违反本办法规定，未经许可从事危险化学品经营活动的，由主管部门责令停止经营。

第三十一条 经营单位伪造、变更许可证件的，{_CONSEQUENCE}
"""
    assert [d.rule for d in du(text)] == ["DU003"]


_CATCH_ALL = "法律、法规和本单位安全管理制度规定应当当场处置的其他情形。"
_LEAK = "管道破裂导致燃气或者有毒液体大量泄漏，危及周边人员安全的；"


def _duty_articles(*second: str) -> str:
    """Two articles of one chapter: each lists cases, then a paragraph that opens with the same clause."""
    items = "\n\n".join(second)
    return f"""## 第二章 现场处置

第五条 值班人员遇有下列情形之一的，可以先行切断电源、关闭阀门：

（一）配电设备冒烟、起火或者发出异常声响的；

（二）{_LEAK}

（三）{_CATCH_ALL}

值班人员依照前款规定先行处置，应当在处置后立即报告部门负责人。

第六条 巡查人员在巡查中发现下列问题的，可以责令现场作业人员暂停作业：

（一）作业人员未按规定佩戴防护用品的；

{items}

值班人员依照前款规定先行处置，不得擅自改动设备的安全设置。
"""


def test_same_catch_all_item_closing_two_parallel_enumerations_is_not_a_near_duplicate():
    # (三) closes the first article's cases and (二) the second's, each in sequence, and each
    # list is followed by a paragraph that opens alike: the closing slot of one template.
    assert du(_duty_articles(f"（二）{_CATCH_ALL}"), fmt="txt") == []


def test_middle_item_renumbered_into_another_enumeration_is_still_reported():
    # (二) of the first article does not close its list: pasted, renumbered, at the end of the second.
    text = _duty_articles("（二）未经批准在禁火区域内动火作业的；", f"（三）{_LEAK}")
    assert [(d.rule, d.line) for d in du(text, fmt="txt")] == [("DU002", 19)]


def test_item_breaking_the_numbering_of_its_enumeration_is_still_reported():
    # The copy keeps a number its new list has not reached: (四) after (一).
    text = _duty_articles(f"（四）{_CATCH_ALL}")
    assert [(d.rule, d.line) for d in du(text, fmt="txt")] == [("DU002", 17)]


def test_numbering_of_a_title_is_only_numbers_and_enumerators():
    from reportlint.analysis.duplicates import without_numbering

    assert without_numbering(normalize("4.1.2 Authenticator Requirements")) == "authenticatorrequirements"
    assert without_numbering(normalize("Part IV Review")) == "partreview"
    assert without_numbering(normalize("第二章 警械的使用")) == "警械的使用"
    assert without_numbering(normalize("（三）统一管理")) == "统一管理"
    # i, v and x inside words are letters, and 一 inside a word is a word's
    assert without_numbering(normalize("Visits")) == "visits"
    assert without_numbering(normalize("Single-Factor OTP Verifiers")) == "single-factorotpverifiers"
    assert without_numbering(normalize("统一规划")) == "统一规划"


def test_paragraph_pasted_under_a_title_alike_only_without_its_i_v_x_is_a_copy():
    # "Visits" and "Tests" are alike only once i, v and x are taken out of the words.
    text = """# Lab handbook

## Visits

Every visitor signs in at the front desk and wears a badge until they leave the building.

Visits to the clean room are booked a week ahead with the lab manager.

## Tests

Samples are labelled with the date and the initials of whoever took them.

Each test is logged in the run book before the instrument is started.

Every visitor signs in at the front desk and wears a badge until they leave the building.
"""
    assert [(d.rule, d.line) for d in du(text)] == [("DU001", 15)]


_CAPTION = "The dashboard lists every open request with its owner, its age and the team that must answer it."


def test_image_alt_text_repeated_as_its_caption_is_not_a_copy():
    text = f"""# Request tracking

The tracker replaced the shared inbox in the spring.

![{_CAPTION}](/img/dashboard-overview.png)

{_CAPTION}

Requests older than a week are shown in red.
"""
    assert du(text) == []


def test_section_pasted_twice_with_its_figure_is_one_copy():
    section = f"""## Dashboard

![{_CAPTION}](/img/dashboard-overview.png)

{_CAPTION}

Requests older than a week are shown in red, and the owner gets a reminder every morning until the request is closed.
"""
    text = f"# Request tracking\n\n{section}\n## Reports\n\nA weekly report goes to the leads.\n\n{section}"
    found = [(d.rule, d.line, d.end_line) for d in du(text)]
    assert found == [("DU001", 15, 21)]


def test_item_pasted_into_the_list_of_a_section_titled_with_one_shared_word_is_a_copy():
    # "Member Duties" / "Board Duties" share a head word only: the duty pasted at another place
    # in the board's list is a paste, not the same rule stated for each kind.
    text = """# Club rules

## Member Duties

1. Pay the yearly fee by the end of March.
2. Return borrowed equipment to the store within two weeks, cleaned and with every part that came with it.
3. Book the courts through the club desk.

## Board Duties

1. Meet once a month and publish the minutes.
2. Audit the accounts before the general meeting.
3. Return borrowed equipment to the store within two weeks, cleaned and with every part that came with it.
"""
    assert [(d.rule, d.line) for d in du(text)] == [("DU001", 13)]


def test_same_entry_under_two_titles_sharing_one_word_at_the_same_place_is_a_template():
    # Two settings documented alike, field for field: the same place in two entries of one template.
    body = """- Scope: GLOBAL
- Type: boolean
- Default: `OFF`
- A read-only variable kept for compatibility with older clients; the server sets it when it starts with TLS."""
    text = f"# Settings\n\n## `enable_cache`\n\n{body}\n\n## `enable_trace`\n\n{body}\n"
    assert du(text) == []


def test_items_that_differ_only_inside_their_code_share_no_sentence():
    # The ? and . inside the backticks end no sentence: the items differ in their code only.
    text = """To review a contributor's work, collect:

* Their merged changes.
  * Open `https://tracker.example.org/projects/storage-engine/changes?state=merged&owner=USER_NAME`
* Their open questions.
  * Open `https://tracker.example.org/projects/storage-engine/changes?state=open&asker=USER_NAME`
"""
    assert du(text) == []


def test_items_whose_code_differs_share_no_sentence_before_it():
    text = """Collect a contributor's record:

* Commits in the main repository.
  * Use the search `https://tracker.example.org/projects/storage/issues?q=author:USER_NAME`
* Reviews given in the main repository.
  * Use the search `https://tracker.example.org/projects/storage/issues?q=reviewed-by:USER_NAME&state=any`
"""
    assert du(text) == []


def test_sentence_with_inline_code_copied_into_another_paragraph_is_still_reported():
    sentence = "Run `make check` before every push, and attach the log from `build/test.log` when a test fails."
    text = f"""# Contributing

Fork the repository and work on a branch named after the issue. {sentence}

# Releases

Releases are cut on the first Monday of the month.

The release manager writes the notes from the merged pull requests. {sentence}
"""
    assert [d.rule for d in du(text)] == ["DU003"]


_FORMULA = "构成犯罪的，依法追究刑事责任。"


def test_formula_closing_two_articles_of_one_chapter_is_not_a_copied_sentence():
    text = f"""## 第六章 法律责任

第四十条 检验机构出具虚假检验报告的，由主管部门责令改正，没收违法所得；{_FORMULA}

第四十一条 监督管理人员泄露企业商业秘密、滥用职权的，依法给予处分；{_FORMULA}
"""
    assert du(text) == []


def test_formula_sentence_pasted_into_the_middle_of_another_article_is_still_reported():
    text = f"""## 第六章 法律责任

第四十条 检验机构出具虚假检验报告的，由主管部门责令改正，没收违法所得；{_FORMULA}

第四十一条 监督管理人员泄露企业商业秘密的，依法给予处分；{_FORMULA}情节轻微的，由所在单位给予批评教育。
"""
    assert [d.rule for d in du(text)] == ["DU003"]


def test_same_status_note_under_two_agenda_items_is_a_template():
    text = """## Issues

* Document how to migrate the storage plugin [#1201](https://example.org/issues/1201)
  * Dana owns these; wait until the next meeting for an update.
* Track the removal of the old storage plugin [#1187](https://example.org/issues/1187)
  * Dana owns these; wait until the next meeting for an update.
"""
    assert du(text) == []


def test_whole_sentence_pasted_onto_the_end_of_another_article_is_still_reported():
    # After a full stop, not a semicolon: a sentence of its own, pasted, not a provision's consequence.
    secret = "检验机构及其工作人员对检验中知悉的企业商业秘密，应当予以保密。"
    text = f"""# 某某产品检验办法

第三条 检验机构应当按照国家标准开展检验，如实出具检验报告。{secret}

第四条 检验机构应当建立检验档案，档案保存期限不少于五年。

第九条 检验人员应当持证上岗，定期参加业务培训。{secret}
"""
    assert [d.rule for d in du(text)] == ["DU003"]


_LONG_ITEM = ("——城乡面貌持续改善，人居环境进一步优化。全市新建改造城镇老旧小区{n}个，完成农村生活污水治理"
              "行政村全覆盖，建成美丽乡村示范带十二条，城市生活垃圾分类覆盖率保持在百分之九十五以上，"
              "群众对居住环境的满意度逐年提高。")


def test_paragraph_long_list_entry_kept_with_one_figure_edited_is_a_near_duplicate():
    text = "\n".join([
        "五年来，我们坚持以人民为中心的发展思想，各项事业取得新进展。",
        _LONG_ITEM.format(n="三百二十"),
        "——公共服务更加均衡，教育、医疗、养老等民生短板加快补齐，基本公共服务水平稳步提高，群众获得感不断增强。",
        _LONG_ITEM.format(n="三百"),
    ]) + "\n"
    assert [(d.rule, d.line) for d in du(text, fmt="txt")] == [("DU002", 4)]


def test_short_list_entries_one_figure_apart_are_the_variants_the_list_gives():
    text = """Storage plans:

- The basic plan includes 20 GB of storage for every member of the team.
- The standard plan includes 50 GB of storage for every member of the team.
- The premium plan includes 200 GB of storage for every member of the team.
"""
    assert du(text) == []


def test_sentence_pasted_between_sections_sharing_half_their_title_words_is_a_copy():
    # "Securing Build Servers WG" / "Securing Release Pipelines WG" share two of four words:
    # not one kind restated; the closing sentence lands at another place in the other section.
    closing = "The whole group was pleased with this progress and will keep following the work closely."
    text = f"""# Monthly update

### Securing Build Servers WG

The group reviewed the hardening guide and agreed on a schedule for the next audit. {closing}

### Securing Release Pipelines WG

Two new maintainers joined the group this month.

The signing service moved to the new key store, and the old keys were retired. {closing}

Next month the group will publish its threat model.
"""
    assert [d.rule for d in du(text)] == ["DU003"]


_MANDATE = "Keep the build reproducible and every release signed by two maintainers of the project."


def test_section_quoting_a_mandate_its_reference_list_gives_is_not_a_copy():
    text = f"""# Quarterly update

## Releases

> {_MANDATE}

- The spring release was signed by both maintainers on time.

## Reference

The charter asks the team to:

- {_MANDATE}
- Answer security reports within a week.
"""
    assert du(text) == []


def test_quotation_pasted_twice_is_still_a_copy():
    text = f"""# Quarterly update

## Releases

> {_MANDATE}

- The spring release was signed by both maintainers on time.

## Security

- Two reports came in and both were answered within a week.

> {_MANDATE}
"""
    assert [d.rule for d in du(text)] == ["DU001"]


def test_each_distinct_block_and_sentence_text_is_normalised_once(monkeypatch):
    """A long document repeats its notes and table rows: the block keys and the sentence keys
    are computed once per distinct text, and the findings are those of one normalisation per occurrence."""
    import reportlint.analysis.duplicates as dup_mod
    import reportlint.checks.duplicate_sentence as sentence_mod

    note = "注意：本节所述的要求适用于所有参与方。各方应当按照规定的时间提交材料。"
    text = "\n\n".join(f"## 第{i}节\n\n{note}\n\n第{i}节的内容各不相同，这里写的是第{i}个主题的具体说明。" for i in range(1, 7))
    expected = [(f.rule_id, f.start, f.end) for f in du(text)]
    seen: list[str] = []

    def counting(s: str, *a, **k) -> str:
        seen.append(s)
        return normalize(s, *a, **k)

    monkeypatch.setattr(dup_mod, "normalize", counting)
    monkeypatch.setattr(sentence_mod, "normalize", counting)
    assert [(f.rule_id, f.start, f.end) for f in du(text)] == expected
    assert seen and len(seen) == len(set(seen))
