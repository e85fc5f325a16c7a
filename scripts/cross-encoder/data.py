"""Training and validation data made from the corpus paragraphs alone (no questions, no evaluation files).

Paragraphs come from dump-paragraphs.ts (the project's own parser; `passage` = topic + newline + text, exactly
what the reranker is shown at run time)."""
import json
import math
import re
from collections import Counter

STOP = set("""a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once
only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up very was we were what when where which while who whom
why will with would you your yours yourself yourselves upon within among including well may might must shall via per
it's that's such as e.g. i.e. etc""".split())

WORD = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")
SPLIT = re.compile(r"(?<=[.!?])\s+(?=[“\"‘(•]?[A-Z0-9•])")


def load_paragraphs(path):
    return [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]


def words(text):
    return WORD.findall(text.lower())


def content(text):
    return [w for w in words(text) if w not in STOP and len(w) > 1]


def sentences(text):
    out = []
    for line in text.split("\n"):
        out += [s.strip() for s in SPLIT.split(line) if s.strip()]
    # Glue fragments left by abbreviations ("H.E. Ambassador") to the sentence before.
    merged = []
    for s in out:
        if merged and len(s.split()) < 4 and not s.startswith("•"):
            merged[-1] += " " + s
        else:
            merged.append(s)
    return merged


def with_topic(p, text):
    return f"{p['topic']}\n{text}" if p["topic"] else text


def challenge_key(topic):
    """The Ministerial Declaration challenge a topic heading quotes, normalised, so that the same challenge
    discussed in different years counts as one topic."""
    if not topic:
        return None
    t = topic.split("Challenge:", 1)[-1]
    return " ".join(content(t)) or None


def challenge_text(topic):
    t = topic.split("Challenge:", 1)[-1].strip()
    return t.strip("“”\"' ")


class BM25:
    def __init__(self, docs, k1=1.2, b=0.75):
        self.docs = [Counter(content(d)) for d in docs]
        self.len = [sum(c.values()) for c in self.docs]
        self.avg = sum(self.len) / len(self.len)
        df = Counter(w for c in self.docs for w in c)
        n = len(docs)
        self.idf = {w: math.log(1 + (n - f + 0.5) / (f + 0.5)) for w, f in df.items()}
        self.k1, self.b = k1, b

    def score_doc(self, q_terms, counts, length):
        s = 0.0
        for w in q_terms:
            f = counts.get(w)
            if f:
                s += self.idf.get(w, 0) * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * length / self.avg))
        return s

    def scores(self, query):
        q = content(query)
        return [self.score_doc(q, c, l) for c, l in zip(self.docs, self.len)]

    def score_text(self, query, text):
        c = Counter(content(text))
        return self.score_doc(content(query), c, sum(c.values()))


QUESTION_TEMPLATES = [
    "What did speakers say about {}?", "What was said about {}?", "What was discussed regarding {}?",
    "How can {} be addressed?", "What measures were mentioned on {}?", "Which challenges related to {} were noted?",
    "What did the Chair's summary note on {}?", "What was highlighted concerning {}?", "How did countries deal with {}?",
    "What is known about {}?", "{}?", "{}", "Information on {}", "Why is {} important?",
    "What recommendations were made about {}?", "What role does {} play?",
]


LEAD_INS = set("the of on about regarding for to in with against by from into through a an their its".split())


def content_span(sentence, rng, lo=2, hi=7):
    """A short run of the sentence's words that starts and ends on content words: a noun-phrase-like topic."""
    toks = re.findall(r"[\w’'-]+", sentence)
    idx = [i for i, t in enumerate(toks) if t.lower() not in STOP and len(t) > 2 and not t.isdigit()]
    if len(idx) < 2:
        return " ".join(toks[:6])
    n = rng.randint(lo, min(hi, len(idx)))
    # Prefer a span that starts after an article or preposition ("... of [illicit financial flows]").
    after = [k for k in range(len(idx) - n + 1) if idx[k] > 0 and toks[idx[k] - 1].lower() in LEAD_INS]
    start = rng.choice(after) if after and rng.random() < 0.75 else rng.randint(0, len(idx) - n)
    a, b = idx[start], idx[start + n - 1]
    span = toks[a:b + 1]
    if len(span) > 12:
        span = [toks[i] for i in idx[start:start + n]]
    return " ".join(span)


def keyword_query(sentence, rng):
    """Some of the sentence's content words in order, a few dropped: what a person types into a search box."""
    cw = [t for t in re.findall(r"[\w’'-]+", sentence) if t.lower() not in STOP and len(t) > 2]
    if len(cw) <= 3:
        return " ".join(cw) or sentence
    keep = rng.uniform(0.3, 0.7)
    kept = [w for w in cw if rng.random() < keep] or cw[:3]
    return " ".join(kept[:10])


def question_query(sentence, rng):
    span = content_span(sentence, rng)
    q = rng.choice(QUESTION_TEMPLATES).format(span)
    return q[0].upper() + q[1:] if rng.random() < 0.7 else q.lower()


def near_duplicates(paragraphs):
    """For each paragraph, the set of its sentence indices that nearly repeat a sentence of another paragraph
    (boilerplate such as "The summary by the Chair was not subject to negotiation.")."""
    sents = [[set(content(s)) for s in sentences(p["text"])] for p in paragraphs]
    dup = [set() for _ in paragraphs]
    flat = [(i, j, s) for i, ss in enumerate(sents) for j, s in enumerate(ss) if s]
    index = {}
    for k, (i, j, s) in enumerate(flat):
        for w in s:
            index.setdefault(w, []).append(k)
    for k, (i, j, s) in enumerate(flat):
        counts = Counter(m for w in s for m in index[w] if flat[m][0] != i)
        for m, c in counts.items():
            o = flat[m][2]
            if c / len(s | o) >= 0.6:
                dup[i].add(j)
                break
    return dup
