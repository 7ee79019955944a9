from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jzcli.dedupe import dedupe_article, dedupe_paragraphs
from jzcli.models import Article, safe_text
from jzcli.settings import Settings

P1 = "城市管理的力量在人民，只有俯下身去倾听，才能听得见群众的真实心声。"
P2 = "让生活更美好，这是城市治理的价值所在。"
P3 = "The council approved the new budget on Tuesday after a long debate."


def test_exact_repeat_keeps_first_and_order() -> None:
    kept, removed = dedupe_paragraphs([P1, P2, P1, P3, P2])
    assert kept == [P1, P2, P3]
    assert [(r.index, r.reason, r.duplicate_of) for r in removed] == [
        (2, "duplicate", 0),
        (4, "duplicate", 1),
    ]


def test_short_paragraphs_are_deduped_too() -> None:
    kept, _ = dedupe_paragraphs(["一、坚持人民至上", "正文。", "一、坚持人民至上", "正文。"])
    assert kept == ["一、坚持人民至上", "正文。"]


def test_block_printed_twice() -> None:
    block = [P1, P2, P3]
    kept, removed = dedupe_paragraphs(["标题行", *block, "免责声明", *block])
    assert kept == ["标题行", *block, "免责声明"]
    assert len(removed) == 3


def test_normalisation_width_space_case_and_script() -> None:
    flattened = P1.replace("，", ",").replace("。", ".")
    spaced = " ".join(P2)
    traditional = "讓生活更美好，這是城市治理的價值所在。"
    kept, removed = dedupe_paragraphs([P1, P2, flattened, spaced, traditional, P3, P3.upper()])
    assert kept == [P1, P2, P3]
    assert all(r.reason == "duplicate" for r in removed)


def test_near_duplicate_with_changed_characters_and_trailer() -> None:
    changed = P1.replace("真实", "真正")
    trailer = P1 + "（完）"
    kept, removed = dedupe_paragraphs([P1, P3, changed, trailer])
    assert kept == [P1, P3]
    assert [r.reason for r in removed] == ["near-duplicate", "near-duplicate"]
    assert all(r.duplicate_of == 0 for r in removed)


def test_threshold_option_changes_near_duplicate_decision() -> None:
    changed = P1.replace("真实", "真正")
    assert dedupe_paragraphs([P1, changed], similarity=0.85)[0] == [P1]
    assert dedupe_paragraphs([P1, changed], similarity=1.0)[0] == [P1, changed]
    assert dedupe_paragraphs([P1, changed], near=False)[0] == [P1, changed]


def test_distinct_short_lines_are_not_near_duplicates() -> None:
    lines = ["记者 张三", "记者 李四", "2021年6月16日", "2021年6月17日"]
    assert dedupe_paragraphs(lines)[0] == lines


def test_distinct_paragraphs_sharing_words_are_kept() -> None:
    a = "市场管理方表示，下一步将引入线上预订和配送服务，方便附近的老年居民。"
    b = "社区工作者表示，下一步将组织更多志愿者走进楼院，听取居民的意见。"
    assert dedupe_paragraphs([a, b])[0] == [a, b]


def test_blank_and_punctuation_only_paragraphs_are_never_duplicates() -> None:
    lines = ["", "……", "", "……"]
    assert dedupe_paragraphs(lines)[0] == lines


def test_dedupe_article_records_removals() -> None:
    article = Article(paragraphs=(P1, P2, P1))
    out = dedupe_article(article, Settings())
    assert out.paragraphs == (P1, P2)
    assert out.provenance.removed[0].text == P1
    assert dedupe_article(article, Settings(dedupe=False)).paragraphs == (P1, P2, P1)


def test_many_near_duplicates_are_all_caught() -> None:
    # More variants than one sketch bucket holds: every one still finds the original.
    variants = [P1.replace("群众", f"群众{i}") for i in range(40)]
    kept, removed = dedupe_paragraphs([P1, *variants])
    assert kept == [P1]
    assert len(removed) == 40


text_lists = st.lists(
    st.one_of(
        st.text(max_size=60),
        st.sampled_from([P1, P2, P3, P1.replace("，", ","), "", "。"]),
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(text_lists, st.floats(min_value=0.5, max_value=1.0))
def test_properties_never_crash_keep_order_idempotent(paragraphs: list[str], sim: float) -> None:
    kept, removed = dedupe_paragraphs(paragraphs, similarity=sim)
    # Kept paragraphs are a subsequence of the input, in order; removed + kept = input.
    it = iter(paragraphs)
    assert all(any(p == q for q in it) for p in kept)
    assert len(kept) + len(removed) == len(paragraphs)
    # A Removal holds the model's text: control characters dropped (models.safe_text).
    assert all(safe_text(paragraphs[r.index], keep_c1=True) == r.text for r in removed)
    # Idempotent and deterministic.
    assert dedupe_paragraphs(kept, similarity=sim)[0] == kept
    assert dedupe_paragraphs(paragraphs, similarity=sim)[0] == kept
