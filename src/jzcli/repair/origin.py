"""Whether Traditional text is mainland Simplified text run through OpenCC.

OpenCC's `s2tw`, `s2t` and `s2hk` convert characters only: the words stay mainland words,
and the punctuation stays mainland punctuation. A text is taken for converted when

- every text of the document that has Traditional characters reads back exactly through
  one converter's inverse then the converter (`tw2s` then `s2tw`, `t2s` then `s2t`, `hk2s`
  then `s2hk`; in a long document one or two characters may not): a person writing
  Traditional, or another converter, leaves forms OpenCC would not choose (台 for 臺,
  Hong Kong's 綫, 批准 written 批準 ...);
- the evidence reaches `THRESHOLD` (2 points): each word of the mainland's own
  administrative and political register (我市, 党员干部, 脱贫攻坚 ...) is 2 points; mainland
  words a Hong Kong or Taiwan paper also prints when it reports on the mainland (习近平,
  政治局, 出租车 ...) are 1 point together, however many (they tell the topic, not the
  writer); mainland “” quotes are 1 point; forms only OpenCC's own table writes (爲, 喫)
  are 2; 「」 / 『』 corner quotes (Taiwan and Hong Kong use them; OpenCC leaves quotes as
  they are) and a Hong Kong / Taiwan marker word (港府, 特首 ...) are 2 points against.
  The page adds its own (`page_region`: a mainland host, language or charset; text a
  proxy leaves untouched).

One point alone never decides: a “”-quoted sentence, or one naming 习近平, stays as it is.
Not used, because genuine Traditional text has them as often: the phrases OpenCC's Taiwan
table rewrites (软件 → 軟體, 网络 → 網路; Hong Kong writes them too) and the share of
characters where Hong Kong or Taiwan forms differ from OpenCC's; nor the party's set phrases
(党的领导, 党和国家): Taiwan and Hong Kong reports on Beijing quote them. The word lists are written
from general knowledge of mainland news language; none is derived from benchmark data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from operator import ne
from typing import Literal
from urllib.parse import urlsplit

from jzcli.patterns import lazy_compile
from jzcli.repair.plausibility import HAN_RE
from jzcli.repair.script import convert, to_simplified

THRESHOLD = 2
# OpenCC's Simplified -> Traditional converters and the inverse of each.
INVERSES = {"s2tw": "tw2s", "s2t": "t2s", "s2hk": "hk2s"}

Region = Literal["", "mainland", "outside"]
"""Where a page says it comes from: the mainland, Taiwan/Hong Kong/Macau, or unknown."""

_OUTSIDE_TLDS = (".tw", ".hk", ".mo")
_OUTSIDE_LANGS = ("zh-tw", "zh-hk", "zh-mo", "zh-hant")
_MAINLAND_LANGS = ("zh-cn", "zh-hans", "zh-sg")
_MAINLAND_CHARSETS = frozenset({"gb2312", "gbk", "gb18030", "hz-gb-2312", "euc-cn", "cp936"})
_OUTSIDE_CHARSETS = frozenset({"big5", "big5-hkscs", "cp950", "big5hkscs", "x-big5"})


def page_region(url: str = "", language: str = "", charsets: Sequence[str] = ()) -> Region:
    """What a page's host, declared language and declared charsets say about its origin.

    Taiwan, Hong Kong and Macau (a .tw/.hk/.mo host, a big5.* mirror, `zh-TW`/`zh-HK`/
    `zh-Hant`, a Big5 declaration) win over any mainland sign: they are the strongest
    evidence that Traditional text on the page is meant. A .cn host, `zh-CN`/`zh-Hans` or a
    GB2312/GBK/GB18030 declaration says mainland.
    """
    host = (urlsplit(url).hostname or "") if "://" in url else ""
    host = host.lower().rstrip(".")
    lang = language.lower().replace("_", "-")
    labels = {c.lower().strip() for c in charsets}
    if (
        host.endswith(_OUTSIDE_TLDS)
        or host.startswith(("big5.", "fanti.", "tw.", "hk."))
        or lang.startswith(_OUTSIDE_LANGS)
        or labels & _OUTSIDE_CHARSETS
    ):
        return "outside"
    if host.endswith(".cn") or lang.startswith(_MAINLAND_LANGS) or labels & _MAINLAND_CHARSETS:
        return "mainland"
    return ""


def _words(text: str) -> list[str]:
    return text.split()


# The mainland's own register: what a mainland paper writes about its own administration.
_IN_GROUP = _words(
    """
我市 我省 我县 我区 我镇 我州 全市上下 全省上下 市委书记 县委书记 镇党委 村委会 居委会
党支部 党总支 党建 党性 党员干部 领导干部 村干部 基层干部 广大干部 干部群众 人民群众
广大群众 群众路线 脱贫 扶贫 攻坚战 脱贫攻坚 乡村振兴 全面小康 小康社会 高质量发展
供给侧 营商环境 放管服 复工复产 文明城市 文明创建 抓好 抓实 狠抓 压实 新时代 新征程
中国特色社会主义 社会主义核心价值观 不忘初心 牢记使命 四个意识 两个维护 党风廉政
主体责任 获得感 幸福感 为人民服务 两学一做 主题教育 党史学习 红色基因 网格员 城管
农民工 棚改 公租房 公积金 医保 社保卡 户籍 高考 考研 中考 人民网 中新网 大力推进 加快推进
深入推进 扎实推进 全面推进 持续推进 稳步推进 贯彻落实 落到实处 决策部署 重要指示 重要讲话
惠民 规上企业 规模以上 行政村 乡镇街道 公安机关
"""
)

# Mainland words that Hong Kong or Taiwan papers also print about the mainland.
_SHARED = _words(
    """
习近平 总书记 党中央 中共中央 政治局 社会主义 全国人大 全国政协 人大代表 政协委员 纪委
监委 纪检 巡视组 省委 市委 县委 区委 党委 干部 群众 新华社 人民日报 央视
同比 环比 澳大利亚 出租车 自行车 摩托车 公交车 幼儿园 本科生 我国 国务院
发改委 公安局 民警 平方米 据了解 记者了解到 一带一路 改革开放 十四五 十三五 五中全会 两会
政府工作报告 高校 卫健委 乡镇 志愿军 公安分局 数据 信息
"""
)

# Hong Kong / Taiwan words a mainland text does not use.
_OUTSIDE = _words(
    """
港府 特首 立法会 港人 港铁 大陆 陆方 陆委会 北京当局 中共当局 捷运 立委
"""
)


def _alternation(words: Sequence[str]) -> re.Pattern[str]:
    # 党 after 政 / 共和 / 民主 / 工 / 国民 is another party's (政党建设, 共和党员). The guard
    # comes after the 党: with every alternative starting with a literal, the regex engine
    # skips the positions no word starts at (ten times faster than a leading lookbehind).
    guarded = [
        "党(?<![政和主工民]党)" + re.escape(w[1:]) if w[0] == "党" else re.escape(w) for w in words
    ]
    return re.compile("|".join(sorted(guarded, key=len, reverse=True)))


@lru_cache(maxsize=1)
def _word_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The in-group, shared and outside word lists as patterns (compiled at first use:
    text without Traditional characters never needs them)."""
    return _alternation(_IN_GROUP), _alternation(_SHARED), _alternation(_OUTSIDE)


_CORNER_QUOTES = lazy_compile("[「」『』﹁﹂﹃﹄]")
_MAINLAND_QUOTES = lazy_compile("[“”]")
_S2T_FORMS_RE = lazy_compile("[爲僞喫脣竈皁]")
_FLAT_COMMA_RE = lazy_compile("[\u3400-\u9fff][,;:][\u3400-\u9fff]")


@lru_cache(maxsize=1)
def traditional_re() -> re.Pattern[str]:
    """The Han characters (U+3400-U+9FFF) that `tw2s` changes on their own."""
    from jzcli.repair._script import TRADITIONAL

    return re.compile(f"[{TRADITIONAL}]")


@lru_cache(maxsize=1)
def simplified_re() -> re.Pattern[str]:
    """The Han characters only Simplified text has: `s2t`, `s2tw` and `s2hk` all change
    them and `tw2s` does not (群 is no such character: only `s2t` writes 羣)."""
    from jzcli.repair._script import SIMPLIFIED_ONLY

    return re.compile(f"[{SIMPLIFIED_ONLY}]")


def _evidence(texts: Sequence[str]) -> tuple[int, list[str], list[str]] | None:
    """Points of evidence, with the texts converted back (Simplified) and as given; None
    when the texts cannot be such a conversion for any reason but the `s2tw` round trip
    (checked last, by the callers: it is the costly part)."""
    simplified: list[str] = []
    converted: list[str] = []
    corner = False
    traditional = traditional_re()
    for t in texts:
        if not traditional.search(t):
            continue  # nothing to convert back (Simplified, other scripts)
        if simplified_re().search(t) and len(simplified_re().findall(t)) >= len(
            traditional.findall(t)
        ):
            # Simplified text with a few meant forms (a name such as 黄琨暐; checked first:
            # cheap). A converter leaves a Simplified-only character here and there (干 in
            # 干預, 若干), among many Traditional ones.
            continue
        s = to_simplified(t)
        if s == t:
            continue  # nothing to convert back
        corner = corner or _CORNER_QUOTES.search(t) is not None
        simplified.append(s)
        converted.append(t)
    if not simplified:
        return None
    joined = "\n".join(simplified)
    in_group_re, shared_re, outside_re = _word_patterns()
    score = 2 * len(set(in_group_re.findall(joined)))
    # 「」 are what Taiwan and Hong Kong write, and OpenCC leaves quotes as they are, and
    # a Hong Kong or Taiwan word says who wrote; but Simplified sites write 「」 too
    # (overseas and older mainland ones), and 大陆 or 港人 now and then: points against,
    # which a page that says it is a mainland one (a .cn host, a GBK declaration) outweighs.
    if corner:
        score -= THRESHOLD
    if outside_re.search(joined):
        score -= THRESHOLD
    # Shared words say the topic is the mainland, not who wrote about it: one point at most.
    score += min(1, len(set(shared_re.findall(joined))))
    # “” are mainland punctuation, but a writer who types ASCII commas between Han
    # characters follows no mainland convention (a Taiwan paragraph quoting Beijing).
    # Forms only OpenCC's own standard table writes (爲 for 为, 喫 for 吃): no Taiwan or
    # Hong Kong writer uses them today, so they are the converter's, not a person's.
    if any(_S2T_FORMS_RE.search(t) for t in converted):
        score += 2
    if any(_MAINLAND_QUOTES.search(t) for t in converted) and not any(
        _FLAT_COMMA_RE.search(t) for t in converted
    ):
        score += 1
    return score, simplified, converted


def reads_back(text: str, converter: str) -> bool:
    """Whether `converter` (s2tw, s2t, s2hk) of the text's inverse conversion gives the text
    again: the text can be that converter's output."""
    return convert(convert(text, INVERSES[converter]), converter) == text


def _misses(text: str, converter: str) -> int:
    """How many characters of the text `converter` of its inverse conversion does not give
    back (all of them when the length changes)."""
    back = convert(convert(text, INVERSES[converter]), converter)
    if back == text:
        return 0
    return sum(map(ne, text, back)) if len(back) == len(text) else len(text)


def _odd_characters(text: str, converter: str) -> set[str] | None:
    """The characters of the text that `converter` of its inverse does not give back (None
    when the length changes)."""
    back = convert(convert(text, INVERSES[converter]), converter)
    if len(back) != len(text):
        return None
    return {a for a, b in zip(text, back) if a != b}


def round_trip_converter(converted: Sequence[str], odd: int = 0) -> str:
    """The converter (s2tw, s2t or s2hk) whose output the texts are, '' when none: one
    converter for the whole document. Each leaves its own marks (s2t keeps 着 and writes
    爲, s2tw writes 著 and 裡, s2hk 衞 and 裏), so a document mostly fits one. Every
    character must read back, except in a long document (ten texts or more) one or two,
    at most one in a hundred of its Han characters: a page's own odd character in a
    converted page (袷 for 夾). A Taiwan or Hong Kong writer's 台 or 裏 recurs."""
    allowed = 0
    if len(converted) >= 10:
        allowed = min(2, sum(len(HAN_RE.findall(t)) for t in converted) // 100)
    for converter in INVERSES:
        failed = 0
        for t in converted:
            failed += _misses(t, converter)
            if failed > allowed:
                break
        if failed <= allowed:
            return converter
    # `odd`: that many characters may fail however often they recur (a name the page
    # writes itself, 金锺国, which s2t makes 金鍾國 and its inverse 金钟国).
    for converter in INVERSES if odd else ():
        chars: set[str] = set()
        for t in converted:
            found = _odd_characters(t, converter)
            if found is None or len(chars | found) > odd:
                break
            chars |= found
        else:
            return converter
    return ""


def likely_converter(texts: Sequence[str]) -> str:
    """The converter most of the texts with Traditional characters read back through
    (s2tw when none does): its inverse undoes the damage best, also where a text of the
    page's own keeps some from reading back."""
    traditional = traditional_re()
    converted = [t for t in texts if traditional.search(t)]
    if not converted or all(reads_back(t, "s2tw") for t in converted):
        return "s2tw"
    counts = {c: sum(reads_back(t, c) for t in converted) for c in INVERSES}
    return max(INVERSES, key=lambda c: counts[c])


def mainland_score(texts: Sequence[str]) -> int:
    """Evidence (points) that `texts` are mainland Simplified text converted with `s2tw`.

    -1 when the texts cannot be such a conversion (no Traditional character, a form `s2tw`
    would not write, corner quotes or a Hong Kong / Taiwan word).
    """
    evidence = _evidence(texts)
    if evidence is None or not round_trip_converter(evidence[2]):
        return -1
    return evidence[0]


def converted_from_mainland(texts: Sequence[str], bonus: int = 0, odd: int = 0) -> bool:
    """Whether the document reads as mainland Simplified text converted to Traditional.

    `bonus` adds points the page gives outside its texts (a mainland host, `zh-CN`, a GBK
    declaration: `page_region`); `odd` characters may fail the round trip however often
    (`round_trip_converter`).
    """
    # Same answer as `mainland_score(texts) + bonus >= THRESHOLD`; the round trip only
    # when needed.
    evidence = _evidence(texts)
    return (
        evidence is not None
        and evidence[0] + bonus >= THRESHOLD
        and round_trip_converter(evidence[2], odd) != ""
    )


def untouched_copies(texts: Sequence[str], untouched: Sequence[str]) -> int:
    """How many distinct text nodes in Traditional some text a converting proxy leaves alone
    (a link's title, an image's alt, the meta description) gives whole in Simplified: the
    same Han characters, four or more, in the same order, none more on either side
    (`title="permalink: re: 很高兴入住博客堂"` for a node reading `re: 很高興入住博客堂`).

    0 when that text itself writes a character only Traditional has (a bilingual site).
    Words of a node's that an attribute shares in part (a logo's `alt="香港电台网站"` over
    `香港電台網站版權所有`) are no copy: a site's two editions share such assets."""
    traditional = traditional_re()
    if any(traditional.search(u) for u in untouched):
        return 0
    given = {"".join(HAN_RE.findall(u)) for u in untouched}
    copies = set()
    for t in texts:
        if traditional.search(t):
            s = "".join(HAN_RE.findall(to_simplified(t)))
            if len(s) >= 4 and s in given:
                copies.add(s)
    return len(copies)


def clean_simplified(text: str) -> bool:
    """Whether a text is written in Simplified characters (three or more characters only
    Simplified text has, and none that only Traditional text has)."""
    simple = simplified_re()
    return (
        simple.search(text) is not None
        and len(simple.findall(text)) >= 3
        and traditional_re().search(text) is None
    )


def load_tables() -> None:
    """Load what the mainland check uses (OpenCC converters, the Traditional set) now."""
    traditional_re()
    simplified_re()
    _word_patterns()
    convert("\u4e2d", "s2tw")  # opens the converter
