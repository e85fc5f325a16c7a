#!/usr/bin/env python3
"""Checker for /tmp/unseen8/questions.json against the CND Chair's summaries document.

Parses the Markdown (chapters I..V = 2019..2023, numbered paragraphs, footnotes
dropped, page-break splits re-joined) and validates the question set.
Prints PASS if everything holds, otherwise the list of problems.
"""
import json
import re
import sys
from collections import Counter, defaultdict

HERE = "/tmp/unseen8"
DOC = HERE + "/cnd-chairs-summaries-2019-2023.md"
QFILE = HERE + "/questions.json"

ROMAN = {"I": 2019, "II": 2020, "III": 2021, "IV": 2022, "V": 2023}
KINDS = [  # order and minimum counts
    ("everyday", 30), ("typo", 10), ("near-miss", 30), ("factoid", 10),
    ("paraphrase", 8), ("topic-year", 5), ("not-covered", 8),
    ("conversation", 8), ("year-conflict", 3), ("other-language", 5),
]
BASE_FIELDS = {"id", "kind", "question", "year", "expected", "gold", "note"}
STOP = set("""about above after again against their there these those which would could
should where while being other under since until whose whats what when with from that this
have been were they them then than into also such only more most some many much very does
did done make made said says people""".split())


def clean(text):
    text = re.sub(r"<sup>\d+</sup>", "", text)
    text = text.replace("**", "")
    return re.sub(r"\s+", " ", text).strip()


def is_heading(line):
    s = line.strip()
    if s.startswith("#"):
        return True
    # bold / lettered section headings such as "**(b) 2019 ...", "(c) **2019 ...", "- (g) **Thematic"
    if re.match(r"^(- )?\*{0,2}\(([a-z]|I|l)\)", s):
        return True
    if re.match(r"^\*\*[A-Z]\. ", s) or re.match(r"^[A-C]\. [A-Z]", s):
        return True
    return False


def parse(path=DOC):
    """Return {year: {para_no: cleaned_text}} plus raw full text."""
    lines = open(path, encoding="utf-8").read().split("\n")
    paras = defaultdict(dict)
    year = None
    cur = None  # (year, n)
    buf = {}
    for line in lines:
        s = line.strip()
        m = re.match(r"^#+\s*\**\s*(I|II|III|IV|V)\.\s+Chair", s)
        if m:
            year = ROMAN[m.group(1)]
            cur = None
            continue
        if year is None or not s:
            continue
        if s.startswith("<sup>") or s == "---":  # footnote text / separator
            continue
        m = re.match(r"^(\d+)\.\s+(.*)$", s)
        if m:
            cur = (year, int(m.group(1)))
            buf[cur] = [m.group(2)]
            continue
        if is_heading(s):
            cur = None
            continue
        if cur is not None:  # continuation, including text split by a page break
            buf[cur].append(s)
    for (y, n), parts in buf.items():
        paras[y][n] = clean(" ".join(parts))
    return paras


def tokens(text):
    return re.findall(r"[a-zA-Z\u00C0-\u024F]+(?:['’][a-z]+)?", text.lower())


def stem(w):
    w = w.lower()
    for suf in ("ies", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


def main():
    paras = parse()
    raw = open(DOC, encoding="utf-8").read()
    raw_low = raw.lower()
    all_text = " ".join(t for y in paras for t in paras[y].values())
    vocab = set(tokens(raw))
    # document frequency of stems over paragraphs
    df = Counter()
    for y in paras:
        for t in paras[y].values():
            for st in {stem(w) for w in tokens(t)}:
                df[st] += 1
    chapter_low = {y: " ".join(paras[y].values()).lower() for y in paras}

    errs = []
    try:
        qs = json.load(open(QFILE, encoding="utf-8"))
    except Exception as e:  # noqa
        print("FAIL: cannot load questions.json:", e)
        sys.exit(1)
    if not isinstance(qs, list) or len(qs) < 120:
        errs.append("need a top-level array of at least 120 items")

    kind_names = [k for k, _ in KINDS]
    counts = Counter(q.get("kind") for q in qs)
    gold_use = Counter()
    last_kind_idx = -1
    langs = set()
    for i, q in enumerate(qs):
        qid = q.get("id")
        tag = f"{qid}"
        if qid != f"s{i+1:03d}":
            errs.append(f"{tag}: id should be s{i+1:03d}")
        kind = q.get("kind")
        if kind not in kind_names:
            errs.append(f"{tag}: unknown kind {kind}")
            continue
        ki = kind_names.index(kind)
        if ki < last_kind_idx:
            errs.append(f"{tag}: kinds out of order")
        last_kind_idx = max(last_kind_idx, ki)
        allowed = set(BASE_FIELDS)
        exp = q.get("expected")
        if exp == "answered":
            allowed.add("fact")
        if kind == "conversation":
            allowed.add("history")
        if kind == "year-conflict":
            allowed.add("filterYear")
        missing = allowed - set(q)
        extra = set(q) - allowed
        if missing:
            errs.append(f"{tag}: missing fields {sorted(missing)}")
        if extra:
            errs.append(f"{tag}: unexpected fields {sorted(extra)}")
        if exp not in ("answered", "related", "not_covered"):
            errs.append(f"{tag}: bad expected {exp}")
        gold = q.get("gold", [])
        if not isinstance(gold, list) or len(gold) > 3:
            errs.append(f"{tag}: gold must be a list of at most 3")
            gold = []
        if (len(gold) == 0) != (exp == "not_covered"):
            errs.append(f"{tag}: gold empty iff not_covered")
        for g in gold:
            y, n = g.get("year"), g.get("paragraph")
            if set(g) != {"year", "paragraph"}:
                errs.append(f"{tag}: gold item fields {g}")
            if y not in paras or n not in paras[y]:
                errs.append(f"{tag}: gold {y}/{n} does not exist")
            gold_use[(y, n)] += 1
        note = q.get("note", "")
        if not isinstance(note, str) or not note.strip():
            errs.append(f"{tag}: empty note")
        question = q.get("question", "")
        if not question.strip():
            errs.append(f"{tag}: empty question")
        year = q.get("year")
        if year is not None and year not in ROMAN.values():
            errs.append(f"{tag}: bad year {year}")
        # years named in the question text must match the year field
        named = {int(x) for x in re.findall(r"(?<!\d)(20(?:19|2[0-3]))(?!\d)", question)}
        if kind not in ("year-conflict", "conversation"):
            if named and named != {year}:
                errs.append(f"{tag}: question names {sorted(named)} but year={year}")
            if not named and year is not None:
                errs.append(f"{tag}: year={year} but question names no year")
        if year is not None and gold and any(g.get("year") != year for g in gold):
            if "gold follows chapter" not in note:
                errs.append(f"{tag}: gold outside year {year} without 'gold follows chapter'")
        # fact
        if exp == "answered":
            fact = q.get("fact", "")
            nw = len(fact.split())
            if not (3 <= nw <= 12):
                errs.append(f"{tag}: fact must be 3-12 words ({nw})")
            if gold:
                g0 = gold[0]
                ptxt = paras.get(g0.get("year"), {}).get(g0.get("paragraph"), "")
                if re.sub(r"\s+", " ", fact) not in ptxt:
                    errs.append(f"{tag}: fact not verbatim in {g0}: {fact!r}")
        # kind-specific rules
        if kind == "everyday":
            if exp != "answered":
                errs.append(f"{tag}: everyday must be answered")
            qst = {stem(w) for w in tokens(question) if len(w) >= 5 and w not in STOP}
            fst = {stem(w) for w in tokens(q.get("fact", "")) if len(w) >= 5 and w not in STOP}
            shared = qst & fst
            if len(shared) > 1:
                errs.append(f"{tag}: shares {sorted(shared)} with fact")
            for g in gold:
                gtoks = {stem(w) for w in tokens(paras.get(g["year"], {}).get(g["paragraph"], ""))}
                for w in {stem(w) for w in tokens(question) if len(w) >= 4 and w not in STOP}:
                    if w in gtoks and df[w] <= 3:
                        errs.append(f"{tag}: uses distinctive word '{w}' of gold {g}")
        if kind == "typo":
            if question != question.lower():
                errs.append(f"{tag}: typo must be lowercase")
            ws = question.split()
            if not (2 <= len(ws) <= 4):
                errs.append(f"{tag}: typo must have 2-4 words")
            bad = [w for w in ws if w not in vocab]
            if not (1 <= len(bad) <= 2):
                errs.append(f"{tag}: typo needs 1-2 misspelled words, got {bad}")
            if exp != "answered":
                errs.append(f"{tag}: typo must be answered")
        if kind == "near-miss":
            if exp != "related":
                errs.append(f"{tag}: near-miss must be related")
            if not re.search(r"\b(not|no|never|without)\b", note):
                errs.append(f"{tag}: near-miss note must say what is missing")
        if kind in ("factoid", "paraphrase", "topic-year", "year-conflict", "other-language"):
            if exp != "answered":
                errs.append(f"{tag}: {kind} must be answered")
        if kind == "topic-year":
            if year is None or any(g["year"] != year for g in gold):
                errs.append(f"{tag}: topic-year gold must all be in its year")
        if kind == "not-covered" or (kind == "conversation" and exp == "not_covered"):
            if exp != "not_covered":
                errs.append(f"{tag}: not-covered must be not_covered")
            m = re.search(r"searched:\s*(.+?)\.?\s*$", note)
            if not m:
                errs.append(f"{tag}: note must end with 'searched: ...'")
            else:
                terms = [t.strip().strip(".") for t in m.group(1).split(",") if t.strip()]
                if len(terms) < 2:
                    errs.append(f"{tag}: need at least 2 searched terms")
                hay = raw_low if kind == "not-covered" else chapter_low.get(year, "")
                for t in terms:
                    if t.lower() in hay:
                        errs.append(f"{tag}: searched term '{t}' has hits")
        if kind == "conversation":
            h = q.get("history")
            if not isinstance(h, list) or not h or not all(isinstance(x, dict) and set(x) == {"question"} for x in h):
                errs.append(f"{tag}: history must be a list of {{question}}")
            if year is None:
                errs.append(f"{tag}: conversation needs the year the follow-up means")
        if kind == "year-conflict":
            fy = q.get("filterYear")
            if fy not in ROMAN.values() or fy == year:
                errs.append(f"{tag}: filterYear must be a different valid year")
            if named != {year}:
                errs.append(f"{tag}: year-conflict question must name its year")
            if any(g["year"] != year for g in gold):
                errs.append(f"{tag}: year-conflict gold must be in the named year")
        if kind == "other-language":
            if re.search(r"[\u0400-\u04FF]", question):
                langs.add("ru")
            elif re.search(r"[\u4e00-\u9fff]", question):
                langs.add("zh")
            elif re.search(r"[\u0600-\u06FF]", question):
                langs.add("ar")
            else:
                low = question.lower()
                if re.search(r"\b(wie|welche|wurde|der|die|das|und|über)\b", low):
                    langs.add("de")
                elif re.search(r"\b(quel|quelle|quels|est-ce|les|des|été|sur)\b", low):
                    langs.add("fr")
                elif re.search(r"\b(qué|cuál|cuántos|cuántas|los|las|sobre|se)\b|¿", low):
                    langs.add("es")
                else:
                    errs.append(f"{tag}: cannot tell language")
            if re.search(r"[\u0400-\u04FF\u4e00-\u9fff\u0600-\u06FF]", q.get("fact", "")):
                errs.append(f"{tag}: fact must be English")
    for k, mn in KINDS:
        if counts[k] < mn:
            errs.append(f"kind {k}: {counts[k]} < {mn}")
    if len(langs) < 4:
        errs.append(f"other-language: only {sorted(langs)}")
    conv_nc = sum(1 for q in qs if q.get("kind") == "conversation" and q.get("expected") == "not_covered")
    if conv_nc < 3:
        errs.append("conversation: need at least 3 not_covered follow-ups")
    for (y, n), c in gold_use.items():
        if c > 3:
            errs.append(f"gold {y}/{n} used {c} times")
    gy = Counter(y for (y, n), c in gold_use.items() for _ in range(c))
    for y in ROMAN.values():
        if gy[y] == 0:
            errs.append(f"no gold in {y}")
    if errs:
        print("FAIL")
        for e in errs:
            print(" -", e)
        sys.exit(1)
    print("PASS")
    print("items:", len(qs), dict(counts))
    print("expected:", dict(Counter(q["expected"] for q in qs)))
    print("gold by year:", dict(sorted(gy.items())))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "show":  # helper: print a paragraph
        P = parse()
        print(P[int(sys.argv[2])][int(sys.argv[3])])
    elif len(sys.argv) > 1 and sys.argv[1] == "df":  # helper: paragraph frequency of words
        P = parse()
        df = Counter()
        for y in P:
            for t in P[y].values():
                for st in {stem(w) for w in tokens(t)}:
                    df[st] += 1
        for w in sys.argv[2:]:
            print(w, df[stem(w)])
    else:
        main()
