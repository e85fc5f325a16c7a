"""Fine-tunes a cross-encoder (question, paragraph) -> relevance logit from the embedding model's encoder,
on pairs made from the corpus alone, then reports validation figures on held-out paragraphs.

Environment (all optional):
  PARAS=/tmp/ce/paragraphs.jsonl   paragraphs written by dump-paragraphs.ts
  EMBED_DIR=models/offline/minilm-wordnet-embed
  WORK=/tmp/ce                      checkpoint, log and validation results
  TRAIN_SECONDS=2000                wall-clock training budget (validation not included)
  SEED=13
  VAL_LIMIT=0                       validate on the first N queries only (0: all; for smoke tests)
"""
import json
import math
import os
import random
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import (BM25, challenge_key, challenge_text, content, content_span, keyword_query, load_paragraphs,
                  near_duplicates, question_query, sentences, with_topic)
from model import CrossEncoder, Encoder, load_onnx_encoder
from wptok import WordPiece

torch.set_num_threads(2)
PARAS = os.environ.get("PARAS", "/tmp/ce/paragraphs.jsonl")
EMBED = os.environ.get("EMBED_DIR", "models/offline/minilm-wordnet-embed")
WORK = os.environ.get("WORK", "/tmp/ce")
TRAIN_SECONDS = float(os.environ.get("TRAIN_SECONDS", 2000))
SEED = int(os.environ.get("SEED", 13))
MAX_LEN = 320          # training truncation (inference: transformers.js cuts at 512)
MAX_QUERY = 64
GROUPS_PER_STEP = 4
NEGATIVES = 5          # per group: 1 positive + 5 negatives, softmax cross-entropy over the 6
PEAK_LR, WARMUP, MIN_LR_FRAC, HEAD_LR_MULT = 1e-4, 30, 0.05, 5.0
HELDOUT_FRAC, VAL_SENTENCES, VAL_CANDIDATES = 0.10, 3, 30

rng = random.Random(SEED)
torch.manual_seed(SEED)
tok = WordPiece(f"{EMBED}/tokenizer.json")
paras = load_paragraphs(PARAS)
N = len(paras)
dups = near_duplicates(paras)
sents = [sentences(p["text"]) for p in paras]
# Sentences that can serve as queries: long enough, not boilerplate repeated in another paragraph.
elig = [[j for j, s in enumerate(ss) if len(s.split()) >= 6 and j not in dups[i]] for i, ss in enumerate(sents)]

# Hold out ~10% of the paragraphs that have at least two sentences and an eligible query sentence.
candidates_for_val = [i for i in range(N) if len(sents[i]) >= 2 and elig[i]]
heldout = sorted(rng.sample(candidates_for_val, round(HELDOUT_FRAC * N)))
held = set(heldout)
train_ids = [i for i in range(N) if i not in held]
print(f"{N} paragraphs: {len(train_ids)} train, {len(heldout)} held out; "
      f"{sum(len(elig[i]) for i in train_ids)} train query sentences", flush=True)

# ---------------------------------------------------------------- bi-encoder (the embedding model)
bi = load_onnx_encoder(Encoder(), f"{EMBED}/onnx/model.onnx").eval()


@torch.no_grad()
def embed(texts, bs=16):
    out = []
    for k in range(0, len(texts), bs):
        enc = [tok.encode_single(t, 512)[0] for t in texts[k:k + bs]]
        L = max(map(len, enc))
        ids = torch.tensor([e + [0] * (L - len(e)) for e in enc])
        mask = (ids != 0).long()
        mask[:, 0] = 1
        h = bi(ids, mask, torch.zeros_like(ids))
        v = (h * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        out.append(F.normalize(v, dim=-1))
    return torch.cat(out)


t0 = time.time()
P_EMB = embed([p["passage"] for p in paras])
print(f"embedded {N} passages in {time.time() - t0:.0f}s", flush=True)

# Paragraph neighbours among training paragraphs (hard negatives by meaning).
train_t = torch.tensor(train_ids)
sim = P_EMB @ P_EMB[train_t].T
neighbours = {}
for i in train_ids:
    order = sim[i].argsort(descending=True).tolist()
    neighbours[i] = [train_ids[k] for k in order if train_ids[k] != i][:15]
bm25_train = BM25([paras[i]["passage"] for i in train_ids])
ckey = [challenge_key(p["topic"]) for p in paras]
by_topic = {}
for i in train_ids:
    by_topic.setdefault((paras[i]["chapter"], paras[i]["section"], paras[i]["topic"]), []).append(i)


def drop_sentence(i, j):
    rest = [s for k, s in enumerate(sents[i]) if k != j]
    return " ".join(rest)


def maybe_trim(i, rng, p=0.4):
    """A negative sometimes loses a sentence too, so a missing sentence does not mark the positive."""
    if len(sents[i]) >= 2 and rng.random() < p:
        return drop_sentence(i, rng.randrange(len(sents[i])))
    return paras[i]["text"]


def mine_negatives(pos, query, rng, exclude):
    picks = []

    def add(pool, k):
        pool = [x for x in pool if x not in exclude and x not in picks]
        rng.shuffle(pool)
        picks.extend(pool[:k])

    scores = bm25_train.scores(query)
    top_lex = [train_ids[k] for k in sorted(range(len(train_ids)), key=lambda k: -scores[k])[:15]]
    add(top_lex, 2)
    add(neighbours[pos][:15], 2)
    add(by_topic[(paras[pos]["chapter"], paras[pos]["section"], paras[pos]["topic"])], 1)
    add(train_ids, NEGATIVES - len(picks))
    return picks


def make_group(rng):
    """(query, [positive, negatives...]) with the texts the cross-encoder sees."""
    r = rng.random()
    if r < 0.10:  # topic heading (the challenge quoted) <-> paragraph under it, topic line removed from all texts
        pos = rng.choice([i for i in train_ids if ckey[i] and not ckey[i].startswith("opening")])
        text = challenge_text(paras[pos]["topic"])
        q = text if rng.random() < 0.5 else (question_query(text, rng) if rng.random() < 0.5 else content_span(text, rng, 3, 10))
        same = {i for i in train_ids if ckey[i] == ckey[pos]}
        negs = mine_negatives(pos, q, rng, same)
        return q, [paras[pos]["text"]] + [maybe_trim(i, rng) for i in negs], "heading"
    pos = rng.choice([i for i in train_ids if elig[i]])
    j = rng.choice(elig[pos])
    s = sents[pos][j]
    if r < 0.55:
        kind, q, p_drop = "ict", s, 0.85
    elif r < 0.75:
        kind, q, p_drop = "keywords", keyword_query(s, rng), 0.5
    else:
        kind, q, p_drop = "question", question_query(s, rng), 0.5
    pos_text = drop_sentence(pos, j) if len(sents[pos]) >= 2 and rng.random() < p_drop else paras[pos]["text"]
    negs = mine_negatives(pos, q, rng, {pos})
    texts = [with_topic(paras[pos], pos_text)] + [with_topic(paras[i], maybe_trim(i, rng)) for i in negs]
    return q, texts, kind


def encode_batch(pairs, max_len):
    enc = [tok.encode_pair(None, None, max_len, a_ids=tok.encode(q)[:MAX_QUERY], b_ids=tok.encode(d)) for q, d in pairs]
    L = max(len(e[0]) for e in enc)
    ids = torch.tensor([e[0] + [0] * (L - len(e[0])) for e in enc])
    types = torch.tensor([e[1] + [0] * (L - len(e[1])) for e in enc])
    mask = torch.tensor([[1] * len(e[0]) + [0] * (L - len(e[0])) for e in enc])
    return ids, mask, types


def score(model, pairs, max_len, micro=16):
    """Logits for (query, doc) pairs, in micro-batches of similar length to limit padding."""
    order = sorted(range(len(pairs)), key=lambda k: len(pairs[k][0]) + len(pairs[k][1]))
    out = torch.empty(len(pairs))
    pieces = []
    for k in range(0, len(order), micro):
        idx = order[k:k + micro]
        logits = model(*encode_batch([pairs[m] for m in idx], max_len)).squeeze(-1)
        pieces.append((idx, logits))
    if torch.is_grad_enabled():
        flat_idx = torch.tensor([m for idx, _ in pieces for m in idx])
        flat = torch.cat([l for _, l in pieces])
        return flat[flat_idx.argsort()]
    for idx, l in pieces:
        out[idx] = l
    return out


# ---------------------------------------------------------------- validation set (held-out paragraphs only)
vrng = random.Random(SEED + 1)
val = []
for i in heldout:
    for j in vrng.sample(elig[i], min(VAL_SENTENCES, len(elig[i]))):
        s = sents[i][j]
        val.append({"para": i, "query": s, "kind": "ict", "pos": with_topic(paras[i], drop_sentence(i, j))})
        val.append({"para": i, "query": question_query(s, vrng), "kind": "question", "pos": with_topic(paras[i], drop_sentence(i, j))})
bm25_all = BM25([p["passage"] for p in paras])
for v in val:
    qv = embed([v["query"]])[0]
    pv = embed([v["pos"]])[0]
    sims = P_EMB @ qv
    sims[v["para"]] = -2
    others = sims.argsort(descending=True)[:VAL_CANDIDATES - 1].tolist()
    v["cands"] = [v["pos"]] + [paras[k]["passage"] for k in others]
    v["cand_ids"] = [v["para"]] + others
    v["bi"] = [float(pv @ qv)] + [float(sims[k]) for k in others]
    v["bm25"] = [bm25_all.score_text(v["query"], t) for t in v["cands"]]
print(f"validation: {len(val)} queries ({len(heldout)} held-out paragraphs) x {VAL_CANDIDATES} candidates", flush=True)


def rank_of_positive(scores):
    # Ties count against the positive.
    return 1 + sum(1 for s in scores[1:] if s >= scores[0])


def metrics(ranks):
    n = len(ranks)
    return {"n": n, "MRR": round(sum(1 / r for r in ranks) / n, 3), "R@1": round(sum(r == 1 for r in ranks) / n, 3),
            "R@5": round(sum(r <= 5 for r in ranks) / n, 3)}


@torch.no_grad()
def validate(model, subset=None):
    model.eval()
    rows = val if subset is None else subset
    res = {}
    for kind in ("ict", "question"):
        vs = [v for v in rows if v["kind"] == kind]
        if not vs:
            continue
        r_ce, r_bi, r_bm, r_rrf = [], [], [], []
        for v in vs:
            ce = score(model, [(v["query"], c) for c in v["cands"]], 512).tolist()
            r_ce.append(rank_of_positive(ce))
            r_bi.append(rank_of_positive(v["bi"]))
            r_bm.append(rank_of_positive(v["bm25"]))
            rank = lambda xs: {k: n for n, k in enumerate(sorted(range(len(xs)), key=lambda k: -xs[k]))}
            a, b = rank(ce), rank(v["bi"])
            r_rrf.append(rank_of_positive([1 / (60 + a[k]) + 1 / (60 + b[k]) for k in range(len(ce))]))
        res[kind] = {"cross-encoder": metrics(r_ce), "bi-encoder cosine": metrics(r_bi), "BM25": metrics(r_bm),
                     "RRF(cross-encoder, cosine)": metrics(r_rrf)}
    model.train()
    return res


# ---------------------------------------------------------------- model and training
model = CrossEncoder(dropout=0.1)
load_onnx_encoder(model.bert, f"{EMBED}/onnx/model.onnx")
model.bert.word.weight.requires_grad_(False)  # 240 paragraphs are too few to move a 30k-word vocabulary well
enc = [(n, p) for n, p in model.named_parameters() if p.requires_grad and n.startswith("bert.")]
head = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("bert.")]
decay = [p for n, p in enc if p.dim() == 2]
no_decay = [p for n, p in enc if p.dim() < 2]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01, "lr_mult": 1.0},
                         {"params": no_decay, "weight_decay": 0.0, "lr_mult": 1.0},
                         {"params": head, "weight_decay": 0.0, "lr_mult": HEAD_LR_MULT}], lr=PEAK_LR)
print(f"trainable parameters {sum(p.numel() for p in decay + no_decay + head):,} of {sum(p.numel() for p in model.parameters()):,}", flush=True)

log = open(f"{WORK}/train.log", "w")
model.train()
start = time.time()
step, ema_loss, ema_acc, seen = 0, None, None, {}
while True:
    elapsed = time.time() - start
    if elapsed >= TRAIN_SECONDS:
        break
    frac = elapsed / TRAIN_SECONDS
    lr = PEAK_LR * min(1.0, (step + 1) / WARMUP) * (MIN_LR_FRAC + (1 - MIN_LR_FRAC) * 0.5 * (1 + math.cos(math.pi * frac)))
    for g in opt.param_groups:
        g["lr"] = lr * g["lr_mult"]
    groups = [make_group(rng) for _ in range(GROUPS_PER_STEP)]
    pairs = [(q, d) for q, docs, _ in groups for d in docs]
    logits = score(model, pairs, MAX_LEN).view(GROUPS_PER_STEP, NEGATIVES + 1)
    loss = F.cross_entropy(logits, torch.zeros(GROUPS_PER_STEP, dtype=torch.long))
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    step += 1
    for _, _, kind in groups:
        seen[kind] = seen.get(kind, 0) + 1
    acc = (logits.argmax(1) == 0).float().mean().item()
    ema_loss = loss.item() if ema_loss is None else 0.98 * ema_loss + 0.02 * loss.item()
    ema_acc = acc if ema_acc is None else 0.98 * ema_acc + 0.02 * acc
    if step % 20 == 0:
        line = f"step {step} t {elapsed:.0f}s lr {lr:.2e} loss {ema_loss:.3f} top1-in-group {ema_acc:.3f}"
        print(line, flush=True)
        log.write(line + "\n"); log.flush()
    if step % 200 == 0:
        torch.save(model.state_dict(), f"{WORK}/ckpt.pt")
train_time = time.time() - start
torch.save(model.state_dict(), f"{WORK}/ckpt.pt")
print(f"trained {step} steps ({step * GROUPS_PER_STEP} groups, {step * GROUPS_PER_STEP * (NEGATIVES + 1)} pairs) "
      f"in {train_time:.0f}s; groups by kind {seen}", flush=True)

t1 = time.time()
VAL_LIMIT = int(os.environ.get("VAL_LIMIT", 0))
res = validate(model, val[:VAL_LIMIT] if VAL_LIMIT else None)
print(json.dumps(res, indent=1), flush=True)
summary = {"steps": step, "groups": step * GROUPS_PER_STEP, "pairs": step * GROUPS_PER_STEP * (NEGATIVES + 1),
           "train_seconds": round(train_time), "groups_by_kind": seen, "final_loss_ema": ema_loss and round(ema_loss, 3),
           "final_top1_in_group_ema": ema_acc and round(ema_acc, 3), "validation": res, "validation_seconds": round(time.time() - t1),
           "heldout_paragraphs": [paras[i]["id"] for i in heldout], "train_paragraphs": len(train_ids),
           "seed": SEED, "max_len_train": MAX_LEN, "peak_lr": PEAK_LR, "head_lr_mult": HEAD_LR_MULT, "groups_per_step": GROUPS_PER_STEP,
           "negatives": NEGATIVES}
json.dump(summary, open(f"{WORK}/train-summary.json", "w"), indent=1)
