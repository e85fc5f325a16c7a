#!/usr/bin/env python3
"""Verify the unseen-20 question set against the CND Chair's summaries document.

Environment variables (optional):
  REPO  - repository root; the document is REPO/corpus/cnd-chairs-summaries-2019-2023.md
  QFILE - path to the questions JSON (relative paths are resolved against this script's folder)
Defaults: /work/main/corpus/cnd-chairs-summaries-2019-2023.md and
          /tmp/set20/unseen-20-questions.json
"""
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
DOC_REL = os.path.join("corpus", "cnd-chairs-summaries-2019-2023.md")
DEFAULT_DOC = "/work/main/corpus/cnd-chairs-summaries-2019-2023.md"
DEFAULT_Q = "/tmp/set20/unseen-20-questions.json"


def resolve(p):
    return p if os.path.isabs(p) else os.path.normpath(os.path.join(HERE, p))


def doc_path():
    repo = os.environ.get("REPO")
    return os.path.join(resolve(repo), DOC_REL) if repo else DEFAULT_DOC


def q_path():
    q = os.environ.get("QFILE")
    return resolve(q) if q else DEFAULT_Q


ROMAN = {"I": 2019, "II": 2020, "III": 2021, "IV": 2022, "V": 2023}
CHAPTER_RE = re.compile(r"^#+\s*\**\s*(I|II|III|IV|V)\.\s+Chair")
PARA_RE = re.compile(r"^(\d+)\.\s")
SKIP_RE = re.compile(r"^(#|<sup>|---|\\\*|-?\s*\(\w+\)\s*\*\*|\*\*\()")


def norm(s):
    return re.sub(r"\s+", " ", s.replace("**", "")).strip()


def parse(path):
    """Return {year: {paragraph_number: text}}."""
    chapters, year, cur = {}, None, None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            m = CHAPTER_RE.match(line)
            if m:
                year = ROMAN[m.group(1)]
                chapters[year] = {}
                cur = None
                continue
            if year is None:
                continue
            s = line.strip()
            if not s or SKIP_RE.match(s):
                continue
            m = PARA_RE.match(line)
            if m:
                n = int(m.group(1))
                if n in chapters[year]:
                    raise SystemExit(f"duplicate paragraph {year}/{n}")
                cur = n
                chapters[year][n] = s
            elif cur is not None:
                chapters[year][cur] += " " + s
    return chapters


EXPECTED_COUNTS = {
    "everyday": 36, "typo": 15, "near-miss": 36, "factoid": 15, "paraphrase": 10,
    "topic-year": 8, "not-covered": 10, "conversation": 10, "year-conflict": 5,
    "other-language": 8,
}
KIND_EXPECTED = {
    "everyday": {"answered"}, "typo": {"answered"}, "near-miss": {"related"},
    "factoid": {"answered"}, "paraphrase": {"answered"}, "topic-year": {"answered"},
    "not-covered": {"not_covered"}, "conversation": {"answered", "not_covered"},
    "year-conflict": {"answered"}, "other-language": {"answered"},
}
ALLOWED_FIELDS = {"id", "kind", "question", "year", "gold", "fact", "expected",
                  "history", "filterYear", "note"}
REQUIRED_FIELDS = {"id", "kind", "question", "year", "gold", "expected"}


def main():
    doc, qf = doc_path(), q_path()
    chapters = parse(doc)
    errors = []
    if sorted(chapters) != [2019, 2020, 2021, 2022, 2023]:
        errors.append(f"chapters found: {sorted(chapters)}")
    for y, paras in chapters.items():
        nums = sorted(paras)
        if nums != list(range(1, len(nums) + 1)):
            errors.append(f"{y}: paragraph numbering not contiguous: {nums}")

    with open(qf, encoding="utf-8") as f:
        qs = json.load(f)
    if not isinstance(qs, list):
        raise SystemExit("top level is not a JSON array")

    ids = [q.get("id") for q in qs]
    want_ids = [f"o{i:03d}" for i in range(1, len(qs) + 1)]
    if ids != want_ids:
        errors.append("ids not o001.. in order")
    if len(set(ids)) != len(ids):
        errors.append("duplicate ids")
    if len(qs) != 153:
        errors.append(f"{len(qs)} questions, want 153")

    kinds = Counter(q.get("kind") for q in qs)
    for k, n in EXPECTED_COUNTS.items():
        if kinds.get(k, 0) != n:
            errors.append(f"kind {k}: {kinds.get(k, 0)} (want {n})")
    for k in kinds:
        if k not in EXPECTED_COUNTS:
            errors.append(f"unknown kind {k}")

    conv = Counter()
    langs = []
    for q in qs:
        qid, kind, exp = q.get("id"), q.get("kind"), q.get("expected")
        extra = set(q) - ALLOWED_FIELDS
        if extra:
            errors.append(f"{qid}: extra fields {extra}")
        missing = REQUIRED_FIELDS - set(q)
        if missing:
            errors.append(f"{qid}: missing fields {missing}")
        if not isinstance(q.get("question"), str) or not q["question"].strip():
            errors.append(f"{qid}: empty question")
        if exp not in {"answered", "related", "not_covered"}:
            errors.append(f"{qid}: bad expected {exp}")
        elif kind in KIND_EXPECTED and exp not in KIND_EXPECTED[kind]:
            errors.append(f"{qid}: expected {exp} not allowed for {kind}")
        yr = q.get("year")
        if yr is not None and (not isinstance(yr, int) or isinstance(yr, bool) or not 2019 <= yr <= 2023):
            errors.append(f"{qid}: bad year {yr}")
        gold = q.get("gold")
        if not isinstance(gold, list):
            errors.append(f"{qid}: gold not a list")
            gold = []
        for g in gold:
            if set(g) != {"year", "paragraph"}:
                errors.append(f"{qid}: bad gold entry {g}")
                continue
            if g["paragraph"] not in chapters.get(g["year"], {}):
                errors.append(f"{qid}: gold {g} does not exist")
        if len({(g.get('year'), g.get('paragraph')) for g in gold}) != len(gold):
            errors.append(f"{qid}: duplicate gold entries")
        if exp == "not_covered" and gold:
            errors.append(f"{qid}: not_covered question has gold")
        if exp in {"answered", "related"} and not gold:
            errors.append(f"{qid}: {exp} question has empty gold")
        if exp == "answered":
            fact = q.get("fact")
            if not isinstance(fact, str):
                errors.append(f"{qid}: answered question lacks fact")
            else:
                nf = norm(fact)
                wc = len(nf.split())
                if not 2 <= wc <= 8:
                    errors.append(f"{qid}: fact has {wc} words")
                if gold and gold[0]["paragraph"] in chapters.get(gold[0]["year"], {}):
                    ptxt = norm(chapters[gold[0]["year"]][gold[0]["paragraph"]])
                    if nf not in ptxt:
                        errors.append(f"{qid}: fact not in first gold paragraph: {fact!r}")
        elif "fact" in q:
            errors.append(f"{qid}: fact on non-answered question")
        if kind == "conversation":
            h = q.get("history")
            if not isinstance(h, list) or not 1 <= len(h) <= 2 or not all(
                    isinstance(t, dict) and set(t) == {"question"} and isinstance(t["question"], str) and t["question"].strip()
                    for t in h):
                errors.append(f"{qid}: bad history")
            conv[exp] += 1
        elif "history" in q:
            errors.append(f"{qid}: history on non-conversation question")
        if kind == "year-conflict":
            fy = q.get("filterYear")
            if not isinstance(fy, int) or not 2019 <= fy <= 2023:
                errors.append(f"{qid}: bad filterYear {fy}")
            elif yr is None or fy == yr:
                errors.append(f"{qid}: filterYear must differ from a named year")
            if gold and gold[0]["year"] != yr:
                errors.append(f"{qid}: gold year differs from named year")
        elif "filterYear" in q:
            errors.append(f"{qid}: filterYear on non-year-conflict question")
        if kind == "typo":
            t = q.get("question", "")
            if t != t.lower() or not 2 <= len(t.split()) <= 5:
                errors.append(f"{qid}: typo query must be lowercase 2-5 words")
        if kind == "topic-year":
            if not re.fullmatch(r"What was said about .+ in (2019|2020|2021|2022|2023)\?", q.get("question", "")):
                errors.append(f"{qid}: topic-year question has wrong form")
        if kind == "other-language":
            langs.append(q.get("question", ""))
        if yr is not None and gold and exp == "answered" and kind != "conversation":
            if gold[0]["year"] != yr:
                errors.append(f"{qid}: first gold year {gold[0]['year']} != question year {yr}")
        if kind == "conversation" and exp == "answered" and gold and yr is not None and gold[0]["year"] != yr:
            errors.append(f"{qid}: first gold year != year")

    if kinds.get("conversation") == 10 and (conv["answered"], conv["not_covered"]) != (6, 4):
        errors.append(f"conversation split {dict(conv)} (want 6 answered, 4 not_covered)")

    # other-language script mix: 2 French, 2 Spanish, 2 Russian, 1 Chinese, 1 Arabic
    def script(t):
        if re.search(r"[\u0600-\u06FF]", t):
            return "ar"
        if re.search(r"[\u4e00-\u9fff]", t):
            return "zh"
        if re.search(r"[\u0400-\u04FF]", t):
            return "ru"
        if re.search(r"[¿¡ñ]", t):
            return "es"
        return "fr"
    mix = Counter(script(t) for t in langs)
    if kinds.get("other-language") == 8 and mix != Counter({"fr": 2, "es": 2, "ru": 2, "zh": 1, "ar": 1}):
        errors.append(f"other-language mix {dict(mix)}")

    print(f"document: {doc}")
    print(f"questions: {qf}")
    print("paragraphs per chapter:", {y: len(p) for y, p in sorted(chapters.items())})
    print("kinds:", dict(sorted(kinds.items())))
    if errors:
        print(f"FAIL: {len(errors)} problem(s)")
        for e in errors:
            print("  -", e)
        return 1
    print("OK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
