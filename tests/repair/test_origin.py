"""Traditional text machine-converted from mainland Simplified text (OpenCC s2tw, no pinyin)."""

from __future__ import annotations

from jzcli.repair import repair_document, repair_text
from jzcli.repair.origin import converted_from_mainland, mainland_score
from jzcli.repair.script import convert


def s2tw(text: str) -> str:
    return convert(text, "s2tw")


MAINLAND = "我市扎实推进乡村振兴工作，全市干部群众积极参与。"


def test_mainland_register_converted_back() -> None:
    damaged = s2tw(MAINLAND)
    assert damaged != MAINLAND
    assert converted_from_mainland([damaged])
    assert repair_text(damaged) == MAINLAND


def test_counts_the_conversion() -> None:
    out, counts = repair_document([s2tw(MAINLAND)])
    assert out == [MAINLAND]
    assert counts == {"t2s": 1}


def test_one_signal_is_not_enough() -> None:
    quoted = s2tw("他说：“这是一个好消息，大家都很高兴。”")
    named = s2tw("习近平出席了在北京举行的会议。")
    assert mainland_score([quoted]) == 1
    assert mainland_score([named]) == 1
    assert repair_text(quoted) == quoted
    assert repair_text(named) == named


def test_evidence_adds_up_over_the_document() -> None:
    doc = [s2tw("他说：“今天的天气很好。”"), s2tw("新华社记者报道了这件事。")]
    assert repair_text(doc[0]) == doc[0]
    assert repair_text(doc[1]) == doc[1]
    out, _ = repair_document(doc)
    assert out == ["他说：“今天的天气很好。”", "新华社记者报道了这件事。"]


def test_shared_words_count_once() -> None:
    # The topic is the mainland; a Hong Kong or Taiwan paper names these too.
    text = s2tw("国务院和全国人大的负责人在北京会见了新华社记者。")
    assert mainland_score([text]) == 1
    assert repair_text(text) == text


def test_hong_kong_text_left_alone() -> None:
    # Corner quotes and a Hong Kong word count against (2 points each); 我市 (2) is not
    # enough against them.
    for text in [
        "特首表示，政府會「全力支持」有關計劃。",
        "港府官員說，我市的做法值得參考。",
    ]:
        assert mainland_score([text]) <= 0
        assert repair_text(text) == text
    # 綫: a form no converter writes.
    text = "他沿着這條綫工作了三十年，是我市的老幹部。"
    assert mainland_score([text]) == -1
    assert repair_text(text) == text


def test_taiwan_text_left_alone() -> None:
    text = "台北市政府今天宣布，全市干部將延長上班時間。"
    assert mainland_score([text]) == -1  # 台 where s2tw writes 臺
    assert repair_text(text) == text


def test_one_hand_written_paragraph_keeps_the_document() -> None:
    doc = [s2tw(MAINLAND), "他在這裏住了很多年。"]
    out, counts = repair_document(doc)
    assert out == doc
    assert not counts


def test_another_party_is_not_the_party() -> None:
    text = s2tw("他谈到政党建设时说：“这很重要。”")
    assert mainland_score([text]) == 1


def test_simplified_and_other_text_untouched() -> None:
    assert mainland_score([MAINLAND]) == -1
    assert mainland_score(["A plain English sentence."]) == -1
    assert repair_text(MAINLAND) == MAINLAND


def test_explicit_modes_unchanged() -> None:
    damaged = s2tw(MAINLAND)
    assert repair_text(damaged, "keep") == damaged
    assert repair_text(damaged, "traditional") == convert(damaged, "s2t")


def test_mainland_vocabulary_tells_the_topic() -> None:
    # 数据, 信息, 志愿军, 公安分局: mainland words a Hong Kong or Taiwan paper prints too,
    # one point together; with “” quotes (another point) they decide.
    words = "區公安分局公佈的數據和信息顯示，志願軍老戰士的事蹟感動了很多人。"
    assert mainland_score([words]) == 1
    assert repair_text(words) == words
    quoted = "區公安分局公佈的數據顯示，“平安社區”建設成效明顯。"
    assert mainland_score([quoted]) == 2
    assert repair_text(quoted) == "区公安分局公布的数据显示，“平安社区”建设成效明显。"


# Taiwan and Hong Kong reports on Beijing quote the party's set phrases (黨的領導, 黨的建設,
# 黨和國家 ...) as they are: such phrases say what the text is about, not who wrote it.
QUOTING_THE_PARTY = [
    "習近平強調，要堅持黨的領導，加強黨的建設，黨和國家的事業要發展。",
    "中共總書記習近平在會上表示，要「堅持黨的領導」，並稱黨和人民血肉相連。",
    "北京近日要求各地「加強黨的建設」，學者認為此舉意在收緊對地方的控制。",
    "陸委會指出，中共二十大報告強調黨的領導，對臺政策並未鬆動。",
    "港府官員出席活動時重申，黨和國家一直關心香港的發展。",
    "分析人士認為，黨的二十大之後，黨和政府的關係將更加緊密。",
    "他在專欄中寫道：「在黨的領導下，一切都要服從政治。」",
]


def test_traditional_text_quoting_the_party_is_kept() -> None:
    for text in QUOTING_THE_PARTY:
        assert mainland_score([text]) < 2, text
        assert repair_text(text) == text
    for region in ("", "outside"):
        out, counts = repair_document(QUOTING_THE_PARTY, region=region)
        assert out == QUOTING_THE_PARTY and not counts
        for text in QUOTING_THE_PARTY:
            assert repair_document([text], region=region) == ([text], {})
