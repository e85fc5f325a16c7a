#!/usr/bin/env python3
"""Make deliberately broken copies of questions.json (and of the document) and check
that check.py rejects every one of them. Exit 0 if all broken copies fail validation."""
import copy, json, os, subprocess, sys
HERE = '/tmp/blind9'
Q = json.load(open(HERE + '/questions.json', encoding='utf-8'))
os.makedirs(HERE + '/broken', exist_ok=True)

def first(q, kind):
    return next(it for it in q if it['kind'] == kind)

M = {
 'fact_not_verbatim': lambda q: q[0].__setitem__('fact', q[0]['fact'].replace('inexpensive', 'cheap')),
 'bad_id':            lambda q: q[5].__setitem__('id', 'z999'),
 'gold_para_missing': lambda q: q[0].__setitem__('gold', [{'year': 2022, 'paragraph': 40}]),
 'gold_overuse':      lambda q: [it.__setitem__('gold', [{'year': 2019, 'paragraph': 14}]) for it in q if it['kind'] == 'near-miss'],
 'typo_uppercase':    lambda q: first(q, 'typo').__setitem__('question', 'Tramadol crisys'),
 'typo_no_misspell':  lambda q: first(q, 'typo').__setitem__('question', 'tramadol crisis'),
 'notcov_with_gold':  lambda q: first(q, 'not-covered').__setitem__('gold', [{'year': 2019, 'paragraph': 1}]),
 'notcov_term_found': lambda q: first(q, 'not-covered').__setitem__('note', 'x; searched: tramadol'),
 'extra_field':       lambda q: q[3].__setitem__('filterYear', 2020),
 'fact_on_nearmiss':  lambda q: first(q, 'near-miss').__setitem__('fact', 'provisional listing'),
 'duplicate_text':    lambda q: q[2].__setitem__('question', q[1]['question']),
 'year_not_in_text':  lambda q: q[8].__setitem__('year', 2021),
 'yc_same_filter':    lambda q: first(q, 'year-conflict').__setitem__('filterYear', first(q, 'year-conflict')['year']),
 'everyday_reuse':    lambda q: q[0].__setitem__('question', 'Is waste water analysis a relatively inexpensive method?'),
 'fact_too_long':     lambda q: q[0].__setitem__('fact', 'UNODC presented waste water analysis method as a relatively inexpensive way to collect valuable data'),
 'topicyear_badgold': lambda q: first(q, 'topic-year').__setitem__('gold', [{'year': 2020, 'paragraph': 13}]),
 'conv_no_history':   lambda q: first(q, 'conversation').pop('history'),
 'lose_year_2022':    lambda q: [g.update(year=2023, paragraph=1) for it in q for g in it['gold'] if g['year'] == 2022],
 'kind_ungrouped':    lambda q: (q.insert(0, q.pop()), [it.__setitem__('id', 'z%03d' % i) for i, it in enumerate(q, 1)]),
 'too_few_paraphr':   lambda q: (q.__setitem__(slice(None), [it for it in q if it['kind'] != 'paraphrase']),
                                 [it.__setitem__('id', 'z%03d' % i) for i, it in enumerate(q, 1)]),
}
ok = True
for name, f in M.items():
    q = copy.deepcopy(Q); f(q)
    path = '%s/broken/%s.json' % (HERE, name)
    json.dump(q, open(path, 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
    r = subprocess.run([sys.executable, HERE + '/check.py', path], capture_output=True, text=True)
    errs = [l.strip() for l in r.stdout.splitlines() if l.startswith('  -')]
    print('%-18s %s  %s' % (name, 'rejected' if r.returncode else 'ACCEPTED!', errs[0][:110] if errs else ''))
    ok &= r.returncode != 0
# broken document: a paragraph number removed, and a stray heading inside a page-break join
doc = open(HERE + '/cnd-chairs-summaries-2019-2023.md', encoding='utf-8').read()
bd = doc.replace('\n17. Several speakers stressed the importance of recognizing', '\nSeveral speakers stressed the importance of recognizing', 1)
bd = bd.replace('** rather\n\n---', '** rather\n\n## Stray heading\n\n---', 1)
open(HERE + '/broken/broken-doc.md', 'w', encoding='utf-8').write(bd)
r = subprocess.run([sys.executable, HERE + '/check.py', HERE + '/questions.json', HERE + '/broken/broken-doc.md'],
                   capture_output=True, text=True)
errs = [l.strip() for l in r.stdout.splitlines() if l.startswith('  -')]
print('%-18s %s  %s' % ('broken_document', 'rejected' if r.returncode else 'ACCEPTED!', ' | '.join(e[:70] for e in errs[:3])))
ok &= r.returncode != 0
print('ALL BROKEN COPIES REJECTED' if ok else 'SOME BROKEN COPY WAS ACCEPTED')
sys.exit(0 if ok else 1)
