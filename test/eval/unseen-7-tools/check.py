#!/usr/bin/env python3
"""Validator for questions.json against cnd-chairs-summaries-2019-2023.md.

Usage:
  python3 check.py [--doc PATH] [--questions PATH]
  python3 check.py --dump YEAR N      print a parsed paragraph (cleaned)
  python3 check.py --grep REGEX       search parsed paragraphs (case-insensitive)
Prints PASS (exit 0) or the list of errors (exit 1).
"""
import argparse, json, re, sys, os
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import docparse

YEARS = [2019, 2020, 2021, 2022, 2023]
KINDS = ["everyday", "typo", "near-miss", "factoid", "paraphrase", "topic-year",
         "not-covered", "conversation", "year-conflict", "other-language"]
MIN = {"everyday": 30, "typo": 10, "near-miss": 30, "factoid": 10, "paraphrase": 8,
       "topic-year": 5, "not-covered": 8, "conversation": 8, "year-conflict": 3,
       "other-language": 4}
TOTAL_MIN = 115
FACT_KINDS = {"everyday", "typo", "factoid", "paraphrase", "conversation",
              "year-conflict", "other-language"}
BASE = ["id", "kind", "question", "year", "expected", "gold", "note"]
EXPECTED_BY_KIND = {
    "everyday": {"answered"}, "typo": {"answered"}, "near-miss": {"related"},
    "factoid": {"answered"}, "paraphrase": {"answered"}, "topic-year": {"answered"},
    "not-covered": {"not_covered"}, "conversation": {"answered", "related", "not_covered"},
    "year-conflict": {"answered"}, "other-language": {"answered"},
}
YEAR_RE = re.compile(r"(?<!\d)(2019|2020|2021|2022|2023)(?!\d)")
STOP = set("""a an the and or of to in on for with by at from as is are was were be been being
this that these those it its what which who whom whose when where why how did do does done
any anyone anything about there their they them than then so if not no yes can could would should
will shall may might must have has had having i me my we our you your he she his her
also just only very more most much many some such into over under out up down off again
tell said say says saying know get got give given make made like way ways thing things""".split())


def stem(w):
    w = w.lower()
    for suf in ("ations", "ation", "ments", "ment", "ities", "ity", "ings", "ing", "ness",
                "ies", "ied", "ers", "er", "ed", "es", "ly", "al", "s", "e", "y"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


def words(text):
    return re.findall(r"[a-zà-ÿ]+", text.lower())


def detect_lang(q):
    if re.search(r"[\u0400-\u04FF]", q): return "ru"
    if re.search(r"[\u0600-\u06FF]", q): return "ar"
    if re.search(r"[\u4e00-\u9fff]", q): return "zh"
    if re.search(r"[\u3040-\u30ff]", q): return "ja"
    if re.search(r"[\u0370-\u03FF]", q): return "el"
    ws = set(words(q))
    if "¿" in q or ws & {"qué", "cuál", "cuántos", "cuántas", "según", "los", "las", "del", "dónde", "quién"}:
        return "es"
    if ws & {"quel", "quelle", "quels", "quelles", "combien", "selon", "les", "des", "du", "qui", "été", "était"}:
        return "fr"
    if ws & {"welche", "welcher", "wie", "viele", "der", "die", "das", "wurde", "und", "nach"}:
        return "de"
    if ws & {"quale", "quali", "quanti", "della", "sono", "stato"}:
        return "it"
    if ws & {"qual", "quais", "quantos", "foram", "segundo", "não"}:
        return "pt"
    return "en"


def load_doc(path):
    paras, foot, errs = docparse.parse(path)
    clean = {y: {n: docparse.clean(t) for n, t in ps.items()} for y, ps in paras.items()}
    return clean, foot, errs


def doc_stats(clean):
    df = Counter()
    vocab = set()
    for y, ps in clean.items():
        for n, t in ps.items():
            ws = words(t)
            vocab.update(ws)
            df.update({stem(w) for w in ws})
    return df, vocab


def check(qpath, dpath):
    errs = []
    clean, foot, derrs = load_doc(dpath)
    errs += ["document: " + e for e in derrs]
    if derrs:
        return errs
    with open(dpath, encoding="utf-8") as f:
        fulltext = docparse.clean(f.read()).lower()
    df, vocab = doc_stats(clean)
    try:
        with open(qpath, encoding="utf-8") as f:
            items = json.load(f)
    except Exception as e:
        return [f"cannot load {qpath}: {e}"]
    if not isinstance(items, list):
        return ["questions.json must be a top-level JSON array"]

    counts = Counter()
    gold_use = Counter()
    gold_years = set()
    seen_q = {}
    last_kind_idx = -1
    conv_absent = conv_standalone = 0
    langs = Counter()

    for i, it in enumerate(items):
        tag = f"item {i+1}"
        if not isinstance(it, dict):
            errs.append(f"{tag}: not an object"); continue
        iid = it.get("id")
        tag = f"{iid or tag}"
        if iid != f"r{i+1:03d}":
            errs.append(f"{tag}: id should be r{i+1:03d}")
        kind = it.get("kind")
        if kind not in KINDS:
            errs.append(f"{tag}: bad kind {kind!r}"); continue
        k = KINDS.index(kind)
        if k < last_kind_idx:
            errs.append(f"{tag}: kind {kind} out of order (kinds must be grouped in listed order)")
        last_kind_idx = max(last_kind_idx, k)
        counts[kind] += 1
        exp = it.get("expected")
        # field set
        want = list(BASE)
        if kind in FACT_KINDS and exp == "answered": want.append("fact")
        if kind == "conversation": want.append("history")
        if kind == "year-conflict": want.append("filterYear")
        if set(it) != set(want):
            errs.append(f"{tag}: fields {sorted(it)} != expected {sorted(want)}")
        q = it.get("question")
        if not isinstance(q, str) or not q.strip():
            errs.append(f"{tag}: empty question"); continue
        nq = re.sub(r"\s+", " ", q.strip().lower())
        if nq in seen_q:
            errs.append(f"{tag}: duplicate question text of {seen_q[nq]}")
        seen_q[nq] = tag
        if exp not in ("answered", "related", "not_covered"):
            errs.append(f"{tag}: bad expected {exp!r}")
        elif exp not in EXPECTED_BY_KIND[kind]:
            errs.append(f"{tag}: kind {kind} cannot have expected {exp}")
        note = it.get("note")
        if not isinstance(note, str) or not note.strip() or "\n" in note or "\r" in note:
            errs.append(f"{tag}: note must be a non-empty single line")
            note = note if isinstance(note, str) else ""
        # year
        year = it.get("year")
        named = [int(y) for y in YEAR_RE.findall(q)]
        if year is None:
            if named:
                errs.append(f"{tag}: question names {named} but year is null")
        elif not isinstance(year, int) or year not in YEARS:
            errs.append(f"{tag}: bad year {year!r}")
        elif year not in named:
            errs.append(f"{tag}: year {year} does not appear in question text")
        # gold
        gold = it.get("gold")
        if not isinstance(gold, list):
            errs.append(f"{tag}: gold must be a list"); gold = []
        if len(gold) > 3:
            errs.append(f"{tag}: more than 3 gold paragraphs")
        if (exp == "not_covered") != (len(gold) == 0):
            errs.append(f"{tag}: gold must be empty if and only if expected is not_covered")
        gpairs = []
        for g in gold:
            if not isinstance(g, dict) or set(g) != {"year", "paragraph"}:
                errs.append(f"{tag}: bad gold entry {g!r}"); continue
            gy, gn = g["year"], g["paragraph"]
            if gy not in clean or gn not in clean.get(gy, {}):
                errs.append(f"{tag}: gold {gy}/{gn} does not exist in document"); continue
            if (gy, gn) in gpairs:
                errs.append(f"{tag}: gold {gy}/{gn} listed twice")
            gpairs.append((gy, gn))
            gold_use[(gy, gn)] += 1
            gold_years.add(gy)
        gyears = {gy for gy, _ in gpairs}
        if isinstance(year, int) and gpairs and year not in gyears and "gold follows chapter" not in note:
            errs.append(f"{tag}: year {year} differs from all gold chapters {sorted(gyears)}; note must say 'gold follows chapter'")
        # fact
        if "fact" in it:
            fact = it["fact"]
            if not isinstance(fact, str):
                errs.append(f"{tag}: fact must be a string")
            else:
                fc = re.sub(r"\s+", " ", fact.replace("**", "")).strip()
                nw = len(fc.split())
                if not 3 <= nw <= 12:
                    errs.append(f"{tag}: fact has {nw} words (need 3-12)")
                if gpairs and fc not in clean[gpairs[0][0]][gpairs[0][1]]:
                    errs.append(f"{tag}: fact not verbatim in first gold paragraph {gpairs[0]}: {fact!r}")
        # kind-specific rules
        if kind == "everyday" and gpairs:
            gstems = set()
            for gy, gn in gpairs:
                gstems |= {stem(w) for w in words(clean[gy][gn])}
            for w in words(q):
                s = stem(w)
                if w not in STOP and len(s) >= 4 and s in gstems and df[s] <= 3:
                    errs.append(f"{tag}: everyday question uses distinctive gold word {w!r} (stem {s!r} in {df[s]} paragraphs)")
            if isinstance(it.get("fact"), str):
                fst = {stem(w) for w in words(it["fact"]) if len(w) >= 5 and w not in STOP}
                shared = {stem(w) for w in words(q) if len(w) >= 5 and w not in STOP} & fst
                if len(shared) > 1:
                    errs.append(f"{tag}: everyday question shares {len(shared)} 5+ letter words with fact: {sorted(shared)}")
        if kind == "typo":
            if q != q.lower():
                errs.append(f"{tag}: typo question must be lowercase")
            ws = re.findall(r"[^\s]+", q)
            if not 2 <= len(ws) <= 4:
                errs.append(f"{tag}: typo question must have 2-4 words")
            bad = [w for w in words(q) if w not in vocab]
            if not 1 <= len(bad) <= 2:
                errs.append(f"{tag}: typo question must have 1-2 words outside document vocabulary, has {bad}")
        if kind == "near-miss" and not re.search(r"\b(not|no|never|without)\b", note, re.I):
            errs.append(f"{tag}: near-miss note must say what is missing (not/no/never)")
        if kind == "topic-year":
            if not isinstance(year, int):
                errs.append(f"{tag}: topic-year must name a year")
            elif gyears - {year}:
                errs.append(f"{tag}: topic-year gold must all be in {year}")
        if kind == "not-covered" or (exp == "not_covered"):
            m = re.search(r"searched:\s*(.+)$", note)
            if not m:
                errs.append(f"{tag}: not_covered note must end with 'searched: term, term'")
            else:
                terms = [t.strip() for t in m.group(1).split(",") if t.strip()]
                if len(terms) < 2:
                    errs.append(f"{tag}: list at least two searched terms")
                # not-covered items: term absent from the whole document;
                # conversation follow-ups moved to a year: term absent from that year's chapter
                if kind == "conversation" and isinstance(year, int) and year in clean:
                    scope, where = " ".join(clean[year].values()).lower(), f"the {year} chapter"
                else:
                    scope, where = fulltext, "the document"
                for t in terms:
                    if t.lower() in scope:
                        errs.append(f"{tag}: searched term {t!r} DOES occur in {where}")
        if kind == "conversation":
            h = it.get("history")
            if not isinstance(h, list) or not 1 <= len(h) <= 2 or not all(
                    isinstance(x, dict) and set(x) == {"question"} and isinstance(x["question"], str) and x["question"].strip() for x in h):
                errs.append(f"{tag}: history must be a list of 1-2 {{'question': ...}}")
                h = []
            hyears = {int(y) for x in h for y in YEAR_RE.findall(x["question"])}
            if exp == "not_covered" and isinstance(year, int) and hyears and year not in hyears:
                conv_absent += 1
            if hyears and year is None and "must not inherit" in note:
                if gpairs and gyears <= hyears:
                    errs.append(f"{tag}: standalone follow-up gold must not be only in history year(s) {sorted(hyears)}")
                else:
                    conv_standalone += 1
        if kind == "year-conflict":
            fy = it.get("filterYear")
            if fy not in YEARS:
                errs.append(f"{tag}: bad filterYear {fy!r}")
            if not isinstance(year, int):
                errs.append(f"{tag}: year-conflict question must name a year")
            elif fy == year:
                errs.append(f"{tag}: filterYear must differ from the question's year")
            elif gyears != {year}:
                errs.append(f"{tag}: year-conflict gold must be in the question's year {year}")
        if kind == "other-language":
            lg = detect_lang(q)
            if lg == "en":
                errs.append(f"{tag}: other-language question looks English")
            langs[lg] += 1

    for kd in KINDS:
        if counts[kd] < MIN[kd]:
            errs.append(f"kind {kd}: {counts[kd]} items, need at least {MIN[kd]}")
    if len(items) < TOTAL_MIN:
        errs.append(f"total {len(items)} items, need at least {TOTAL_MIN}")
    for (gy, gn), c in gold_use.items():
        if c > 3:
            errs.append(f"paragraph {gy}/{gn} is gold {c} times (max 3)")
    if gold_years != set(YEARS):
        errs.append(f"gold covers years {sorted(gold_years)}, need all of {YEARS}")
    if conv_absent < 2:
        errs.append(f"conversation: need >=2 follow-ups moving to a year where the topic is absent (have {conv_absent})")
    if conv_standalone < 2:
        errs.append(f"conversation: need >=2 standalone follow-ups after a year-naming history (have {conv_standalone})")
    if len(langs) < 3:
        errs.append(f"other-language: need at least 3 languages, have {dict(langs)}")
    return errs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--doc", default=os.path.join(HERE, "cnd-chairs-summaries-2019-2023.md"))
    ap.add_argument("--questions", default=os.path.join(HERE, "questions.json"))
    ap.add_argument("--dump", nargs=2, type=int, metavar=("YEAR", "N"))
    ap.add_argument("--grep")
    a = ap.parse_args()
    if a.dump or a.grep:
        clean, foot, derrs = load_doc(a.doc)
        for e in derrs: print("document:", e)
        if a.dump:
            y, n = a.dump
            print(f"[{y} {n}]", clean.get(y, {}).get(n, "(no such paragraph)"))
        if a.grep:
            rx = re.compile(a.grep, re.I)
            hits = 0
            for y, ps in clean.items():
                for n, t in ps.items():
                    for m in rx.finditer(t):
                        hits += 1
                        s = max(0, m.start() - 80)
                        print(f"[{y} {n}] ...{t[s:m.end()+80]}...")
            for n, t in foot.items():
                if rx.search(t):
                    hits += 1; print(f"[footnote {n}] {t[:160]}")
            print(f"{hits} hit(s)")
        return
    errs = check(a.questions, a.doc)
    if errs:
        print(f"FAIL: {len(errs)} error(s)")
        for e in errs: print(" -", e)
        sys.exit(1)
    print("PASS")


if __name__ == "__main__":
    main()
