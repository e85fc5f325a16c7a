#!/usr/bin/env python3
"""Validator for /tmp/set12/questions.json against the CND Chair's summaries 2019-2023.

Usage:
  python3 check.py                 validate questions.json, print PASS or one line per failure
  python3 check.py --dump YEAR N   print cleaned paragraph N of chapter YEAR
  python3 check.py --grep TERM     case-insensitive hits: raw file, per chapter (raw), per paragraph (cleaned)
  python3 check.py --distinct YEAR N   distinctive words (4+ letters, in <= 3 paragraphs) of a paragraph
  python3 check.py --stats         paragraph counts per chapter and gold usage
  python3 check.py --file F ...    use questions file F instead of questions.json
Standard library only.
"""
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = os.path.join(HERE, 'cnd-chairs-summaries-2019-2023.md')
QFILE = os.path.join(HERE, 'questions.json')

ROMAN = {'I': 2019, 'II': 2020, 'III': 2021, 'IV': 2022, 'V': 2023}
YEARS = [2019, 2020, 2021, 2022, 2023]
CHAP_RE = re.compile(r"^#+\s*(?:\*\*)?\s*(I|II|III|IV|V)\.\s+Chair[’']s summary on the thematic discussions")
PARA_RE = re.compile(r'^(\d{1,3})\.\s+(.*)$')
FOOT_RE = re.compile(r'^\s*(?:<sup>\d+</sup>|\\\*)')
HEAD_RES = [re.compile(p) for p in (
    r'^\s*#',                              # markdown headings (any level)
    r'^\s*\*\*.*\*\*\s*$',                 # whole-line bold headings (sub-sections, programme days)
    r'^\s*-?\s*\([A-Za-z]{1,4}\)\s*\*\*',  # "(c) **Thematic Session ...**", "- (g) **...**"
    r'^\s*---+\s*$',                       # horizontal rules
)]

KINDS = ['everyday', 'typo', 'near-miss', 'factoid', 'paraphrase', 'topic-year',
         'not-covered', 'conversation', 'year-conflict', 'other-language']
MIN_COUNTS = {'everyday': 30, 'typo': 12, 'near-miss': 30, 'factoid': 12, 'paraphrase': 8,
              'topic-year': 6, 'not-covered': 8, 'conversation': 8, 'year-conflict': 4,
              'other-language': 6}
EXPECTED = {'everyday': {'answered'}, 'typo': {'answered'}, 'near-miss': {'related'},
            'factoid': {'answered'}, 'paraphrase': {'answered'}, 'topic-year': {'answered'},
            'not-covered': {'not_covered'}, 'conversation': {'answered', 'not_covered'},
            'year-conflict': {'answered'}, 'other-language': {'answered'}}
MIN_TOTAL = 130


# ----------------------------------------------------------------- cleaning
def clean(s):
    s = re.sub(r'<sup>\s*\d*\s*</sup>', '', s)              # footnote markers
    s = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', s)          # [text](url) -> text
    s = re.sub(r'<(https?://[^>\s]+)>', r'\1', s)           # <http://...> -> url
    s = re.sub(r'<[^>]+>', '', s)                           # other HTML
    s = re.sub(r'\\+([\\_*\[\]()#.!\-`])', r'\1', s)        # backslash escapes
    s = s.replace('*', '')                                  # bold / italic marks
    s = (s.replace('’', "'").replace('‘', "'").replace('“', '"').replace('”', '"')
         .replace('\u00a0', ' ').replace('\t', ' '))
    s = re.sub(r'\s+', ' ', s).strip()
    return s


def words(s):
    return re.findall(r"[^\W\d_]+", s.lower())


# ----------------------------------------------------------------- parsing
def parse():
    with open(DOC, encoding='utf-8') as f:
        lines = f.read().split('\n')
    paras = {y: {} for y in YEARS}      # year -> {n: cleaned text}
    order = {y: [] for y in YEARS}      # numbering as met
    chap_raw = {y: [] for y in YEARS}   # raw lines of the chapter, footnotes included
    year = None
    cur = None
    buf = []

    def flush():
        if year is not None and cur is not None:
            paras[year][cur] = clean(' '.join(buf))

    for line in lines:
        m = CHAP_RE.match(line)
        if m:
            flush()
            year = ROMAN[m.group(1)]
            cur, buf = None, []
            chap_raw[year].append(line)
            continue
        if year is None:
            continue
        chap_raw[year].append(line)
        if not line.strip():
            continue
        if FOOT_RE.match(line) or any(r.match(line) for r in HEAD_RES):
            continue
        m = PARA_RE.match(line)
        if m:
            flush()
            cur = int(m.group(1))
            order[year].append(cur)
            buf = [m.group(2)]
            continue
        if cur is not None:
            buf.append(line.strip())
    flush()
    with open(DOC, encoding='utf-8') as f:
        raw = f.read()
    return paras, order, {y: '\n'.join(v) for y, v in chap_raw.items()}, raw


PARAS, ORDER, CHAP_RAW, RAW = parse()
RAW_L = RAW.lower()
CLEAN_ALL = ' '.join(PARAS[y][n] for y in YEARS for n in sorted(PARAS[y]))
VOCAB = set(words(clean(RAW)))

DF = Counter()
PARA_WORDS = {}
for _y in YEARS:
    for _n, _t in PARAS[_y].items():
        ws = set(words(_t))
        PARA_WORDS[(_y, _n)] = ws
        DF.update(ws)


def distinctive(y, n):
    return sorted(w for w in PARA_WORDS.get((y, n), ()) if len(w) >= 4 and DF[w] <= 3)


def variants(w):
    v = {w}
    if w.endswith('s'):
        v.add(w[:-1])
    else:
        v.add(w + 's')
    return v


def lev(a, b, cap=3):
    if abs(len(a) - len(b)) >= cap:
        return cap
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


# ----------------------------------------------------------------- language detection
STOP = {
    'es': {'el', 'la', 'los', 'las', 'del', 'qué', 'que', 'cuál', 'cuáles', 'cómo', 'por', 'para',
           'se', 'dijo', 'hay', 'una', 'un', 'es', 'con', 'sobre', 'según', 'cuántos', 'cuántas',
           'fue', 'dónde', 'y', 'en', 'lo', 'al', 'sus', 'más'},
    'fr': {'le', 'les', 'des', 'du', 'est', 'quoi', 'quel', 'quelle', 'quels', 'quelles', 'ont',
           'été', 'sur', 'pour', 'dans', 'une', 'un', 'et', 'que', 'qui', 'il', 'au', 'aux',
           'combien', 'selon', 'comment', 'pourquoi', 'a', 'la', 'de'},
    'de': {'der', 'die', 'das', 'und', 'wurde', 'wurden', 'was', 'über', 'ist', 'wie', 'nicht',
           'den', 'dem', 'des', 'ein', 'eine', 'welche', 'welcher', 'wieviele', 'wird', 'im',
           'zu', 'mit', 'von', 'für', 'auf', 'sich', 'hat', 'haben', 'warum', 'wer'},
    'pt': {'o', 'os', 'as', 'do', 'da', 'dos', 'das', 'que', 'foi', 'foram', 'não', 'são', 'em',
           'uma', 'um', 'sobre', 'como', 'qual', 'quais', 'quantos', 'segundo', 'para', 'com',
           'no', 'na', 'nos', 'nas', 'pelo', 'pela', 'e', 'é', 'disse'},
}
EN_STOP = {'the', 'what', 'is', 'are', 'was', 'were', 'of', 'and', 'to', 'in', 'did', 'does',
           'how', 'which', 'who', 'about', 'for', 'on', 'with', 'that', 'this', 'they'}


def detect_lang(q):
    if re.search(r'[\u0400-\u04FF]', q):
        return 'ru'
    if re.search(r'[\u0600-\u06FF]', q):
        return 'ar'
    if re.search(r'[\u4e00-\u9fff]', q):
        return 'zh'
    toks = re.findall(r"[^\W\d_]+", q.lower())
    if not toks:
        return None
    en = sum(t in EN_STOP for t in toks)
    scores = {l: sum(t in s for t in toks) for l, s in STOP.items()}
    # language-specific letters as tie-breakers
    if re.search(r'[ñ¿¡]', q):
        scores['es'] += 2
    if re.search(r'[ãõç]', q):
        scores['pt'] += 2
    if re.search(r'[äöüß]', q):
        scores['de'] += 2
    if re.search(r'[èêàùœ]|\b(?:l|d|qu)\'', q.lower()):
        scores['fr'] += 2
    best = max(scores, key=lambda l: scores[l])
    if scores[best] < 2 or en >= scores[best]:
        return None
    if sorted(scores.values())[-2] == scores[best]:
        return None
    return best


# ----------------------------------------------------------------- helpers
YEAR_RE = re.compile(r'\b(2019|2020|2021|2022|2023)\b')
SEARCHED_RE = re.compile(r'searched:\s*(.+?)\s*$')


def searched_terms(note):
    m = SEARCHED_RE.search(note or '')
    if not m:
        return None
    return [t.strip() for t in m.group(1).split(',') if t.strip()]


FOLLOWUP_RE = re.compile(r"^(and|what about|how about|and what|what of|same|then|also|ok|so|"
                         r"were|was|did|is|are|any|which|who|how)\b|\b(it|they|them|that|those|"
                         r"there|this|these|then|same|too|again)\b", re.I)


def check_questions():
    fails = []
    F = fails.append
    # document structure
    for y in YEARS:
        if not ORDER[y]:
            F(f'doc: chapter {y} has no paragraphs')
            continue
        if ORDER[y] != list(range(1, len(ORDER[y]) + 1)):
            F(f'doc: chapter {y} numbering not 1..N without gaps: {ORDER[y][:5]}...')
    try:
        with open(QFILE, encoding='utf-8') as f:
            items = json.load(f)
    except Exception as e:
        return [f'questions.json: cannot parse: {e}']
    if not isinstance(items, list):
        return ['questions.json: top level is not an array']
    if len(items) < MIN_TOTAL:
        F(f'total: {len(items)} items < {MIN_TOTAL}')

    kinds_seq = []
    gold_use = Counter()
    gold_years = set()
    ever_years = Counter()
    langs = set()
    n_conv_nc = 0
    for i, it in enumerate(items, 1):
        iid = it.get('id') if isinstance(it, dict) else None
        tag = iid or f'#{i}'
        if not isinstance(it, dict):
            F(f'{tag}: item is not an object')
            continue
        if iid != f'm{i:03d}':
            F(f'{tag}: id should be m{i:03d}')
        kind = it.get('kind')
        if kind not in KINDS:
            F(f'{tag}: unknown kind {kind!r}')
            continue
        kinds_seq.append(kind)
        for fld in ('id', 'kind', 'question', 'year', 'expected', 'gold', 'note'):
            if fld not in it:
                F(f'{tag}: missing field {fld}')
        q = it.get('question', '')
        note = it.get('note', '')
        exp = it.get('expected')
        gold = it.get('gold', [])
        year = it.get('year', 'missing')
        if not isinstance(q, str) or not q.strip():
            F(f'{tag}: empty question')
            q = ''
        if not isinstance(note, str) or not note.strip():
            F(f'{tag}: empty note')
            note = ''
        if exp not in EXPECTED[kind]:
            F(f'{tag}: expected {exp!r} not allowed for {kind}')
        if exp == 'answered' and 'fact' not in it:
            F(f'{tag}: answered item without fact')
        if kind == 'conversation' and 'history' not in it:
            F(f'{tag}: conversation without history')
        if kind == 'year-conflict' and 'filterYear' not in it:
            F(f'{tag}: year-conflict without filterYear')
        # gold
        if not isinstance(gold, list) or len(gold) > 3:
            F(f'{tag}: gold must be a list of at most 3')
            gold = []
        if (exp == 'not_covered') != (len(gold) == 0):
            F(f'{tag}: gold empty iff not_covered violated')
        gl = []
        for g in gold:
            try:
                gy, gn = int(g['year']), int(g['paragraph'])
            except Exception:
                F(f'{tag}: bad gold entry {g}')
                continue
            if gy not in PARAS or gn not in PARAS[gy]:
                F(f'{tag}: gold {gy} para {gn} does not exist')
                continue
            gl.append((gy, gn))
        if len(set(gl)) != len(gl):
            F(f'{tag}: duplicate gold entries')
        for g in set(gl):
            gold_use[g] += 1
            gold_years.add(g[0])
        # year
        if exp == 'not_covered':
            if kind == 'not-covered' and year is not None:
                F(f'{tag}: not-covered year must be null')
            if kind == 'conversation' and year not in YEARS:
                F(f'{tag}: not_covered conversation needs the moved-to year')
        elif gl:
            if year != gl[0][0]:
                F(f'{tag}: year {year} != first gold year {gl[0][0]}')
        # fact
        first = PARAS[gl[0][0]][gl[0][1]] if gl else ''
        if exp == 'answered':
            fact = it.get('fact', '')
            if not isinstance(fact, str):
                fact = ''
            nfw = len(fact.split())
            if not 3 <= nfw <= 12:
                F(f'{tag}: fact has {nfw} words (need 3-12)')
            if gl and re.sub(r'\s+', ' ', fact.strip()) not in first:
                F(f'{tag}: fact not verbatim in {gl[0][0]} para {gl[0][1]}: {fact!r}')
        qw = words(q)

        if kind == 'everyday':
            ever_years[year] += 1
            dist = set()
            for g in gl:
                dist.update(distinctive(*g))
            bad = sorted(w for w in qw if len(w) >= 4 and (variants(w) & dist))
            if bad:
                F(f'{tag}: everyday uses distinctive words {bad}')
            fw = {w for w in words(it.get('fact', '')) if len(w) >= 5}
            shared = sorted(fw & {w for w in qw if len(w) >= 5})
            if len(shared) > 1:
                F(f'{tag}: everyday shares {len(shared)} 5+-letter words with fact {shared}')

        elif kind == 'typo':
            if q != q.lower():
                F(f'{tag}: typo query not lowercase')
            toks = q.split()
            if not 2 <= len(toks) <= 4:
                F(f'{tag}: typo query has {len(toks)} words (need 2-4)')
            if any(not re.fullmatch(r"[a-z]+", t) for t in toks):
                F(f'{tag}: typo query has non-plain words')
            miss = [t for t in toks if t not in VOCAB]
            if not 1 <= len(miss) <= 2:
                F(f'{tag}: typo query has {len(miss)} non-document words {miss} (need 1-2)')
            for t in miss:
                if t in RAW_L:
                    F(f'{tag}: misspelling {t!r} occurs in the file')
                if not any(lev(t, v) <= 2 for v in VOCAB if abs(len(v) - len(t)) <= 2):
                    F(f'{tag}: misspelling {t!r} not within 2 edits of a document word')

        elif kind == 'near-miss':
            if 'NOT' not in note:
                F(f'{tag}: near-miss note lacks NOT')
            # "absent: t1, t2" -> zero hits in the whole file;
            # "absent in YYYY: t1" -> zero hits in that chapter (footnotes included)
            segs = re.findall(r'absent(?: in (\d{4}))?:\s*([^|]+)', note)
            if not segs:
                F(f'{tag}: near-miss note lacks "absent: term, ..." list')
            for sy, lst in segs:
                hay = CHAP_RAW[int(sy)].lower() if sy else RAW_L
                if sy and int(sy) not in YEARS:
                    F(f'{tag}: absent-in year {sy} is not a chapter year')
                    continue
                for t in [x.strip() for x in lst.split(',') if x.strip()]:
                    if t.lower() in hay:
                        F(f'{tag}: absent term {t!r} does occur in {"chapter " + sy if sy else "the file"}')

        elif kind == 'factoid':
            if len(q.split()) > 20:
                F(f'{tag}: factoid longer than 20 words')
            if len(gl) != 1:
                F(f'{tag}: factoid should have exactly one gold paragraph')

        elif kind == 'paraphrase':
            # formal rewording: no 4-word sequence copied from the gold paragraph
            pw = words(first)
            grams = {tuple(pw[k:k + 4]) for k in range(len(pw) - 3)}
            for k in range(len(qw) - 3):
                if tuple(qw[k:k + 4]) in grams:
                    F(f'{tag}: paraphrase copies 4-gram {" ".join(qw[k:k + 4])!r}')
                    break

        elif kind == 'topic-year':
            ys = set(int(x) for x in YEAR_RE.findall(q))
            if ys != {year}:
                F(f'{tag}: topic-year question must name exactly its year {year} (found {ys})')
            if any(g[0] != year for g in gl):
                F(f'{tag}: topic-year gold outside {year}')

        elif kind == 'not-covered':
            terms = searched_terms(note)
            if not terms:
                F(f'{tag}: not-covered note must end with "searched: t1, t2"')
            else:
                for t in terms:
                    if t.lower() in RAW_L:
                        F(f'{tag}: searched term {t!r} occurs in the file')

        elif kind == 'conversation':
            h = it.get('history')
            if (not isinstance(h, list) or not 1 <= len(h) <= 2 or
                    any(not isinstance(x, dict) or not str(x.get('question', '')).strip() for x in h)):
                F(f'{tag}: history must be 1-2 {{"question": ...}} objects')
            if len(q.split()) > 12:
                F(f'{tag}: follow-up longer than 12 words')
            if not FOLLOWUP_RE.search(q):
                F(f'{tag}: follow-up does not look dependent on history')
            if exp == 'not_covered':
                n_conv_nc += 1
                terms = searched_terms(note)
                if not terms:
                    F(f'{tag}: not_covered conversation note must end with "searched: ..."')
                elif year in YEARS:
                    for t in terms:
                        if t.lower() in CHAP_RAW[year].lower():
                            F(f'{tag}: searched term {t!r} occurs in chapter {year}')
                        if not any(t.lower() in CHAP_RAW[y].lower() for y in YEARS if y != year):
                            F(f'{tag}: searched term {t!r} occurs in no other chapter')
                    if str(year) not in q and not YEAR_RE.search(q):
                        F(f'{tag}: not_covered follow-up should name the year it moves to')

        elif kind == 'year-conflict':
            ys = set(int(x) for x in YEAR_RE.findall(q))
            fy = it.get('filterYear')
            if len(ys) != 1:
                F(f'{tag}: year-conflict question must name exactly one year (found {ys})')
            else:
                (qy,) = ys
                if year != qy:
                    F(f'{tag}: year {year} != year named in question {qy}')
                if any(g[0] != qy for g in gl):
                    F(f'{tag}: year-conflict gold outside named year {qy}')
            if fy not in YEARS or fy in ys:
                F(f'{tag}: filterYear {fy} must be another chapter year')
            elif str(fy) in q:
                F(f'{tag}: filterYear named in question')
            m = re.search(r'Topic also in (\d{4}) para (\d+)', note)
            if not m:
                F(f'{tag}: note lacks "Topic also in YYYY para N"')
            else:
                cy, cn = int(m.group(1)), int(m.group(2))
                if cy != fy:
                    F(f'{tag}: cited year {cy} != filterYear {fy}')
                if cy not in PARAS or cn not in PARAS[cy]:
                    F(f'{tag}: cited para {cy} {cn} does not exist')

        elif kind == 'other-language':
            lang = detect_lang(q)
            if lang is None:
                F(f'{tag}: other-language question language not detected')
            else:
                langs.add(lang)

    # kinds contiguous, ordered, counts
    seen = []
    for k in kinds_seq:
        if not seen or seen[-1] != k:
            if k in seen:
                F(f'kinds: {k} is not contiguous')
            seen.append(k)
    if [k for k in KINDS if k in seen] != seen:
        F(f'kinds: order {seen} differs from required order')
    cnt = Counter(kinds_seq)
    for k, m in MIN_COUNTS.items():
        if cnt[k] < m:
            F(f'kinds: {k} has {cnt[k]} < {m}')
    if n_conv_nc < 4:
        F(f'conversation: only {n_conv_nc} not_covered follow-ups (need 4)')
    if len(langs) < 4:
        F(f'other-language: only {len(langs)} languages detected {sorted(langs)}')
    for g, c in gold_use.items():
        if c > 3:
            F(f'gold: {g[0]} para {g[1]} used {c} times (> 3)')
    for y in YEARS:
        if y not in gold_years:
            F(f'gold: year {y} has no gold')
    ne = cnt['everyday']
    for y in YEARS:
        if ever_years[y] < 3:
            F(f'everyday: year {y} has {ever_years[y]} items (< 3)')
        if ne and ever_years[y] * 3 > ne:
            F(f'everyday: year {y} has {ever_years[y]} of {ne} (> a third)')
    return fails


def main(argv):
    global QFILE
    if len(argv) >= 2 and argv[0] == '--file':
        QFILE = argv[1]
        argv = argv[2:]
    if len(argv) >= 3 and argv[0] == '--dump':
        y, n = int(argv[1]), int(argv[2])
        print(PARAS.get(y, {}).get(n, '(no such paragraph)'))
        return 0
    if len(argv) >= 2 and argv[0] == '--grep':
        t = ' '.join(argv[1:]).lower()
        print(f'raw file hits: {RAW_L.count(t)}')
        for y in YEARS:
            c = CHAP_RAW[y].lower().count(t)
            hits = [n for n, s in sorted(PARAS[y].items()) if t in s.lower()]
            print(f'  {y}: raw {c}; paragraphs {hits}')
        return 0
    if len(argv) >= 3 and argv[0] == '--distinct':
        y, n = int(argv[1]), int(argv[2])
        print(' '.join(distinctive(y, n)))
        return 0
    if argv and argv[0] == '--stats':
        for y in YEARS:
            print(y, len(ORDER[y]), 'paragraphs')
        try:
            with open(QFILE, encoding='utf-8') as f:
                items = json.load(f)
            use = Counter()
            for it in items:
                for g in it.get('gold', []):
                    use[(g['year'], g['paragraph'])] += 1
            print('kinds:', dict(Counter(it['kind'] for it in items)))
            print('gold per year:', dict(Counter(y for (y, n) in use.elements())))
            print('paragraphs used:', len(use), 'max use:', max(use.values()) if use else 0)
            print('languages:', [(it['id'], detect_lang(it['question'])) for it in items
                                 if it['kind'] == 'other-language'])
            print('everyday per year:', dict(Counter(it['year'] for it in items if it['kind'] == 'everyday')))
        except Exception as e:
            print('questions.json:', e)
        return 0
    fails = check_questions()
    if fails:
        for f in fails:
            print(f)
        return 1
    print('PASS')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
