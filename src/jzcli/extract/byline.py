"""Chinese and English bylines: who wrote an article, in which role, from which source, when.

Newspaper bylines look like `□本报记者 张三 通讯员 李四`, `记者 张三`, `□郭 劍` (a two-character
name padded with a space), `来源：焦作日报  作者：张三  责任编辑：李四  2021-06-16 08:40`,
`（责任编辑：张三）`, `文/张三`, or `By Jane Doe and John Roe`. Both scripts are recognised, since
bylines are parsed before the text is repaired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from jzcli.extract.dates import info_line_date, parse_date
from jzcli.models import Author
from jzcli.patterns import lazy_compile
from jzcli.repair.pinyin import remove_pinyin

# Label -> role. Longer labels first so 责任编辑 wins over 编辑 and 本报记者 over 记者.
_LABELS: dict[str, str] = {}
for _role, _words in {
    "reporter": "本报记者 本報記者 本台记者 本台記者 新华社记者 新華社記者 特约记者 特約記者 "
    "见习记者 見習記者 实习记者 實習記者 首席记者 首席記者 记者 記者",
    "correspondent": "特约通讯员 特約通訊員 通讯员 通訊員 实习生 實習生",
    "editor": "责任编辑 責任編輯 值班编辑 值班編輯 编审 編審 审核 審核 审校 審校 校对 校對 "
    "责编 責編 编辑 編輯 主编 主編",
    "photographer": "摄影记者 攝影記者 摄影 攝影 图片 圖片",
    "translator": "编译 編譯 翻译 翻譯 译者 譯者",
    "author": "本报评论员 本報評論員 特约评论员 特約評論員 评论员 評論員 撰稿 撰文 作者 文字",
    "source": "新闻来源 新聞來源 信息来源 信息來源 稿件来源 稿件來源 来源 來源 稿源 出处 出處",
    "date": "发布时间 發佈時間 發布時間 发布日期 發佈日期 發布日期 发表时间 發表時間 "
    "发表日期 發表日期 发稿时间 發稿時間 刊发时间 刊發時間 录入时间 錄入時間 "
    "上传时间 上傳時間 更新时间 更新時間 更新日期 "
    "发布于 發佈於 發布於 发表于 發表於 时间 時間 日期",
    # Counters and page tools on the same line (浏览次数：123, 字号：大 中 小): not people.
    "count": "浏览次数 瀏覽次數 浏览量 瀏覽量 点击数 點擊數 点击量 點擊量 点击率 點擊率 "
    "阅读量 閱讀量 阅读数 閱讀數 阅读次数 閱讀次數 访问量 訪問量 访问次数 訪問次數 字号 字號",
}.items():
    for _w in _words.split():
        _LABELS[_w] = _role

_LABEL_RE = "|".join(sorted(map(re.escape, _LABELS), key=len, reverse=True))
# A label, then an optional colon; 文/ and 图/ are short forms that need the slash.
_LABEL_PAT = lazy_compile(
    rf"(?P<label>{_LABEL_RE})\s*[:：]?\s*|(?P<slash>文|图|圖|文/图|文/圖)\s*[/／]\s*"
)
# The characters a label can start with: a line without any holds no label, and a search
# for them costs far less than `_LABEL_PAT` tried at every character of the line.
_LABEL_START = re.compile(f"[{''.join(sorted({w[0] for w in _LABELS} | set('文图圖')))}]")
_MARKER = re.compile(r"^\s*[□■◎●▲△◇◆○]+\s*")
_DATELINE = re.compile(
    r"^\s*(?:本报讯|本報訊|本台讯|本台訊|讯|訊)?\s*[（(]\s*(?P<inner>[^（）()]{2,60})\s*[)）]"
)
# A wire dateline opening the first paragraph: 新华社北京5月1日电（记者 张三、李四）.
_WIRE_DATELINE = re.compile(
    r"^\s*[\u4e00-\u9fff]{2,12}?(?:\d{1,2}\s*月\s*\d{1,2}\s*日|[一二三四五六七八九十]{1,3}月"
    r"[一二三四五六七八九十]{1,3}日)?\s*(?:电|電|讯|訊)\s*[（(]\s*(?P<inner>[^（）()]{2,60})\s*[)）]"
)
# Editor codes after a name: 史建磊_NBJ11331, 韩保林 PK155.
_EDITOR_CODE = re.compile(r"[\s_\-－]*[A-Za-z]{1,6}\d{2,}$")
# A place and "reports" after the names is a dateline, not a person (北京报道, 即時報導).
_DATELINE_WORD = re.compile(r"(?:报道|報道|報導|报导|电|電|讯|訊)$")
# Link text that follows the source on the same line (来源：新京报 举报).
_LINK_WORDS = r"(?:举报|舉報|打印|列印|纠错|糾錯|分享|收藏|评论|評論|关闭|關閉)"
_SOURCE_LINKS = re.compile(rf"\s*{_LINK_WORDS}+$|^{_LINK_WORDS}+\s*")
_EN_BY = re.compile(
    r"^\s*(?:(?:written|posted|post|words|text|article|story|recipe|guide)\s+)?"
    # `ByDaryl Austin`: the label and the name in adjacent inline elements, no space between
    r"by(?:\s*[:：]\s*|\s+|(?-i:(?<=By)(?=[A-Z][a-z])))(?P<names>\S.*)$",
    re.I,
)
_MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d"
    r"|(?:mon|tues?|wed|thu|thurs|fri|sat|sun)[a-z]*day\b"
)
# Where the names of a `By ...` line end: a date, `on`/`in`/`at` (`Posted by A on Friday`,
# `By A in Guides`), a separator, or a label (`Written by A Last updated ...`).
_BY_END = re.compile(
    rf"\s+(?:on|at|in|from|for|via)\s+|\s*[•·⋅|»—–]\s*|\s+-\s+|[,\s]+(?=\d|{_MONTH_WORD})"
    r"|\s+(?=(?:last\s+)?(?:updated|published|posted|modified|view|read|follow)"
    r"(?:\b|(?-i:[A-Z])))"
    r"|(?<=[a-z])(?=(?:Last|Updated|Published|Posted|Modified|Reviewed)(?:\b|(?-i:[A-Z])))"
    # a date glued to the name where inline elements meet (`by Jane DoeNovember 20, 2007`)
    r"|(?<=[a-z])(?=(?-i:(?:January|February|March|April|May|June|July|August|September"
    r"|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)\s+\d)",
    re.I,
)


def by_line_names(text: str) -> str:
    """The names of an English credit line (`By A and B`, `Posted by A on Friday, May 3`,
    `Written by: A Last updated ...`): they end where a date, a section or a label begins;
    "" when the line does not start with a `by` credit. Reviewers and photographers are not
    read here (`Reviewed by`, `Photo by A on Unsplash`): they did not write the article."""
    match = _EN_BY.match(text)
    if not match or re.match(rf"\d|{_MONTH_WORD}", match.group("names"), re.I):
        return ""  # `Written By Feb 11, 2019`: the name left out
    if re.match(r"[a-z]+ing\b", match.group("names")):
        return ""  # `By checking out, you agree to our Terms and Privacy Policy`: a sentence
    return _BY_END.split(match.group("names"), maxsplit=1)[0].strip(" ,;:")


# A credit label standing alone on its line, the names on the next (`Written by`, then
# `Jane Doe`): a template that puts the label and the name in elements of their own.
_CREDIT_LABEL = re.compile(
    r"^(?:(?:written|posted|authored|words|text|story|article)\s+by|by|authors?|author\(s\)"
    r"|von|par|por|autor(?:in)?|auteur)\s*[:：]?$",
    re.I,
)


def credit_label(text: str) -> bool:
    """True when a line is only a credit label (`Written by`, `By`, `Author(s):`)."""
    return len(text) <= 24 and _CREDIT_LABEL.match(text.strip()) is not None


def labelled_credits(value: str) -> Credits:
    """The authors of a line that follows a lone credit label: the line is names only (`Jane
    Doe and John Roe`, `Jane Doe, Senior Editor`); none when it is anything else."""
    if not value or len(value) > 100 or _HAN.search(value) or _EN_BY.match(value):
        return Credits()
    credits = parse_credits(f"By {value}")
    # A review note on the label's next line (`By`, then `Fact Checked`) names no one.
    authors = tuple(a for a in credits.authors if _NOTE_WORDS.isdisjoint(a.name.lower().split()))
    return replace(credits, authors=authors)


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NAME_SPLIT = re.compile(r"[、，,；;／/|]+|\s{2,}|\s+(?:和|与|與|and|&)\s+")
_TRAILER = re.compile(r"(?:报道|報道|摄影|攝影|供图|供圖|摄|攝|讯|訊|电|電|整理|编辑|編輯)$")
_DATE_HINT = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}")
_BRACKETS = "（）()【】[]「」"
_NOTE = re.compile(r"(?<=\S)\s*[（(][^（）()]*[）)]?$")


@dataclass(frozen=True)
class Credits:
    """What a byline line says."""

    authors: tuple[Author, ...] = ()
    source: str = ""
    published: str = ""
    leftover: str = ""
    """Text of the line that is not part of the credits."""

    def __bool__(self) -> bool:
        return bool(self.authors or self.source or self.published)


def normalize_name(name: str) -> str:
    """A person's name without padding spaces, brackets or trailing punctuation."""
    name = name.strip().strip(_BRACKETS + " 　:：,，.。")
    if _HAN.search(name):
        # Newspaper padding: `郭 劍` is one name; drop spaces that sit between Han characters.
        name = re.sub(r"(?<=[\u3400-\u9fff])[\s\u3000]+(?=[\u3400-\u9fff])", "", name)
    return " ".join(name.split())


def _split_names(value: str) -> list[str]:
    """Split a credit value into names; `郭 劍` (single Han characters padded) stays one name."""
    value = value.strip().strip(_BRACKETS)
    names: list[str] = []
    for chunk in _NAME_SPLIT.split(value):
        tokens = chunk.split()
        if tokens and all(_HAN.search(t) for t in tokens):
            # Han tokens: merge runs of single characters (padded names), keep longer ones apart.
            # Padding is kept in the name as written; normalize_name removes it.
            merged: list[list[str]] = []
            for tok in tokens:
                if len(tok) == 1 and merged and all(len(t) == 1 for t in merged[-1]):
                    merged[-1].append(tok)
                else:
                    merged.append([tok])
            for group in merged:
                if len(group) > 2 and len(group) % 2 == 0:
                    # `李 娜 王 五`: padded two-character names side by side.
                    names += [" ".join(group[i : i + 2]) for i in range(0, len(group), 2)]
                else:
                    names.append(" ".join(group))
        elif chunk.strip():
            names.append(chunk.strip())
    out: list[str] = []
    for i, raw in enumerate(names):
        # `周思博 (Joel Spolsky)`, `张三（实习）`: a bracket after the name notes something
        # about the person (another name, a status); the name is what comes before it.
        raw = _NOTE.sub("", raw.strip())
        raw = _EDITOR_CODE.sub("", raw.strip())
        job_follows = False
        if not _HAN.search(raw):
            name = without_job(raw)
            if job_title(name):
                break  # `A, Senior Analyst and Master Gardener`: what follows is the job
            raw, job_follows = name, job_title(raw)
        if i > 0 and _DATELINE_WORD.search(raw):
            continue  # `记者 王小明 北京报道`: the place it was filed from
        name = _TRAILER.sub("", raw).strip()
        if _plausible_name(name):
            out.append(name)
        if job_follows:
            break  # `A Executive Editor and Master Gardener`: the rest describes the job
    return out


_JOB_WORDS = re.compile(
    r"\b(?:writer|reporter|editor|correspondent|columnist|contributor|producer|journalist|"
    r"analyst|photographer|expert|director|manager|founder|co-founder|ceo|cto|cfo|coo|"
    r"president|officer|consultant|specialist|attorney|lawyer|educator|engineer|developer|"
    r"designer|scientist|researcher|professor|lecturer|advisor|adviser|strategist|coach|"
    r"dietitian|nutritionist|physician|therapist|nurse)s?\b",
    re.I,
)


_JOB_MODIFIERS = frozenset(
    re.findall(
        r"\S+",
        """former senior staff executive digital deputy contributing chief managing associate
        special guest freelance lead head tech technology science health sports business
        political editorial content general news features investigative national global local
        assistant vp and of""",
    )
)


def job_title(text: str) -> bool:
    """True when a credit part names a job (`Trial Attorney`, `Senior Staff Writer`), not a
    person or a desk (`Our Editors`, `The Currency editors`)."""
    return bool(_JOB_WORDS.search(text)) and not re.match(r"(?:the|our)\s", text, re.I)


def without_job(chunk: str) -> str:
    """A name without the job title glued after it (`Catherine Boeckmann Executive Digital
    Editor` gives `Catherine Boeckmann`), and a name said twice once (`Colin Gray Colin Gray`,
    an avatar's text and the link's); the chunk itself otherwise."""
    words = chunk.split()
    half = len(words) // 2
    if half >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    if len(words) > 2 and job_title(words[-1]):
        start = len(words) - 1
        while start > 2 and words[start - 1].lower() in _JOB_MODIFIERS:
            start -= 1
        return " ".join(words[:start])
    return chunk


def _plausible_name(name: str) -> bool:
    if not name or len(name) > 40:
        return False
    if _HAN.search(name):
        # Chinese names have two to four characters; transliterated ones carry a `·`.
        han = len(_HAN.findall(name))
        longest = 12 if re.search(r"[·•・]", name) else 4
        return 2 <= han <= longest and not re.search(r"[。！？!?，,：:]", name)
    words = name.split()
    if job_title(name):
        return False
    # A credited Latin-script name has a given name and a family name; one capitalised word
    # after "By" is a menu ("Shop by Gender & Age") or a desk ("SEO").
    return 2 <= len(words) <= 5 and all(w[:1].isupper() or w in ("de", "van", "von") for w in words)


def parse_credits(text: str) -> Credits:
    """Parse one byline-like line; an empty Credits when there is none."""
    line = " ".join(text.replace("\u3000", " ").split())
    if not line or len(line) > 160:
        return Credits()
    if "(" in line:
        line = remove_pinyin(line)[0]  # 責(zé)任編(biān)輯(jí): readings left by a converting proxy
    named = by_line_names(line)
    if named and not _HAN.search(line):
        names = _split_names(named)
        return Credits(tuple(Author(n, normalize_name(n), "author") for n in names))
    marked = bool(_MARKER.match(line))
    line = _MARKER.sub("", line)
    matches: list[re.Match[str]] = []
    if _LABEL_START.search(line):  # (no label's first character: no label, in a dateline too)
        dateline = _DATELINE.match(line) or _WIRE_DATELINE.match(line)
        if dateline and _LABEL_PAT.search(dateline.group("inner")):
            line = dateline.group("inner")
        matches = list(_LABEL_PAT.finditer(line))
    if not matches:
        if not marked:
            return Credits(leftover=text)
        names = _split_names(line)
        if names and sum(len(n) for n in names) >= len(line.replace(" ", "")) * 0.8:
            return Credits(tuple(Author(n, normalize_name(n), "author") for n in names))
        return Credits(leftover=line)
    authors: list[Author] = []
    source = ""
    published = ""
    used = 0
    leftover = line[: matches[0].start()]
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = line[m.end() : end].strip()
        role = _LABELS.get(m.group("label") or "", "")
        if m.group("slash"):
            role = "photographer" if m.group("slash") in ("图", "圖") else "author"
        if role == "date":
            published = parse_date(value) or published
            used += 1
            continue
        if role == "count":
            continue
        if role == "source":
            src, _, rest = value.partition(" ")
            source = _SOURCE_LINKS.sub("", src.strip(_BRACKETS + " :：")) or src
            rest = _SOURCE_LINKS.sub("", rest.strip())
            value = rest
            used += 1
            if not value:
                continue
            role = ""
        if not published and _DATE_HINT.search(value):
            published = parse_date(value)
            value = _DATE_HINT.split(value)[0] if published else value
        if role:
            # `赵 培：北京物资学院` — what follows a second colon is an affiliation.
            value = re.split(r"[：:]", value, maxsplit=1)[0]
            for name in _split_names(value):
                authors.append(Author(name, normalize_name(name), role))
                used += 1
        else:
            leftover += " " + value
    if not published and _DATE_HINT.search(leftover):
        published = parse_date(leftover)
    if not used:
        return Credits(leftover=text)
    return Credits(tuple(authors), source, published, leftover.strip())


def dateline_credits(text: str) -> Credits:
    """The reporters of a paragraph that opens with a dateline: `新华社北京5月1日电（记者 张三、
    李四）…` or `本报讯（记者 张三）…`. The paragraph itself is body text."""
    match = _WIRE_DATELINE.match(text) or _DATELINE.match(text)
    if not match or not _LABEL_PAT.search(match.group("inner")):
        return Credits()
    credits = parse_credits(match.group("inner"))
    return Credits(credits.authors, credits.source)


_SENTENCE = re.compile(r"[。！？!?]|，.*，")


def looks_like_credits(text: str) -> bool:
    """True when a short line is mostly a byline (so it belongs in metadata, not the body)."""
    line = " ".join(text.split())
    if not line or len(line) > 120:
        return False
    if _SENTENCE.search(line):
        return False  # a sentence that merely starts with 记者 or mentions an editor
    credits = parse_credits(line)
    if not credits:
        return False
    if _MARKER.match(line):
        return True
    # Most of the line must be labels, names, dates and the source, not sentences.
    rest = credits.leftover
    rest = re.sub(r"[\s\d:：\-/.年月日时分秒（）()【】|·]", "", rest)
    return len(rest) <= max(3, len(line) // 5)


_PARTICLES = frozenset(re.findall(r"\S+", "van von der den de del della di da dos du le la al y"))
_CAP = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+"
_PERSON_WORD = re.compile(rf"^(?:[A-Z][a-z]*\.|{_CAP}(?:-{_CAP})?)$")
_NOT_PERSON_WORDS = """home blog news about contact read more share follow updated published
    posted reviews review guide guides team staff editor editors menu search login sign
    subscribe minutes min
    press release
    the our your my all new latest top best how why what when who where this that with from for
    and print email comments comment january february march april may june july august
    september october november december monday tuesday wednesday thursday friday saturday
    sunday today yesterday
    checked reviewed verified
    local national international world regional metro sports sport politics business
    opinion entertainment lifestyle technology tech science health weather economy markets
    culture travel education environment climate"""
# (`Fact Checked`, `Medically Reviewed`, `Expert Verified`: a review note beside the credit.)
# A news site's sections are a small, common vocabulary no one bears as a name: `Dec 17,
# 2025 Local Sports · 5 min read` names its section, not its writer.
_NOT_PERSON = frozenset(re.findall(r"\S+", _NOT_PERSON_WORDS))
_NOTE_WORDS = frozenset(("checked", "reviewed", "verified"))
# What follows a name on an info line: its section (`in Guides`), or whom the writer speaks
# or writes for (`on behalf of the Docs team`, `for The Daily`).
_IN_SECTION = re.compile(r"\s+(?:in|for|on\s+behalf\s+of)\s+\S.*$")
# Where inline elements meet without a space: a year and a name (`Dec 17, 2025Jane Doe`), a
# name and a month (`Jane DoeDecember 17, 2025`).
_GLUED = re.compile(
    r"(?<=(?:19|20)\d\d)(?=[A-Z][a-z])|(?<=[a-z])(?=(?:January|February|March|April|May|June|July"
    r"|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov"
    r"|Dec)\.?\s+\d)"
)
_INFO_PARTS = re.compile(r"\s*(?:[•·⋅・|]|\s[-–—]\s|(?<=\w)[-–—]\s)\s*")


def person_name(text: str) -> str:
    """`text` when it reads like a person's name and nothing else (`Jane Doe`, `By Nick van
    Mead`, `Dr. A. J. Neal`): two to four capitalised words or initials, lower-case particles
    allowed inside; "" otherwise (menus, section names, sentences)."""
    text = _EN_BY.sub(r"\g<names>", " ".join(text.split()))
    title = re.match(r"(?:Dr|Prof)\.?\s+", text)
    words = text[title.end() :].split() if title else text.split()
    if not 2 <= len(words) <= 4 or len(text) > 44:
        return ""
    for i, word in enumerate(words):
        if word.lower() in _NOT_PERSON:
            return ""
        if 0 < i < len(words) - 1 and word in _PARTICLES:
            continue
        if not _PERSON_WORD.match(word):
            return ""
    if all(w.endswith(".") for w in words):
        return ""
    return text


def info_line_name(text: str) -> str:
    """The person named on a dated info line under a headline (`By Jane Doe - Mar 27, 2024`,
    `Dec 26, 2025 • Jane Doe in Guides`, `Jane Doe July 13, 2025 — 7 minutes read`); ""
    when the line has no date or names no one."""
    text = _GLUED.sub(" ", text)
    if len(text) > 100 or not parse_date(text):
        return ""
    parts = [p for p in _INFO_PARTS.split(text) if p]
    for part in parts:
        words = part.split()
        # `Dec 17, 2025 Jane Doe`: the name after the date (inline elements glued).
        for k in range(2, min(len(words) - 1, 5)):
            if info_line_date(" ".join(words[:k]), after_name=False) and (
                name := person_name(_IN_SECTION.sub("", " ".join(words[k:])))
            ):
                return name
        if info_line_date(part, after_name=False):
            continue
        if parse_date(part):
            # `By Jane Doe December 2, 2025`: the name before the date in one part.
            for k in range(min(len(words) - 1, 6), 1, -1):
                if info_line_date(" ".join(words[k:])) and (
                    name := person_name(" ".join(words[:k]))
                ):
                    return name
            continue
        if name := person_name(_IN_SECTION.sub("", part)):
            return name
    return ""


_BOX_HEAD = re.compile(
    r"^(?:written\s+by|posted\s+by|about\s+the\s+author|about)\s*[:：]?\s*(?P<name>\S.*)$", re.I
)
# `This post was written by …` speaks of the page itself; `The review was written by …` in a
# story names the author of the report it covers.
_WRITTEN_BY = re.compile(
    r"\bthis\s+(?:guest\s+)?(?:post|article|story|piece|guide|blog|review)\s+"
    r"(?:was|is|has\s+been)\s+"
    r"(?:written|authored|contributed)\s+by\s+(?P<name>[^,.;:()]+)",
    re.I,
)


def author_box_name(lines: list[str]) -> str:
    """The person an author box after the article presents: a `Written by Jane Doe` or
    `About Jane Doe` line followed by a line that starts with the name (`Jane Doe is a
    finance writer …`), or a note that says so (`This post was written by Jane Doe, Head of
    Marketing`); "" when none does."""
    for line, following in zip(lines, [*lines[1:], ""]):
        if len(line) <= 60 and (head := _BOX_HEAD.match(line)):
            name = person_name(head.group("name").strip(" .:"))
            if name and following.startswith(name):
                return name
        note = _WRITTEN_BY.search(line) if len(line) <= 300 else None
        if note and (name := person_name(note.group("name").strip())):
            return name
    return ""
