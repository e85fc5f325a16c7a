"""Step 1 check: does the PyTorch encoder loaded from the embedding model's ONNX initializers give the same
last_hidden_state as the ONNX model? Writes inputs and torch outputs for check-encoder.mjs."""
import json, os, sys
import torch
sys.path.insert(0, os.path.dirname(__file__))
from model import Encoder, load_onnx_encoder
from wptok import WordPiece

EMBED = os.environ.get("EMBED_DIR", "models/offline/minilm-wordnet-embed")
tok = WordPiece(f"{EMBED}/tokenizer.json")
enc = load_onnx_encoder(Encoder(), f"{EMBED}/onnx/model.onnx").eval()
pairs = [("What was said about synthetic opioids?", "Speakers noted the rising threat of fentanyl and its analogues."),
         ("money laundering with cryptocurrencies", "Criminals used bitcoin to move illicit profits across borders."),
         ("the weather in spring", None),
         ("Access to controlled medicines for pain relief and palliative care remains low in many countries, " * 6, None)]
cases = []
for a, b in pairs:
    ids, types = tok.encode_pair(a, b, 512) if b else tok.encode_single(a, 512)
    t = lambda x: torch.tensor([x])
    with torch.no_grad():
        out = enc(t(ids), t([1] * len(ids)), t(types))[0]
    cases.append({"ids": ids, "types": types, "hidden": out.flatten().tolist()})
json.dump(cases, open(os.path.join(os.environ.get("WORK", "/tmp/ce"), "encoder-check.json"), "w"))
print("wrote", len(cases), "cases; lengths", [len(c["ids"]) for c in cases])
