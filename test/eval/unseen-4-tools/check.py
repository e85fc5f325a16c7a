#!/usr/bin/env python3
"""Validate /tmp/blind7/questions.json against the CND Chair's summaries document.

Usage: python3 check.py [questions.json] [document.md]

Parsing:
  * Chapters are Markdown heading lines ('#'...) whose text (after removing '#',
    '*' and spaces) starts with a Roman numeral I..V followed by ". Chair".
    The table of contents uses the same titles but without '#', so it is skipped.
    Chapter I..V -> year 2019..2023.
  * Inside a chapter, a paragraph starts at a line matching r'^(\\d+)\\. '
    (the document's own number; numbering restarts at 1 in every chapter).
  * A paragraph runs until the next paragraph start or chapter heading.
    Lines that are NOT paragraph text (PDF damage) are dropped: Markdown
    headings ('#'), sub-section headings such as '**(b) 2019 Ministerial ...',
    '(c) **2019 ...', '- (g) **Thematic ...', footnote lines starting with
    '<sup>', and '---' rules. Everything else (page-break continuations,
    bullet lists) is appended to the current paragraph.
  * Normalised text = '**' removed, whitespace collapsed. Facts must occur
    verbatim (case-sensitive) in the normalised text of the FIRST gold paragraph.
"""
import json
import re
import sys
from collections import Counter

ROMAN = {"I": 2019, "II": 2020, "III": 2021, "IV": 2022, "V": 2023}
KIND_MIN = {
    "everyday": 30, "typo": 12, "near-miss": 25, "factoid": 12, "paraphrase": 8,
    "topic-year": 6, "topic-across-years": 4, "not-covered": 8, "conversation": 10,
    "year-conflict": 4, "other-language": 5,
}
FACT_KINDS = {"everyday", "typo", "factoid", "paraphrase", "conversation",
              "year-conflict", "other-language"}
EXPECTED = {"answered", "related", "not_covered"}
BASE_FIELDS = {"id", "kind", "question", "year", "expected", "gold", "note"}

HEADING_RE = re.compile(r"^#+\s*")
CHAPTER_RE = re.compile(r"^(I|II|III|IV|V)\.\s+Chair")
PARA_RE = re.compile(r"^(\d+)\.\s+")
SUBHEAD_RE = re.compile(r"^(-\s+)?\**\s*\([A-Za-z]\)\s*\**")


def norm(s):
    return re.sub(r"\s+", " ", s.replace("**", "")).strip()


def parse(path):
    """Return {year: {para_no: normalised text}}."""
    paras = {}
    year = None
    cur = None  # (year, n)
    buf = {}
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            s = line.strip()
            if s.startswith("#"):
                title = HEADING_RE.sub("", s).replace("*", "").strip()
                m = CHAPTER_RE.match(title)
                if m:
                    year = ROMAN[m.group(1)]
                    paras.setdefault(year, {})
                    cur = None
                continue  # any heading ends nothing but is not text
            if year is None:
                continue
            if s.startswith("<sup>") or s == "---" or SUBHEAD_RE.match(s):
                continue
            m = PARA_RE.match(s)
            if m:
                n = int(m.group(1))
                if n in paras[year]:
                    raise SystemExit(f"duplicate paragraph {year}:{n}")
                cur = (year, n)
                buf[cur] = [s]
                paras[year][n] = None
                continue
            if cur is not None and s:
                buf[cur].append(s)
    for (y, n), lines in buf.items():
        paras[y][n] = norm(" ".join(lines))
    return paras


def main():
    qpath = sys.argv[1] if len(sys.argv) > 1 else "/tmp/blind7/questions.json"
    dpath = sys.argv[2] if len(sys.argv) > 2 else "/tmp/blind7/cnd-chairs-summaries-2019-2023.md"
    paras = parse(dpath)
    errors = []

    # sanity on the parse itself
    for y in range(2019, 2024):
        if y not in paras:
            errors.append(f"parse: chapter for {y} missing")
            continue
        nums = sorted(paras[y])
        if nums != list(range(1, len(nums) + 1)):
            errors.append(f"parse: {y} paragraph numbers not contiguous: {nums}")

    try:
        with open(qpath, encoding="utf-8") as f:
            data = json.load(f)
    except Exception as e:  # noqa
        print(f"FAIL: cannot load JSON: {e}")
        sys.exit(1)
    if not isinstance(data, list):
        print("FAIL: top level is not a list")
        sys.exit(1)

    kinds = Counter()
    expected_counts = Counter()
    gold_use = Counter()
    ids_seen = []

    def err(q, msg):
        errors.append(f"{q.get('id', '?')}: {msg}")

    for i, q in enumerate(data, 1):
        if not isinstance(q, dict):
            errors.append(f"item {i}: not an object")
            continue
        want_id = f"v{i:03d}"
        if q.get("id") != want_id:
            err(q, f"id should be {want_id}")
        ids_seen.append(q.get("id"))
        kind = q.get("kind")
        missing = BASE_FIELDS - set(q)
        if missing:
            err(q, f"missing fields {sorted(missing)}")
        if kind not in KIND_MIN:
            err(q, f"unknown kind {kind!r}")
            continue
        kinds[kind] += 1
        allowed = set(BASE_FIELDS)
        exp = q.get("expected")
        needs_fact = kind in FACT_KINDS and exp == "answered"
        if needs_fact:
            allowed.add("fact")
        if kind == "conversation":
            allowed.add("history")
        if kind == "year-conflict":
            allowed.add("filterYear")
        extra = set(q) - allowed
        if extra:
            err(q, f"unexpected fields {sorted(extra)}")
        for k, v in q.items():
            if v is None and k != "year":
                err(q, f"null value in {k}")
        if not isinstance(q.get("question"), str) or not q["question"].strip():
            err(q, "question must be a non-empty string")
        if not isinstance(q.get("note"), str) or not q["note"].strip():
            err(q, "note must be a non-empty string")
        yr = q.get("year")
        if yr is not None and (not isinstance(yr, int) or isinstance(yr, bool)):
            err(q, "year must be int or null")
        if exp not in EXPECTED:
            err(q, f"bad expected {exp!r}")
        expected_counts[exp] += 1

        # kind-specific expectations
        if kind == "near-miss" and exp != "related":
            err(q, "near-miss must be related")
        if kind == "not-covered" and exp != "not_covered":
            err(q, "not-covered must be not_covered")
        if kind in ("everyday", "typo", "factoid", "paraphrase", "topic-year",
                    "topic-across-years", "year-conflict", "other-language") and exp != "answered":
            err(q, f"{kind} should be answered")
        if kind == "topic-year" and not (isinstance(yr, int) and 2019 <= yr <= 2023):
            err(q, "topic-year needs a year 2019..2023")
        if kind == "topic-year" and isinstance(yr, int) and str(yr) not in q.get("question", ""):
            err(q, "topic-year question must name its year")
        if kind == "topic-across-years" and yr is not None:
            err(q, "topic-across-years should have year null")

        gold = q.get("gold")
        if not isinstance(gold, list):
            err(q, "gold must be a list")
            gold = []
        if len(gold) > 3:
            err(q, "more than 3 gold entries")
        if exp == "not_covered" and gold:
            err(q, "not_covered must have empty gold")
        if exp in ("answered", "related") and not gold:
            err(q, "answered/related needs gold")
        seen_g = set()
        for g in gold:
            if not isinstance(g, dict) or set(g) != {"year", "paragraph"}:
                err(q, f"bad gold entry {g}")
                continue
            gy, gp = g["year"], g["paragraph"]
            if (gy, gp) in seen_g:
                err(q, f"duplicate gold {gy}:{gp}")
            seen_g.add((gy, gp))
            if gy not in paras or gp not in paras.get(gy, {}):
                err(q, f"gold {gy}:{gp} does not exist")
            gold_use[(gy, gp)] += 1
        if kind == "topic-year" and gold and any(g.get("year") != yr for g in gold if isinstance(g, dict)):
            err(q, "topic-year gold must all be from the named year")
        if kind == "topic-across-years" and len({g.get("year") for g in gold if isinstance(g, dict)}) < 2:
            err(q, "topic-across-years gold should span at least 2 years")

        # fact
        if needs_fact:
            fact = q.get("fact")
            if not isinstance(fact, str) or not fact.strip():
                err(q, "fact required")
            else:
                nw = len(fact.split())
                if not 3 <= nw <= 12:
                    err(q, f"fact has {nw} words (need 3-12)")
                if gold and isinstance(gold[0], dict):
                    txt = paras.get(gold[0].get("year"), {}).get(gold[0].get("paragraph"))
                    if txt is None or norm(fact) not in txt:
                        err(q, f"fact not verbatim in first gold paragraph: {fact!r}")
        elif "fact" in q:
            err(q, "fact present but not required for this kind/expected")

        if kind == "typo":
            text = q.get("question", "")
            if text != text.lower():
                err(q, "typo question must be lowercase")
            nw = len(text.split())
            if not 2 <= nw <= 4:
                err(q, f"typo question has {nw} words (need 2-4)")

        if kind == "conversation":
            h = q.get("history")
            if not isinstance(h, list) or not h:
                err(q, "conversation needs non-empty history")
            else:
                for e in h:
                    if not isinstance(e, dict) or set(e) != {"question"} or not isinstance(e["question"], str) or not e["question"].strip():
                        err(q, f"bad history entry {e}")
        elif "history" in q:
            err(q, "history only for conversation")

        if kind == "year-conflict":
            fy = q.get("filterYear")
            if not isinstance(fy, int) or isinstance(fy, bool):
                err(q, "filterYear must be int")
            elif fy == yr:
                err(q, "filterYear must differ from year")
            if not isinstance(yr, int):
                err(q, "year-conflict needs a year named in the question")
            elif str(yr) not in q.get("question", ""):
                err(q, "year-conflict question must name its year")
        elif "filterYear" in q:
            err(q, "filterYear only for year-conflict")

    # kind counts
    for k, m in KIND_MIN.items():
        if kinds[k] < m:
            errors.append(f"kind {k}: {kinds[k]} < {m}")
    if len(data) < 100:
        errors.append(f"only {len(data)} questions (<100)")
    # conversation sub-requirements
    conv = [q for q in data if isinstance(q, dict) and q.get("kind") == "conversation"]
    n_nc = sum(1 for q in conv if q.get("expected") == "not_covered")
    n_sa = sum(1 for q in conv if "standalone" in q.get("note", "").lower())
    if n_nc < 2:
        errors.append(f"conversation: only {n_nc} not_covered follow-ups (<2)")
    if n_sa < 2:
        errors.append(f"conversation: only {n_sa} standalone follow-ups noted (<2)")
    # gold reuse
    for (y, p), c in sorted(gold_use.items()):
        if c > 3:
            errors.append(f"gold {y}:{p} used {c} times (>3)")
    # spread across years
    years_used = Counter(y for (y, p) in gold_use.elements())
    for y in range(2019, 2024):
        if years_used[y] == 0:
            errors.append(f"no gold from {y}")

    print("questions:", len(data))
    print("kinds:", dict(sorted(kinds.items())))
    print("expected:", dict(sorted(expected_counts.items())))
    print("gold refs per year:", dict(sorted(years_used.items())))
    print("paragraphs per year:", {y: len(v) for y, v in sorted(paras.items())})
    if errors:
        print(f"FAIL: {len(errors)} problem(s)")
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("PASS")


if __name__ == "__main__":
    main()
