#!/usr/bin/env python3
"""Validate /tmp/unseen9/questions.json against the CND Chair's summaries document.

Standard library only.  Usage:
    python3 check.py [file.json] # validate, print PASS or the list of failures
    python3 check.py --dump Y N # print cleaned paragraph N of year Y
    python3 check.py --grep T   # case-insensitive substring hits of T per year/paragraph
"""
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = os.path.join(HERE, "cnd-chairs-summaries-2019-2023.md")
QS = os.path.join(HERE, "questions.json")

YEARS = [2019, 2020, 2021, 2022, 2023]
ROMAN = {"I": 2019, "II": 2020, "III": 2021, "IV": 2022, "V": 2023}

MIN_COUNTS = [
    ("everyday", 30), ("typo", 12), ("near-miss", 30), ("factoid", 10),
    ("paraphrase", 8), ("topic-year", 5), ("not-covered", 8),
    ("conversation", 8), ("year-conflict", 3), ("other-language", 6),
]
KIND_ORDER = [k for k, _ in MIN_COUNTS]

CHAPTER_RE = re.compile(r"^#+\s*(?:\*\*)?\s*(I|II|III|IV|V)\.\s+Chair")
PARA_RE = re.compile(r"^(\d+)\.\s+(.*)$")
HEADING_RE = re.compile(r"^(#|-?\s*\*\*\([a-zA-Z]\)|-?\s*\([a-zA-Z]\)\s*\*\*)")
FOOTNOTE_RE = re.compile(r"^(<sup>\d+</sup>|\\\*|---\s*$)")


def clean(text):
    text = re.sub(r"<sup>\d+</sup>", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # markdown links -> text
    text = text.replace("**", "")
    text = text.replace("*", "")
    text = text.replace("\\_", "_").replace("\\", "")
    text = re.sub(r"\s+", " ", text)
    return text.strip()


def parse(path=DOC):
    """Return raw text and {year: {paragraph_number: cleaned text}}."""
    with open(path, encoding="utf-8") as fh:
        raw = fh.read()
    paras = {y: {} for y in YEARS}
    buf = defaultdict(list)
    year = None
    cur = None
    for line in raw.splitlines():
        s = line.strip()
        m = CHAPTER_RE.match(s)
        if m:
            year = ROMAN[m.group(1)]
            cur = None
            continue
        if year is None or not s:
            continue
        if FOOTNOTE_RE.match(s):
            continue
        m = PARA_RE.match(s)
        if m:
            cur = int(m.group(1))
            if cur in buf[year]:
                raise SystemExit("duplicate paragraph %s in %s" % (cur, year))
            buf[year] = buf[year]
            paras[year][cur] = [m.group(2)]
            continue
        if HEADING_RE.match(s):
            continue
        if cur is not None:
            # page-break continuation, list bullet or schedule line: same paragraph
            paras[year][cur].append(s)
    out = {}
    for y in YEARS:
        out[y] = {n: clean(" ".join(parts)) for n, parts in paras[y].items()}
        nums = sorted(out[y])
        if nums != list(range(1, len(nums) + 1)):
            raise SystemExit("paragraph numbering not consecutive in %s" % y)
    return raw, out


def words(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def main():
    raw, doc = parse()
    raw_low = raw.lower()
    if len(sys.argv) > 1 and sys.argv[1] == "--dump":
        print(doc[int(sys.argv[2])][int(sys.argv[3])])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--grep":
        t = " ".join(sys.argv[2:]).lower()
        print("raw hits:", raw_low.count(t))
        for y in YEARS:
            for n, p in doc[y].items():
                if t in p.lower():
                    print(y, n, p.lower().count(t))
        return

    # document frequency of each word (number of paragraphs containing it)
    df = Counter()
    for y in YEARS:
        for p in doc[y].values():
            df.update(set(words(p)))
    vocab = set(df)
    year_text = {y: " ".join(doc[y].values()).lower() for y in YEARS}

    def distinctive(text):
        return {w for w in set(words(text)) if len(w) >= 4 and df[w] <= 3}

    def named_years(q):
        return {int(x) for x in re.findall(r"(?<!\d)(2019|2020|2021|2022|2023)(?!\d)", q)}

    def searched_terms(note):
        m = re.search(r"searched:\s*(.+?)\s*\.?\s*$", note)
        if not m:
            return None
        return [t.strip().strip(".").strip() for t in m.group(1).split(",") if t.strip()]

    def language(q):
        if re.search(r"[\u0400-\u04FF]", q):
            return "ru"
        if re.search(r"[\u4e00-\u9fff]", q):
            return "zh"
        if re.search(r"[\u0600-\u06FF]", q):
            return "ar"
        if re.search(r"[\u3040-\u30ff]", q):
            return "ja"
        if "¿" in q or "¡" in q or "ñ" in q:
            return "es"
        if re.search(r"[ãõ]", q):
            return "pt"
        if re.search(r"[äöüß]", q):
            return "de"
        if re.search(r"[èêàùç]|\b(les|des|quels?|quelles?)\b", q, re.I):
            return "fr"
        return None

    errors = []

    def err(qid, msg):
        errors.append("%s: %s" % (qid, msg))

    qs_path = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1].endswith(".json") else QS
    with open(qs_path, encoding="utf-8") as fh:
        items = json.load(fh)
    if not isinstance(items, list):
        raise SystemExit("questions.json must be a top-level array")

    # ids and order
    for i, it in enumerate(items, 1):
        if it.get("id") != "q%03d" % i:
            err(it.get("id"), "id out of order, expected q%03d" % i)
    kinds = [it.get("kind") for it in items]
    seen_order = []
    for k in kinds:
        if k not in KIND_ORDER:
            err("-", "unknown kind %r" % k)
            continue
        if not seen_order or seen_order[-1] != k:
            if k in seen_order:
                err("-", "kind %s not contiguous" % k)
            seen_order.append(k)
    if [k for k in KIND_ORDER if k in seen_order] != seen_order:
        err("-", "kinds not in required order: %s" % seen_order)
    cnt = Counter(kinds)
    for k, mn in MIN_COUNTS:
        if cnt[k] < mn:
            err("-", "kind %s has %d < %d" % (k, cnt[k], mn))
    if len(items) < 130:
        err("-", "only %d items" % len(items))

    gold_use = Counter()
    gold_years = set()
    everyday_years = Counter()
    conv_nc = 0
    langs = set()

    for it in items:
        qid = it.get("id")
        kind = it.get("kind")
        q = it.get("question", "")
        year = it.get("year")
        exp = it.get("expected")
        gold = it.get("gold")
        note = it.get("note", "")
        required = ["id", "kind", "question", "year", "expected", "gold", "note"]
        for f in required:
            if f not in it:
                err(qid, "missing field %s" % f)
        allowed = set(required) | {"fact", "history", "filterYear"}
        for f in it:
            if f not in allowed:
                err(qid, "unexpected field %s" % f)
        if not isinstance(q, str) or not q.strip():
            err(qid, "empty question")
        if year is not None and year not in YEARS:
            err(qid, "bad year %r" % year)
        if exp not in ("answered", "related", "not_covered"):
            err(qid, "bad expected %r" % exp)
        if not isinstance(gold, list) or len(gold) > 3:
            err(qid, "gold must be a list of at most 3")
            gold = []
        if (exp == "not_covered") != (len(gold) == 0):
            err(qid, "gold must be empty iff not_covered")
        if not isinstance(note, str) or len(note.strip()) < 10:
            err(qid, "note too short")
        for g in gold:
            gy, gp = g.get("year"), g.get("paragraph")
            if gy not in doc or gp not in doc[gy]:
                err(qid, "gold %r does not exist" % g)
                continue
            gold_use[(gy, gp)] += 1
            gold_years.add(gy)
        # fact
        if exp == "answered":
            fact = it.get("fact")
            if not isinstance(fact, str):
                err(qid, "answered item without fact")
            else:
                nw = len(fact.split())
                if not 3 <= nw <= 12:
                    err(qid, "fact has %d words" % nw)
                if gold and gold[0].get("year") in doc and gold[0].get("paragraph") in doc[gold[0]["year"]]:
                    if fact not in doc[gold[0]["year"]][gold[0]["paragraph"]]:
                        err(qid, "fact not verbatim in first gold paragraph")
        elif "fact" in it:
            err(qid, "fact present although expected is %s" % exp)
        # year consistency
        ny = named_years(q)
        if kind not in ("year-conflict", "conversation"):
            if ny and ny != ({year} if year else set()):
                err(qid, "question names years %s but year field is %s" % (sorted(ny), year))
        if exp != "not_covered" and year is not None and gold:
            if gold[0].get("year") != year:
                err(qid, "first gold year %s differs from year %s" % (gold[0].get("year"), year))
        # history / filterYear only where they belong
        if kind != "conversation" and "history" in it:
            err(qid, "history only for conversation")
        if kind != "year-conflict" and "filterYear" in it:
            err(qid, "filterYear only for year-conflict")

        if kind == "everyday":
            if exp != "answered":
                err(qid, "everyday should be answered")
            bad = set()
            for g in gold:
                if g.get("year") in doc and g.get("paragraph") in doc[g["year"]]:
                    bad |= distinctive(doc[g["year"]][g["paragraph"]])
            used = {w for w in words(q) if len(w) >= 4} & bad
            if used:
                err(qid, "everyday uses distinctive gold words %s" % sorted(used))
            fw = {w for w in words(it.get("fact", "")) if len(w) >= 5}
            qw = {w for w in words(q) if len(w) >= 5}
            if len(fw & qw) > 1:
                err(qid, "everyday shares %d 5+-letter words with fact: %s" % (len(fw & qw), sorted(fw & qw)))
            for g in gold[:1]:
                everyday_years[g.get("year")] += 1
        elif kind == "typo":
            if exp != "answered":
                err(qid, "typo should be answered")
            toks = q.split()
            if not 2 <= len(toks) <= 4:
                err(qid, "typo must have 2-4 words")
            if q != q.lower():
                err(qid, "typo must be lowercase")
            miss = [t for t in toks if t not in vocab]
            if not 1 <= len(miss) <= 2:
                err(qid, "typo must have 1-2 misspelled words, found %s" % miss)
            for t in miss:
                if t in raw_low or any(t in p.lower() for y in YEARS for p in doc[y].values()):
                    err(qid, "misspelling %r occurs in the document" % t)
        elif kind == "near-miss":
            if exp != "related":
                err(qid, "near-miss should be related")
            if "NOT" not in note:
                err(qid, "near-miss note must say what is NOT given")
        elif kind == "topic-year":
            if year is None or not gold or any(g.get("year") != year for g in gold):
                err(qid, "topic-year gold must all be in the year")
            if year not in ny:
                err(qid, "topic-year question must name its year")
        elif kind == "not-covered":
            if exp != "not_covered":
                err(qid, "not-covered should be not_covered")
            terms = searched_terms(note)
            if not terms or len(terms) < 2:
                err(qid, "note must end with 'searched: t1, t2, ...' (>=2 terms)")
            else:
                for t in terms:
                    if t.lower() in raw_low:
                        err(qid, "searched term %r has hits in the file" % t)
        elif kind == "conversation":
            h = it.get("history")
            if not isinstance(h, list) or not h or not all(isinstance(x, dict) and x.get("question") for x in h):
                err(qid, "conversation needs history [{question}]")
            if exp == "not_covered":
                conv_nc += 1
                if year not in YEARS:
                    err(qid, "not_covered conversation needs the year it moves to")
                terms = searched_terms(note)
                if not terms or len(terms) < 2:
                    err(qid, "note must end with 'searched: ...' (>=2 terms)")
                else:
                    for t in terms:
                        if year in year_text and t.lower() in year_text[year]:
                            err(qid, "searched term %r has hits in %s chapter" % (t, year))
            elif exp != "answered":
                err(qid, "conversation must be answered or not_covered")
        elif kind == "year-conflict":
            fy = it.get("filterYear")
            if fy not in YEARS or fy == year:
                err(qid, "filterYear must be a different valid year")
            if year not in ny:
                err(qid, "year-conflict question must name its year")
            if fy in ny:
                err(qid, "question must not name the filter year")
            if not gold or any(g.get("year") != year for g in gold):
                err(qid, "year-conflict gold must be in the named year")
        elif kind == "other-language":
            lang = language(q)
            if lang is None:
                err(qid, "cannot tell the language of the question")
            langs.add(lang)
            if exp == "answered" and re.search(r"[^\x00-\u024f\u2018-\u201f]", it.get("fact", "")):
                err(qid, "fact should stay in English")

    if conv_nc < 4:
        err("-", "only %d not_covered conversation items (need 4)" % conv_nc)
    if len(langs - {None}) < 4:
        err("-", "other-language uses only %s" % sorted(l for l in langs if l))
    for y in YEARS:
        if y not in gold_years:
            err("-", "year %s has no gold" % y)
        if everyday_years[y] < 3:
            err("-", "everyday has only %d items on %s" % (everyday_years[y], y))
    if everyday_years and max(everyday_years.values()) > 0.34 * cnt["everyday"]:
        err("-", "everyday clusters on one chapter: %s" % dict(everyday_years))
    for k, v in gold_use.items():
        if v > 3:
            err("-", "paragraph %s/%s used as gold %d times" % (k[0], k[1], v))

    exp_cnt = Counter(it.get("expected") for it in items)
    print("items:", len(items))
    print("per kind:", ", ".join("%s %d" % (k, cnt[k]) for k in KIND_ORDER))
    print("per expected:", dict(exp_cnt))
    print("paragraphs per year:", {y: len(doc[y]) for y in YEARS})
    if errors:
        print("FAIL (%d problems)" % len(errors))
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("PASS")


if __name__ == "__main__":
    main()
