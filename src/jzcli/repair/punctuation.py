"""Full-width punctuation between CJK characters, where NFKC flattened it to ASCII."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from jzcli.patterns import lazy_compile
from jzcli.repair.plausibility import HAN_CLASS, HAN_RE

# What counts as Chinese context: Han, CJK punctuation and full-width forms, and the
# curly quotes, ellipsis and dashes Chinese text uses.
_CJK = f"{HAN_CLASS}\u3000-\u303f\uff00-\uffef“”‘’…—·"
_CJK_RE = lazy_compile(f"[{_CJK}]")
_FULLWIDTH_PUNCT_RE = re.compile("[，？：；！（）]")
_ASCII_PUNCT_RE = re.compile(r"[,?:;!()]")
# The characters `restore_fullwidth_punct` looks at: the ASCII marks and the brackets of
# both widths (a text is walked mark by mark, not character by character).
_MARK_OR_BRACKET_RE = re.compile("[,?:;!()（）]")
_WIDE = {",": "，", "?": "？", ":": "：", ";": "；", "!": "！", "(": "（", ")": "）"}
# NFKC writes `...` for each `…`: a run of dots that is no such multiple (`.....`) is
# the writer's.
_ELLIPSIS_RE = re.compile(r"(?<!\.)(?:\.\.\.)+(?!\.)")
# A mark next to CJK text on at least one side. The pattern starts with the mark, so the
# engine skips to the few marks of a text instead of testing the lookbehind's class of
# thousands of characters at every position (the same matches as
# `(?<=[CJK])[,?:;!()]|[,?:;!()](?=[CJK])`).
_NEAR_CJK_RE = re.compile(f"[,?:;!()](?:(?<=[{_CJK}].)|(?=[{_CJK}]))")


def has_fullwidth_punct(text: str) -> bool:
    """Whether the text has any of ，？：；！（） (then its ASCII marks are deliberate)."""
    return _FULLWIDTH_PUNCT_RE.search(text) is not None


def has_flattened_punct(text: str) -> bool:
    """Whether an ASCII ,?:;!() sits next to a CJK character."""
    return _NEAR_CJK_RE.search(text) is not None


def has_flattened_marks(text: str) -> bool:
    """`has_flattened_punct`, or a `...` (NFKC's form of `…`) next to a CJK character."""
    if _NEAR_CJK_RE.search(text) is not None:
        return True
    return "..." in text and any(
        _ellipsis(m, text) != m.group() for m in _ELLIPSIS_RE.finditer(text)
    )


# Chinese marks NFKC leaves as they are: a text that has them was typed with Chinese
# punctuation on.
_KEPT_MARKS_RE = re.compile("[。、“”《》]")
# How much a document must hold before its marks alone say NFKC flattened them: ASCII marks
# next to Chinese, and marks NFKC keeps (。、“”《》), across several texts or sentences.
FLAT_MIN_MARKS = 20
FLAT_MIN_KEPT = 5


def marks_flattened(texts: Sequence[str]) -> bool:
    """Whether a document's marks read as flattened: it writes the Chinese marks NFKC keeps
    (。、“”) and never one of ，？：；！（）, with many ASCII ,?:;!() next to Chinese instead.
    (`nfkc_flattened` asks, besides, that nothing else of it reads as NFKC's work.)"""
    chinese = [t for t in texts if HAN_RE.search(t)]
    if not chinese or any(map(has_fullwidth_punct, chinese)):
        return False
    if sum(len(_NEAR_CJK_RE.findall(t)) for t in chinese) < FLAT_MIN_MARKS:
        return False
    return sum(len(_KEPT_MARKS_RE.findall(t)) for t in chinese) >= FLAT_MIN_KEPT


def nfkc_flattened(texts: Sequence[str]) -> bool:
    """Whether a document as a whole reads as NFKC output of Chinese text: it writes the
    Chinese marks NFKC keeps (。、“”) and never one of those it flattens (，？：；！（）),
    with many ASCII ,?:;!() next to Chinese instead, and no character at all that NFKC
    would change (NFKC's output is NFKC-stable; a person's text has its ％, full-width
    space or digits). A writer who switches to ASCII marks writes `.` too; one sentence
    like that is no evidence (`同时,大力引进…增收。`), so the counts are for a document."""
    return marks_flattened(texts) and all(unicodedata.is_normalized("NFKC", t) for t in texts)


def writes_fullwidth_marks(texts: Sequence[str]) -> bool:
    """Whether a document's Chinese text is typed with full-width marks: a paragraph of
    Chinese (8 Han characters or more) writes one of ，？：；！（）."""
    return any(has_fullwidth_punct(t) and len(HAN_RE.findall(t)) >= 8 for t in texts)


def is_cjk(ch: str) -> bool:
    """Whether a character is Chinese text: Han, CJK punctuation, full-width forms."""
    return bool(ch) and _CJK_RE.match(ch) is not None


# Marks Chinese and English text share (curly quotes, ellipsis, dashes): between one of
# them and a Latin letter a mark ends or starts English (`world!”`), beside a digit or
# other mark it is Chinese (`(4)“六、四”`).
_SHARED_MARKS = "“”‘’…—·"


def _beside_chinese(left: str, right: str) -> bool:
    """Whether a mark between `left` and `right` sits in Chinese text."""
    for one, other in ((left, right), (right, left)):
        if is_cjk(one) and not (one in _SHARED_MARKS and other.isascii() and other.isalpha()):
            return True
    return False


def _in_chinese_word(text: str, i: int) -> bool:
    """Whether the mark at `i` has no space on either side and the run of text without
    spaces around it holds Chinese (`skype,256内存`): English puts a space after , and ;."""
    if i == 0 or i + 1 >= len(text) or text[i - 1].isspace() or text[i + 1].isspace():
        return False
    start = max((text.rfind(c, 0, i) for c in " \t\n\u3000"), default=-1) + 1
    ends = [e for c in " \t\n\u3000" if (e := text.find(c, i)) >= 0]
    end = min(ends) if ends else len(text)
    return _CJK_RE.search(text, start, end) is not None


# Where a URL starts: a scheme's `://` or `www.`. It runs to a space, a Chinese mark or
# `,;!` (which URLs seldom hold), or a `)` it did not open; Han in its path is its own.
_URL_START_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://|(?<![A-Za-z0-9.])www\.", re.I)
# A regular expression's group (`(?:`, `(?=`, `(?!`, `(?<=`, `(?P<`).
_REGEX_GROUP_RE = re.compile(r"\(\?(?:[:=!>]|<[=!]?|P<)")
# An emoticon: a colon or semicolon, maybe a nose, and a bracket nothing pairs with (`:)`).
_EMOTICON_RE = re.compile(r"[:;]-?[()]")
# A ? after one of these ends a question (`是吗?但是`), it stands for no lost character.
_QUESTION_PARTICLES = frozenset("吗呢么吧嘛")


def _url_positions(text: str, protected: set[int]) -> None:
    for m in _URL_START_RE.finditer(text):
        depth = 0
        k = m.start()
        while k < len(text):
            ch = text[k]
            if ch.isspace() or ch in ",;!" or (is_cjk(ch) and not HAN_RE.match(ch)):
                break
            if ch == "(":
                depth += 1
            elif ch == ")":
                if not depth:
                    break
                depth -= 1
            protected.add(k)
            k += 1


def _bracket_partners(
    chars: Sequence[str], protected: set[int], brackets: Sequence[int]
) -> dict[int, int]:
    """Each bracket's partner (ASCII and full-width brackets pair with each other);
    `brackets`: the positions of the brackets, in order."""
    partner: dict[int, int] = {}
    stack: list[int] = []
    for i in brackets:
        if i in protected:
            continue
        if chars[i] in "(（":
            stack.append(i)
        elif stack:
            start = stack.pop()
            partner[start], partner[i] = i, start
    return partner


def _is_code_call(text: str, start: int, end: int) -> bool:
    """Whether ASCII brackets at `start`, `end` are a call or an index in code or maths:
    the opening one right after a Latin letter or digit, no Han inside (`f(x)`, `a(1)`)."""
    before = text[start - 1] if start else ""
    return (
        before.isascii()
        and (before.isalnum() or before == "_")
        and HAN_RE.search(text, start + 1, end) is None
    )


def _may_be_lost(ch: str, left: str, right: str) -> bool:
    """Whether a writer's ASCII ? or ! between Han may stand for a character the encoding
    lost (`生活?读书`), not for a mark: not a ? after a question particle (`是吗?但是`)."""
    if ch not in "?!" or not HAN_RE.match(left) or not HAN_RE.match(right):
        return False
    return not (ch == "?" and left in _QUESTION_PARTICLES)


def restore_fullwidth_punct(text: str, slips: bool = False) -> tuple[str, int]:
    """Turn ASCII ,?:;!() next to CJK characters into ，？：；！（）; count the changes.

    A URL's marks, a regular expression's group, an emoticon (`:)`) and a call in code or
    maths (`f(x)`) stay ASCII. `slips` says the text's document is typed with full-width
    marks and was not flattened: its ASCII marks are the writer's slips, and a ? or ! with
    Han right on both sides stays (it is as likely a character the encoding lost:
    `生活?读书?新知`) unless a question particle comes before the ? (`是吗?但是`)."""
    if not _ASCII_PUNCT_RE.search(text) and "..." not in text:
        return text, 0
    chars = list(text)
    protected: set[int] = set()
    if "://" in text or "www." in text.lower():
        _url_positions(text, protected)
    marks = [m.start() for m in _MARK_OR_BRACKET_RE.finditer(text)]
    partner = _bracket_partners(chars, protected, [i for i in marks if chars[i] in "()（）"])
    regex_groups: set[int] = set()
    if "(?" in text:
        for m in _REGEX_GROUP_RE.finditer(text):
            protected.update(range(m.start(), m.end()))
            regex_groups.add(m.start())
    for m in _EMOTICON_RE.finditer(text):
        if m.end() - 1 not in partner:
            protected.update(range(m.start(), m.end()))
    convert = [False] * len(chars)
    narrow: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for i in marks:
        ch = chars[i]
        if ch == "）" and i in partner and chars[partner[i]] == "(":
            # A full-width bracket pairs with an ASCII one as well: `（猜一猜?)` is one pair.
            convert[partner[i]] = partner[i] not in protected
            continue
        if ch not in _WIDE or i in protected:
            continue
        left = chars[i - 1] if i else ""
        right = chars[i + 1] if i + 1 < len(chars) else ""
        if left.isdigit() and right.isdigit():
            continue  # 1,000 and 10:30 stay ASCII
        if slips and _may_be_lost(ch, left, right):
            continue
        convert[i] = _beside_chinese(left, right) or (ch in ",;" and _in_chinese_word(text, i))
        if ch == ")" and i in partner:
            start = partner[i]
            if start in regex_groups:
                convert[i] = False  # the group `(?:中文)` closes in ASCII
            elif chars[start] == "（":
                convert[i] = True
            elif _is_code_call(text, start, i):
                convert[i] = convert[start] = False
                narrow.update((start, i))
            else:
                pairs.append((start, i))
    # A bracket pair is either wide or narrow: `(Gloria Allred)` between Han goes wide.
    for start, end in pairs:
        if convert[start] or convert[end]:
            convert[start] = convert[end] = True
    # A mark right after a bracket that went wide sits in Chinese text too: `）,iTunes`.
    for i in marks:
        ch = chars[i]
        if ch in _WIDE and ch not in "()" and not convert[i] and i not in protected:
            before, after = i - 1, i + 1
            if (before >= 0 and chars[before] in "()" and convert[before]) or (
                after < len(chars) and chars[after] in "()" and convert[after]
            ):
                convert[i] = not (
                    0 < i < len(chars) - 1 and chars[i - 1].isdigit() and chars[i + 1].isdigit()
                )
    count = 0
    for i in marks:  # (only marks are set to convert)
        if convert[i] and i not in narrow:
            chars[i] = _WIDE[chars[i]]
            count += 1
    out = "".join(chars)
    if "..." in out:
        out, n = _ELLIPSIS_RE.subn(lambda m: _ellipsis(m, out), out)
        count += n
    return out, count


def _ellipsis(m: re.Match[str], text: str) -> str:
    left = text[m.start() - 1] if m.start() else ""
    right = text[m.end()] if m.end() < len(text) else ""
    if is_cjk(left) or is_cjk(right):
        return "…" * (len(m.group()) // 3)
    return m.group()
