"""Exports the trained cross-encoder in the transformers.js layout:
  <OUT>/config.json, tokenizer files copied from the embedding model, <OUT>/onnx/model.onnx (logits [batch, 1]),
and writes reference torch logits for verify.mjs to compare against.

Usage: /usr/bin/python3 export.py [ckpt] [out_dir]
"""
import json
import os
import shutil
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import load_paragraphs
from model import CFG, CrossEncoder
from wptok import WordPiece

HERE = os.path.dirname(os.path.abspath(__file__))
CKPT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/ce/ckpt.pt"
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "../../models/offline/minilm-wordnet-rerank")
EMBED = os.environ.get("EMBED_DIR", "models/offline/minilm-wordnet-embed")
PARAS = os.environ.get("PARAS", "/tmp/ce/paragraphs.jsonl")

torch.set_num_threads(2)
model = CrossEncoder()
model.load_state_dict(torch.load(CKPT))
model.eval()
os.makedirs(f"{OUT}/onnx", exist_ok=True)

tok = WordPiece(f"{EMBED}/tokenizer.json")
ids, types = tok.encode_pair("What was said about synthetic opioids?", "Speakers noted the threat of fentanyl.")
dummy = (torch.tensor([ids, ids]), torch.ones(2, len(ids), dtype=torch.long), torch.tensor([types, types]))
axes = {"batch": 0, "sequence": 1}
torch.onnx.export(
    model, dummy, f"{OUT}/onnx/model.onnx", opset_version=14, do_constant_folding=True,
    input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
    dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                  "token_type_ids": {0: "batch", 1: "sequence"}, "logits": {0: "batch"}},
)
import onnx
onnx.checker.check_model(onnx.load(f"{OUT}/onnx/model.onnx"))

config = {
    "_name_or_path": "offline/minilm-wordnet-rerank",
    "architectures": ["BertForSequenceClassification"],
    "model_type": "bert",
    "vocab_size": CFG["vocab_size"],
    "hidden_size": CFG["hidden_size"],
    "num_hidden_layers": CFG["num_hidden_layers"],
    "num_attention_heads": CFG["num_attention_heads"],
    "intermediate_size": CFG["intermediate_size"],
    "max_position_embeddings": CFG["max_position_embeddings"],
    "type_vocab_size": CFG["type_vocab_size"],
    "layer_norm_eps": CFG["layer_norm_eps"],
    "hidden_act": "gelu",
    "hidden_dropout_prob": 0.1,
    "attention_probs_dropout_prob": 0.1,
    "classifier_dropout": None,
    "initializer_range": 0.02,
    "position_embedding_type": "absolute",
    "pad_token_id": 0,
    "num_labels": 1,
    "id2label": {"0": "LABEL_0"},
    "label2id": {"LABEL_0": 0},
    "problem_type": "regression",
}
json.dump(config, open(f"{OUT}/config.json", "w"), indent=2)
for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
    shutil.copyfile(f"{EMBED}/{name}", f"{OUT}/{name}")
    os.chmod(f"{OUT}/{name}", 0o644)

# Reference pairs for verify.mjs: torch logits from this script's own tokenizer (wptok.py), so the Node check
# covers the tokenizer as well as the ONNX graph. Includes one passage longer than 512 tokens (truncated).
paras = load_paragraphs(PARAS)
by_id = {p["id"].rsplit(".", 2)[-2] + "." + p["id"].rsplit(".", 1)[-1]: p["passage"] for p in paras}
longest = max(paras, key=lambda p: len(p["passage"]))
DEMO_Q = "What barriers limit access to controlled medicines for pain relief?"
pairs = [  # (question, passage, label for the demo or None)
    (DEMO_Q, by_id["II.30"], "relevant"),
    (DEMO_Q, by_id["III.35"], "irrelevant"),
    ("money laundering with cryptocurrencies", by_id["III.25"], None),
    ("What was said about synthetic opioids and fentanyl?", by_id["I.27"], None),
    ("the weather in spring", by_id["I.10"], None),
    ("human rights obligations", longest["passage"], None),
    ("HIV and hepatitis C among people who inject drugs", by_id["II.20"], None),
]
enc = [tok.encode_pair(q, d, 512) for q, d, _ in pairs]
L = max(len(e[0]) for e in enc)
t_ids = torch.tensor([e[0] + [0] * (L - len(e[0])) for e in enc])
t_types = torch.tensor([e[1] + [0] * (L - len(e[1])) for e in enc])
t_mask = torch.tensor([[1] * len(e[0]) + [0] * (L - len(e[0])) for e in enc])
with torch.no_grad():
    logits = model(t_ids, t_mask, t_types).squeeze(-1).tolist()
json.dump([{"question": q, "passage": d, "label": lab, "tokens": len(e[0]), "torch_logit": l} for (q, d, lab), e, l in zip(pairs, enc, logits)],
          open(os.path.join(HERE, "reference-logits.json"), "w"), indent=1, ensure_ascii=False)
size = os.path.getsize(f"{OUT}/onnx/model.onnx")
print(f"exported {OUT}/onnx/model.onnx ({size / 1e6:.1f} MB); reference logits {[round(l, 3) for l in logits]}")
