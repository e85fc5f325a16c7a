"""Post-LN BERT in plain PyTorch (same maths as the ONNX graph of offline/minilm-wordnet-embed:
erf GELU, LayerNorm eps 1e-12, additive mask -10000) plus a one-logit relevance head (see CrossEncoder)."""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

CFG = dict(vocab_size=30522, hidden_size=192, num_hidden_layers=3, num_attention_heads=3,
           intermediate_size=768, max_position_embeddings=512, type_vocab_size=2, layer_norm_eps=1e-12)


class Layer(nn.Module):
    def __init__(self, h, heads, inter, eps, dropout):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h)
        self.attn_out = nn.Linear(h, h)
        self.ln1 = nn.LayerNorm(h, eps=eps)
        self.inter, self.out = nn.Linear(h, inter), nn.Linear(inter, h)
        self.ln2 = nn.LayerNorm(h, eps=eps)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, bias):
        b, s, h = x.shape
        d = h // self.heads
        split = lambda t: t.view(b, s, self.heads, d).transpose(1, 2)
        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        att = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d) + bias
        att = self.drop(torch.softmax(att, dim=-1))
        ctx = torch.matmul(att, v).transpose(1, 2).reshape(b, s, h)
        x = self.ln1(x + self.drop(self.attn_out(ctx)))
        return self.ln2(x + self.drop(self.out(F.gelu(self.inter(x)))))


class Encoder(nn.Module):
    def __init__(self, cfg=CFG, dropout=0.0):
        super().__init__()
        h = cfg["hidden_size"]
        self.word = nn.Embedding(cfg["vocab_size"], h)
        self.pos = nn.Embedding(cfg["max_position_embeddings"], h)
        self.tok_type = nn.Embedding(cfg["type_vocab_size"], h)
        self.ln = nn.LayerNorm(h, eps=cfg["layer_norm_eps"])
        self.drop = nn.Dropout(dropout)
        self.layers = nn.ModuleList(Layer(h, cfg["num_attention_heads"], cfg["intermediate_size"], cfg["layer_norm_eps"], dropout)
                                    for _ in range(cfg["num_hidden_layers"]))

    def forward(self, input_ids, attention_mask, token_type_ids, position_ids=None, bias=None):
        if position_ids is None:
            position_ids = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = self.drop(self.ln(self.word(input_ids) + self.pos(position_ids) + self.tok_type(token_type_ids)))
        if bias is None:
            bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.layers:
            x = layer(x, bias)
        return x


def _masked_mean_normalised(x, weights):
    v = (x * weights[..., None]).sum(1) / weights.sum(1, keepdim=True).clamp(min=1.0)
    return v / v.norm(dim=-1, keepdim=True).clamp(min=1e-6)


class CrossEncoder(nn.Module):
    """One logit for a (question, paragraph) pair given as [CLS] q [SEP] p [SEP] with token types 0/1.

    The same encoder weights are run twice over the pair:
      1. joint pass (the cross-encoder proper): ordinary BERT attention across question and paragraph;
         its [CLS] goes through the BertForSequenceClassification head (tanh pooler, linear layer).
      2. separate pass: attention blocked between the two segments, positions restarted per segment and
         token types all 0, which is how the embedding model read a question or a paragraph on its own;
         the mean-pooled, L2-normalised segment vectors give a per-dimension weighted cosine.
    logit = weighted cosine (weights start at 20 = 1/temperature of the embedding model's training)
            + [CLS] head (starts at exactly 0).
    So the reranker starts at the embedding model's ordering and training teaches the joint pass what that
    ordering misses. A [CLS] head alone starts flat (the embedding model never used [CLS]) and did not leave
    chance level in the first attempt within the CPU budget."""

    def __init__(self, cfg=CFG, dropout=0.0, cos_init=20.0):
        super().__init__()
        h = cfg["hidden_size"]
        self.bert = Encoder(cfg, dropout)
        self.pooler = nn.Linear(h, h)
        self.drop = nn.Dropout(dropout)
        self.classifier = nn.Linear(h, 1)
        self.cos_weight = nn.Parameter(torch.full((h,), cos_init))
        nn.init.normal_(self.pooler.weight, std=0.02); nn.init.zeros_(self.pooler.bias)
        nn.init.zeros_(self.classifier.weight); nn.init.zeros_(self.classifier.bias)

    def separate(self, input_ids, attention_mask, token_type_ids):
        mask = attention_mask.to(torch.float32)
        second = token_type_ids.to(torch.float32) * mask
        first = mask - second
        # Question: [CLS] q [SEP] at 0..n+1 as before; paragraph restarts at 1 (where it followed [CLS]).
        pos = torch.where(token_type_ids > 0, torch.cumsum(second, 1), torch.cumsum(first, 1) - 1.0)
        pos = pos.clamp(min=0.0).to(torch.int64)
        same = first[:, :, None] * first[:, None, :] + second[:, :, None] * second[:, None, :]
        bias = ((1.0 - same) * -10000.0)[:, None, :, :]
        x = self.bert(input_ids, attention_mask, torch.zeros_like(token_type_ids), pos, bias)
        return _masked_mean_normalised(x, first), _masked_mean_normalised(x, second)

    def forward(self, input_ids, attention_mask, token_type_ids):
        u, v = self.separate(input_ids, attention_mask, token_type_ids)
        cos_part = (u * v * self.cos_weight).sum(-1, keepdim=True)
        x = self.bert(input_ids, attention_mask, token_type_ids)
        pooled = torch.tanh(self.pooler(x[:, 0]))
        return cos_part + self.classifier(self.drop(pooled))  # logits [batch, 1]


def load_onnx_encoder(encoder, onnx_path):
    """Copies the initializers of the embedding model's ONNX graph into `encoder`. The Linear weights
    are stored unnamed as MatMul right-hand sides ([in, out]); each is identified by the bias its Add uses."""
    import onnx
    from onnx import numpy_helper
    g = onnx.load(onnx_path).graph
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    consumers = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    tensors = {}
    for n in g.node:
        if n.op_type != "MatMul":
            continue
        w = [i for i in n.input if i in inits]
        if not w:
            continue
        add = consumers[n.output[0]][0]
        bias = [i for i in add.input if i in inits]
        assert add.op_type == "Add" and len(bias) == 1, (n.name, add.op_type)
        tensors[bias[0].replace(".bias", ".weight")] = inits[w[0]].T
    tensors.update({k: v for k, v in inits.items() if not k.startswith("onnx::")})
    rename = {"m.embeddings.word_embeddings": "word", "m.embeddings.position_embeddings": "pos",
              "m.embeddings.token_type_embeddings": "tok_type", "m.embeddings.LayerNorm": "ln"}
    state = {}
    for k, v in tensors.items():
        for a, b in rename.items():
            k = k.replace(a, b)
        state[k[2:] if k.startswith("m.") else k] = torch.from_numpy(v.copy())
    missing = set(encoder.state_dict()) - set(state)
    extra = set(state) - set(encoder.state_dict())
    assert not missing and not extra, (missing, extra)
    encoder.load_state_dict(state)
    return encoder
