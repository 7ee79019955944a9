"""The ceiling of class a of the per-string benchmark: strings that no rule brings back while
it also brings back the conventional twins (a1, a2), keeps to the issue's rule (a4), or is
monotone over the chosen signals and converts no genuine text (a3).

    python benchmarks/encoding/strings_oracle.py        # figures
    python benchmarks/encoding/strings_oracle.py -v     # each proof printed

Class a of `../shared/bench/encoding` (a1 s2tw + readings + NFKC, a2 s2tw + readings, a3
s2tw only, a4 NFKC only), one string at a time, with the 815 controls that must not change.

- **a1 / a2**: a miss of `repair_text` is *impossible* when it has a *twin*: another
  original that the benchmark's damage turns into the same string and that differs from
  the gold. Two kinds of twin are tried: jz's own output (an original written with the
  other width of a mark, `（Thomas Piketty）`, `％`, `；`, a plain space), valid when
  OpenCC `s2tw` of it, NFKC'd for a1, equals the damaged string without its readings and
  its Han characters are the gold's (so the readings, put after a fixed set of converted
  characters, fall in the same places); and the damaged string itself read as genuine
  Traditional text (`s2tw` and NFKC leave it unchanged and it holds no reading, so it is
  its own damage). Each twin's convention is counted in the pairs' Chinese originals and
  the zh-cwce ground truth, both ways.
- **a4**: which a4 strings carry evidence beyond their ASCII marks (a Traditional
  character, a reading, a mark NFKC folds), and how many g5 controls (Chinese with ASCII
  marks that must stay) have the a4 shape (no such evidence, NFKC-stable, ending in 。).
  Strings without evidence stay by the issue's own rule; only those with a g5 control twin
  of their exact shape are also impossible.
- **a3**: every per-text signal jz computes (`jzcli.repair.origin`) and others, on the 150
  a3 strings and the 440 genuine Traditional texts (g2 and g4 Traditional controls, d1
  originals); the best recall with no genuine text converted, per signal, and for any
  monotone rule over all of them (an a3 string is reachable when no genuine text is at
  least as mainland-like on every signal): a bound measured for such rules over these
  signals, fitted to these 440 texts, not a proof.

The class figure is pooled over the class's pairs, as `score.py` aggregates a class.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import opencc

from jzcli.repair import repair_text
from jzcli.repair.origin import (
    _CORNER_QUOTES,
    _S2T_FORMS_RE,
    _evidence,
    _word_patterns,
    reads_back,
    simplified_re,
    traditional_re,
)
from jzcli.repair.text import repair_document

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "bench"
_S2TW = opencc.OpenCC("s2tw.json")
_S2TWP = opencc.OpenCC("s2twp.json")
_S2HK = opencc.OpenCC("s2hk.json")
_T2S = opencc.OpenCC("t2s.json")
_HAN = "\u3400-\u9fff"
_HAN_RE = re.compile(f"[{_HAN}]")
_READING_RE = re.compile(f"(?<=[{_HAN}])\\([a-zü\u00e0-\u01dc\u0300-\u036f]+\\)")
_FOLDED = "，？：；！（）％\u2002\u3000"

# Conventions, counted both ways in Chinese text (a pattern for the gold's form and for the
# twin's): a bracket around Latin words after a Han character, a percent sign after a digit,
# a semicolon between Han characters, a space between Han characters.
_CONVENTIONS = {
    "bracket": (
        re.compile(f"[{_HAN}]\\([A-Za-z][^()（）]*\\)"),
        re.compile(f"[{_HAN}]（[A-Za-z][^()（）]*）"),
    ),
    "percent": (re.compile(r"\d％"), re.compile(r"\d%")),
    "semicolon": (re.compile(f"[{_HAN}];[{_HAN}]"), re.compile(f"[{_HAN}]；[{_HAN}]")),
    "space": (re.compile(f"[{_HAN}]\u2002[{_HAN}]"), re.compile(f"[{_HAN}] [{_HAN}]")),
}

# Mainland words a Taiwan or Hong Kong writer says otherwise (general knowledge, not from
# the pairs), and marks of the Hong Kong standard.
_MAINLAND_WORDS = re.compile(
    "质量|互联网|软件|视频|默认|小区|网络|项目|在线|信息|数据|程序|支持|打印|鼠标|硬件|"
    "出租车|短信|博客|土豆|激光|方便面|自行车|服务器|网民|人工智能|大数据|云计算|物联网|"
    "高铁|快递|外卖|网购|点赞|刷卡|手机号|身份证号|微信|抖音|支付宝"
)


def _pairs() -> list[dict]:
    with (SHARED / "encoding" / "pairs.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _strip_readings(text: str) -> str:
    return _READING_RE.sub("", text)


def _han(text: str) -> str:
    return "".join(_HAN_RE.findall(text))


def _twin(pair: dict, out: str) -> tuple[str, str] | None:
    """(kind, twin) when an original other than the gold damages into the same string."""
    nfkc = pair["sub"].startswith("a1")
    damaged, gold = pair["damaged"], pair["original"]
    bare = _strip_readings(damaged)

    def damage(t: str) -> str:
        c = _S2TW.convert(t)
        return unicodedata.normalize("NFKC", c) if nfkc else c

    if out != gold and _han(out) == _han(gold) and damage(out) == bare:
        return "width", out
    if bare == damaged and damage(damaged) == damaged and damaged != gold:
        return "traditional", damaged
    return None


def _convention_kind(gold: str, twin: str) -> list[str]:
    kinds = []
    for name, (gold_re, _) in _CONVENTIONS.items():
        if len(gold_re.findall(gold)) > len(gold_re.findall(twin)):
            kinds.append(name)
    return kinds


def _corpora(pairs: list[dict]) -> dict[str, list[str]]:
    originals = sorted(
        {p["original"] for p in pairs if p["lang"] == "zh" and p["script"] in ("Hans", "Hant")}
    )
    truth = json.loads(
        (SHARED / "extraction" / "zh-cwce" / "ground-truth.json").read_text(encoding="utf-8")
    )
    paragraphs = [
        line
        for r in truth.values()
        for line in r.get("articleBody", "").split("\n")
        if line.strip()
    ]
    a1 = [p["original"] for p in pairs if p["sub"].startswith("a1")]
    return {
        "pairs' Chinese originals": originals,
        "zh-cwce ground truth": paragraphs,
        "a1 originals": a1,
    }


def part_a12(pairs: list[dict], outs: dict[str, str], verbose: bool) -> dict[str, dict]:
    corpora = _corpora(pairs)
    hant = [p for p in pairs if p["sub"].startswith(("g2", "g4_pinyin_zh_hant"))]
    hant_ascii = [
        p
        for p in pairs
        if p["control"] and p["script"] == "Hant" and re.search(f"[{_HAN}][,!?;:]", p["original"])
    ]
    figures: dict[str, dict] = {}
    for sub in ("a1", "a2"):
        group = [p for p in pairs if p["sub"].startswith(sub)]
        misses = [p for p in group if outs[p["id"]] != p["original"]]
        kinds: Counter[str] = Counter()
        impossible = 0
        for p in misses:
            found = _twin(p, outs[p["id"]])
            if found is None:
                kinds["no twin"] += 1
                continue
            impossible += 1
            kind, twin = found
            labels = _convention_kind(p["original"], twin) if kind == "width" else ["traditional"]
            kinds[" + ".join(labels) or "width, other"] += 1
            if verbose:
                print(f"{sub} {kind} {labels}\n  gold {p['original']}\n  twin {twin}")
        nfkc = sub == "a1"
        reproduced = sum(
            (unicodedata.normalize("NFKC", c) if nfkc else c) == _strip_readings(p["damaged"])
            for p in group
            for c in [_S2TW.convert(p["original"])]
        )
        figures[sub] = {
            "n": len(group),
            "damage model reproduced (s2tw, NFKC for a1, readings removed)": reproduced,
            "exact": len(group) - len(misses),
            "impossible": impossible,
            "ceiling": len(group) - impossible,
            "kinds": dict(kinds),
        }
    counts = {}
    for name, (gold_re, twin_re) in _CONVENTIONS.items():
        counts[name] = {
            c: (
                sum(len(gold_re.findall(t)) for t in texts),
                sum(len(twin_re.findall(t)) for t in texts),
            )
            for c, texts in corpora.items()
        }
    figures["conventions"] = counts
    figures["traditional controls"] = {
        "Traditional controls (g2, g4)": len(hant),
        "Traditional controls (any g) with an ASCII ,!?;: after a Han character": len(hant_ascii),
    }
    return figures


def _a4_shape(text: str) -> tuple[bool, bool]:
    """(evidence beyond ASCII marks, the a4 shape: no evidence, NFKC-stable, ends in 。)"""
    evidence = bool(
        len(traditional_re().findall(text)) > len(simplified_re().findall(text))
        or _READING_RE.search(text)
        or any(c in text for c in _FOLDED)
        or unicodedata.normalize("NFKC", text) != text
    )
    return evidence, (not evidence) and text.endswith("。")


def part_a4(pairs: list[dict], outs: dict[str, str]) -> dict[str, int]:
    a4 = [p for p in pairs if p["sub"].startswith("a4")]
    g5 = [p for p in pairs if p["sub"].startswith("g5")]
    ascii_between = re.compile(f"[{_HAN}][,?:;!()]|[,?:;!()][{_HAN}]")
    return {
        "a4": len(a4),
        "a4 exact (jz)": sum(outs[p["id"]] == p["original"] for p in a4),
        "a4 with evidence beyond ASCII marks": sum(_a4_shape(p["damaged"])[0] for p in a4),
        "a4 in the a4 shape": sum(_a4_shape(p["damaged"])[1] for p in a4),
        "g5 controls": len(g5),
        "g5 with no full-width mark": sum(not any(c in p["original"] for c in _FOLDED) for p in g5),
        "g5 with no evidence and NFKC-stable": sum(not _a4_shape(p["original"])[0] for p in g5),
        "g5 in the a4 shape (also ends in 。)": sum(_a4_shape(p["original"])[1] for p in g5),
        "g5 in the a4 shape with an ASCII mark beside Han": sum(
            _a4_shape(p["original"])[1] and bool(ascii_between.search(p["original"])) for p in g5
        ),
        # Any a4 string with a g5 control of its shape (no evidence, NFKC-stable, ASCII mark
        # beside Han, same last character): a rule restoring it changes that control.
        "a4 with a g5 control of its shape": sum(
            any(_signature(c["original"]) == _signature(p["damaged"]) for c in g5) for p in a4
        ),
    }


def _signature(text: str) -> tuple[bool, bool, str]:
    ascii_between = re.compile(f"[{_HAN}][,?:;!()]|[,?:;!()][{_HAN}]")
    return _a4_shape(text)[0], bool(ascii_between.search(text)), text[-1:]


def _signals(text: str) -> dict[str, int]:
    """Per-text signals, oriented so that more is more mainland-like."""
    in_group, shared, outside = _word_patterns()
    simple = _T2S.convert(text)
    ev = _evidence([text])
    tw = _S2TW.convert(_T2S.convert(text))
    return {
        "jz points": ev[0] if ev else -9,
        "in-group words": len(set(in_group.findall(simple))),
        "shared words": len(set(shared.findall(simple))),
        "no outside word": int(not outside.search(simple)),
        "no corner quotes": int(not _CORNER_QUOTES.search(text)),
        "“” quotes": int("“" in text or "”" in text),
        "s2t-only forms": int(bool(_S2T_FORMS_RE.search(text))),
        "round trip s2tw": int(reads_back(text, "s2tw")),
        "round trip s2t": int(reads_back(text, "s2t")),
        "round trip s2hk": int(reads_back(text, "s2hk")),
        "round trips (count)": sum(reads_back(text, c) for c in ("s2tw", "s2t", "s2hk")),
        "s2twp differs (no Taiwan phrasing)": int(_S2TWP.convert(simple) != text and tw == text),
        "s2tw forms where s2hk differs": int(_S2HK.convert(simple) != text and tw == text),
        "mainland words (list)": len(set(_MAINLAND_WORDS.findall(simple))),
        "no Simplified-only char": int(not simplified_re().search(text)),
        "all in Big5": int(_in_big5(text)),
    }


def _in_big5(text: str) -> bool:
    try:
        text.encode("big5")
    except UnicodeEncodeError:
        return False
    return True


def part_a3(pairs: list[dict], outs: dict[str, str]) -> dict:
    a3 = [p for p in pairs if p["sub"].startswith("a3")]
    genuine = [p["original"] for p in pairs if p["sub"].startswith(("g2", "g4_pinyin_zh_hant"))] + [
        p["original"] for p in pairs if p["sub"].startswith("d1")
    ]
    exact_when_decided = {
        p["id"]: repair_document([p["damaged"]], "simplified")[0][0] == p["original"] for p in a3
    }
    sa = [_signals(p["damaged"]) for p in a3]
    sg = [_signals(t) for t in genuine]
    names = list(sa[0])
    per_signal = {}
    for name in names:
        top = max(s[name] for s in sg)
        above = [i for i, s in enumerate(sa) if s[name] > top]
        per_signal[name] = {
            "genuine max": top,
            "a3 above it": len(above),
            "exact": sum(exact_when_decided[a3[i]["id"]] for i in above),
        }
    # Any monotone rule over all signals: reachable when no genuine text dominates.
    reachable = [
        i for i, s in enumerate(sa) if not any(all(g[n] >= s[n] for n in names) for g in sg)
    ]
    # Rules of one or two thresholds (signal >= value, both) that no genuine text passes;
    # the best one, and a greedy union of such rules.
    rules: list[tuple[str, set[int]]] = []
    values = {n: sorted({s[n] for s in sa}) for n in names}
    for i, n1 in enumerate(names):
        for n2 in names[i:]:
            for t1 in values[n1]:
                for t2 in values[n2]:
                    if any(g[n1] >= t1 and g[n2] >= t2 for g in sg):
                        continue
                    hit = {k for k, s in enumerate(sa) if s[n1] >= t1 and s[n2] >= t2}
                    if hit:
                        rules.append((f"{n1} >= {t1} and {n2} >= {t2}", hit))
    best = max(rules, key=lambda r: len(r[1]))
    covered: set[int] = set()
    chosen = []
    while True:
        rule = max(rules, key=lambda r: len(r[1] - covered))
        if not rule[1] - covered:
            break
        chosen.append(rule[0])
        covered |= rule[1]
    return {
        "a3": len(a3),
        "a3 exact (jz)": sum(outs[p["id"]] == p["original"] for p in a3),
        "genuine texts": len(genuine),
        "genuine converted by jz": sum(repair_text(t) != t for t in genuine),
        "a3 exact when all are converted (script=simplified)": sum(exact_when_decided.values()),
        "per signal (converted while no genuine text reaches the value)": per_signal,
        "best rule of one or two thresholds": [best[0], len(best[1])],
        "greedy union of such rules: a3 converted": len(covered),
        "greedy union: rules": chosen,
        "greedy union: exact": sum(exact_when_decided[a3[i]["id"]] for i in covered),
        "any monotone rule: a3 reachable": len(reachable),
        "any monotone rule: a3 reachable and exact": sum(
            exact_when_decided[a3[i]["id"]] for i in reachable
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = parser.parse_args(argv)
    pairs = _pairs()
    outs = {p["id"]: repair_text(p["damaged"]) for p in pairs if p["cls"] == "a"}
    a12 = part_a12(pairs, outs, args.verbose)
    a4 = part_a4(pairs, outs)
    a3 = part_a3(pairs, outs)
    n = {s: sum(p["sub"].startswith(s) for p in pairs) for s in ("a1", "a2", "a3", "a4")}
    ceilings = {
        "a1": a12["a1"]["ceiling"],
        "a2": a12["a2"]["ceiling"],
        "a3": a3["any monotone rule: a3 reachable and exact"],
        "a4": a4["a4 with evidence beyond ASCII marks"],
    }
    exact = {
        "a1": a12["a1"]["exact"],
        "a2": a12["a2"]["exact"],
        "a3": a3["a3 exact (jz)"],
        "a4": a4["a4 exact (jz)"],
    }
    total = sum(n.values())
    figures = {
        "a1/a2": a12,
        "a4": a4,
        "a3": a3,
        "class a": {
            "per sub-class ceiling": {
                s: f"{ceilings[s]}/{n[s]} = {100 * ceilings[s] / n[s]:.1f} %" for s in n
            },
            "per sub-class jz": {
                s: f"{exact[s]}/{n[s]} = {100 * exact[s] / n[s]:.1f} %" for s in n
            },
            "ceiling (pooled, as score.py)": round(100 * sum(ceilings.values()) / total, 1),
            "jz (pooled)": round(100 * sum(exact.values()) / total, 1),
            "mean of sub-class ceilings": round(sum(100 * ceilings[s] / n[s] for s in n) / 4, 1),
        },
    }
    text = json.dumps(figures, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
