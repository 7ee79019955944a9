"""Document-level repair: repair_document, repair_text and repair_article."""

from __future__ import annotations

from pathlib import Path

import pytest

from jzcli.models import Article, Author, Image, Provenance
from jzcli.repair import repair_article, repair_document, repair_text
from jzcli.repair.text import normalize_author_name, writes_japanese
from jzcli.settings import Settings
from tests.repair.test_punctuation import FLATTENED_LINES

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_jiaozuo.txt"

DAMAGED = [
    "新聞(wén)中心首頁(yè)",
    "如何書(shū)寫(xiě)新時(shí)代的答卷?剛剛過(guò)去的端午節(jié),活動(dòng)很多。",
    "城市管理的力量在人民。",
]


def test_conversion_damage_repaired_across_the_document() -> None:
    out, counts = repair_document(DAMAGED)
    assert out == [
        "新闻中心首页",
        "如何书写新时代的答卷？刚刚过去的端午节，活动很多。",
        "城市管理的力量在人民。",
    ]
    assert counts["pinyin"] == 8
    assert counts["t2s"] == 2
    assert counts["punct-width"] == 2


def test_keep_mode_removes_pinyin_but_keeps_script() -> None:
    out, counts = repair_document(DAMAGED, "keep")
    assert out[0] == "新聞中心首頁"
    assert "t2s" not in counts


def test_traditional_mode_converts_to_traditional() -> None:
    assert repair_text("网页为什么转换", "traditional") == "網頁爲什麼轉換"


def test_simplified_mode_converts_genuine_traditional() -> None:
    assert repair_text("立法會選舉九月舉行。", "simplified") == "立法会选举九月举行。"


@pytest.mark.parametrize(
    "clean",
    [
        "立法會選舉9月舉行，民主派下月將舉行初選。",
        "這個詞語（cíyǔ）的意思是什麼？",
        "The character 网 (wǎng) appears in the headline.",
        "“新闻”（xīnwén）是本文的关键词。",
        "同时,大力引进龙头企业带动产业发展。",
        "Le président a déclaré : « Ça suffit ! »",
        "Президент заявил, что всё будет хорошо.",
        "He said: “It’s fine (really)!”",
        "行（xíng）是多音字。",
        "行(xíng)和长(cháng)都是多音字,要注意。",
    ],
)
def test_controls_unchanged(clean: str) -> None:
    assert repair_text(clean) == clean


def test_single_pinyin_in_traditional_text_is_damage() -> None:
    assert repair_text("選擇專業的時間(jiān)還沒到。") == "选择专业的时间还没到。"


def test_single_pinyin_in_a_text_about_pronunciation_is_a_gloss() -> None:
    # Issue 14: a Traditional sentence explaining how one character is read.
    text = "這是網(wǎng)民常用的說法，網字讀第三聲。"
    assert repair_text(text) == text
    out, _ = repair_document([text], region="outside")
    assert out == [text]
    out, _ = repair_document(["選擇專業的時間(jiān)還沒到。"], region="outside")
    assert out == ["選擇專業的時間(jiān)還沒到。"]


def test_seed_page_repaired() -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    out, counts = repair_document(lines)
    assert len(out) == len(lines)
    text = "\n".join(out)
    assert counts["pinyin"] > 50 and counts["t2s"] > 5 and counts["punct-width"] > 10
    assert "焦作网" in text and "新闻中心首页" in text
    assert "如何书写新时代城市治理现代化的精彩答卷？刚刚过去的端午节，" in text
    assert "(xiàn)" not in text and "網" not in text
    # Nothing new to do on a second pass.
    assert repair_document(out) == (out, {})


def test_author_name_padding() -> None:
    assert normalize_author_name("郭 劍") == "郭劍"
    assert normalize_author_name("John  Smith") == "John Smith"
    assert normalize_author_name("张 三 丰") == "张三丰"


def test_repair_article_fields_and_provenance() -> None:
    article = Article(
        title="焦作網(wǎng)新聞(wén)",
        paragraphs=tuple(DAMAGED[1:]),
        authors=(Author(name="郭 劍", normalized="郭 劍"),),
        breadcrumb=("新聞(wén)中心", "時(shí)評(píng)"),
        images=(Image(url="a.jpg", caption="圖(tú)片"),),
        provenance=Provenance(repairs={"pinyin": 1, "other": 2}),
    )
    out = repair_article(article, Settings())
    assert out.title == "焦作网新闻"
    assert out.breadcrumb == ("新闻中心", "时评")
    assert out.images[0].caption == "图片"
    assert out.authors[0].name == "郭 劍"
    assert out.authors[0].normalized == "郭剑"
    assert out.script == "Hans"
    assert out.language == "zh"
    assert out.provenance.repairs["other"] == 2
    assert out.provenance.repairs["pinyin"] > 5


def test_genuine_traditional_article_kept() -> None:
    article = Article(
        title="立法會選舉九月舉行",
        paragraphs=("民主派下月將舉行初選，結果備受關注。",),
        authors=(Author(name="陳 大 文", normalized=""),),
    )
    out = repair_article(article, Settings())
    assert out.title == article.title and out.paragraphs == article.paragraphs
    assert out.script == "Hant"
    assert out.authors[0].normalized == "陳大文"
    assert out.provenance.repairs == {}


def test_repair_article_disabled() -> None:
    article = Article(title="網(wǎng)頁(yè)")
    assert repair_article(article, Settings(repair=False)) is article


def test_language_kept_when_given() -> None:
    article = Article(paragraphs=("Hello world.",), language="en")
    out = repair_article(article, Settings())
    assert out.language == "en" and out.script == "Latn"


def test_meta_description_marks_do_not_veto_the_body() -> None:
    # Issue 14: an undamaged meta description keeps its ，。; the body lost them with the
    # conversion, and is restored all the same.
    article = Article(
        url="http://www.jzrb.com/2021/0616/1.html",
        title="如何书写新时代的答卷",
        description="如何书写新时代城市治理现代化的精彩答卷？刚刚过去的端午节，活动很多。",
        paragraphs=(
            "如何書(shū)寫(xiě)新時(shí)代的答卷?剛剛過(guò)去的端午節(jié),活動(dòng)很多。",
            "城市管理的力量在人民,活力也在人民。",
        ),
    )
    out = repair_article(article, Settings())
    assert out.paragraphs == (
        "如何书写新时代的答卷？刚刚过去的端午节，活动很多。",
        "城市管理的力量在人民，活力也在人民。",
    )
    assert out.description == article.description


def test_flattened_marks_alone_restored_beside_full_width_paragraphs() -> None:
    # One article's own paragraphs: the others use ，。 so the ASCII one is the same damage.
    article = Article(
        title="市政府召开会议",
        paragraphs=(
            "市政府昨天召开常务会议，研究部署下一阶段的重点工作。",
            "会议指出,要狠抓落实,确保各项任务按时完成。",
        ),
    )
    out = repair_article(article, Settings())
    assert out.paragraphs[1] == "会议指出，要狠抓落实，确保各项任务按时完成。"
    # A lone sentence with ASCII commas and no other evidence stays as it is.
    assert repair_text("会议指出,要狠抓落实,确保各项任务按时完成。") == (
        "会议指出,要狠抓落实,确保各项任务按时完成。"
    )


def test_a_file_of_flattened_lines_is_restored_as_one_document() -> None:
    # Issue 14 (a4): NFKC alone, no other damage. Each line alone stays as it is; the
    # document as a whole writes 。、“” and never ，？：；！: NFKC output.
    lines = FLATTENED_LINES
    assert [repair_text(line) for line in lines] == lines
    out, counts = repair_document(lines)
    assert out[0] == "年轻干部要敢于吃苦，敢于担当、敢于冲在第一线。"
    assert out[2] == "记者：现在回过头去看，显然大家高兴得太早了！"
    assert counts["punct-width"] == 21
    # The same lines beside one that writes ，: the ASCII marks are the writer's.
    mixed = [*lines, "此外，还有一件事。"]
    assert repair_document(mixed)[0] == mixed
    # A Taiwan or Hong Kong page is never restored on the marks alone.
    assert repair_document(lines, region="outside")[0] == lines


def test_a_name_the_mainland_page_writes_itself_does_not_veto_it() -> None:
    # A zh-CN page about 金锺国, converted with s2t: 锺 becomes 鍾, which reads back as 钟
    # and converts to 鐘, so every text with the name fails the round trip. On a page that
    # says it is a mainland one, one such character may fail however often it recurs, and
    # comes back as the one Simplified character s2t makes 鍾 of there.
    texts = [
        "金鍾國（韓語：김종국，1976年4月25日－），韓國男歌手。",
        "金鍾國出生於京畿道安養市，是組合Turbo的成員。",
        "這張專輯發行後，金鍾國獲得了多個音樂獎項。",
    ]
    out, _ = repair_document(texts, region="mainland")
    assert out == [
        "金锺国（韩语：김종국，1976年4月25日－），韩国男歌手。",
        "金锺国出生于京畿道安养市，是组合Turbo的成员。",
        "这张专辑发行后，金锺国获得了多个音乐奖项。",
    ]
    # Without the page's word, or on a Taiwan / Hong Kong page, nothing changes.
    assert repair_document(texts)[0] == texts
    assert repair_document(texts, region="outside")[0] == texts
    # Two characters that fail are a writer's own forms, not one name: left as they are.
    other = [*texts, "他在台灣的演唱會門票售罄，臺下觀眾歡呼。"]
    assert repair_document(other, region="mainland")[0] == other


def test_page_region_decides_plain_conversion() -> None:
    # s2tw text with no word of its own to tell: the page's host, lang or charset decides.
    text = "焦作日報記者今天從市裡獲悉，這項工作進展順利。"
    assert repair_text(text) == text
    for region_args in ({"region": "mainland"},):
        out, counts = repair_document([text], **region_args)  # type: ignore[arg-type]
        assert out == ["焦作日报记者今天从市里获悉，这项工作进展顺利。"]
        assert counts["t2s"] == 1
    out, _ = repair_document([text], region="outside")
    assert out == [text]


def test_article_region_from_host_lang_and_charset() -> None:
    from jzcli.models import CharsetDecision
    from jzcli.repair.text import article_region

    assert article_region(Article(url="http://www.jzrb.com.cn/a.html")) == "mainland"
    assert article_region(Article(url="https://news.ltn.com.tw/a")) == "outside"
    assert article_region(Article(url="https://www.hk01.com/a", language="zh-HK")) == "outside"
    gbk = CharsetDecision("gb18030", "meta", evidence=("meta: gbk",))
    assert article_region(Article(url="https://x.com/a", provenance=Provenance(charset=gbk))) == (
        "mainland"
    )
    big5 = CharsetDecision("big5hkscs", "meta", evidence=("meta: big5",))
    assert article_region(Article(url="https://x.cn/a", provenance=Provenance(charset=big5))) == (
        "outside"
    )
    assert article_region(Article(url="https://example.com/a")) == ""


def test_s2t_and_s2hk_round_trips_count_and_hk_forms_come_back() -> None:
    # s2hk writes 衞 and 揹 and 想像; the mainland forms come back.
    damaged = ["保衞(wèi)祖國(guó)，揹(bēi)負書(shū)包，充滿想像(xiàng)力。"]
    out, _ = repair_document(damaged)
    assert out == ["保卫祖国，背负书包，充满想象力。"]
    # s2t (OpenCC's own forms: 爲) round trips count as much as s2tw.
    from jzcli.repair.script import convert

    original = "记者从市里获悉，这项工作为群众带来了实惠。"
    damaged_s2t = convert(original, "s2t")
    assert "爲" in damaged_s2t
    assert repair_text(damaged_s2t) == original


def test_characters_the_page_owns_are_not_converted() -> None:
    # A name whose last character has no GBK Simplified form (暐 -> 𬀩) keeps it.
    out, _ = repair_document(["黃(huáng)琨暐說，這(zhè)項工作很重要。"])
    assert out == ["黄琨暐说，这项工作很重要。"]
    # 潔 annotated where the converter changed 洁, and without a reading where the page
    # itself wrote 潔: the second one stays.
    out, _ = repair_document(["清潔(jié)工人王潔說，衛(wèi)生很重要。"])
    assert out == ["清洁工人王潔说，卫生很重要。"]
    # 於 the page's own Simplified description writes is the page's, in the body too.
    article = Article(
        description="王明说：青出於蓝而胜於蓝，我们要继续努力，为家乡做贡献。",
        paragraphs=("王明說：“青出於藍而勝於藍。”這(zhè)是他的原話(huà)。",),
    )
    out_article = repair_article(article, Settings())
    assert out_article.paragraphs == ("王明说：“青出於蓝而胜於蓝。”这是他的原话。",)


def test_genuine_traditional_stays() -> None:
    taiwan = "中共總書記習近平日前發表講話,強調“和平統一”是兩岸關係的基礎。"
    assert repair_text(taiwan) == taiwan
    gloss = "「網」字讀第三聲，如網(wǎng)民。"
    assert repair_text(gloss) == gloss
    # A Taiwan or Hong Kong page is the strongest evidence: even mainland words stay.
    mainland_words = "我市紮實推進鄉村振興工作，全市幹部群眾積極參與。"
    out, _ = repair_document([mainland_words], region="outside", page=True)
    assert out == [mainland_words]


def test_repair_is_idempotent_on_mixed_damage() -> None:
    for text in ["註處(chù)ç»“", "新聞(wén)ä¸­æ–‡", "網(wǎng)頁(yè)&amp;ç»“", "ç»“網(wǎng)頁(yè)"]:
        once = repair_text(text)
        assert repair_text(once) == once
    assert repair_text("註處(chù)ç»“").endswith("结")


def test_each_converter_is_undone_by_its_own_inverse() -> None:
    # s2t keeps 着 and never writes 著 for it: a 著 in s2t output is the page's own
    # (鲁迅著, "written by"), which tw2s would turn into 着. s2t's 爲 (s2tw: 為) tells
    # which converter it was.
    from jzcli.repair.script import convert

    original = "我市图书馆为读者准备了鲁迅著《呐喊》，读者排起了长队。"
    damaged = convert(original, "s2t")
    assert "著" in damaged and "爲" in damaged
    out, _ = repair_document([damaged], region="mainland")
    assert out == [original]


def test_words_the_round_trip_loses_come_back() -> None:
    # OpenCC writes 坐标 as 座標 and reads 座標 back as 座标; the reading after 座 is the
    # converter's too (坐: zuò).
    out, _ = repair_document(["在更高座(zuò)標系中找準(zhǔn)城市定位，推動(dòng)發展。"])
    assert out == ["在更高坐标系中找准城市定位，推动发展。"]


def test_a_character_no_converter_makes_is_the_pages_own() -> None:
    # 袷 reads back as 夹, but 夹 converts to 夾: the page wrote 袷 itself.
    out, _ = repair_document(["這(zhè)件袷衣的價(jià)格很高。"])
    assert out == ["这件袷衣的价格很高。"]


def test_flattening_is_one_decision_for_the_document() -> None:
    # Readings show the damage, but the second text kept its ，: NFKC did not run over
    # this document, and the first text's ASCII brackets are the writer's own.
    texts = ["報(bào)名時先持(寄)身份證複印件", "名額有限，報(bào)完為止。"]
    out, _ = repair_document(texts)
    assert out == ["报名时先持(寄)身份证复印件", "名额有限，报完为止。"]
    # Flattened throughout, every text's marks come back.
    flat = ["報(bào)名時先持(寄)身份證複印件", "名額有限,報(bào)完為止。"]
    out, _ = repair_document(flat)
    assert out == ["报名时先持（寄）身份证复印件", "名额有限，报完为止。"]


def test_corner_quotes_do_not_veto_a_page_that_says_it_is_mainland() -> None:
    # 「」 count against a conversion, but a GBK declaration or a .cn host outweighs them.
    text = "她的「罪行」和那天的情形有關，這是後話了。"
    assert repair_text(text) == text
    out, _ = repair_document([text], region="mainland")
    assert out == ["她的「罪行」和那天的情形有关，这是后话了。"]


def test_s2tw_zhe_decided_by_the_words_around_it() -> None:
    # s2tw writes 著 for both 着 and 著; tw2s reads 看著書 as 看 著書 and 彰顯著 as 彰 顯著.
    from jzcli.repair.script import convert

    original = "她静静地看着书，彰显着她的个性，这部著作很著名，记录着那段历史。"
    damaged = convert(original, "s2tw").replace("書", "書(shū)").replace("錄", "錄(lù)")
    assert repair_text(damaged) == original


# A Japanese racing blog: a line of katakana names between a few Han (牡 male, 父 sire,
# 母 dam) reads as Big5 text misread as GBK to the per-text check; the document's own
# Japanese says it is none.
JAPANESE_DOCUMENT = [
    "先週の土曜日に行われたレースで、当歳から育ててきた馬が初めて勝ちました。",
    "牡4\u3000父ダノンバラード\u3000母ニシノマドカ(母父ジャングルポケット)",
    "調教師によると、次のレースについてはまだ決めていないということです。",
    "上川外相は２日、邦人１０人がエジプトに退避したと発表した。",
]


def test_a_japanese_document_is_not_read_as_chinese_mojibake_nor_narrowed() -> None:
    repaired, counts = repair_document(JAPANESE_DOCUMENT)
    assert repaired == JAPANESE_DOCUMENT
    assert counts == {}


def test_full_width_digits_of_a_chinese_document_are_still_narrowed() -> None:
    assert repair_document(["今年１０月，全市新开工项目３２个。"])[0] == [
        "今年10月，全市新开工项目32个。"
    ]


# A Chinese report quoting a Japanese remark: the remark has Japanese endings, the report's
# own paragraphs (no kana) hold most of its text.
CHINESE_REPORT_QUOTING_JAPANESE = [
    "日本网友评论：「本当に驚きました。こういうことが起きているとは思いませんでした。」",
    "据报道，该市今年新建公园１０个，总投资２０亿元，主要分布在城东和城南。",
    "市园林局负责人表示，所有工程将在年底前完工，届时市民步行十五分钟即可到达一座公园。",
]


def test_a_chinese_report_quoting_japanese_is_still_repaired_as_chinese() -> None:
    quote, digits, last = CHINESE_REPORT_QUOTING_JAPANESE
    assert not writes_japanese(CHINESE_REPORT_QUOTING_JAPANESE)
    # Its full-width digits are narrowed as in any Chinese document ...
    repaired, _ = repair_document(CHINESE_REPORT_QUOTING_JAPANESE)
    narrowed = "据报道，该市今年新建公园10个，总投资20亿元，主要分布在城东和城南。"
    assert repaired == [quote, narrowed, last]
    # ... and a paragraph of it read with the wrong codec (UTF-8 as GBK) is read again.
    misread = last.encode("utf-8").decode("gbk", errors="replace")
    repaired, counts = repair_document([quote, digits, misread])
    assert repaired[2] == last
    assert counts.get("mojibake-utf8-gbk") == 1


def test_a_japanese_document_is_recognised_with_a_chinese_line_in_it() -> None:
    assert writes_japanese(JAPANESE_DOCUMENT)
    assert writes_japanese([*JAPANESE_DOCUMENT, "据报道，该市今年新建公园十个。"])


def test_a_japanese_report_with_a_table_of_kanji_cells_is_still_japanese() -> None:
    # Three paragraphs of Japanese prose over a results table: its cells (districts, parties,
    # vote counts in full-width digits) have no kana and outnumber the prose, but they are
    # cells, not Chinese sentences; the digits are the writer's typography.
    prose = [
        "東京都知事選挙の開票結果が七日夜に発表され、現職の候補が三選を果たしました。",
        "投票率は前回を上回り、選挙管理委員会は期日前投票の増加が影響したと説明しました。",
        "新しい任期は八月から始まり、知事は記者会見で防災対策を最優先にすると述べました。",
    ]
    cells = [
        cell
        for n in range(40)
        for cell in (f"第{n}選挙区", "自由民主党公認候補", "得票数１２３４５票")
    ]
    assert writes_japanese(prose + cells)
    repaired, counts = repair_document(prose + cells)
    assert repaired[-1] == "得票数１２３４５票"
    assert not counts.get("fullwidth-alnum")
