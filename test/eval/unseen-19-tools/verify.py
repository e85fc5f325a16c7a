#!/usr/bin/env python3
"""Verify test/eval/unseen-19-questions.json against the CND Chair's summaries document."""
import json, re, sys
from collections import Counter

import os as _os
_REPO = _os.path.join(_os.path.dirname(_os.path.abspath(__file__)), "..", "..", "..")
DOC = _os.path.join(_REPO, "corpus", "cnd-chairs-summaries-2019-2023.md")
QFILE = _os.path.join(_REPO, "test", "eval", "unseen-19-questions.json")
ROMAN = {"I": 2019, "II": 2020, "III": 2021, "IV": 2022, "V": 2023}
HEAD = re.compile(r'^#+\s*\**\s*(I|II|III|IV|V)\.\s+Chair')   # chapter headings (not the contents list)
PARA = re.compile(r'^(\d+)\.\s+')                             # numbered paragraph start
SUBHEAD = re.compile(r'^(#|(- )?\**\s*\([a-zA-Z]\)\s)')        # section / sub-section headings end a paragraph

def norm(s):
    return re.sub(r'\s+', ' ', s.replace('**', '')).strip()

def parse():
    chapters, year, cur = {}, None, None
    for line in open(DOC, encoding='utf-8'):
        line = line.rstrip('\n')
        m = HEAD.match(line)
        if m:
            year = ROMAN[m.group(1)]; chapters[year] = {}; cur = None; continue
        if year is None:
            continue
        if SUBHEAD.match(line):
            cur = None; continue
        m = PARA.match(line)
        if m:
            n = int(m.group(1))
            if n in chapters[year]:
                sys.exit(f"parser: duplicate paragraph {year}/{n}")
            cur = n; chapters[year][n] = [line]; continue
        if cur is not None:          # bullets and continuation lines belong to the paragraph above
            chapters[year][cur].append(line)
    return {y: {n: norm(' '.join(ls)) for n, ls in ps.items()} for y, ps in chapters.items()}

EXPECTED_COUNTS = {"everyday": 36, "typo": 15, "near-miss": 36, "factoid": 15, "paraphrase": 10,
                   "topic-year": 8, "not-covered": 10, "conversation": 10, "year-conflict": 5,
                   "other-language": 8}
KIND_EXPECTED = {"everyday": {"answered"}, "typo": {"answered"}, "near-miss": {"related"},
                 "factoid": {"answered"}, "paraphrase": {"answered"}, "topic-year": {"answered"},
                 "not-covered": {"not_covered"}, "conversation": {"answered", "not_covered"},
                 "year-conflict": {"answered"}, "other-language": {"answered"}}
ALLOWED_FIELDS = {"id", "kind", "question", "year", "gold", "fact", "expected", "history", "filterYear", "note"}
REQUIRED_FIELDS = {"id", "kind", "question", "year", "gold", "expected"}

def main():
    doc = parse()
    for y in range(2019, 2024):
        if y not in doc:
            sys.exit(f"parser: chapter {y} missing")
        nums = sorted(doc[y])
        if nums != list(range(1, nums[-1] + 1)):
            sys.exit(f"parser: chapter {y} paragraph numbering has gaps")
    qs = json.load(open(QFILE, encoding='utf-8'))
    errs = []
    if not isinstance(qs, list):
        sys.exit("top level is not an array")
    ids = [q.get("id") for q in qs]
    if ids != [f"l{i:03d}" for i in range(1, len(qs) + 1)] or len(qs) != 153:
        errs.append("ids not l001..l153 in order")
    if len(set(ids)) != len(ids):
        errs.append("duplicate ids")
    kinds = Counter(q.get("kind") for q in qs)
    if dict(kinds) != EXPECTED_COUNTS:
        errs.append(f"kind counts {dict(kinds)} != {EXPECTED_COUNTS}")
    conv = Counter(q["expected"] for q in qs if q.get("kind") == "conversation")
    if conv != Counter({"answered": 6, "not_covered": 4}):
        errs.append(f"conversation expected split {dict(conv)} != 6 answered / 4 not_covered")
    for q in qs:
        i = q.get("id")
        keys = set(q)
        if not REQUIRED_FIELDS <= keys:
            errs.append(f"{i}: missing fields {REQUIRED_FIELDS - keys}")
        if keys - ALLOWED_FIELDS:
            errs.append(f"{i}: extra fields {keys - ALLOWED_FIELDS}")
        k, exp = q.get("kind"), q.get("expected")
        if exp not in {"answered", "related", "not_covered"}:
            errs.append(f"{i}: bad expected {exp}")
        if k in KIND_EXPECTED and exp not in KIND_EXPECTED[k]:
            errs.append(f"{i}: expected {exp} not allowed for kind {k}")
        yr = q.get("year")
        if yr is not None and (not isinstance(yr, int) or not 2019 <= yr <= 2023):
            errs.append(f"{i}: bad year {yr}")
        if not isinstance(q.get("question"), str) or not q["question"].strip():
            errs.append(f"{i}: empty question")
        gold = q.get("gold", [])
        for g in gold:
            if set(g) != {"year", "paragraph"}:
                errs.append(f"{i}: bad gold entry {g}")
            elif g["paragraph"] not in doc.get(g["year"], {}):
                errs.append(f"{i}: gold {g} does not exist")
        if exp == "not_covered":
            if gold:
                errs.append(f"{i}: not_covered question has gold")
        elif not gold:
            errs.append(f"{i}: {exp} question has empty gold")
        if exp == "answered":
            f = q.get("fact")
            if not isinstance(f, str):
                errs.append(f"{i}: answered question lacks fact")
            else:
                nf = norm(f)
                wc = len(nf.split())
                if not 2 <= wc <= 8:
                    errs.append(f"{i}: fact has {wc} words")
                g0 = gold[0] if gold else None
                if g0 and g0["paragraph"] in doc.get(g0["year"], {}) and nf not in doc[g0["year"]][g0["paragraph"]]:
                    errs.append(f"{i}: fact '{f}' not in {g0['year']}/{g0['paragraph']}")
        elif "fact" in q:
            errs.append(f"{i}: fact on non-answered question")
        if k == "conversation":
            h = q.get("history")
            if not isinstance(h, list) or not 1 <= len(h) <= 2 or any(set(t) != {"question"} for t in h):
                errs.append(f"{i}: bad history")
        elif "history" in q:
            errs.append(f"{i}: history on non-conversation question")
        if k == "year-conflict":
            fy = q.get("filterYear")
            if not isinstance(fy, int) or not 2019 <= fy <= 2023 or fy == yr or yr is None:
                errs.append(f"{i}: bad filterYear {fy} (year {yr})")
            if gold and gold[0]["year"] != yr:
                errs.append(f"{i}: year-conflict gold not from named year")
        elif "filterYear" in q:
            errs.append(f"{i}: filterYear on non-year-conflict question")
        if k == "typo":
            w = q["question"].split()
            if not 2 <= len(w) <= 5 or q["question"] != q["question"].lower():
                errs.append(f"{i}: typo question should be 2-5 lowercase words")
        if k == "topic-year" and not re.fullmatch(r"What was said about .+ in (2019|2020|2021|2022|2023)\?", q["question"]):
            errs.append(f"{i}: topic-year question not in required form")
        if yr is not None and gold and k not in ("near-miss",) and gold[0]["year"] != yr:
            errs.append(f"{i}: year {yr} differs from main gold year {gold[0]['year']}")
    if errs:
        print("FAIL"); print("\n".join(errs)); sys.exit(1)
    print(f"PASS: {len(qs)} questions; " + ", ".join(f"{k} {v}" for k, v in kinds.items()))

if __name__ == "__main__":
    main()
