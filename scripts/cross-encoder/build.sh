#!/usr/bin/env bash
# Rebuilds models/offline/minilm-wordnet-rerank from the corpus and the embedding model. Run from the repo root.
# Needs Debian python3-torch python3-onnx python3-numpy (and libopenblas0-pthread: with Debian's reference BLAS
# torch runs about 15x slower) and node_modules (npm ci).
set -euo pipefail
PY=/usr/bin/python3                      # Debian's python, not a pyenv one
HERE=scripts/cross-encoder
export WORK=${WORK:-/tmp/ce} EMBED_DIR=${EMBED_DIR:-$PWD/models/offline/minilm-wordnet-embed}
export PARAS=$WORK/paragraphs.jsonl MODELS_DIR=${MODELS_DIR:-$PWD/models}
mkdir -p "$WORK"

npx tsx $HERE/dump-paragraphs.ts corpus "$PARAS"          # paragraphs via the project's own parser
$PY $HERE/check_tokenizer.py "$EMBED_DIR/tokenizer.json"    # wptok.py == transformers.js on every paragraph
MODELS_DIR=$(dirname "$(dirname "$EMBED_DIR")") node $HERE/check-tokenizer.mjs "$WORK/tok-check.json"
$PY $HERE/check_encoder.py                                  # torch encoder from ONNX initializers ...
MODELS_DIR=$(dirname "$(dirname "$EMBED_DIR")") node $HERE/check-encoder.mjs   # ... == ONNX last_hidden_state
$PY $HERE/train.py                                          # TRAIN_SECONDS=2000 by default; writes $WORK/ckpt.pt
$PY $HERE/export.py "$WORK/ckpt.pt" "$MODELS_DIR/offline/minilm-wordnet-rerank"
node $HERE/verify.mjs
