#!/usr/bin/python3
"""An independent reader and writer of sentence-transformers directories, in plain PyTorch 1.13
(Debian's python3-torch), written from the layout's description and not from contrastive4j's code.

  embed DIR TOKENS.json             token ids [[...], ...] -> sentence vectors as JSON on stdout
  from-onnx MODEL.onnx TOKENIZER.json HEADS OUT   an ONNX export's float weights -> a sentence-transformers directory

`embed` builds BertModel from nn.Linear / nn.Embedding / nn.LayerNorm modules named as Hugging
Face names them, loads model.safetensors by name with load_state_dict(strict=True), and applies
the modules listed in modules.json (Pooling, Dense, Normalize). Tokenisation is not its business:
it takes the ids c4j's tokenizer gave (transformers.js checks the tokenizer files on their own).
"""
import json
import math
import struct
import sys

import torch
from torch import nn


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    metadata = header.pop("__metadata__", None)
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        assert info["dtype"] == "F32", f"{name}: {info['dtype']}"
        raw = bytearray(data[8 + n + begin:8 + n + end])
        tensors[name] = torch.frombuffer(raw, dtype=torch.float32).reshape(info["shape"]).clone()
    return tensors, metadata


def write_safetensors(path, tensors):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        raw = t.contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


class Module(nn.Module):
    """A container whose attributes give the parameter names their dotted prefixes."""


class BertLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        h, i, eps = c["hidden_size"], c["intermediate_size"], c.get("layer_norm_eps", 1e-12)
        self.heads = c["num_attention_heads"]
        self.attention = Module()
        self.attention.self = Module()
        self.attention.self.query = nn.Linear(h, h)
        self.attention.self.key = nn.Linear(h, h)
        self.attention.self.value = nn.Linear(h, h)
        self.attention.output = Module()
        self.attention.output.dense = nn.Linear(h, h)
        self.attention.output.LayerNorm = nn.LayerNorm(h, eps=eps)
        self.intermediate = Module()
        self.intermediate.dense = nn.Linear(h, i)
        self.output = Module()
        self.output.dense = nn.Linear(i, h)
        self.output.LayerNorm = nn.LayerNorm(h, eps=eps)

    def forward(self, x, additive_mask):
        b, L, h = x.shape
        d = h // self.heads

        def split(t):
            return t.view(b, L, self.heads, d).transpose(1, 2)

        s = self.attention.self
        q, k, v = split(s.query(x)), split(s.key(x)), split(s.value(x))
        probs = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + additive_mask, dim=-1)
        context = (probs @ v).transpose(1, 2).reshape(b, L, h)
        a = self.attention.output.LayerNorm(self.attention.output.dense(context) + x)
        inner = nn.functional.gelu(self.intermediate.dense(a))
        return self.output.LayerNorm(self.output.dense(inner) + a)


class BertModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c["hidden_size"]
        self.offset = 0 if c["model_type"] == "bert" else c.get("pad_token_id", 1) + 1
        self.embeddings = Module()
        self.embeddings.word_embeddings = nn.Embedding(c["vocab_size"], h)
        self.embeddings.position_embeddings = nn.Embedding(c["max_position_embeddings"], h)
        self.embeddings.token_type_embeddings = nn.Embedding(c.get("type_vocab_size", 2), h)
        self.embeddings.LayerNorm = nn.LayerNorm(h, eps=c.get("layer_norm_eps", 1e-12))
        self.encoder = Module()
        self.encoder.layer = nn.ModuleList([BertLayer(c) for _ in range(c["num_hidden_layers"])])

    def forward(self, ids, mask):
        e = self.embeddings
        positions = torch.arange(ids.shape[1]) + self.offset
        x = e.word_embeddings(ids) + e.position_embeddings(positions)[None] + e.token_type_embeddings(torch.zeros_like(ids))
        x = e.LayerNorm(x)
        additive = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for layer in self.encoder.layer:
            x = layer(x, additive)
        return x


def pool(states, mask, config):
    m = mask[:, :, None].float()
    if config.get("pooling_mode_cls_token"):
        return states[:, 0]
    if config.get("pooling_mode_max_tokens"):
        return states.masked_fill(m == 0, -1e9).max(dim=1).values
    if config.get("pooling_mode_lasttoken"):
        return states[torch.arange(states.shape[0]), mask.sum(1) - 1]
    total = (states * m).sum(1)
    count = m.sum(1).clamp(min=1e-9)
    return total / count.sqrt() if config.get("pooling_mode_mean_sqrt_len_tokens") else total / count


def embed(directory, tokens_file):
    config = json.load(open(f"{directory}/config.json"))
    model = BertModel(config)
    weights, metadata = read_safetensors(f"{directory}/model.safetensors")
    assert metadata == {"format": "pt"}, metadata
    weights = {k.removeprefix("bert."): v for k, v in weights.items() if not k.removeprefix("bert.").startswith("pooler.")}
    model.load_state_dict(weights, strict=True)
    model.eval()
    tokens = json.load(open(tokens_file))
    L = max(len(t) for t in tokens)
    ids = torch.tensor([t + [0] * (L - len(t)) for t in tokens])
    mask = torch.tensor([[1] * len(t) + [0] * (L - len(t)) for t in tokens])
    with torch.no_grad():
        y = model(ids, mask)
        for module in json.load(open(f"{directory}/modules.json")):
            kind, path = module["type"].rsplit(".", 1)[1], module["path"]
            if kind == "Pooling":
                y = pool(y, mask, json.load(open(f"{directory}/{path}/config.json")))
            elif kind == "Dense":
                c = json.load(open(f"{directory}/{path}/config.json"))
                dense = nn.Linear(c["in_features"], c["out_features"], bias=c.get("bias", True))
                dense.load_state_dict({k.removeprefix("linear."): v for k, v in read_safetensors(f"{directory}/{path}/model.safetensors")[0].items()})
                y = dense(y)
                if c["activation_function"].endswith("Tanh"):
                    y = torch.tanh(y)
            elif kind == "Normalize":
                y = nn.functional.normalize(y, p=2, dim=1)
    json.dump(y.tolist(), sys.stdout)


def from_onnx(onnx_file, tokenizer_file, heads, out):
    import os
    import shutil
    import onnx
    from onnx import numpy_helper
    model = onnx.load(onnx_file)
    # The PyTorch exporter names MatMul weights anonymously; the node reading one is named after the Linear layer.
    renamed = {}
    for node in model.graph.node:
        if node.op_type == "MatMul" and node.name.endswith("/MatMul"):
            renamed[node.input[1]] = node.name[1:-len("/MatMul")].replace("/", ".") + ".weight"
    weights = {}
    for init in model.graph.initializer:
        if init.data_type != onnx.TensorProto.FLOAT:
            continue
        name = renamed.get(init.name, init.name)
        t = torch.from_numpy(numpy_helper.to_array(init).copy())
        weights[name] = t.T.contiguous() if name in renamed.values() else t  # MatMul's [in][out] -> nn.Linear's [out][in]
    layers = 1 + max(int(k.split(".")[2]) for k in weights if k.startswith("encoder.layer."))
    vocab, hidden = weights["embeddings.word_embeddings.weight"].shape
    config = {"architectures": ["BertModel"], "model_type": "bert", "vocab_size": vocab, "hidden_size": hidden,
              "num_hidden_layers": layers, "num_attention_heads": int(heads),
              "intermediate_size": weights["encoder.layer.0.intermediate.dense.weight"].shape[0],
              "max_position_embeddings": weights["embeddings.position_embeddings.weight"].shape[0],
              "type_vocab_size": weights["embeddings.token_type_embeddings.weight"].shape[0],
              "hidden_act": "gelu", "layer_norm_eps": 1e-12, "pad_token_id": 0}
    os.makedirs(f"{out}/1_Pooling", exist_ok=True)
    json.dump(config, open(f"{out}/config.json", "w"), indent=2)
    write_safetensors(f"{out}/model.safetensors", weights)
    json.dump([{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
               {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
               {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}],
              open(f"{out}/modules.json", "w"), indent=2)
    json.dump({"word_embedding_dimension": hidden, "pooling_mode_cls_token": False, "pooling_mode_mean_tokens": True,
               "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False},
              open(f"{out}/1_Pooling/config.json", "w"), indent=2)
    json.dump({"max_seq_length": 256, "do_lower_case": False}, open(f"{out}/sentence_bert_config.json", "w"))
    shutil.copy(tokenizer_file, f"{out}/tokenizer.json")


if __name__ == "__main__":
    torch.set_num_threads(2)
    if sys.argv[1] == "embed":
        embed(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "from-onnx":
        from_onnx(*sys.argv[2:6])
    else:
        sys.exit(__doc__)
