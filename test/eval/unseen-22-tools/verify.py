#!/usr/bin/env python3
"""Checks unseen-22-questions.json against the CND Chair's summaries document.

Environment:
  REPO   folder that contains corpus/cnd-chairs-summaries-2019-2023.md
         (default: read /work/shared/corpus/cnd-chairs-summaries-2019-2023.md)
  QFILE  question file (default: unseen-22-questions.json next to this script)
Relative values are resolved against this script's own folder.
Standard library only. Exit 0 and print "OK: all checks passed" on success.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOC_NAME = "cnd-chairs-summaries-2019-2023.md"
DEFAULT_DOC = "/work/shared/corpus/" + DOC_NAME

YEARS = [2019, 2020, 2021, 2022, 2023]
EXPECTED_PARAS = {2019: 35, 2020: 36, 2021: 37, 2022: 31, 2023: 128}
KINDS = [  # (kind, count), in file order
    ("everyday", 36), ("typo", 15), ("near-miss", 36), ("factoid", 15),
    ("paraphrase", 10), ("topic-year", 8), ("not-covered", 10),
    ("conversation", 10), ("year-conflict", 5), ("other-language", 8),
]
EXPECTED_BY_KIND = {
    "everyday": {"answered"}, "typo": {"answered"}, "near-miss": {"related"},
    "factoid": {"answered"}, "paraphrase": {"answered"},
    "topic-year": {"answered"}, "not-covered": {"not_covered"},
    "conversation": {"answered", "not_covered"},
    "year-conflict": {"answered"}, "other-language": {"answered"},
}
TOTALS = {"answered": 103, "related": 36, "not_covered": 14}
ALLOWED_FIELDS = {"id", "kind", "question", "year", "gold", "fact", "expected",
                  "history", "filterYear", "note"}
REQUIRED_FIELDS = {"id", "kind", "question", "year", "gold", "expected"}
LANG_MIX = {"fr": 2, "es": 2, "ru": 2, "zh": 1, "ar": 1}
# document key terms an "everyday" question should not lean on
EVERYDAY_BANNED = ["psychoactive", "ministerial declaration", "alternative development",
                   "precursor", "harm reduction", "nps", "illicit financial flows",
                   "information and communications technolog", "drug control conventions"]

# ---------------------------------------------------------------- parsing
ROMAN = {"I": 2019, "II": 2020, "III": 2021, "IV": 2022, "V": 2023}
CH_RE = re.compile(r"^#+\s*\**\s*(I|II|III|IV|V)\.\s+Chair")
PARA_RE = re.compile(r"^(\d+)\.\s+(.*)$")
SECTION_RE = re.compile(r"^-?\s*\(([a-zA-Z]+)\)\s*\*\*")
BOLDLINE_RE = re.compile(r"^\*\*.*\*\*\s*$")
FOOT_RE = re.compile(r"^<sup>\d+</sup>")


def parse(text):
    """Return (chapter year order, {year: [[number, text], ...]})."""
    order, chapters, cur, last = [], {}, None, None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        m = CH_RE.match(line)
        if m:
            cur = ROMAN[m.group(1)]
            order.append(cur)
            chapters[cur] = []
            last = None
            continue
        if cur is None:
            continue  # front matter
        if (line.startswith("#") or FOOT_RE.match(line) or SECTION_RE.match(line)
                or BOLDLINE_RE.match(line) or set(line) <= set("-_*")):
            continue  # headings, footnotes, section titles, rules
        m = PARA_RE.match(line)
        if m:
            chapters[cur].append([int(m.group(1)), m.group(2)])
            last = chapters[cur][-1]
        elif last is not None:
            last[1] += " " + line  # bullet / continuation line
    return order, chapters


def norm(s):
    return re.sub(r"\s+", " ", s.replace("**", "")).strip()


YEAR_RE = re.compile(r"(?<!\d)(2019|2020|2021|2022|2023)(?!\d)")
MD_RE = re.compile(r"2019\s+Ministerial\s+Declaration", re.I)


def named_years(q):
    return {int(y) for y in YEAR_RE.findall(MD_RE.sub("", q))}


def damerau(a, b, cap=3):
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            c = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + c)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def detect_lang(q):
    if re.search(r"[\u0400-\u04FF]", q):
        return "ru"
    if re.search(r"[\u4E00-\u9FFF]", q):
        return "zh"
    if re.search(r"[\u0600-\u06FF]", q):
        return "ar"
    if "¿" in q or re.search(r"\b(qué|cuál|cuáles|sobre los|se dijo|herramientas)\b", q, re.I):
        return "es"
    if re.search(r"\b(quel|quelle|quels|quelles|selon|qu'a|qu’a|les|des|est-ce)\b", q, re.I):
        return "fr"
    return "en"


def absent_terms(note):
    m = re.search(r"Absent terms:\s*(.+?)(?:\.\s|$)", note or "")
    if not m:
        return []
    return [t.strip() for t in m.group(1).split(";") if t.strip()]


def term_present(term, text):
    return re.search(r"\b" + re.escape(term), text, re.I) is not None


# ---------------------------------------------------------------- main
def resolve(p):
    return p if os.path.isabs(p) else os.path.join(HERE, p)


def main():
    fails = []

    def fail(msg):
        fails.append(msg)

    repo = os.environ.get("REPO")
    doc_path = os.path.join(resolve(repo), "corpus", DOC_NAME) if repo else DEFAULT_DOC
    qpath = resolve(os.environ.get("QFILE", "unseen-22-questions.json"))
    try:
        text = open(doc_path, encoding="utf-8").read()
    except OSError as e:
        print("FAIL: cannot read document: %s" % e)
        return 1
    try:
        qs = json.load(open(qpath, encoding="utf-8"))
    except (OSError, ValueError) as e:
        print("FAIL: cannot read questions: %s" % e)
        return 1

    # -- chapters and numbering
    order, chapters = parse(text)
    if order != YEARS:
        fail("chapters: expected years %s in order, found %s" % (YEARS, order))
    paras = {}
    for y in chapters:
        nums = [n for n, _ in chapters[y]]
        if nums != list(range(1, len(nums) + 1)):
            bad = [(i + 1, n) for i, n in enumerate(nums) if n != i + 1][:3]
            fail("chapter %d: paragraph numbering not consecutive from 1 (first mismatches %s)" % (y, bad))
        if y in EXPECTED_PARAS and len(nums) != EXPECTED_PARAS[y]:
            fail("chapter %d: %d paragraphs, expected %d" % (y, len(nums), EXPECTED_PARAS[y]))
        for n, t in chapters[y]:
            paras[(y, n)] = norm(t)
    chapter_text = {y: " ".join(norm(t) for _, t in chapters[y]) for y in chapters}
    full_text = norm(text)
    vocab = set(re.findall(r"[a-z0-9]+", text.lower()))
    vocab_alpha = [w for w in vocab if w.isalpha()]

    # -- array, ids, kinds
    if not isinstance(qs, list):
        print("FAIL: question file is not a JSON array")
        return 1
    total = sum(c for _, c in KINDS)
    if len(qs) != total:
        fail("array size %d, expected %d" % (len(qs), total))
    expected_kinds = [k for k, c in KINDS for _ in range(c)]
    for i, q in enumerate(qs):
        if not isinstance(q, dict):
            fail("item %d is not an object" % i)
            continue
        want = "i%03d" % (i + 1)
        if q.get("id") != want:
            fail("item %d: id %r, expected %r" % (i, q.get("id"), want))
        if i < len(expected_kinds) and q.get("kind") != expected_kinds[i]:
            fail("%s: kind %r, expected %r at this position (grouping/counts)" % (want, q.get("kind"), expected_kinds[i]))
    counts = {}
    for q in qs:
        if isinstance(q, dict):
            counts[q.get("kind")] = counts.get(q.get("kind"), 0) + 1
    for k, c in KINDS:
        if counts.get(k, 0) != c:
            fail("kind %s: %d questions, expected %d" % (k, counts.get(k, 0), c))
    for k in counts:
        if k not in dict(KINDS):
            fail("unknown kind %r" % k)
    exp_counts = {}
    seen_q = set()
    lang_counts = {}
    conv = {"answered": 0, "not_covered": 0}
    everyday_years, everyday_paras = set(), set()

    for q in qs:
        if not isinstance(q, dict):
            continue
        qid = q.get("id", "?")
        kind = q.get("kind")
        keys = set(q)
        if keys - ALLOWED_FIELDS:
            fail("%s: unknown fields %s" % (qid, sorted(keys - ALLOWED_FIELDS)))
        if REQUIRED_FIELDS - keys:
            fail("%s: missing fields %s" % (qid, sorted(REQUIRED_FIELDS - keys)))
            continue
        question = q["question"]
        if not isinstance(question, str) or not question.strip():
            fail("%s: empty question" % qid)
            continue
        if question.strip().lower() in seen_q:
            fail("%s: duplicate question text" % qid)
        seen_q.add(question.strip().lower())
        expected = q["expected"]
        exp_counts[expected] = exp_counts.get(expected, 0) + 1
        if kind in EXPECTED_BY_KIND and expected not in EXPECTED_BY_KIND[kind]:
            fail("%s: expected %r not allowed for kind %s" % (qid, expected, kind))
        year = q["year"]
        if year is not None and (type(year) is not int or year not in YEARS):
            fail("%s: year %r must be null or an int 2019-2023" % (qid, year))
            year = None

        # -- gold
        gold = q["gold"]
        if not isinstance(gold, list):
            fail("%s: gold is not a list" % qid)
            gold = []
        seen_g = set()
        ok_gold = True
        for g in gold:
            if not isinstance(g, dict) or set(g) != {"year", "paragraph"}:
                fail("%s: gold entry %r must be {year, paragraph}" % (qid, g))
                ok_gold = False
                continue
            key = (g["year"], g["paragraph"])
            if key not in paras:
                fail("%s: gold %s does not exist in the document" % (qid, key))
                ok_gold = False
            if key in seen_g:
                fail("%s: duplicate gold %s" % (qid, key))
            seen_g.add(key)
        if expected == "not_covered":
            if gold:
                fail("%s: not_covered question must have empty gold" % qid)
        elif not gold:
            fail("%s: %s question needs gold" % (qid, expected))
        first = None
        if gold and ok_gold and isinstance(gold[0], dict):
            first = (gold[0]["year"], gold[0]["paragraph"])

        # -- fact
        if expected == "answered":
            fact = q.get("fact")
            if not isinstance(fact, str):
                fail("%s: answered question needs a fact string" % qid)
            else:
                nw = len(fact.split())
                if not 2 <= nw <= 8:
                    fail("%s: fact has %d words (2-8 required): %r" % (qid, nw, fact))
                if first and norm(fact) not in paras[first]:
                    fail("%s: fact %r not found in gold paragraph %s" % (qid, fact, first))
        elif "fact" in q:
            fail("%s: fact only allowed when expected is answered" % qid)

        if expected in ("related", "not_covered") and not (q.get("note") or "").strip():
            fail("%s: %s question needs a note" % (qid, expected))

        # -- year rule
        ny = named_years(question)
        if expected in ("answered", "related") and kind != "conversation":
            if len(ny) > 1:
                fail("%s: question names several years %s" % (qid, sorted(ny)))
            if len(ny) == 1 and year != next(iter(ny)):
                fail("%s: question names %s but year is %r" % (qid, next(iter(ny)), year))
        if expected in ("answered", "related") and year is not None and first and first[0] != year:
            fail("%s: year %d but first gold paragraph is from %d" % (qid, year, first[0]))

        # -- kind specific
        if kind == "conversation":
            hist = q.get("history")
            if not isinstance(hist, list) or not 1 <= len(hist) <= 2:
                fail("%s: history must be a list of 1-2 turns" % qid)
            else:
                for h in hist:
                    if not isinstance(h, dict) or set(h) != {"question"} or not str(h.get("question", "")).strip():
                        fail("%s: history turn %r must be {question}" % (qid, h))
            if len(question.split()) > 12:
                fail("%s: follow-up should be a short dependent question" % qid)
            if expected in conv:
                conv[expected] += 1
            if len(ny) > 1:
                fail("%s: follow-up names several years" % qid)
            if len(ny) == 1 and year != next(iter(ny)):
                fail("%s: follow-up names %s but year is %r" % (qid, next(iter(ny)), year))
            if expected == "not_covered":
                if year is None or year not in ny:
                    fail("%s: not_covered follow-up must name the year it moves to" % qid)
                hy = set()
                for h in hist or []:
                    if isinstance(h, dict):
                        hy |= named_years(str(h.get("question", "")))
                if year in hy:
                    fail("%s: follow-up year %r must differ from history year" % (qid, year))
                terms = absent_terms(q.get("note"))
                if not terms:
                    fail("%s: note must list 'Absent terms: a; b' for the moved-to year" % qid)
                for t in terms:
                    if year in chapter_text and term_present(t, chapter_text[year]):
                        fail("%s: term %r IS mentioned in the %d chapter" % (qid, t, year))
        elif "history" in q:
            fail("%s: history only allowed for conversation" % qid)

        if kind == "year-conflict":
            fy = q.get("filterYear")
            if type(fy) is not int or fy not in YEARS:
                fail("%s: filterYear %r must be an int 2019-2023" % (qid, fy))
            elif fy == year:
                fail("%s: filterYear equals the question year" % qid)
            if year is None or ny != {year}:
                fail("%s: year-conflict question must name exactly its year" % qid)
        elif "filterYear" in q:
            fail("%s: filterYear only allowed for year-conflict" % qid)

        if kind == "typo":
            words = question.split()
            if question != question.lower():
                fail("%s: typo question must be lowercase" % qid)
            if not 2 <= len(words) <= 5:
                fail("%s: typo question must have 2-5 words" % qid)
            toks = re.findall(r"[a-z0-9]+", question.lower())
            unknown = [w for w in toks if w not in vocab]
            if not 1 <= len(unknown) <= 2:
                fail("%s: typo question needs 1-2 misspelt words, found %s" % (qid, unknown))
            for w in unknown:
                best = min(damerau(w, v) for v in vocab_alpha)
                if best > 2:
                    fail("%s: %r is not a realistic typo of any document word" % (qid, w))

        if kind == "topic-year":
            m = re.fullmatch(r"What was said about (.+) in (2019|2020|2021|2022|2023)\?", question)
            if not m:
                fail("%s: topic-year question not in the required form" % qid)
            elif year != int(m.group(2)):
                fail("%s: topic-year year mismatch" % qid)

        if kind == "other-language":
            lang = detect_lang(question)
            lang_counts[lang] = lang_counts.get(lang, 0) + 1
            f = q.get("fact") or ""
            if re.search(r"[\u0400-\u04FF\u4E00-\u9FFF\u0600-\u06FF]", f) or "¿" in f:
                fail("%s: fact must be English document text" % qid)

        if kind == "not-covered":
            terms = absent_terms(q.get("note"))
            if len(terms) < 1:
                fail("%s: note must list 'Absent terms: a; b'" % qid)
            for t in terms:
                if term_present(t, full_text):
                    fail("%s: term %r IS in the document" % (qid, t))
            if year is not None:
                fail("%s: not-covered question should have year null" % qid)

        if kind == "everyday":
            if first:
                everyday_years.add(first[0])
                everyday_paras.add(first)
            low = question.lower()
            for b in EVERYDAY_BANNED:
                if re.search(r"\b" + re.escape(b), low):
                    fail("%s: everyday question uses document key term %r" % (qid, b))

    # -- totals and mixes
    for e, c in TOTALS.items():
        if exp_counts.get(e, 0) != c:
            fail("expected=%s: %d questions, want %d" % (e, exp_counts.get(e, 0), c))
    for e in exp_counts:
        if e not in TOTALS:
            fail("unknown expected value %r" % e)
    if conv != {"answered": 6, "not_covered": 4}:
        fail("conversation split %s, want 6 answered / 4 not_covered" % conv)
    if lang_counts != LANG_MIX:
        fail("other-language mix %s, want %s" % (lang_counts, LANG_MIX))
    if counts.get("everyday") and everyday_years != set(YEARS):
        fail("everyday questions do not cover all chapters: %s" % sorted(everyday_years))
    if counts.get("everyday") and len(everyday_paras) < 30:
        fail("everyday questions use only %d distinct main paragraphs" % len(everyday_paras))

    if fails:
        print("FAIL: %d problem(s)" % len(fails))
        for f in fails:
            print(" - " + f)
        return 1
    print("OK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
