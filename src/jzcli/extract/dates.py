"""Find a publication date in free text and write it as ISO 8601.

Handles what news pages show: `2021-06-16 08:40`, `2021/6/16`, `2021.06.16`, `2021年06月16日
08时40分`, `二〇二一年六月十六日`, ISO 8601 with a zone, RFC 2822 (`Wed, 16 Jun 2021 08:40:00
GMT`), day-first numbers (`16.06.2021`, `16/06/2021`; `06/16/2021` month-first where the page
is American), and month names in English, German, French, Spanish, Portuguese, Italian, Dutch
and Russian (`June 16, 2021`, `16. Juni 2021`, `16 juin 2021`, `16 de junio de 2021`).
Relative dates (`3小时前`, `昨天 10:20`, `2 hours ago`) are resolved against a reference time
the caller gives (the response's Date header, an archive's record date). A timezone is written
only when the text gives one; a time only when the text gives one.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from jzcli.patterns import lazy_compile

_MONTH_NAMES = (
    # English, German, French, Spanish, Portuguese, Italian, Dutch, Russian; then Romanian,
    # Polish, Czech, Swedish, Danish and Norwegian, Turkish, Indonesian
    "january jan januar janvier enero janeiro gennaio januari января январь янв jänner jän "
    "ianuarie stycznia styczeń ledna ocak",
    "february feb februar février fevrier febrero fevereiro febbraio februari февраля февраль фев "
    "februarie lutego luty února şubat",
    "march mar märz maerz mars marzo março marco maart марта март "
    "martie marca marzec března marts mart maret",
    "april apr avril abril aprile апреля апрель апр aprilie kwietnia kwiecień dubna nisan",
    "may mai mayo maio maggio mei мая май maja maj května mayıs",
    "june jun juni juin junio junho giugno июня июнь iunie czerwca czerwiec června haziran",
    "july jul juli juillet julio julho luglio июля июль iulie lipca lipiec července temmuz",
    "august aug août aout agosto augustus августа август авг sierpnia sierpień srpna augusti "
    "ağustos agustus",
    "september sep sept septembre septiembre setiembre setembro settembre сентября сентябрь сен "
    "septembrie września wrzesień září eylül",
    "october oct oktober octobre octubre outubro ottobre okt октября октябрь octombrie "
    "października październik října ekim",
    "november nov novembre noviembre novembro ноября ноябрь noiembrie listopada listopad "
    "listopadu kasım",
    "december dec dez dezember décembre decembre diciembre dezembro dicembre december декабря "
    "декабрь дек decembrie grudnia grudzień prosince desember aralık",
)
# Arabic: the names used in Egypt and the Gulf, and the one-word Levantine ones (a page may
# give both, `24 نيسان / أبريل 2020`).
_ARABIC_MONTH_NAMES = (
    "يناير",
    "فبراير شباط",
    "مارس آذار",
    "أبريل ابريل إبريل نيسان",
    "مايو أيار ايار",
    "يونيو حزيران",
    "يوليو تموز",
    "أغسطس اغسطس آب",
    "سبتمبر أيلول ايلول",
    "أكتوبر اكتوبر",
    "نوفمبر",
    "ديسمبر",
)
_MONTHS = {
    name: i
    for table in (_MONTH_NAMES, _ARABIC_MONTH_NAMES)
    for i, names in enumerate(table, start=1)
    for name in names.split()
}


def month_number(word: str) -> int:
    """The month a word names (`Mar`, `March`, `mars`), 1-12; 0 when it names none."""
    return _MONTHS.get(word.lower().rstrip("."), 0)


# Any word where a month name may stand; `parse_date` keeps those in _MONTHS (one dictionary
# look-up is much cheaper than a regular expression trying every name at every word). Names
# have three letters or more, but for آب (August in the Levant).
_MONTH_WORD = r"(?:[^\W\d_]{3,13}|آب(?!\w))"
_MONTH_RE = rf"{_MONTH_WORD}\.?"
# Time: 08:40, 08:40:59, 8:40 pm, 08时40分, 08点40分; optional fraction and zone.
_TIME = (
    r"(?:[T\s]*|\s*[,，]?\s*)"
    r"(?P<hour>[01]?\d|2[0-3])\s*(?::|时|時|点|點)\s*(?P<minute>[0-5]\d)"
    r"(?:\s*(?::|分)\s*(?P<second>[0-5]\d)(?:\.\d+)?\s*秒?)?(?:\s*分)?"
    r"(?:\s*(?P<ampm>[ap]\.?m\.?))?"
    r"(?:\s*(?P<zone>Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d|UTC|GMT|UT)(?![A-Za-z]))?"
)
_NUMERIC = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)\s*(?:[-/.]|年)\s*(?P<month>1[0-2]|0?[1-9])\s*(?:[-/.]|月)\s*"
    r"(?P<day>3[01]|[12]\d|0?[1-9])(?!\d)\s*(?:日|号|號)?"
    rf"(?:{_TIME})?",
    re.I,
)
# Day and month first: 29.01.2020 (always day first), 05/01/2024 (order from the page).
_DOTTED = re.compile(
    r"(?<![\d.])(?P<day>3[01]|[12]\d|0?[1-9])\.\s?(?P<month>1[0-2]|0?[1-9])\.\s?"
    rf"(?P<year>(?:19|20)\d\d)(?![\d.]\d)(?:\s*,?\s*(?:um\s)?{_TIME})?",
    re.I,
)
# 30.10.23: two digits each, dots only (German and Central European pages shorten the year).
_DOTTED_SHORT = re.compile(
    r"(?<![\d.])(?P<day>3[01]|[12]\d|0[1-9])\.(?P<month>1[0-2]|0[1-9])\.(?P<year>\d\d)(?![\d.]\d|\d)"
    rf"(?:\s*,?\s*(?:um\s)?{_TIME})?",
    re.I,
)
_SLASHED = re.compile(
    r"(?<![\d/])(?P<a>\d{1,2})[/-](?P<b>\d{1,2})[/-](?P<year>(?:19|20)\d\d)(?![\d/])"
    rf"(?:{_TIME})?",
    re.I,
)
_COMPACT = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)(?P<month>0[1-9]|1[0-2])(?P<day>0[1-9]|[12]\d|3[01])(?!\d)"
)
_EN_MDY = re.compile(
    rf"(?<!\w)(?P<mon>{_MONTH_RE})\s+(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?,?\s+"
    rf"(?P<year>(?:19|20)\d\d)\b(?:\s*(?:at|[-–|·•])?{_TIME})?",
    re.I,
)
_DMY = re.compile(
    rf"(?<![\w.])(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th|er|º|°)?\.?\s*(?:de\s+)?"
    # a second name of the month may follow a slash (`24 نيسان / أبريل 2020`)
    rf"(?P<mon>{_MONTH_RE})(?:\s*/\s*(?P<mon2>{_MONTH_WORD}))?,?\s*(?:de\s+|del\s+)?"
    rf"(?P<year>(?:19|20)\d\d)\b"
    rf"(?:\s*(?:г\.|года)?\s*(?:at|um|à|a las|às|alle|om|в|[-–|·•,])?{_TIME})?",
    re.I,
)
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CN_DATE = re.compile(
    r"([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
    r"\s*([一二三四五六七八九十]{1,3})\s*日"
)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Languages whose pages write numeric dates month first.
_MONTH_FIRST_COUNTRIES = frozenset({"us", "ph", "fm", "mh", "pw", "bz"})


def _valid(year: int, month: int, day: int) -> bool:
    if not (1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]):
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return not (month == 2 and day == 29 and not leap)


def _zone(raw: str | None) -> str:
    if not raw:
        return ""
    upper = raw.upper()
    if upper in ("Z", "UTC", "GMT", "UT"):
        return "Z"
    sign, digits = raw[0], raw[1:].replace(":", "")
    return f"{sign}{digits[:2]}:{digits[2:]}"


def _format(year: int, month: int, day: int, match: re.Match[str]) -> str:
    out = f"{year:04d}-{month:02d}-{day:02d}"
    hour = match.group("hour")
    if hour is None:
        return out
    h = int(hour)
    ampm = (match.group("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and h < 12:
        h += 12
    elif ampm == "am" and h == 12:
        h = 0
    out += f"T{h:02d}:{match.group('minute')}"
    if match.group("second"):
        out += f":{match.group('second')}"
    return out + _zone(match.group("zone"))


def _chinese_number(text: str) -> int:
    """一 .. 三十一 as an int (十 = 10, 十二 = 12, 二十 = 20)."""
    if "十" not in text:
        return int(text.translate(_CN_DIGITS))
    tens, _, ones = text.partition("十")
    return int(tens.translate(_CN_DIGITS) or 1) * 10 + int(ones.translate(_CN_DIGITS) or 0)


def _chinese_numerals(text: str) -> str:
    """二〇二四年五月十二日 -> 2024年5月12日 (other text unchanged)."""
    return _CN_DATE.sub(
        lambda m: (
            f"{m.group(1).translate(_CN_DIGITS)}年{_chinese_number(m.group(2))}月"
            f"{_chinese_number(m.group(3))}日"
        ),
        text,
    )


def month_first(language: str) -> bool:
    """True when numeric dates on a page in `language` (a BCP 47 tag) put the month first."""
    parts = language.replace("_", "-").lower().split("-")
    return len(parts) > 1 and parts[1] in _MONTH_FIRST_COUNTRIES


_ASCII_DIGIT = re.compile(r"[0-9]")
# What every pattern of `parse_date` but `_DOTTED_SHORT` needs: a year of the form
# `(?:19|20)\d\d`. Most digits on a page are no year (counts, times, prices): one search
# then spares the six patterns that would each scan the text in vain.
_YEAR = re.compile(r"(?:19|20)\d\d")


def parse_date(text: str, month_first: bool = False) -> str:
    """The first date (with time and zone when given) in `text` as ISO 8601; "" when none.

    `month_first` orders an ambiguous `05/01/2024` as May 1 (American pages); otherwise it is
    read day first. `16/05/2024` and `05/16/2024` are read the only way they can be.
    """
    if not text:
        return ""
    if "年" in text and _CN_DATE.search(text):
        text = _chinese_numerals(text)
    if not _ASCII_DIGIT.search(text):
        return ""  # every pattern below needs a year or a day written with ASCII digits
    if not _YEAR.search(text):
        return _short_dotted(text)  # what needs no four-digit year
    best: tuple[int, str] | None = None
    for pattern in (_NUMERIC, _EN_MDY, _DMY, _DOTTED):
        for match in pattern.finditer(text):
            year, day = int(match.group("year")), int(match.group("day"))
            if "mon" in match.groupdict():
                month = _MONTHS.get(match.group("mon").lower().rstrip("."), 0)
                if match.groupdict().get("mon2") and _MONTHS.get(match["mon2"].lower()) != month:
                    month = 0  # two names of two months: not a date
            else:
                month = int(match.group("month"))
            if _valid(year, month, day):
                if best is None or match.start() < best[0]:
                    best = (match.start(), _format(year, month, day, match))
                break
        if best is not None and pattern is _NUMERIC:
            return best[1]  # year-first numbers are unambiguous and the usual machine form
    for match in _SLASHED.finditer(text):
        if best is not None and match.start() > best[0]:
            break
        a, b, year = (int(match.group(k)) for k in ("a", "b", "year"))
        if a > 12 or (b <= 12 and not month_first):
            day, month = a, b
        else:
            month, day = a, b
        if _valid(year, month, day):
            best = (match.start(), _format(year, month, day, match))
            break
    if best is not None:
        return best[1]
    if found := _short_dotted(text):
        return found
    for match in _COMPACT.finditer(text):
        year, month, day = (int(match.group(k)) for k in ("year", "month", "day"))
        if _valid(year, month, day):
            return f"{year:04d}-{month:02d}-{day:02d}"
    return ""


def _short_dotted(text: str) -> str:
    """The first valid `30.10.23` date of `text` (`_DOTTED_SHORT`); "" when none."""
    if "." not in text:
        return ""
    for match in _DOTTED_SHORT.finditer(text):
        year, month, day = (
            2000 + int(match.group("year")),
            int(match.group("month")),
            int(match.group("day")),
        )
        if _valid(year, month, day):
            return _format(year, month, day, match)
    return ""


_RELATIVE_ZH = re.compile(
    r"(?P<n>\d+)\s*(?P<unit>秒|分钟|分鐘|小时|小時|天|日)前|(?P<word>刚刚|剛剛|今天|昨天|前天)"
    r"(?:\s*(?P<hour>[01]?\d|2[0-3])[:：](?P<minute>[0-5]\d))?"
)
_RELATIVE_EN = re.compile(
    r"\b(?P<n>\d+|an?|one)\s+(?P<unit>second|minute|min|hour|hr|day|week)s?\s+ago\b"
    r"|\b(?P<word>just now|today|yesterday)\b"
    r"(?:,?\s*(?:at\s+)?(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d))?",
    re.I,
)
_UNIT_SECONDS = {
    "秒": 1, "second": 1, "分钟": 60, "分鐘": 60, "minute": 60, "min": 60,
    "小时": 3600, "小時": 3600, "hour": 3600, "hr": 3600,
    "天": 86400, "日": 86400, "day": 86400, "week": 604800,
}  # fmt: skip
_WORD_DAYS = {
    "刚刚": 0, "剛剛": 0, "just now": 0, "今天": 0, "today": 0,
    "昨天": 1, "yesterday": 1, "前天": 2,
}  # fmt: skip


def reference_time(value: str) -> datetime | None:
    """A reference time from an HTTP Date header or an ISO 8601 stamp; None when unreadable."""
    value = value.strip()
    if not value:
        return None
    from email.utils import parsedate_to_datetime  # 7 ms to import (socket): only if needed

    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def parse_relative_date(text: str, reference: datetime | None) -> str:
    """A relative date (`3小时前`, `昨天 10:20`, `2 hours ago`) resolved against `reference`.

    Only the day is certain enough to report, unless the text gives a clock time; "" when the
    text holds no relative date or there is no reference time.
    """
    if reference is None or not text or len(text) > 80:
        return ""
    match = _RELATIVE_ZH.search(text) or _RELATIVE_EN.search(text)
    if not match:
        return ""
    word = (match.group("word") or "").lower()
    if word:
        when = reference - timedelta(days=_WORD_DAYS[word])
        if match.group("hour") is not None:
            return f"{when:%Y-%m-%d}T{int(match.group('hour')):02d}:{match.group('minute')}"
        return f"{when:%Y-%m-%d}"
    count = match.group("n").lower()
    n = 1 if count in ("a", "an", "one") else int(count)
    unit = match.group("unit").lower()
    return f"{reference - timedelta(seconds=n * _UNIT_SECONDS[unit]):%Y-%m-%d}"


_WEEKDAYS = (
    "monday mon tuesday tue tues wednesday wed thursday thu thurs friday fri saturday sat sunday "
    "sun montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi jeudi "
    "vendredi samedi dimanche lunes martes miércoles jueves viernes sábado domingo"
)
_DATE_LABELS = (
    "published posted updated last modified on at by am um uhr le publié mis à jour de del el "
    "veröffentlicht aktualisiert stand date datum fecha publicado actualizado of revision revised"
)
_DATE_WORDS = frozenset({*_MONTHS, *_WEEKDAYS.split(), *_DATE_LABELS.split()})
_WEEKDAY_WORDS = frozenset(_WEEKDAYS.split())


def weekday_name(word: str) -> bool:
    """Does a word name a day of the week (`Sun`, `Wednesday,`, `lundi`)?"""
    return word.lower().rstrip(".,") in _WEEKDAY_WORDS


# What a date line holds besides those words: ordinals, a.m./p.m., a zone, and Chinese labels
# and units in either script (no word boundaries in Han text).
_DATE_MARKS = lazy_compile(
    r"(?<=\d)(?:st|nd|rd|th|er)\b|\b[ap]\.?m\.?\b|\b(?:utc|gmt|[a-z][sd]t)\b"
    r"|发布|發佈|發布|发表|發表|时间|時間|日期|更新|星期[一二三四五六日天]|周[一二三四五六日]|"
    r"週[一二三四五六日]|[年月日号號时時点點分秒]",
    re.I,
)
_WORD = re.compile(r"[^\W\d_]+")


def _not_date_word(match: re.Match[str]) -> str:
    word = match.group(0)
    return "" if word.lower() in _DATE_WORDS else word


_NOT_WORD = re.compile(r"[\W\d_]+")
_HAN = re.compile(r"[\u3400-\u9fff]")
_DIGIT = re.compile(r"\d")


def date_line(text: str, month_first: bool = False) -> str:
    """The date of a short line that shows a date and nothing else but its labels, weekday and
    time (`August 28, 2025`, `Published: Tuesday 3 March 2024, 10:20 am`, `Mis à jour le 3 mars
    2024`, `发布时间：2024年5月12日 10:20`); "" for any other line."""
    if len(text) > 80 or not _DIGIT.search(text):
        return ""
    date = parse_date(text, month_first)
    if not date:
        return ""
    rest = _NOT_WORD.sub("", _WORD.sub(_not_date_word, _DATE_MARKS.sub(" ", text)))
    # Three letters of debris in Latin script; none in Han, where one word is two characters
    # (`今天是 2024年5月12日` is a masthead's today, not a date line).
    return date if len(rest) <= (0 if _HAN.search(rest) else 3) else ""


# A by-word before a name (`by`, `von`, `par`, `di`, `door`, `por`, `av`, `Written by`), particles
# inside one (`Nick van Mead`), and words that label a date or an event, never a name
# (`Closing Date 31.10.2023`, `Expires March 3, 2024`, `Super Bowl February 11, 2024`).
_BY_WORDS = frozenset(re.findall(r"\S+", "by von par por di door av written posted words text"))
_GLUED_BY = re.compile(r"(?:by|von|par|por|di|door|av)(?=[A-ZÀ-ÞА-Я])")
_PARTICLES = frozenset(re.findall(r"\S+", "van von der den de del della di da dos du le la y"))
_NOT_NAME_WORDS = frozenset(
    {
        *_DATE_WORDS,
        *re.findall(
            r"\S+",
            """date dates closing close closes deadline due expires expiry expiration expiring valid
            until effective copyright geändert aktualisiert modifié modifiée actualizado actualizada
            aggiornato bijgewerkt oppdatert uppdaterad release released issued opens open starts
            start ends end event events bowl cup final finals festival conference summit expo fair
            show concert race marathon tournament championship games olympics award awards election
            day week sale offer apply applications registration submission meeting session webinar
            today heute home news blog print share""",
        ),
    }
)


def _name_before_date(words: list[str]) -> bool:
    """True for the words of a person's name, after an optional by-word: two to four words
    with a capital then lower case (`Fred Hüning`, `Jean-Luc O'Neil`) or initials (`A. J.`),
    particles inside; no label or event word, no all-capital word (`LVIII`)."""
    while words and words[0].lower() in _BY_WORDS:
        words = words[1:]
    if words and (glued := _GLUED_BY.match(words[0])):
        words = [words[0][glued.end() :], *words[1:]]  # `vonFred Hüning`: inline tags joined
    if not 2 <= len(words) <= 4 or all(w.endswith(".") for w in words):
        return False
    for i, word in enumerate(words):
        if 0 < i < len(words) - 1 and word in _PARTICLES:
            continue
        letters = word.rstrip(".").replace("-", "").replace("'", "").replace("’", "")
        if (
            not letters.isalpha()
            or not word[0].isupper()
            or (len(letters) > 1 and not any(c.islower() for c in letters))
            or (len(letters) == 1 and not word.endswith("."))
            or word.rstrip(".").lower() in _NOT_NAME_WORDS
        ):
            return False
    return True


_YEAR = re.compile(r"(?:19|20)\d\d")
_INFO_SEP = re.compile(r"\s*(?:[•·・|]|\s[-–—]\s|(?<=\w)[-–—]\s|[,;](?=\s*[^\W\d_]{2,20}:))\s*")


_LABEL_WORDS = frozenset(_DATE_LABELS.split())


def date_label(text: str) -> bool:
    """True for a label that names a date (`Datum`, `Published on:`, `发布时间`)."""
    if len(text) > 30:
        return False
    rest = _DATE_MARKS.sub(" ", text)
    words = _WORD.findall(rest)
    return bool(words or rest != text) and all(w.lower() in _LABEL_WORDS for w in words)


def info_line_date(text: str, month_first: bool = False, after_name: bool = True) -> str:
    """The date of an info line under a headline whose parts are separated by `•`, `·`, `|`
    or dashes (or a comma before the next label: `Datum: 22.12.2012, Rubrik: USA`), one part
    being a date line (`Dec 26, 2025 • Jane Doe in Guides`, `23.07.2025 · 6 min read`,
    `EcoFlow- 2025/4/29`), or of a line that ends with a date line after a few words (a name:
    `Jane Doe March 3, 2024`; not with `after_name=False`); "" for any other line."""
    if len(text) > 100 or not _DIGIT.search(text):
        return ""
    date = date_line(text, month_first)
    if date:
        return date
    if _INFO_SEP.search(text):
        for part in _INFO_SEP.split(text):
            if date := date_line(part, month_first):
                return date
    # A name and the date with no separator between them (`von Fred Hüning 31.10.2023`,
    # `Jane Doe March 3, 2024`): a person's name (after a by-word, if any), then a date line
    # with one year (not `Health Dec 22, 2022 Updated: Jan 2, 2026`). A label or an event
    # before a date is not a name (`Closing Date 31.10.2023`, `Geändert am 31.10.2023`).
    words = text.split() if after_name else []
    for k in range(2, min(len(words), 7)):
        rest = " ".join(words[k:])
        if (
            _name_before_date(words[:k])
            and len(_YEAR.findall(rest)) == 1
            and (date := date_line(rest, month_first))
        ):
            return date
    return ""
