#!/usr/bin/env python3
"""Verify unseen-21-questions.json against the CND Chair's summaries document.

Document path: $REPO/corpus/cnd-chairs-summaries-2019-2023.md if REPO is set,
otherwise /work/shared/corpus/cnd-chairs-summaries-2019-2023.md.
Questions path: $QFILE if set, otherwise unseen-21-questions.json next to this script.
Relative REPO / QFILE values are resolved against this script's own folder.
Standard library only. Prints "OK: all checks passed" or the failures (exit 1).
"""
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
DOC_NAME = "cnd-chairs-summaries-2019-2023.md"
DEFAULT_DOC = "/work/shared/corpus/" + DOC_NAME
ROMAN_YEAR = {"I": 2019, "II": 2020, "III": 2021, "IV": 2022, "V": 2023}
YEARS = (2019, 2020, 2021, 2022, 2023)

KIND_COUNTS = {
    "everyday": 36, "typo": 15, "near-miss": 36, "factoid": 15,
    "paraphrase": 10, "topic-year": 8, "not-covered": 10,
    "conversation": 10, "year-conflict": 5, "other-language": 8,
}
TOTAL = 153
KIND_EXPECTED = {
    "everyday": {"answered"}, "typo": {"answered"}, "near-miss": {"related"},
    "factoid": {"answered"}, "paraphrase": {"answered"},
    "topic-year": {"answered"}, "not-covered": {"not_covered"},
    "conversation": {"answered", "not_covered"},
    "year-conflict": {"answered"}, "other-language": {"answered"},
}
ALLOWED_FIELDS = {"id", "kind", "question", "year", "gold", "fact", "expected",
                  "history", "filterYear", "note"}
REQUIRED_FIELDS = {"id", "kind", "question", "year", "gold", "expected"}
LANG_COUNTS = {"fr": 2, "es": 2, "ru": 2, "zh": 1, "ar": 1}

CHAPTER_RE = re.compile(r"^[#\s*]*(I|II|III|IV|V)\.\s+Chair.s summary on the thematic discussions")
PARA_RE = re.compile(r"^(\d+)\.\s+(.*)$")
SECTION_RE = re.compile(r"^(?:-\s+)?\**\s*\(([a-zA-Z]{1,2})\)\s*\**")
FOOTNOTE_RE = re.compile(r"^<sup>\d+</sup>")


def resolve(p):
    return p if os.path.isabs(p) else os.path.normpath(os.path.join(HERE, p))


def doc_path():
    repo = os.environ.get("REPO")
    if repo:
        return os.path.join(resolve(repo), "corpus", DOC_NAME)
    return DEFAULT_DOC


def norm(s):
    return re.sub(r"\s+", " ", s.replace("**", "")).strip()


def parse(path):
    """Return {year: {n: text}} and list of (year, [numbers in order])."""
    chapters = {}
    order = {}
    year = None
    cur = None
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        m = CHAPTER_RE.match(line)
        if m and "....." not in line:
            year = ROMAN_YEAR[m.group(1)]
            if year in chapters:
                raise ValueError("chapter %s found twice" % year)
            chapters[year] = {}
            order[year] = []
            cur = None
            continue
        if year is None:
            continue  # front matter and contents
        if line.startswith("#"):
            continue  # headings (A. Background, B. ..., C. Way forward, ...)
        if FOOTNOTE_RE.match(line) or re.fullmatch(r"-{3,}", line):
            continue  # footnotes and rules
        if SECTION_RE.match(line):
            continue  # section titles like (b) ..., - (g) **Thematic Session...
        if line.startswith("**") and line.endswith("**"):
            continue  # fully bold title lines (e.g. **Day 2: 24 October 2023**)
        m = PARA_RE.match(line)
        if m:
            n = int(m.group(1))
            order[year].append(n)
            if n in chapters[year]:
                raise ValueError("paragraph %s.%s found twice" % (year, n))
            chapters[year][n] = m.group(2)
            cur = n
            continue
        if cur is not None:  # continuation or bullet line
            chapters[year][cur] += " " + line
    return chapters, order


def lang_of(q):
    if re.search(r"[\u0400-\u04FF]", q):
        return "ru"
    if re.search(r"[\u4E00-\u9FFF]", q):
        return "zh"
    if re.search(r"[\u0600-\u06FF]", q):
        return "ar"
    low = q.lower()
    words = set(re.findall(r"[a-zà-ÿ']+", low))
    if "¿" in q or "¡" in q or words & {"qué", "cuál", "cuáles", "cómo", "dónde", "según",
                                          "sobre", "los", "las", "del", "se", "y", "fue", "hubo"}:
        if not words & {"quel", "quelle", "quels", "quelles", "ont", "été", "est-ce", "des"}:
            return "es"
    if words & {"quel", "quelle", "quels", "quelles", "ont", "été", "des", "les", "pour",
                "qu'a", "qu'ont", "est"} or "est-ce" in low or "qu'" in low:
        return "fr"
    return "en"


YEAR_TOKEN_RE = re.compile(r"(?<!\d)(2019|2020|2021|2022|2023)(?!\d)")
EXEMPT_RE = re.compile(r"2019 (Ministerial Declaration|workplan|déclaration)|"
                       r"(2019|2020|2021|2022|2023) World Drug Report", re.I)


def check(qpath, dpath):
    fails = []
    try:
        chapters, order = parse(dpath)
    except Exception as e:  # noqa
        return ["cannot parse document %s: %s" % (dpath, e)]
    for y in YEARS:
        if y not in chapters:
            fails.append("chapter %s not found" % y)
            continue
        nums = order[y]
        if nums != list(range(1, len(nums) + 1)):
            missing = sorted(set(range(1, max(nums or [0]) + 1)) - set(nums))
            fails.append("chapter %s numbering not 1..n (missing %s, order %s...)"
                         % (y, missing, nums[:5]))
    paras = {(y, n): norm(t) for y, ch in chapters.items() for n, t in ch.items()}

    try:
        with open(qpath, encoding="utf-8") as f:
            data = json.load(f)
    except Exception as e:  # noqa
        return fails + ["cannot read questions %s: %s" % (qpath, e)]
    if not isinstance(data, list):
        return fails + ["top level is not an array"]
    if len(data) != TOTAL:
        fails.append("expected %d questions, found %d" % (TOTAL, len(data)))

    kinds = Counter()
    conv = Counter()
    langs = Counter()
    seen_q = set()
    for i, q in enumerate(data):
        want_id = "d%03d" % (i + 1)
        if not isinstance(q, dict):
            fails.append("item %d is not an object" % i)
            continue
        qid = q.get("id")
        tag = str(qid)
        if qid != want_id:
            fails.append("%s: id out of order (expected %s)" % (tag, want_id))
        extra = set(q) - ALLOWED_FIELDS
        if extra:
            fails.append("%s: unknown fields %s" % (tag, sorted(extra)))
        missing = REQUIRED_FIELDS - set(q)
        if missing:
            fails.append("%s: missing fields %s" % (tag, sorted(missing)))
            continue
        kind, text, exp, year, gold = q["kind"], q["question"], q["expected"], q["year"], q["gold"]
        if kind not in KIND_COUNTS:
            fails.append("%s: unknown kind %r" % (tag, kind))
            continue
        kinds[kind] += 1
        if not isinstance(text, str) or not text.strip():
            fails.append("%s: empty question" % tag)
            continue
        if text in seen_q:
            fails.append("%s: duplicate question text" % tag)
        seen_q.add(text)
        if exp not in KIND_EXPECTED[kind]:
            fails.append("%s: expected %r not allowed for kind %s" % (tag, exp, kind))
        if year is not None and year not in YEARS:
            fails.append("%s: bad year %r" % (tag, year))
        # year must be named by the question (or its conversation history)
        hist_text = " ".join(h.get("question", "") for h in q.get("history", [])
                             if isinstance(h, dict))
        if year in YEARS and str(year) not in text and str(year) not in hist_text:
            fails.append("%s: year %s not named in question/history" % (tag, year))
        stripped = EXEMPT_RE.sub("", text)
        named = set(int(t) for t in YEAR_TOKEN_RE.findall(stripped))
        if named and year is None:
            fails.append("%s: question names year(s) %s but year is null" % (tag, sorted(named)))
        # gold
        if not isinstance(gold, list):
            fails.append("%s: gold not a list" % tag)
            gold = []
        keys = []
        for g in gold:
            if not isinstance(g, dict) or set(g) != {"year", "paragraph"}:
                fails.append("%s: bad gold entry %r" % (tag, g))
                continue
            k = (g["year"], g["paragraph"])
            if k not in paras:
                fails.append("%s: gold %s.%s does not exist" % (tag, k[0], k[1]))
            if k in keys:
                fails.append("%s: duplicate gold %s.%s" % (tag, k[0], k[1]))
            keys.append(k)
        if exp == "not_covered":
            if gold:
                fails.append("%s: not_covered must have empty gold" % tag)
        elif not gold:
            fails.append("%s: gold empty" % tag)
        # fact
        if exp == "answered":
            fact = q.get("fact")
            if not isinstance(fact, str):
                fails.append("%s: answered question lacks fact" % tag)
            else:
                nf = norm(fact)
                nw = len(nf.split())
                if not 2 <= nw <= 8:
                    fails.append("%s: fact has %d words" % (tag, nw))
                if keys and keys[0] in paras and nf not in paras[keys[0]]:
                    fails.append("%s: fact %r not in first gold %s.%s"
                                 % (tag, fact, keys[0][0], keys[0][1]))
            if year in YEARS and keys and keys[0][0] != year:
                fails.append("%s: first gold year %s != question year %s"
                             % (tag, keys[0][0], year))
        elif "fact" in q:
            fails.append("%s: non-answered question has fact" % tag)
        # history
        if kind == "conversation":
            conv[exp] += 1
            h = q.get("history")
            if not isinstance(h, list) or not 1 <= len(h) <= 2:
                fails.append("%s: conversation needs 1-2 history turns" % tag)
            else:
                for t in h:
                    if (not isinstance(t, dict) or set(t) != {"question"}
                            or not isinstance(t["question"], str) or not t["question"].strip()):
                        fails.append("%s: bad history turn %r" % (tag, t))
        elif "history" in q:
            fails.append("%s: history on non-conversation kind" % tag)
        # filterYear
        if kind == "year-conflict":
            fy = q.get("filterYear")
            if fy not in YEARS:
                fails.append("%s: bad/missing filterYear %r" % (tag, fy))
            if year not in YEARS:
                fails.append("%s: year-conflict must name a year" % tag)
            elif fy == year:
                fails.append("%s: filterYear equals year" % tag)
            if any(k[0] != year for k in keys):
                fails.append("%s: year-conflict gold not all from named year" % tag)
        elif "filterYear" in q:
            fails.append("%s: filterYear on non-year-conflict kind" % tag)
        # typo
        if kind == "typo":
            nw = len(text.split())
            if text != text.lower():
                fails.append("%s: typo query not lowercase" % tag)
            if not 2 <= nw <= 5:
                fails.append("%s: typo query has %d words" % (tag, nw))
        # topic-year
        if kind == "topic-year":
            m = re.fullmatch(r"What was said about (.+) in (\d{4})\?", text)
            if not m:
                fails.append("%s: topic-year not in fixed form" % tag)
            elif int(m.group(2)) != year:
                fails.append("%s: topic-year year mismatch" % tag)
        # other-language
        if kind == "other-language":
            lg = lang_of(text)
            langs[lg] += 1
            if lg == "en":
                fails.append("%s: other-language question looks English" % tag)

    for k, n in KIND_COUNTS.items():
        if kinds[k] != n:
            fails.append("kind %s: %d (want %d)" % (k, kinds[k], n))
    if conv["answered"] != 6 or conv["not_covered"] != 4:
        fails.append("conversation split %d answered / %d not_covered (want 6/4)"
                     % (conv["answered"], conv["not_covered"]))
    for lg, n in LANG_COUNTS.items():
        if langs[lg] != n:
            fails.append("other-language %s: %d (want %d)" % (lg, langs[lg], n))
    return fails


def main():
    qpath = resolve(os.environ.get("QFILE", "unseen-21-questions.json"))
    dpath = doc_path()
    fails = check(qpath, dpath)
    if fails:
        print("FAILED (%d):" % len(fails))
        for f in fails:
            print(" - " + f)
        sys.exit(1)
    print("OK: all checks passed")


if __name__ == "__main__":
    main()
