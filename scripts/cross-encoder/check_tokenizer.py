"""Writes pair encodings from wptok.py for check-tokenizer.mjs to compare with transformers.js."""
import json, random, sys
sys.path.insert(0, __import__("os").path.dirname(__file__))
from wptok import WordPiece

tok = WordPiece(sys.argv[1] if len(sys.argv) > 1 else "models/offline/minilm-wordnet-embed/tokenizer.json")
WORK = __import__("os").environ.get("WORK", "/tmp/ce")
rows = [json.loads(l) for l in open(f"{WORK}/paragraphs.jsonl")]
rng = random.Random(0)
extra = ["Café naïve résumé — “quoted” text, 100% (ok)?", "What did speakers say about ketamine & ‘NPS’…", "汉字 mixed\ttabs\u00a0nbsp"]
cases = []
for r in rows:
    q = rng.choice(rows)["text"].split(". ")[0]
    ids, types = tok.encode_pair(q, r["passage"], 512)
    cases.append({"a": q, "b": r["passage"], "ids": ids, "types": types})
for e in extra:
    ids, types = tok.encode_pair(e, e, 512)
    cases.append({"a": e, "b": e, "ids": ids, "types": types})
json.dump(cases, open(f"{WORK}/tok-check.json", "w"))
lens = sorted(len(tok.encode(r["passage"])) for r in rows)
print("passage token lengths: median", lens[len(lens) // 2], "p90", lens[int(len(lens) * .9)], "max", lens[-1],
      ">254:", sum(l > 254 for l in lens), ">380:", sum(l > 380 for l in lens), ">510:", sum(l > 510 for l in lens))
