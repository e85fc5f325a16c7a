"""Parser for the CND Chair's summaries compilation (Markdown converted from PDF)."""
import re

ROMAN = {"I": 2019, "II": 2020, "III": 2021, "IV": 2022, "V": 2023}
CHAP_RE = re.compile(r"^#+\s*(?:\*\*)?\s*(I|II|III|IV|V)\.\s+Chair")
PARA_RE = re.compile(r"^(\d{1,3})\.\s+(.*)$")
FOOT_RE = re.compile(r"^<sup>(\d+)</sup>\s*(.*)$")
HEAD_RE = re.compile(r"^(#|\*\*\([a-zA-Z]\)|\*\*Day\s|\*(Morning|Afternoon):|(-\s*)?\([a-zA-Z]\)\s*\*\*(\d{4} Ministerial|Thematic Session))")


def clean(text):
    text = text.replace("**", "")
    text = re.sub(r"\s+", " ", text)
    return text.strip()


def parse(path):
    """Return (paras, footnotes, errors).
    paras: {year: {n: raw_text}}; footnotes: {n: text}; errors: structural problems."""
    paras, foot, errors = {}, {}, []
    year, cur = None, None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for ln, line in enumerate(lines, 1):
        s = line.strip()
        m = CHAP_RE.match(s)
        if m:
            year = ROMAN[m.group(1)]
            if year in paras:
                errors.append(f"line {ln}: chapter {m.group(1)} appears twice")
            paras[year] = {}
            cur = None
            continue
        if year is None or not s:
            continue
        m = FOOT_RE.match(s)
        if m:
            foot[int(m.group(1))] = m.group(2)
            continue
        if HEAD_RE.match(s):
            cur = None
            continue
        m = PARA_RE.match(s)
        if m:
            n = int(m.group(1))
            expect = len(paras[year]) + 1
            if n == expect:
                paras[year][n] = m.group(2)
                cur = n
                continue
            # a numbered line that is out of sequence: treat as continuation
            errors.append(f"line {ln}: paragraph number {n} out of sequence in {year} (expected {expect})")
        if cur is not None:
            paras[year][cur] += " " + s
    if sorted(paras) != [2019, 2020, 2021, 2022, 2023]:
        errors.append(f"chapters found: {sorted(paras)}; expected 2019-2023")
    return paras, foot, errors
