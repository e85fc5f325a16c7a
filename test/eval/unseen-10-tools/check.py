#!/usr/bin/env python3
"""Validator for /tmp/unseen10/questions.json against the CND Chair's summaries document.

Usage:
  python3 check.py                 validate questions.json, print PASS or the failures
  python3 check.py --dump YEAR N   print cleaned paragraph N of chapter YEAR
  python3 check.py --grep TERM     case-insensitive search of the cleaned paragraphs
                                   (and a raw-file hit count)
  python3 check.py --distinct YEAR N   list the distinctive words (4+ letters, in <=3
                                   paragraphs of the whole document) of a paragraph
Standard library only.
"""
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = os.path.join(HERE, "cnd-chairs-summaries-2019-2023.md")
QFILE = os.path.join(HERE, "questions.json")

ROMAN = {"I": 2019, "II": 2020, "III": 2021, "IV": 2022, "V": 2023}
YEARS = [2019, 2020, 2021, 2022, 2023]

KIND_ORDER = ["everyday", "typo", "near-miss", "factoid", "paraphrase", "topic-year",
              "not-covered", "conversation", "year-conflict", "other-language"]
KIND_MIN = {"everyday": 30, "typo": 12, "near-miss": 30, "factoid": 10, "paraphrase": 8,
            "topic-year": 5, "not-covered": 8, "conversation": 8, "year-conflict": 3,
            "other-language": 6}
KIND_EXPECTED = {"everyday": {"answered"}, "typo": {"answered"}, "near-miss": {"related"},
                 "factoid": {"answered"}, "paraphrase": {"answered"},
                 "topic-year": {"answered"}, "not-covered": {"not_covered"},
                 "conversation": {"answered", "not_covered"},
                 "year-conflict": {"answered"}, "other-language": {"answered"}}

CHAPTER_RE = re.compile(r"^#+\s*\**\s*(I|II|III|IV|V)\.\s+Chair")
PARA_RE = re.compile(r"^(\d{1,3})\.\s+(.*)$")
SUBHEAD_RE = re.compile(r"^(- )?(\*\*)?\([a-zA-Z]\)")


def normalize(s):
    """Cleaning shared by paragraphs and facts: quotes, whitespace."""
    s = s.replace("\u2019", "'").replace("\u2018", "'")
    s = s.replace("\u201c", '"').replace("\u201d", '"')
    s = s.replace("\u00a0", " ")
    s = re.sub(r"\s+", " ", s).strip()
    return s


def clean(s):
    """Remove markdown marks and footnote markers."""
    s = re.sub(r"<sup>\s*\d+\s*</sup>", "", s)            # footnote markers
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)         # links -> text
    s = re.sub(r"<[^>]+>", "", s)                          # other html
    s = s.replace("\\", "")                                # markdown escapes
    s = s.replace("*", "")                                 # bold / italics
    s = re.sub(r"\s+([,.;:])", r"\1", s) if False else s   # keep punctuation as is
    return normalize(s)


def parse(path=DOC):
    """Return {year: {paragraph_number: cleaned text}} and the raw text."""
    raw = open(path, encoding="utf-8").read()
    doc = defaultdict(dict)
    year = None
    cur = None          # (year, num)
    buf = {}
    for line in raw.split("\n"):
        st = line.strip()
        m = CHAPTER_RE.match(st)
        if m:
            year = ROMAN[m.group(1)]
            cur = None
            continue
        if year is None:
            continue
        if not st:
            continue
        if st.startswith("#"):          # headings (Background, Way forward...)
            continue
        if st.startswith("<sup>") or st == "---":   # footnote bodies, separators
            continue
        if SUBHEAD_RE.match(st):       # section sub-headings "(b) 2019 Ministerial..."
            continue
        pm = PARA_RE.match(st)
        if pm:
            num = int(pm.group(1))
            cur = (year, num)
            if num in doc[year]:
                raise SystemExit("duplicate paragraph %d in %d" % (num, year))
            buf[cur] = [pm.group(2)]
            doc[year][num] = None
            continue
        if cur is not None:             # page-break continuation, bullets, programme lines
            buf[cur].append(st)
    for (y, n), parts in buf.items():
        doc[y][n] = clean(" ".join(parts))
    return {y: dict(sorted(doc[y].items())) for y in sorted(doc)}, raw


def words(s):
    return re.findall(r"[a-z]+", s.lower())


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def build_index(doc):
    df = Counter()
    for y in doc:
        for n, t in doc[y].items():
            for w in set(words(t)):
                df[w] += 1
    return df


def distinctive(doc, df, year, num):
    return sorted(w for w in set(words(doc[year][num])) if len(w) >= 4 and df[w] <= 3)


def searched_terms(note):
    m = re.search(r"searched:\s*(.+?)\s*\.?\s*$", note or "")
    if not m:
        return None
    return [t.strip() for t in m.group(1).split(",") if t.strip()]


def raw_chapters(raw):
    """Raw (uncleaned) text of each chapter, footnotes included."""
    out, year = defaultdict(list), None
    for line in raw.split("\n"):
        m = CHAPTER_RE.match(line.strip())
        if m:
            year = ROMAN[m.group(1)]
        if year is not None:
            out[year].append(line)
    return {y: normalize("\n".join(v)).lower() for y, v in out.items()}


_RAWCH = {}


def chapter_text(doc, year):
    """Cleaned paragraphs plus the raw chapter (footnotes, headings) of one year."""
    if not _RAWCH:
        _RAWCH.update(raw_chapters(open(DOC, encoding="utf-8").read()))
    return " ".join(doc[year].values()).lower() + "\n" + _RAWCH.get(year, "")


def detect_lang(q):
    if re.search(r"[\u0400-\u04FF]", q):
        return "ru"
    if re.search(r"[\u4e00-\u9fff]", q):
        return "zh"
    if re.search(r"[\u0600-\u06FF]", q):
        return "ar"
    ws = set(re.findall(r"[a-záéíóúàâçèêëîïôûùüÿñãõäöß]+", q.lower()))
    scores = {
        "es": len(ws & {"qué", "cuál", "cuáles", "los", "las", "del", "por", "para", "cómo",
                         "dónde", "quién", "se", "el", "en", "sobre", "y", "una", "año"}),
        "fr": len(ws & {"quel", "quelle", "quels", "quelles", "les", "des", "du", "est", "ont",
                         "été", "pour", "dans", "sur", "qui", "comment", "année", "au", "aux"}),
        "pt": len(ws & {"qual", "quais", "os", "as", "do", "da", "dos", "das", "foi", "foram",
                         "não", "como", "em", "sobre", "ano", "que", "uma"}),
        "de": len(ws & {"was", "wurde", "wurden", "der", "die", "das", "und", "über", "welche",
                         "wie", "im", "jahr", "ist", "zur", "zum", "gegen"}),
    }
    if "¿" in q:
        scores["es"] += 3
    if re.search(r"ção|ções|ã", q):
        scores["pt"] += 3
    if re.search(r"ß|ä|ö|ü", q):
        scores["de"] += 2
    best = max(scores, key=scores.get)
    return best if scores[best] > 0 else "en"


def validate(doc, raw):
    fails = []
    F = fails.append
    df = build_index(doc)
    vocab = set(df)
    raw_l = raw.lower() + "\n" + normalize(raw).lower()
    full_clean_l = " ".join(t for y in doc for t in doc[y].values()).lower()

    # sanity of the parse
    for y in YEARS:
        if y not in doc:
            F("parse: chapter %d missing" % y)
            continue
        nums = list(doc[y])
        if nums != list(range(1, len(nums) + 1)):
            F("parse: chapter %d paragraphs not contiguous" % y)

    try:
        items = json.load(open(QFILE, encoding="utf-8"))
    except Exception as e:
        return ["cannot load questions.json: %s" % e]
    if not isinstance(items, list):
        return ["questions.json is not a top-level array"]
    if len(items) < 130:
        F("only %d items (<130)" % len(items))

    kinds_seen = []
    counts = Counter()
    gold_use = Counter()
    years_with_gold = set()
    everyday_years = Counter()
    conv_nc = 0
    langs = set()
    required = ["id", "kind", "question", "year", "expected", "gold", "note"]

    for i, it in enumerate(items, 1):
        iid = it.get("id", "?")
        P = lambda msg: F("%s: %s" % (iid, msg))
        if iid != "g%03d" % i:
            P("id out of order, expected g%03d" % i)
        for f in required:
            if f not in it:
                P("missing field %s" % f)
        kind = it.get("kind")
        if kind not in KIND_ORDER:
            P("unknown kind %r" % kind)
            continue
        if not kinds_seen or kinds_seen[-1] != kind:
            if kind in kinds_seen:
                P("kind %s not contiguous" % kind)
            kinds_seen.append(kind)
        counts[kind] += 1
        q = it.get("question", "")
        if not isinstance(q, str) or not q.strip():
            P("empty question")
            continue
        exp = it.get("expected")
        if exp not in KIND_EXPECTED[kind]:
            P("expected %r not allowed for %s" % (exp, kind))
        gold = it.get("gold", [])
        year = it.get("year")
        note = it.get("note", "")
        if not isinstance(note, str) or not note.strip():
            P("empty note")
        if not isinstance(gold, list) or len(gold) > 3:
            P("gold must be a list of at most 3")
            gold = []
        if (exp == "not_covered") != (len(gold) == 0):
            P("gold must be empty iff not_covered")
        ok_gold = True
        for g in gold:
            gy, gn = g.get("year"), g.get("paragraph")
            if gy not in doc or gn not in doc.get(gy, {}):
                P("gold %s/%s does not exist" % (gy, gn))
                ok_gold = False
            else:
                gold_use[(gy, gn)] += 1
                years_with_gold.add(gy)
        if len({(g.get("year"), g.get("paragraph")) for g in gold}) != len(gold):
            P("duplicate gold entry")
        if gold and ok_gold:
            if year != gold[0]["year"]:
                P("year %r differs from first gold year %r" % (year, gold[0]["year"]))
        if exp == "not_covered" and kind == "not-covered" and year is not None:
            P("not-covered item should have year null")
        # fact
        first = doc[gold[0]["year"]][gold[0]["paragraph"]] if gold and ok_gold else None
        if exp == "answered":
            fact = it.get("fact")
            if not isinstance(fact, str) or not fact.strip():
                P("answered item lacks fact")
            else:
                nf = normalize(fact)
                nwords = len(nf.split())
                if not 3 <= nwords <= 12:
                    P("fact has %d words (3-12)" % nwords)
                if first is not None and nf not in first:
                    P("fact not verbatim in first gold paragraph: %r" % fact)
        else:
            if "fact" in it:
                P("fact given for a non-answered item")
        # kind-specific
        if kind == "everyday":
            if gold and ok_gold:
                everyday_years[gold[0]["year"]] += 1
                qw = set(words(q))
                for g in gold:
                    bad = [w for w in qw if len(w) >= 4 and df[w] <= 3
                           and w in set(words(doc[g["year"]][g["paragraph"]]))]
                    if bad:
                        P("everyday uses distinctive words of %d/%d: %s" % (g["year"], g["paragraph"], bad))
                fw = {w for w in words(it.get("fact", "")) if len(w) >= 5}
                shared = {w for w in qw if len(w) >= 5} & fw
                if len(shared) > 1:
                    P("everyday shares %d 5+-letter words with fact: %s" % (len(shared), sorted(shared)))
        if kind == "typo":
            toks = q.split()
            if q != q.lower():
                P("typo question not lowercase")
            if not 2 <= len(toks) <= 4:
                P("typo question must have 2-4 words")
            miss = []
            for t in toks:
                if not re.fullmatch(r"[a-z]+", t):
                    P("typo token %r is not plain letters" % t)
                    continue
                if t not in vocab and t not in raw_l:
                    miss.append(t)
                elif t not in vocab:
                    P("typo token %r occurs in the file but not as a paragraph word" % t)
            if not 1 <= len(miss) <= 2:
                P("typo must have 1-2 misspelled words, has %s" % miss)
            for t in miss:
                if re.search(r"\b%s\b" % re.escape(t), raw_l):
                    P("misspelling %r occurs in file" % t)
                near = min((edit_distance(t, v) for v in vocab if abs(len(v) - len(t)) <= 2), default=99)
                if near > 2:
                    P("misspelling %r is not within 2 edits of a document word" % t)
        if kind == "near-miss":
            if "NOT" not in note:
                P("near-miss note must say what is NOT given")
        if kind == "factoid":
            if len(q.split()) > 20:
                P("factoid question too long")
        if kind == "topic-year":
            if year not in YEARS or str(year) not in q:
                P("topic-year question must name its year")
            if any(g.get("year") != year for g in gold):
                P("topic-year gold must all be in %s" % year)
        if kind == "not-covered":
            terms = searched_terms(note)
            if not terms:
                P("not-covered note must end with 'searched: ...'")
            else:
                for t in terms:
                    tl = t.lower()
                    if tl in raw_l or tl in full_clean_l:
                        P("not-covered term %r occurs in the file" % t)
        if kind == "conversation":
            hist = it.get("history")
            if not isinstance(hist, list) or not 1 <= len(hist) <= 2 or \
                    not all(isinstance(h, dict) and h.get("question") for h in hist):
                P("conversation needs history of 1-2 {question}")
            if len(q.split()) > 12:
                P("conversation follow-up should be short (cannot stand alone)")
            if exp == "not_covered":
                conv_nc += 1
                terms = searched_terms(note)
                if year not in YEARS:
                    P("not_covered conversation needs the target year in 'year'")
                elif not terms:
                    P("not_covered conversation note must end with 'searched: ...'")
                else:
                    ct = chapter_text(doc, year)
                    elsewhere = False
                    for t in terms:
                        if t.lower() in ct:
                            P("term %r occurs in chapter %d" % (t, year))
                        for y2 in YEARS:
                            if y2 != year and t.lower() in chapter_text(doc, y2):
                                elsewhere = True
                    if not elsewhere:
                        P("no searched term occurs in another chapter (topic should exist elsewhere)")
        elif "history" in it:
            P("history only for conversation items")
        if kind == "year-conflict":
            fy = it.get("filterYear")
            if fy not in YEARS or fy == year:
                P("filterYear must be a chapter year different from year")
            else:
                if str(fy) in q:
                    P("filterYear named in question")
                if str(year) not in q:
                    P("year-conflict question must name its own year")
                if any(g.get("year") != year for g in gold):
                    P("year-conflict gold must be in the named year")
                m = re.search(r"also in %d[^0-9]*para(?:graph)?s?\s*(\d+)" % fy, note)
                if not m:
                    P("year-conflict note must say 'also in %d ... para N'" % fy)
                elif int(m.group(1)) not in doc[fy]:
                    P("filterYear paragraph %s does not exist" % m.group(1))
        elif "filterYear" in it:
            P("filterYear only for year-conflict items")
        if kind == "other-language":
            lg = detect_lang(q)
            if lg == "en":
                P("other-language question looks English")
            langs.add(lg)

    # global rules
    order = [k for k in KIND_ORDER if counts[k]]
    if kinds_seen != order:
        F("kinds not in the required order: %s" % kinds_seen)
    for k, mn in KIND_MIN.items():
        if counts[k] < mn:
            F("kind %s has %d items (< %d)" % (k, counts[k], mn))
    for (y, n), c in gold_use.items():
        if c > 3:
            F("paragraph %d/%d used as gold %d times (>3)" % (y, n, c))
    for y in YEARS:
        if y not in years_with_gold:
            F("year %d has no gold" % y)
        if everyday_years[y] < 3:
            F("everyday: year %d has %d items (<3)" % (y, everyday_years[y]))
        if counts["everyday"] and everyday_years[y] * 3 > counts["everyday"]:
            F("everyday: year %d has %d of %d (more than a third)" % (y, everyday_years[y], counts["everyday"]))
    if conv_nc < 4:
        F("only %d conversation items move to a year lacking the topic (<4)" % conv_nc)
    if len(langs - {"en"}) < 4:
        F("other-language covers only %s" % sorted(langs))
    return fails, counts, items


def main():
    doc, raw = parse()
    a = sys.argv[1:]
    if a and a[0] == "--dump":
        y, n = int(a[1]), int(a[2])
        print(doc[y][n])
        return
    if a and a[0] == "--grep":
        term = normalize(" ".join(a[1:])).lower()
        print("raw file hits: %d" % normalize(raw).lower().count(term))
        for y in doc:
            for n, t in doc[y].items():
                if term in t.lower():
                    k = t.lower().index(term)
                    print("%d/%d: ...%s..." % (y, n, t[max(0, k - 80):k + 80]))
        return
    if a and a[0] == "--distinct":
        y, n = int(a[1]), int(a[2])
        print(" ".join(distinctive(doc, build_index(doc), y, n)))
        return
    res = validate(doc, raw)
    if isinstance(res, list):
        fails = res
        counts = Counter()
        items = []
    else:
        fails, counts, items = res
    if fails:
        for f in fails:
            print("FAIL", f)
        print("%d failure(s)" % len(fails))
        sys.exit(1)
    exp = Counter(i["expected"] for i in items)
    print("items: %d; kinds: %s; expected: %s" % (
        len(items), ", ".join("%s %d" % (k, counts[k]) for k in KIND_ORDER), dict(exp)))
    print("PASS")


if __name__ == "__main__":
    main()
