"""Damage the clean test articles the way the seed page was damaged; writes *.damaged.txt.

Run from the repo root with the dev environment: `python tests/data/make_damaged.py`.
The damage: Simplified -> Traditional (OpenCC s2t), a bracketed pinyin reading after a fixed
half of the converted characters, CJK punctuation flattened to ASCII, the body printed twice,
a newspaper byline, a breadcrumb line and table/image/navigation/disclaimer debris.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import opencc
from pypinyin import Style, pinyin

HERE = Path(__file__).parent / "articles"
FLATTEN = str.maketrans(dict(zip("，？：；！（）", ",?:;!()")))
S2T = opencc.OpenCC("s2t")


def damage(text: str) -> str:
    """Traditional script, pinyin after some converted characters, ASCII punctuation."""
    converted = S2T.convert(text)
    out = []
    for simp, trad in zip(text, converted):
        out.append(trad)
        if simp != trad and zlib.crc32(trad.encode()) % 2 == 0:
            out.append("(" + pinyin(simp, style=Style.TONE)[0][0] + ")")
    return "".join(out).translate(FLATTEN)


def build(spec: dict) -> str:
    crumb = "您现在的位置: " + " > ".join(spec["trail"]) + " > 正文 |"
    body = [damage(p) for p in spec["paragraphs"]]
    lines = [damage(spec["byline"]), "![]() |", damage(crumb)]
    lines += [damage(x) for x in spec["debris_top"]]
    lines += body + [damage(x) for x in spec["debris_bottom"]] + body
    lines += [damage(x) for x in spec["debris_bottom"]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    for path in sorted(HERE.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        path.with_suffix(".damaged.txt").write_text(build(spec), encoding="utf-8")
        print("wrote", path.with_suffix(".damaged.txt"))
