#!/usr/bin/env python3
"""Validate a blind evaluation question set against the CND Chair's summaries document.

usage: python3 check.py QUESTIONS.json DOCUMENT.md [--dump]

Parsing of DOCUMENT.md:
  * Chapters: a Markdown heading line (one or more '#', optional '**') whose text starts
    with a Roman numeral I..V followed by '.', e.g. '## **I. Chair's summary ...'.
    Chapter I..V -> year 2019..2023. The table of contents lines have no '#', so they
    are not chapters.
  * Paragraphs: inside a chapter, a line '<n>. text' starts paragraph n only if n is the
    next expected number (previous + 1; the first is 1). This guards against stray
    numbered lines.
  * Continuation: any other non-blank line is appended to the current paragraph
    (this re-joins paragraphs split by page breaks and keeps bullet lists).
  * Skipped, without ending the paragraph: footnote lines ('<sup>n</sup> ...'), '---'.
  * Headings end the current paragraph ('#' lines, and sub-section labels such as
    '(b) **2019 ...', '**(a) ...', '- (g) **Thematic Session ...'). Text lines after a
    heading and before the next numbered paragraph belong to no paragraph.
  * Normalisation for fact matching: remove '**', collapse whitespace.
"""
import json
import re
import sys

ROMAN = {"I": 2019, "II": 2020, "III": 2021, "IV": 2022, "V": 2023}
CHAPTER_RE = re.compile(r"^#+\s*\**\s*(I|II|III|IV|V)\.\s")
PARA_RE = re.compile(r"^(\d{1,3})\.\s+(.*)$")
SUBHEAD_RE = re.compile(r"^(?:-\s*)?\**\s*\((?:[a-z]|I)\)\s")
FOOTNOTE_RE = re.compile(r"^<sup>\d+</sup>")

MIN_COUNTS = {
    "everyday": 25, "typo": 10, "near-miss": 35, "factoid": 10, "paraphrase": 6,
    "topic-year": 5, "not-covered": 8, "conversation": 8, "year-conflict": 3,
    "other-language": 4,
}
FACT_KINDS = {"everyday", "typo", "factoid", "paraphrase", "conversation",
              "year-conflict", "other-language"}
EXPECTED = {"answered", "related", "not_covered"}
BASE_FIELDS = {"id", "kind", "question", "year", "expected", "gold", "note"}


def norm(s):
    return re.sub(r"\s+", " ", s.replace("**", "")).strip()


def parse(path):
    paras = {}          # (year, n) -> text
    year = None
    cur = None          # key of current paragraph
    expect = 1
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n").strip()
            m = CHAPTER_RE.match(line)
            if m:
                year = ROMAN[m.group(1)]
                cur, expect = None, 1
                continue
            if year is None or not line:
                continue
            if FOOTNOTE_RE.match(line) or line == "---":
                continue
            if line.startswith("#") or SUBHEAD_RE.match(line):
                cur = None
                continue
            m = PARA_RE.match(line)
            if m and int(m.group(1)) == expect:
                cur = (year, expect)
                paras[cur] = m.group(2)
                expect += 1
                continue
            if cur is not None:
                paras[cur] += " " + line
    return {k: norm(v) for k, v in paras.items()}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        print(__doc__)
        sys.exit(2)
    paras = parse(args[1])
    if "--dump" in sys.argv:
        for (y, n), t in sorted(paras.items()):
            print(f"{y} {n}: {t[:150]}")
        return
    errors = []
    err = errors.append

    per_year = {}
    for (y, n) in paras:
        per_year[y] = max(per_year.get(y, 0), n)
    if sorted(per_year) != [2019, 2020, 2021, 2022, 2023]:
        err(f"document parse: chapters found for years {sorted(per_year)}")

    try:
        with open(args[0], encoding="utf-8") as f:
            qs = json.load(f)
    except Exception as e:  # noqa: BLE001
        print(f"FAIL: invalid JSON: {e}")
        sys.exit(1)
    if not isinstance(qs, list):
        print("FAIL: top level is not a JSON array")
        sys.exit(1)

    counts = {}
    gold_use = {}
    seen_q = set()
    for i, q in enumerate(qs):
        tag = f"item {i}"
        if not isinstance(q, dict):
            err(f"{tag}: not an object")
            continue
        qid = q.get("id")
        tag = f"{qid or tag}"
        want_id = f"y{i + 1:03d}"
        if qid != want_id:
            err(f"{tag}: id should be {want_id}")
        kind = q.get("kind")
        expected = q.get("expected")
        fields = set(BASE_FIELDS)
        needs_fact = kind in FACT_KINDS and expected == "answered"
        if needs_fact:
            fields.add("fact")
        if kind == "conversation":
            fields.add("history")
        if kind == "year-conflict":
            fields.add("filterYear")
        missing = fields - set(q)
        extra = set(q) - fields
        if missing:
            err(f"{tag}: missing fields {sorted(missing)}")
        if extra:
            err(f"{tag}: unexpected fields {sorted(extra)}")
        for k, v in q.items():
            if v is None and k != "year":
                err(f"{tag}: field {k} is null")
        if kind not in MIN_COUNTS:
            err(f"{tag}: unknown kind {kind!r}")
        counts[kind] = counts.get(kind, 0) + 1
        if expected not in EXPECTED:
            err(f"{tag}: bad expected {expected!r}")
        question = q.get("question")
        if not isinstance(question, str) or not question.strip():
            err(f"{tag}: question must be a non-empty string")
            question = ""
        if question.strip().lower() in seen_q:
            err(f"{tag}: duplicate question text")
        seen_q.add(question.strip().lower())
        if not isinstance(q.get("note"), str) or not q.get("note", "").strip():
            err(f"{tag}: note must be a non-empty string")
        elif "\n" in q["note"]:
            err(f"{tag}: note must be one line")
        year = q.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            err(f"{tag}: year must be an integer or null")
        if kind == "topic-year" and not (isinstance(year, int) and 2019 <= year <= 2023):
            err(f"{tag}: topic-year needs a year 2019..2023")
        if kind == "topic-year" and year is not None and str(year) not in question:
            err(f"{tag}: topic-year question text should name its year")
        if isinstance(year, int) and str(year) not in question and kind != "conversation":
            err(f"{tag}: year {year} is not named in the question text")

        # gold
        gold = q.get("gold")
        if not isinstance(gold, list):
            err(f"{tag}: gold must be a list")
            gold = []
        if len(gold) > 3:
            err(f"{tag}: more than 3 gold entries")
        if expected == "not_covered" and gold:
            err(f"{tag}: not_covered must have empty gold")
        if expected in ("answered", "related") and not gold:
            err(f"{tag}: {expected} needs at least one gold paragraph")
        keys = []
        for g in gold:
            if not isinstance(g, dict) or set(g) != {"year", "paragraph"}:
                err(f"{tag}: gold entry must be {{year, paragraph}}: {g}")
                continue
            key = (g["year"], g["paragraph"])
            if key not in paras:
                err(f"{tag}: gold paragraph {key} does not exist")
            if key in keys:
                err(f"{tag}: duplicate gold entry {key}")
            keys.append(key)
            gold_use[key] = gold_use.get(key, 0) + 1
        if expected in ("answered", "related") and isinstance(year, int) \
                and 2019 <= year <= 2023 and keys and kind not in ("year-conflict",) \
                and keys[0][0] != year:
            err(f"{tag}: first gold year {keys[0][0]} differs from question year {year}")

        # fact
        if needs_fact:
            fact = q.get("fact")
            if not isinstance(fact, str):
                err(f"{tag}: fact must be a string")
            else:
                nf = norm(fact)
                nw = len(nf.split())
                if not 3 <= nw <= 12:
                    err(f"{tag}: fact has {nw} words (need 3-12)")
                if keys and keys[0] in paras and nf not in paras[keys[0]]:
                    err(f"{tag}: fact not verbatim in first gold paragraph {keys[0]}: {fact!r}")
        elif "fact" in q:
            pass  # already flagged as unexpected field

        # kind-specific
        if kind == "typo":
            words = question.split()
            if question != question.lower():
                err(f"{tag}: typo question must be lowercase")
            if not 2 <= len(words) <= 4:
                err(f"{tag}: typo question must have 2-4 words (has {len(words)})")
        if kind == "near-miss" and expected != "related":
            err(f"{tag}: near-miss must expect 'related'")
        if kind == "not-covered" and expected != "not_covered":
            err(f"{tag}: not-covered must expect 'not_covered'")
        if kind == "conversation":
            h = q.get("history")
            if not isinstance(h, list) or not h:
                err(f"{tag}: history must be a non-empty list")
            else:
                for e in h:
                    if not isinstance(e, dict) or set(e) != {"question"} \
                            or not isinstance(e["question"], str) or not e["question"].strip():
                        err(f"{tag}: bad history entry {e}")
        if kind == "year-conflict":
            fy = q.get("filterYear")
            if not isinstance(fy, int) or isinstance(fy, bool):
                err(f"{tag}: filterYear must be an integer")
            elif fy == year:
                err(f"{tag}: filterYear equals year")
            if not isinstance(year, int):
                err(f"{tag}: year-conflict needs a year named in the question")

    for kind, n in MIN_COUNTS.items():
        if counts.get(kind, 0) < n:
            err(f"kind {kind}: {counts.get(kind, 0)} < minimum {n}")
    if len(qs) < 100:
        err(f"only {len(qs)} questions (need >= 100)")
    for key, n in sorted(gold_use.items()):
        if n > 3:
            err(f"gold paragraph {key} used {n} times (max 3)")
    conv = [q for q in qs if isinstance(q, dict) and q.get("kind") == "conversation"]
    if sum(1 for q in conv if q.get("expected") == "not_covered") < 2:
        err("conversation: need at least 2 follow-ups expected not_covered")
    if sum(1 for q in conv if "inherit" in str(q.get("note", "")).lower()) < 2:
        err("conversation: need at least 2 standalone follow-ups whose note says they must not inherit the year")
    years_used = {k[0] for k in gold_use}
    if years_used != {2019, 2020, 2021, 2022, 2023}:
        err(f"gold paragraphs cover only years {sorted(years_used)}")

    print("paragraphs per year:", {y: per_year[y] for y in sorted(per_year)})
    print("counts per kind:", {k: counts.get(k, 0) for k in MIN_COUNTS},
          "total", len(qs))
    exp = {}
    for q in qs:
        if isinstance(q, dict):
            exp[q.get("expected")] = exp.get(q.get("expected"), 0) + 1
    print("expected:", exp)
    if errors:
        print(f"FAIL: {len(errors)} problem(s)")
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("PASS")


if __name__ == "__main__":
    main()
