#!/usr/bin/env python3
"""Checker for unseen-23-questions.json (CND Chair's summaries 2019-2023). Python 3 stdlib only."""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOC_REL = os.path.join('corpus', 'cnd-chairs-summaries-2019-2023.md')
DEFAULT_DOC = '/work/shared/corpus/cnd-chairs-summaries-2019-2023.md'

def resolve(p):
    return p if os.path.isabs(p) else os.path.normpath(os.path.join(HERE, p))

repo = os.environ.get('REPO')
DOC = os.path.join(resolve(repo), DOC_REL) if repo else DEFAULT_DOC
QFILE = resolve(os.environ.get('QFILE', 'unseen-23-questions.json'))

YEARS = {'I': 2019, 'II': 2020, 'III': 2021, 'IV': 2022, 'V': 2023}
ROMAN_ORDER = ['I', 'II', 'III', 'IV', 'V']
EXPECTED_COUNTS = {2019: 35, 2020: 36, 2021: 37, 2022: 31, 2023: 128}
CH_RE = re.compile(r'^#+\s*(?:\*\*)?(I|II|III|IV|V)\.\s+Chair')
PARA_RE = re.compile(r'^(\d+)\.\s+(.*)$')
TITLE_RES = [re.compile(r'^(?:-\s+)?\([A-Za-z]{1,4}\)\s*\*\*'),   # (c) **Thematic ...**, - (g) **...**
             re.compile(r'^\*\*\([A-Za-z]{1,4}\)'),               # **(b) 2019 Ministerial ...**
             re.compile(r'^\*\*Day \d')]                           # **Day 2: ...**

KINDS = [('everyday', 36, 'answered'), ('typo', 15, 'answered'), ('near-miss', 36, 'related'),
         ('factoid', 15, 'answered'), ('paraphrase', 10, 'answered'), ('topic-year', 8, 'answered'),
         ('not-covered', 10, 'not_covered'), ('conversation', 10, None),
         ('year-conflict', 5, 'answered'), ('other-language', 8, 'answered')]
TOTALS = {'answered': 103, 'related': 36, 'not_covered': 14}
LANGS = {'French': 2, 'Spanish': 2, 'Russian': 2, 'Chinese': 1, 'Arabic': 1}
ALLOWED = {'id', 'kind', 'question', 'year', 'gold', 'fact', 'expected', 'history', 'filterYear', 'note'}
ALWAYS = ['id', 'kind', 'question', 'year', 'gold', 'expected']
YEAR_IN_TEXT = re.compile(r'(?<!\d)(2019|2020|2021|2022|2023)(?!\d)')
TOPIC_YEAR_RE = re.compile(r'^What was said about (.+) in (2019|2020|2021|2022|2023)\?$')
# document key terms an everyday (lay-wording) question must not use (matched at word start, case-insensitive)
EVERYDAY_KEY_TERMS = [
    'new psychoactive substance', 'nps', 'alternative development', 'harm reduction', 'precursor', 'naloxone',
    'methadone', 'cryptocurrenc', 'darknet', 'dark web', 'money-laundering', 'money laundering', 'confiscat',
    'illicit financial flow', 'early warning', 'palliative', 'scheduling', 'container control', 'proportionat',
    'death penalty', 'decriminaliz', 'legaliz', 'opioid agonist', 'needle and syringe', 'waste water',
    'wastewater', 'annual report questionnaire', 'arq', 'substitution therap', 'drug consumption room',
    'registration', 'world drug report', 'unodc', 'incb', 'narco-plane', 'clandestine', 'mule account', 'asset',
    'information and communications technolog', 'icts', 'synthetic', 'universal postal union',
    'drug use disorder', 'inject', 'blood-borne', 'socioeconomic', 'sentenc', 'livelihood', 'pledge4action',
    'outcome document', 'disposal', 'cannabis', 'burden of disease', 'internet service provider',
    'foreign jurisdiction', 'mimicking', 'elderly', 'ageing', 'handicraft', 'tourism', 'interception',
    'prevalence', 'artificial intelligence', 'overcrowding', 'stigma', 'trust fund', 'indigenous',
    'socioeconomic', 'commutation', 'abolition', 'divergent views']

def norm(s):
    return re.sub(r'\s+', ' ', s.replace('**', '')).strip()

def parse(text):
    chapters, cur, para = [], None, None
    for raw in text.splitlines():
        line = raw.strip()
        m = CH_RE.match(line)
        if m:
            cur = {'roman': m.group(1), 'year': YEARS[m.group(1)], 'paras': [], 'raw': []}
            chapters.append(cur); para = None
            continue
        if cur is None:
            continue
        cur['raw'].append(raw)
        if not line or line.startswith('#') or line.startswith('<sup>'):
            continue
        if re.fullmatch(r'-{3,}|\*{3,}|_{3,}', line):
            continue
        if any(r.match(line) for r in TITLE_RES):
            continue
        m = PARA_RE.match(line)
        if m:
            para = {'n': int(m.group(1)), 'text': m.group(2)}
            cur['paras'].append(para)
            continue
        if para is not None:
            para['text'] += ' ' + line
    return chapters

def lev(a, b, cap=3):
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > cap:
            return cap + 1
        prev = cur
    return prev[-1]

def terms_of(note):
    if not isinstance(note, str) or not note.startswith('Absent terms:'):
        return None
    return [t.strip() for t in note[len('Absent terms:'):].split(';') if t.strip()]

def main():
    fails = []
    F = fails.append
    try:
        text = open(DOC, encoding='utf-8').read()
    except OSError as e:
        print('FAIL: cannot read document %s: %s' % (DOC, e)); return 1
    chapters = parse(text)
    # ---- document structure
    romans = [c['roman'] for c in chapters]
    if romans != ROMAN_ORDER:
        F('document: chapter order %s != %s' % (romans, ROMAN_ORDER))
    paras = {}
    chap_text = {}
    for c in chapters:
        nums = [p['n'] for p in c['paras']]
        if nums != list(range(1, len(nums) + 1)):
            bad = next((i + 1 for i, n in enumerate(nums) if n != i + 1), None)
            F('document: chapter %s (%d) numbering not consecutive from 1 (first break at position %s)' % (c['roman'], c['year'], bad))
        exp = EXPECTED_COUNTS.get(c['year'])
        if len(nums) != exp:
            F('document: chapter %s (%d) has %d paragraphs, expected %s' % (c['roman'], c['year'], len(nums), exp))
        for p in c['paras']:
            paras[(c['year'], p['n'])] = norm(p['text'])
        chap_text[c['year']] = (norm('\n'.join(c['raw'])) + ' ' + '\n'.join(c['raw'])).lower()
    whole = (norm(text) + ' ' + text).lower()
    vocab = set(re.findall(r'[a-z0-9]+', text.lower()))

    # ---- question file
    try:
        qs = json.load(open(QFILE, encoding='utf-8'))
    except (OSError, ValueError) as e:
        print('FAIL: cannot load question file %s: %s' % (QFILE, e)); return 1
    if not isinstance(qs, list):
        print('FAIL: question file is not a bare JSON array'); return 1
    total = sum(k[1] for k in KINDS)
    if len(qs) != total:
        F('array has %d items, expected %d' % (len(qs), total))
    qs = [q if isinstance(q, dict) else {} for q in qs]
    for i, q in enumerate(qs, 1):
        if q.get('id') != 'ga%03d' % i:
            F('item %d: id %r, expected ga%03d' % (i, q.get('id'), i))
    # kinds grouped in order
    expected_seq = [k for k, n, _ in KINDS for _ in range(n)]
    got_seq = [q.get('kind') for q in qs]
    if got_seq != expected_seq:
        from itertools import groupby
        F('kinds not grouped in required order/counts: got %s' % [(k, len(list(g))) for k, g in groupby(got_seq)])
    kind_exp = {k: e for k, _, e in KINDS}
    totals = {}
    conv = {'answered': 0, 'not_covered': 0}
    langs = {}
    mains = []
    everyday_mains, everyday_years = [], set()
    typo_nonstart = 0; typo_words = 0
    for q in qs:
        qid = q.get('id', '?'); kind = q.get('kind'); exp = q.get('expected')
        P = lambda msg: F('%s (%s): %s' % (qid, kind, msg))
        extra = set(q) - ALLOWED
        if extra:
            P('unknown fields %s' % sorted(extra))
        for f in ALWAYS:
            if f not in q:
                P('missing field %s' % f)
        if kind not in kind_exp:
            P('unknown kind'); continue
        question = q.get('question')
        if not isinstance(question, str) or not question.strip():
            P('question must be a non-empty string'); question = ''
        totals[exp] = totals.get(exp, 0) + 1
        if exp not in TOTALS:
            P('bad expected %r' % exp)
        if kind_exp[kind] and exp != kind_exp[kind]:
            P('expected %r, must be %r' % (exp, kind_exp[kind]))
        # fields presence rules
        if (exp == 'answered') != ('fact' in q):
            P('fact must be present exactly when expected = answered')
        if (kind == 'conversation') != ('history' in q):
            P('history only (and always) for conversation')
        if (kind == 'year-conflict') != ('filterYear' in q):
            P('filterYear only (and always) for year-conflict')
        need_note = kind in ('near-miss', 'not-covered', 'other-language') or (kind == 'conversation' and exp == 'not_covered')
        if need_note != ('note' in q):
            P('note %s' % ('required' if need_note else 'not allowed'))
        if need_note and not (isinstance(q.get('note'), str) and q['note'].strip()):
            P('note must be a non-empty string')
        # year
        year = q.get('year')
        if year is not None and (type(year) is not int or not 2019 <= year <= 2023):
            P('year %r must be null or int 2019-2023' % (year,)); year = None
        # gold
        gold = q.get('gold')
        if not isinstance(gold, list):
            P('gold must be an array'); gold = []
        seen = set(); gold_ok = []
        for g in gold:
            if not (isinstance(g, dict) and set(g) == {'year', 'paragraph'} and type(g.get('year')) is int and type(g.get('paragraph')) is int):
                P('malformed gold %r' % (g,)); continue
            key = (g['year'], g['paragraph'])
            if key in seen:
                P('duplicate gold %s' % (key,))
            seen.add(key)
            if key not in paras:
                P('gold paragraph %s does not exist' % (key,))
            else:
                gold_ok.append(key)
        if (exp == 'not_covered') != (len(gold) == 0):
            P('gold must be empty exactly when expected = not_covered')
        if gold_ok and gold and gold_ok[0] == (gold[0].get('year'), gold[0].get('paragraph')):
            mains.append(gold_ok[0])
        first = paras.get((gold[0].get('year'), gold[0].get('paragraph'))) if gold and isinstance(gold[0], dict) else None
        # fact
        if 'fact' in q:
            fact = q['fact']
            if not isinstance(fact, str):
                P('fact must be a string')
            else:
                nf = norm(fact)
                if not 2 <= len(nf.split()) <= 8:
                    P('fact %r has %d words (need 2-8)' % (fact, len(nf.split())))
                if first is None or nf not in first:
                    P('fact %r is not a substring of first gold paragraph' % fact)
        # year rule
        named = set(int(y) for y in YEAR_IN_TEXT.findall(question))
        if named:
            if year not in named:
                P('question names %s but year is %r' % (sorted(named), year))
        elif kind != 'conversation' and year is not None:
            P('year %r set but no year is named in the question' % year)
        if year is not None and gold and isinstance(gold[0], dict) and gold[0].get('year') != year:
            P('first gold paragraph is from %r, not from year %r' % (gold[0].get('year'), year))
        # kind specific
        if kind == 'conversation':
            h = q.get('history')
            if not (isinstance(h, list) and 1 <= len(h) <= 2 and all(isinstance(t, dict) and set(t) == {'question'} and isinstance(t['question'], str) and t['question'].strip() for t in h)):
                P('history must be 1-2 {"question": ...} turns')
                h = []
            if exp in conv:
                conv[exp] += 1
            else:
                P('conversation expected must be answered or not_covered')
            if year is None:
                P('conversation follow-up must have a year')
            elif not named and not any(str(year) in t['question'] for t in h):
                P('year %d is neither named in the follow-up nor in its history' % year)
            if exp == 'not_covered':
                terms = terms_of(q.get('note'))
                if not terms:
                    P('not_covered follow-up note must be "Absent terms: a; b; ..."')
                elif year in chap_text:
                    for t in terms:
                        if t.lower() in chap_text[year]:
                            P('"absent" term %r occurs in the %d chapter' % (t, year))
        if kind == 'year-conflict':
            fy = q.get('filterYear')
            if type(fy) is not int or not 2019 <= fy <= 2023:
                P('filterYear %r must be int 2019-2023' % (fy,))
            if fy == year:
                P('filterYear equals year (%r)' % year)
            if year is None or not named:
                P('year-conflict question must name its year')
        if kind == 'typo':
            if question != question.lower():
                P('typo question must be lowercase')
            words = question.split()
            if not 2 <= len(words) <= 5:
                P('typo question must have 2-5 words, has %d' % len(words))
            toks = re.findall(r'[a-z0-9]+', question.lower())
            oov = [t for t in toks if t not in vocab]
            if not 1 <= len(oov) <= 2:
                P('typo question needs 1-2 misspelled words (words not in the document), found %s' % oov)
            for t in oov:
                best = min(vocab, key=lambda v: lev(t, v))
                d = lev(t, best)
                if d > 2:
                    P('word %r is not within edit distance 2 of any document word' % t)
                else:
                    typo_words += 1
                    if best[0] == t[0]:
                        typo_nonstart += 1
        if kind == 'topic-year':
            m = TOPIC_YEAR_RE.match(question)
            if not m:
                P('question is not of the form "What was said about <topic> in <year>?"')
            elif int(m.group(2)) != year:
                P('topic-year year mismatch')
        if kind == 'other-language':
            note = q.get('note')
            langs[note] = langs.get(note, 0) + 1
            script = {'Russian': r'[\u0400-\u04FF]', 'Chinese': r'[\u4E00-\u9FFF]', 'Arabic': r'[\u0600-\u06FF]'}
            if note in script and not re.search(script[note], question):
                P('question is not written in %s script' % note)
            if note in ('French', 'Spanish') and re.search(r'[\u0400-\u04FF\u4E00-\u9FFF\u0600-\u06FF]', question):
                P('question is not in %s' % note)
        if kind == 'not-covered':
            terms = terms_of(q.get('note'))
            if not terms:
                P('note must be "Absent terms: a; b; ..."')
            else:
                for t in terms:
                    if t.lower() in whole:
                        P('"absent" term %r occurs in the document' % t)
            if year is not None:
                P('not-covered year must be null')
        if kind == 'everyday':
            low = question.lower()
            for t in EVERYDAY_KEY_TERMS:
                if re.search(r'\b' + re.escape(t), low):
                    P('uses document key term %r' % t)
            if gold and isinstance(gold[0], dict):
                everyday_mains.append((gold[0].get('year'), gold[0].get('paragraph')))
                everyday_years.add(gold[0].get('year'))
    # ---- aggregates
    for e, n in TOTALS.items():
        if totals.get(e, 0) != n:
            F('totals: %d %s, expected %d' % (totals.get(e, 0), e, n))
    if conv != {'answered': 6, 'not_covered': 4}:
        F('conversation split %s, expected 6 answered / 4 not_covered' % conv)
    if langs != LANGS:
        F('other-language mix %s, expected %s' % (langs, LANGS))
    if len(set(everyday_mains)) != len(everyday_mains):
        F('everyday main gold paragraphs are not all different')
    if everyday_years != set(EXPECTED_COUNTS):
        F('everyday questions do not cover all five chapters: %s' % sorted(y for y in everyday_years if y))
    if set(y for y, _ in mains) != set(EXPECTED_COUNTS):
        F('main gold paragraphs do not cover all five years')
    if typo_words and typo_nonstart == 0:
        F('every typo misspelling is at the start of a word')
    if fails:
        print('FAILED: %d problem(s)' % len(fails))
        for f in fails:
            print(' - ' + f)
        return 1
    print('OK: all checks passed')
    return 0

if __name__ == '__main__':
    sys.exit(main())
