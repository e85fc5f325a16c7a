#!/usr/bin/env python3
"""Make broken copies of questions.json (and one broken document) in broken/ and
confirm check.py rejects each one, and accepts the real files."""
import copy, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = os.path.join(HERE, "cnd-chairs-summaries-2019-2023.md")
QS = os.path.join(HERE, "questions.json")
OUT = os.path.join(HERE, "broken")
os.makedirs(OUT, exist_ok=True)
items = json.load(open(QS, encoding="utf-8"))


def first(kind, pred=lambda it: True):
    for i, it in enumerate(items):
        if it["kind"] == kind and pred(it):
            return i
    raise SystemExit(f"no item of kind {kind}")


def run(qpath, dpath=DOC):
    r = subprocess.run([sys.executable, os.path.join(HERE, "check.py"), "--questions", qpath, "--doc", dpath],
                       capture_output=True, text=True)
    return r.returncode, r.stdout


cases = {}


def case(name, fn):
    d = copy.deepcopy(items)
    fn(d)
    cases[name] = d


case("bad_id", lambda d: d[3].__setitem__("id", "r999"))
case("fact_not_verbatim", lambda d: d[0].__setitem__("fact", d[0]["fact"] + " extra words here"))
case("fact_too_long", lambda d: d[0].__setitem__("fact", " ".join(["word"] * 13)))
case("everyday_distinctive_word", lambda d: d[first("everyday")].__setitem__(
    "question", "Did countries clash over the death penalty for smuggling?") or d[first("everyday")].__setitem__(
    "gold", [{"year": 2022, "paragraph": 25}]) or d[first("everyday")].__setitem__(
    "fact", "Divergent views were expressed regarding the use of the death penalty"))
case("notcovered_term_present", lambda d: d[first("not-covered")].__setitem__(
    "note", "Not discussed. searched: cannabis, kratom"))
case("notcovered_with_gold", lambda d: d[first("not-covered")].__setitem__("gold", [{"year": 2019, "paragraph": 1}]))
case("gold_missing_paragraph", lambda d: d[0].__setitem__("gold", [{"year": 2022, "paragraph": 99}]))
case("gold_overused", lambda d: [d[i].__setitem__("gold", [{"year": 2019, "paragraph": 1}]) for i in
                                  [first("near-miss"), first("near-miss", lambda it: it["id"] != d[first("near-miss")]["id"]),
                                   len(d) - 1 - 0 if False else first("near-miss", lambda it: it["question"].startswith("Which country reported")),
                                   first("near-miss", lambda it: it["question"].startswith("Which delegations"))]])
case("typo_without_misspelling", lambda d: d[first("typo")].__setitem__("question", "tramadol crisis"))
case("typo_too_long", lambda d: d[first("typo")].__setitem__("question", "tramadol crsis in west africa now"))
case("year_named_but_null", lambda d: d[first("near-miss")].__setitem__("year", None))
case("year_not_in_text", lambda d: d[first("everyday")].__setitem__("year", 2020))
case("year_mismatch_no_note", lambda d: d[first("factoid", lambda it: it["year"] == 2021 and "618" in it["note"])].__setitem__(
    "note", "618 NPS reported in 2021, of which 87 newly identified."))
case("conflict_same_year", lambda d: d[first("year-conflict")].__setitem__("filterYear", d[first("year-conflict")]["year"]))
case("conflict_gold_other_year", lambda d: d[first("year-conflict")].__setitem__("gold", [{"year": 2019, "paragraph": 5}]))
case("fact_on_near_miss", lambda d: d[first("near-miss")].__setitem__("fact", "no registration figure"))
case("missing_history", lambda d: d[first("conversation")].pop("history"))
def _reorder(d):
    d.insert(0, d.pop(first("typo")))
    for i, it in enumerate(d, 1):
        it["id"] = f"r{i:03d}"
case("kinds_out_of_order", _reorder)
case("duplicate_question", lambda d: d[1].__setitem__("question", d[0]["question"]))
case("multiline_note", lambda d: d[0].__setitem__("note", "line one\nline two"))
case("bad_expected", lambda d: d[first("near-miss")].__setitem__("expected", "answered"))
case("topic_year_gold_elsewhere", lambda d: d[first("topic-year")].__setitem__("gold", [{"year": 2023, "paragraph": 24}]))
case("other_language_english", lambda d: d[first("other-language")].__setitem__("question", "Who chaired the 2023 thematic discussions in Vienna?"))
case("too_few_items", lambda d: [d.pop() for _ in range(30)])
case("not_an_array", lambda d: None)
cases["not_an_array"] = {"items": items}

# the error message each broken copy must produce (substring)
WANT = {
    "bad_id": "id should be", "fact_not_verbatim": "not verbatim", "fact_too_long": "fact has 13 words",
    "everyday_distinctive_word": "distinctive gold word", "notcovered_term_present": "DOES occur",
    "notcovered_with_gold": "empty if and only if", "gold_missing_paragraph": "does not exist",
    "gold_overused": "is gold", "typo_without_misspelling": "outside document vocabulary",
    "typo_too_long": "2-4 words", "year_named_but_null": "but year is null",
    "year_not_in_text": "does not appear in question text", "year_mismatch_no_note": "gold follows chapter",
    "conflict_same_year": "filterYear must differ", "conflict_gold_other_year": "year-conflict gold must be",
    "fact_on_near_miss": "fields", "missing_history": "fields", "kinds_out_of_order": "out of order",
    "duplicate_question": "duplicate question", "multiline_note": "single line", "bad_expected": "cannot have expected",
    "topic_year_gold_elsewhere": "topic-year gold must all be", "other_language_english": "looks English",
    "too_few_items": "need at least", "not_an_array": "top-level JSON array",
    "doc_no_chapter_III": "out of sequence", "doc_fact_changed": "not verbatim",
}
fails = 0
rc, out = run(QS)
if rc != 0:
    print("REAL FILES REJECTED:\n" + out); fails += 1
else:
    print("ok   real questions.json + document -> PASS")

for name, data in cases.items():
    p = os.path.join(OUT, f"q_{name}.json")
    with open(p, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
    # renumber ids after structural edits so that only the intended error matters is not required:
    rc, out = run(p)
    if rc == 0:
        print(f"FAIL {name}: check.py accepted a broken file"); fails += 1
    elif WANT[name] not in out:
        print(f"FAIL {name}: rejected, but not for the intended reason ({WANT[name]!r})"); fails += 1
    else:
        first_err = [l for l in out.splitlines() if l.startswith(" - ")][:1]
        print(f"ok   {name}: rejected ({first_err[0].strip() if first_err else out.strip()[:80]})")

# broken documents
doc = open(DOC, encoding="utf-8").read()
broken_docs = {
    # chapter III heading removed: 2021 paragraphs run into the 2020 chapter
    "doc_no_chapter_III": doc.replace("### III. Chair's summary", "### Chair's summary", 1),
    # a gold paragraph's wording damaged: a fact no longer matches
    "doc_fact_changed": doc.replace("only one in eight persons globally", "only one in nine persons globally", 1),
}
for name, text in broken_docs.items():
    assert text != doc, name
    p = os.path.join(OUT, f"{name}.md")
    open(p, "w", encoding="utf-8").write(text)
    rc, out = run(QS, p)
    if rc == 0:
        print(f"FAIL {name}: check.py accepted a broken document"); fails += 1
    elif WANT[name] not in out:
        print(f"FAIL {name}: rejected, but not for the intended reason ({WANT[name]!r})"); fails += 1
    else:
        first_err = [l for l in out.splitlines() if l.startswith(" - ")][:1]
        print(f"ok   {name}: rejected ({first_err[0].strip() if first_err else ''})")

print("ALL BROKEN CASES REJECTED" if not fails else f"{fails} PROBLEM(S)")
sys.exit(1 if fails else 0)
