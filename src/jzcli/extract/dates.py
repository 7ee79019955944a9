"""Find a publication date in free text and write it as ISO 8601.

Handles what news pages show: `2021-06-16 08:40`, `2021/6/16`, `2021.06.16`, `2021年06月16日
08时40分`, ISO 8601 with a zone, RFC 2822 (`Wed, 16 Jun 2021 08:40:00 GMT`) and English
forms (`June 16, 2021`, `16 Jun 2021 8:40 pm`). A timezone is written only when the text
gives one; a time only when the text gives one.
"""

from __future__ import annotations

import re

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
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
_COMPACT = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)(?P<month>0[1-9]|1[0-2])(?P<day>0[1-9]|[12]\d|3[01])(?!\d)"
)
_EN_MDY = re.compile(
    rf"\b(?P<mon>{_MONTH_RE})\s+(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?,?\s+"
    rf"(?P<year>(?:19|20)\d\d)\b(?:\s*(?:at)?{_TIME})?",
    re.I,
)
_EN_DMY = re.compile(
    rf"\b(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH_RE}),?\s+"
    rf"(?P<year>(?:19|20)\d\d)\b(?:\s*(?:at)?{_TIME})?",
    re.I,
)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


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


def parse_date(text: str) -> str:
    """The first date (with time and zone when given) in `text` as ISO 8601; "" when none."""
    if not text:
        return ""
    for pattern in (_NUMERIC, _EN_MDY, _EN_DMY):
        for match in pattern.finditer(text):
            year, day = int(match.group("year")), int(match.group("day"))
            if "mon" in match.groupdict():
                month = _MONTHS[match.group("mon").lower().rstrip(".")]
            else:
                month = int(match.group("month"))
            if _valid(year, month, day):
                return _format(year, month, day, match)
    for match in _COMPACT.finditer(text):
        year, month, day = (int(match.group(k)) for k in ("year", "month", "day"))
        if _valid(year, month, day):
            return f"{year:04d}-{month:02d}-{day:02d}"
    return ""
