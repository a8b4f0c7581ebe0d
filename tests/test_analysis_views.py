"""Invariants the analysis views' fast paths rest on."""

from __future__ import annotations

from re import _parser

from reportlint.analysis import metrics


def _max_width(lazy) -> int:
    pattern, flags = lazy.__dict__["_key"]
    return _parser.parse(pattern, flags).getwidth()[1]


def test_end_anchored_searches_start_no_earlier_than_their_longest_match():
    """metrics searches the verb and the region only in the tail of a phrase: that is the same
    search as over the whole phrase only while no match can be longer than the tail."""
    assert _max_width(metrics._VERB_ZH) <= metrics._VERB_ZH_WIDTH
    assert _max_width(metrics._REGION_END) <= metrics._REGION_END_WIDTH


def test_the_tail_search_finds_what_the_whole_search_finds():
    phrases = ["全市地区生产总值比上年同期增长了", "森林覆盖率达到了", "进出口总额由", "全国", "在全省同类城市",
               "年均增长", "城镇新增就业人数为", "综合排名位列全国", "居", "没有动词的短语"]
    for pre in phrases:
        whole = metrics._VERB_ZH.search(pre)
        tail = metrics._VERB_ZH.search(pre, max(0, len(pre) - metrics._VERB_ZH_WIDTH))
        assert (whole and (whole.start(), whole.group(0))) == (tail and (tail.start(), tail.group(0))), pre
        whole = metrics._REGION_END.search(pre)
        tail = metrics._REGION_END.search(pre, max(0, len(pre) - metrics._REGION_END_WIDTH))
        assert (whole and whole.start()) == (tail and tail.start()), pre
