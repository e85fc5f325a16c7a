#!/usr/bin/env python3
"""Validator for /tmp/blind9/questions.json against the CND Chair's summaries document.

Usage:
  python3 check.py [questions.json] [document.md]      validate (exit 0 = pass)
  python3 check.py --dump YEAR [PARA]                    print parsed paragraph(s)
  python3 check.py --grep REGEX                          search parsed paragraphs (case-insensitive)

Parsing of the document:
  * Chapter headings are Markdown headings ('#'...) whose text starts with a Roman
    numeral I..V followed by '. Chair'; I=2019, II=2020, III=2021, IV=2022, V=2023.
    The table of contents (tab-indented lines) is ignored.
  * A numbered paragraph starts on a line '<n>. text'. Numbers must run 1,2,3,...
    inside each chapter.
  * Footnote lines ('<sup>n</sup> ...') and '---' rules are removed from the
    running text and stored per chapter as footnotes.
  * Section headings close the current paragraph: lines starting with '#', and
    lines such as '**(b) 2019 Ministerial Declaration Challenge: ...', '(c) **Thematic
    Session ...', '- (g) **Thematic Session ...' (a one-letter marker in parentheses
    plus the word 'Challenge' or 'Opening').
  * Any other non-empty line (bullets, the 2023 programme lines, and the text that
    continues a paragraph after a page break, possibly after footnotes) is joined to
    the open paragraph with a single space (page-break join).
"""
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict

HERE = '/tmp/blind9'
DOC = HERE + '/cnd-chairs-summaries-2019-2023.md'
QFILE = HERE + '/questions.json'

ROMAN = {'I': 2019, 'II': 2020, 'III': 2021, 'IV': 2022, 'V': 2023}
YEARS = sorted(ROMAN.values())

KIND_ORDER = ['everyday', 'typo', 'near-miss', 'factoid', 'paraphrase', 'topic-year',
              'not-covered', 'conversation', 'year-conflict', 'other-language']
MIN_COUNTS = {'everyday': 32, 'typo': 10, 'near-miss': 40, 'factoid': 12, 'paraphrase': 8,
              'topic-year': 5, 'not-covered': 8, 'conversation': 9, 'year-conflict': 3,
              'other-language': 4}
MIN_TOTAL = 130
FACT_KINDS = {'everyday', 'typo', 'factoid', 'paraphrase', 'conversation', 'year-conflict',
              'other-language'}
BASE_FIELDS = {'id', 'kind', 'question', 'year', 'expected', 'gold', 'note'}
EXPECTED_VALUES = {'answered', 'related', 'not_covered'}
MAX_GOLD_USES = 3
RARE_DF = 3          # a stem found in <= 3 paragraphs counts as a distinctive term
GENERIC = {'like', 'sell', 'even', 'work', 'also', 'year', 'just', 'what', 'that'}

CHAPTER_RE = re.compile(r'^#{1,6}\s*\**\s*(I|II|III|IV|V)\.\s+Chair')
PARA_RE = re.compile(r'^(\d{1,3})\.\s+(\S.*)$')
FOOTNOTE_RE = re.compile(r'^\s*<sup>(\d+)</sup>\s*(.*)$')
SECTION_RE = re.compile(r'^(-\s*)?(\*\*)?\s*\(([a-zA-Z])\)')


def norm(s):
    """Normalise for verbatim comparison: drop '**', collapse whitespace."""
    s = s.replace('**', '')
    s = re.sub(r'\s+', ' ', s)
    return s.strip()


def parse(path=DOC):
    """Return (paras, footnotes): paras[year][n] = raw joined text."""
    paras = defaultdict(dict)
    footnotes = defaultdict(dict)
    year = None
    cur = None          # (year, n) of the open paragraph
    expect_next = {}
    problems = []
    with open(path, encoding='utf-8') as fh:
        lines = fh.read().split('\n')
    for raw in lines:
        line = raw.rstrip()
        s = line.strip()
        m = CHAPTER_RE.match(s)
        if m:
            year = ROMAN[m.group(1)]
            if year in paras:
                problems.append('chapter %s appears twice' % year)
            expect_next[year] = 1
            cur = None
            continue
        if year is None:
            continue
        if not s:
            continue
        fm = FOOTNOTE_RE.match(s)
        if fm:
            footnotes[year][int(fm.group(1))] = fm.group(2)
            continue
        if re.fullmatch(r'-{3,}', s):
            continue
        if s.startswith('#'):
            cur = None
            continue
        sm = SECTION_RE.match(s)
        if sm and ('Challenge' in s or 'Opening' in s):
            cur = None
            continue
        pm = PARA_RE.match(s)
        if pm:
            n = int(pm.group(1))
            if n != expect_next[year]:
                problems.append('chapter %d: paragraph %d found where %d expected'
                                % (year, n, expect_next[year]))
            expect_next[year] = n + 1
            paras[year][n] = pm.group(2)
            cur = (year, n)
            continue
        # continuation (page-break join, bullets, programme lines)
        if cur is None:
            problems.append('chapter %d: orphan text line: %r' % (year, s[:60]))
            continue
        y, n = cur
        paras[y][n] = paras[y][n] + ' ' + s
    for y in YEARS:
        if y not in paras:
            problems.append('chapter %d missing' % y)
    return paras, footnotes, problems


def vocab_of(paras):
    words = set()
    for y in paras:
        for n in paras[y]:
            for w in re.findall(r"[a-z0-9]+", norm(paras[y][n]).lower()):
                words.add(w)
    return words


STOP = set('''the a an and or of to in on for with by at from is are was were be been being
what which who whom whose when where why how does do did done can could would should will shall
there their they them this that these those it its as about any some many much more most
said say says people get got any into than then also not no yes just like really still
around over under between whether anyone countries country drug drugs much'''.split())


def content_words(s):
    return {w for w in re.findall(r"[a-z]+", s.lower()) if len(w) >= 5 and w not in STOP}


def stem(w):
    for suf in ('ations', 'ation', 'ings', 'ing', 'ies', 'ied', 'es', 'ed', 's', 'ly'):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[:-len(suf)]
    return w


def years_in(text):
    return [int(x) for x in re.findall(r'(?<!\d)(20(?:19|20|21|22|23))(?!\d)', text)]


def lang_of(q):
    if re.search(r'[\u0400-\u04FF]', q):
        return 'ru'
    if re.search(r'[\u0600-\u06FF]', q):
        return 'ar'
    if re.search(r'[\u4e00-\u9fff]', q):
        return 'zh'
    if re.search(r'[¿¡ñ]', q) or re.search(r'\b(qué|cuál|cuántos|cuántas|cómo|según|las|los|del)\b', q.lower()):
        return 'es'
    if re.search(r"[çèêëîôûœ]|\b(quel|quelle|quels|combien|selon|est-ce|les|des|du)\b", q.lower()):
        return 'fr'
    return 'en'


def validate(qpath=QFILE, dpath=DOC):
    errors = []
    paras, footnotes, problems = parse(dpath)
    errors += ['DOC: ' + p for p in problems]
    normp = {(y, n): norm(t) for y in paras for n, t in paras[y].items()}
    fulltext = ' '.join(normp.values()).lower()
    vocab = vocab_of(paras)
    # stems per paragraph and their document frequency (for the everyday wording rule)
    pstems = {k: {stem(w) for w in re.findall(r'[a-z]+', t.lower()) if len(w) >= 4} for k, t in normp.items()}
    df = Counter()
    for ws in pstems.values():
        df.update(ws)

    try:
        with open(qpath, encoding='utf-8') as fh:
            data = json.load(fh)
    except Exception as e:  # noqa
        return ['cannot load %s: %s' % (qpath, e)], None
    if not isinstance(data, list):
        return ['top level is not a JSON array'], None

    counts = Counter()
    gold_uses = Counter()
    gold_years = set()
    seen_q = {}
    kinds_seen_order = []
    conv_nc = conv_standalone = 0
    langs = set()

    for i, it in enumerate(data):
        tag = 'item %d' % (i + 1)
        if not isinstance(it, dict):
            errors.append(tag + ': not an object')
            continue
        iid = it.get('id')
        tag = '%s (%s)' % (iid, it.get('kind'))
        if iid != 'z%03d' % (i + 1):
            errors.append('%s: id should be z%03d' % (tag, i + 1))
        kind = it.get('kind')
        if kind not in MIN_COUNTS:
            errors.append(tag + ': unknown kind')
            continue
        counts[kind] += 1
        if not kinds_seen_order or kinds_seen_order[-1] != kind:
            if kind in kinds_seen_order:
                errors.append(tag + ': kinds are not grouped (kind reappears)')
            kinds_seen_order.append(kind)
        expected = it.get('expected')
        # ---- fields
        allowed = set(BASE_FIELDS)
        required = set(BASE_FIELDS)
        if kind in FACT_KINDS and expected == 'answered':
            required.add('fact')
            allowed.add('fact')
        if kind == 'conversation':
            required.add('history')
            allowed.add('history')
        if kind == 'year-conflict':
            required.add('filterYear')
            allowed.add('filterYear')
        keys = set(it.keys())
        if keys - allowed:
            errors.append('%s: unexpected fields %s' % (tag, sorted(keys - allowed)))
        if required - keys:
            errors.append('%s: missing fields %s' % (tag, sorted(required - keys)))
        q = it.get('question')
        if not isinstance(q, str) or not q.strip():
            errors.append(tag + ': empty question')
            q = ''
        qk = re.sub(r'\s+', ' ', q.strip().lower())
        if qk in seen_q:
            errors.append('%s: duplicate question text (also %s)' % (tag, seen_q[qk]))
        seen_q[qk] = iid
        note = it.get('note')
        if not isinstance(note, str) or not note.strip() or '\n' in note:
            errors.append(tag + ': note must be one non-empty line')
            note = note if isinstance(note, str) else ''
        if expected not in EXPECTED_VALUES:
            errors.append(tag + ': bad expected value')
        # ---- year
        year = it.get('year', 'MISSING')
        if year is not None and (not isinstance(year, int) or isinstance(year, bool) or year not in YEARS):
            errors.append(tag + ': year must be null or an integer 2019-2023')
        qyears = years_in(q)
        if year is None and qyears:
            errors.append('%s: question names %s but year is null' % (tag, qyears))
        if isinstance(year, int) and year not in qyears:
            errors.append('%s: year %s not named in the question text' % (tag, year))
        if len(set(qyears)) > 1:
            errors.append('%s: question names several years %s' % (tag, qyears))
        # ---- gold
        gold = it.get('gold')
        if not isinstance(gold, list) or len(gold) > 3:
            errors.append(tag + ': gold must be a list of at most 3')
            gold = []
        gl = []
        for g in gold:
            if not isinstance(g, dict) or set(g.keys()) != {'year', 'paragraph'}:
                errors.append('%s: bad gold entry %r' % (tag, g))
                continue
            key = (g['year'], g['paragraph'])
            if key not in normp:
                errors.append('%s: gold %s para %s does not exist' % (tag, g['year'], g['paragraph']))
                continue
            if key in gl:
                errors.append('%s: gold repeats %s' % (tag, key))
            gl.append(key)
            gold_uses[key] += 1
            gold_years.add(key[0])
        if expected == 'not_covered' and gold:
            errors.append(tag + ': not_covered must have empty gold')
        if expected in ('answered', 'related') and not gl:
            errors.append(tag + ': answered/related needs gold')
        gyears = {k[0] for k in gl}
        # year / gold consistency
        if isinstance(year, int) and gl and year not in gyears and kind not in ('conversation',):
            if 'gold follows chapter' not in note:
                errors.append('%s: year %s but no gold in that chapter (note must say "gold follows chapter")'
                              % (tag, year))
        # ---- fact
        if 'fact' in it:
            fact = it['fact']
            if not isinstance(fact, str):
                errors.append(tag + ': fact not a string')
            else:
                nw = len(norm(fact).split())
                if not 3 <= nw <= 12:
                    errors.append('%s: fact has %d words (3-12)' % (tag, nw))
                if gl and norm(fact) not in normp[gl[0]]:
                    errors.append('%s: fact not verbatim in first gold %s: %r' % (tag, gl[0], fact))
        # ---- kind-specific
        if kind in ('everyday', 'typo', 'factoid', 'paraphrase', 'topic-year', 'year-conflict',
                    'other-language') and expected != 'answered':
            errors.append(tag + ': expected must be answered')
        if kind == 'near-miss' and expected != 'related':
            errors.append(tag + ': near-miss must be related')
        if kind == 'not-covered':
            if expected != 'not_covered':
                errors.append(tag + ': not-covered must be not_covered')
            m = re.search(r'searched:\s*(.+)$', note)
            if not m:
                errors.append(tag + ': not-covered note must list "searched: term1, term2"')
            else:
                for t in [x.strip().strip("'\"") for x in m.group(1).split(',') if x.strip()]:
                    if t.lower() in fulltext:
                        errors.append('%s: searched term %r IS in the document' % (tag, t))
        if kind == 'everyday' and 'fact' in it and isinstance(it.get('fact'), str):
            shared = {stem(w) for w in content_words(q)} & {stem(w) for w in content_words(it['fact'])}
            if len(shared) > 1:
                errors.append('%s: everyday question reuses document terms %s' % (tag, sorted(shared)))
            if gl:
                qw = {stem(w) for w in re.findall(r'[a-z]+', q.lower()) if len(w) >= 4 and w not in STOP}
                rare = sorted(w for w in qw & pstems[gl[0]] if df[w] <= RARE_DF and w not in GENERIC)
                if rare:
                    errors.append('%s: everyday question reuses distinctive paragraph terms %s' % (tag, rare))
        if kind == 'typo':
            toks = q.split()
            if q != q.lower():
                errors.append(tag + ': typo question must be lowercase')
            if not 2 <= len(toks) <= 4:
                errors.append(tag + ': typo question must have 2-4 words')
            bad = [t for t in toks if t.strip('?.,').lower() not in vocab]
            if not 1 <= len(bad) <= 2:
                errors.append('%s: typo question needs 1-2 misspelled words, has %s' % (tag, bad))
        if kind == 'topic-year':
            if not re.match(r'^What (was|were) (said|discussed)', q):
                errors.append(tag + ': topic-year should read "What was said about X in YEAR?"')
            if not isinstance(year, int):
                errors.append(tag + ': topic-year needs a year')
            if 'fact' in it:
                errors.append(tag + ': topic-year must not have a fact')
            if any(k[0] != year for k in gl):
                errors.append(tag + ': topic-year gold must all be in the named year')
        if kind == 'year-conflict':
            fy = it.get('filterYear')
            if not isinstance(fy, int) or fy not in YEARS:
                errors.append(tag + ': filterYear must be an int 2019-2023')
            if not isinstance(year, int) or fy == year:
                errors.append(tag + ': year must be set and differ from filterYear')
            if any(k[0] != year for k in gl):
                errors.append(tag + ': year-conflict gold must be in the question year')
        if kind == 'conversation':
            h = it.get('history')
            if not isinstance(h, list) or not 1 <= len(h) <= 2 or \
                    any(not isinstance(x, dict) or set(x.keys()) != {'question'} or not x['question'].strip()
                        for x in h):
                errors.append(tag + ': history must be 1-2 {"question": ...} objects')
                h = []
            hyears = [y for x in h for y in years_in(x['question'])]
            if expected == 'not_covered':
                conv_nc += 1
                if not isinstance(year, int) or not hyears or year in hyears:
                    errors.append(tag + ': absent-year follow-up must name a new year')
            if 'not inherit' in note:
                conv_standalone += 1
                if year is not None or not hyears:
                    errors.append(tag + ': standalone follow-up: history needs a year, follow-up none')
                elif isinstance(year, int):
                    pass
                if gl and all(k[0] in hyears for k in gl):
                    errors.append(tag + ': standalone follow-up gold only in the inherited year')
        if kind == 'other-language':
            lg = lang_of(q)
            if lg == 'en':
                errors.append(tag + ': other-language question looks English')
            langs.add(lg)
        if kind != 'year-conflict' and 'filterYear' in it:
            errors.append(tag + ': filterYear only on year-conflict')

    # ---- global
    for k, mn in MIN_COUNTS.items():
        if counts[k] < mn:
            errors.append('count: %s has %d < %d' % (k, counts[k], mn))
    if len(data) < MIN_TOTAL:
        errors.append('count: total %d < %d' % (len(data), MIN_TOTAL))
    order = [k for k in KIND_ORDER if k in kinds_seen_order]
    if kinds_seen_order != order:
        errors.append('kinds are not in the order %s' % KIND_ORDER)
    for key, c in gold_uses.items():
        if c > MAX_GOLD_USES:
            errors.append('gold: %s para %s used %d times (> %d)' % (key[0], key[1], c, MAX_GOLD_USES))
    if gold_years != set(YEARS):
        errors.append('gold does not cover all years: %s' % sorted(gold_years))
    if conv_nc < 2:
        errors.append('conversation: need >= 2 absent-year (not_covered) follow-ups')
    if conv_standalone < 2:
        errors.append('conversation: need >= 2 standalone follow-ups (note "must not inherit")')
    if len(langs - {'en'}) < 3:
        errors.append('other-language: need >= 3 languages, have %s' % sorted(langs))
    summary = {'total': len(data), 'counts': dict(counts), 'paragraphs': {y: len(paras[y]) for y in YEARS},
               'max_gold_use': max(gold_uses.values()) if gold_uses else 0, 'languages': sorted(langs)}
    return errors, summary


def main(argv):
    if len(argv) > 1 and argv[1] == '--dump':
        paras, fn, probs = parse()
        y = int(argv[2])
        ns = [int(argv[3])] if len(argv) > 3 else sorted(paras[y])
        for n in ns:
            print('[%d.%d] %s\n' % (y, n, norm(paras[y][n])))
        for p in probs:
            print('PROBLEM', p)
        return 0
    if len(argv) > 1 and argv[1] == '--grep':
        paras, fn, probs = parse()
        rx = re.compile(argv[2], re.I)
        for y in YEARS:
            for n in sorted(paras[y]):
                t = norm(paras[y][n])
                for m in rx.finditer(t):
                    a, b = max(0, m.start() - 70), min(len(t), m.end() + 70)
                    print('[%d.%d] ...%s...' % (y, n, t[a:b]))
        return 0
    qpath = argv[1] if len(argv) > 1 else QFILE
    dpath = argv[2] if len(argv) > 2 else DOC
    errors, summary = validate(qpath, dpath)
    if summary:
        print('summary:', json.dumps(summary))
    if errors:
        print('FAIL: %d error(s)' % len(errors))
        for e in errors:
            print('  -', e)
        return 1
    print('PASS')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
