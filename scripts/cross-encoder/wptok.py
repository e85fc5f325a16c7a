"""BERT uncased WordPiece tokenizer in plain Python, matching transformers.js v2 on tokenizer.json
(BertNormalizer lowercase + accent strip, BertPreTokenizer, WordPiece, [CLS] a [SEP] b [SEP] template).
Pair truncation copies transformers.js: the joined sequence is cut at max_length from the right
(so a truncated pair has no final [SEP])."""
import json
import re
import unicodedata

_PUNCT = r"\p{P}"  # not supported by 're'; handled in _is_punct


def _is_punct(ch):
    cp = ord(ch)
    if 0x21 <= cp <= 0x2F or 0x3A <= cp <= 0x40 or 0x5B <= cp <= 0x60 or 0x7B <= cp <= 0x7E:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_chinese(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def _is_ws(ch):
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def _is_control(ch):
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch).startswith("C")


_COMBINING = re.compile("[\u0300-\u036f]")


class WordPiece:
    def __init__(self, tokenizer_json):
        t = json.load(open(tokenizer_json, encoding="utf-8"))
        self.vocab = t["model"]["vocab"]
        self.unk = self.vocab["[UNK]"]
        self.cls, self.sep, self.pad = self.vocab["[CLS]"], self.vocab["[SEP]"], self.vocab["[PAD]"]
        self.cache = {}

    def normalize(self, text):
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or _is_control(ch):
                continue
            if _is_ws(ch):
                out.append(" ")
            elif _is_chinese(cp):
                out.append(" " + ch + " ")
            else:
                out.append(ch)
        text = "".join(out).lower()
        return _COMBINING.sub("", unicodedata.normalize("NFD", text))

    def pretokenize(self, text):
        words, cur = [], []
        for ch in text.strip():
            if ch.isspace() or _is_ws(ch):
                if cur:
                    words.append("".join(cur)); cur = []
            elif _is_punct(ch):
                if cur:
                    words.append("".join(cur)); cur = []
                words.append(ch)
            else:
                cur.append(ch)
        if cur:
            words.append("".join(cur))
        return words

    def word_ids(self, word):
        if word in self.cache:
            return self.cache[word]
        if len(word) > 100:
            return [self.unk]
        ids, start = [], 0
        while start < len(word):
            end, found = len(word), None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]; break
                end -= 1
            if found is None:
                ids = [self.unk]; break
            ids.append(found); start = end
        self.cache[word] = ids
        return ids

    def encode(self, text):
        return [i for w in self.pretokenize(self.normalize(text)) for i in self.word_ids(w)]

    def encode_pair(self, a, b, max_length=512, a_ids=None, b_ids=None):
        a_ids = self.encode(a) if a_ids is None else a_ids
        b_ids = self.encode(b) if b_ids is None else b_ids
        ids = [self.cls] + a_ids + [self.sep] + b_ids + [self.sep]
        types = [0] * (len(a_ids) + 2) + [1] * (len(b_ids) + 1)
        return ids[:max_length], types[:max_length]

    def encode_single(self, a, max_length=512):
        ids = [self.cls] + self.encode(a) + [self.sep]
        return ids[:max_length], [0] * min(len(ids), max_length)
