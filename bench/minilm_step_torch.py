#!/usr/bin/python3
"""One MiniLM retriever training step in PyTorch eager: the twin of `c4j bench minilm-step`.

A hand-written BERT of all-MiniLM-L6-v2's shape (6 layers, 384 wide, 12 heads, 1536 inner, GELU,
LayerNorm eps 1e-12, dropout 0.1), randomly initialised (the step's cost does not depend on the
weights), reading the exact token ids and masks c4j dumped; mean pooling, cosine x 20 in-batch
cross-entropy, backward, AdamW (lr 2e-5, weight decay 0.01) over every parameter, as c4j's trainer.
Usage: minilm_step_torch.py THREADS TOKENS.npy [warmup repeats]   prints: step_ms, spread
"""
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(int(sys.argv[1]))
torch.manual_seed(0)
IDS = torch.from_numpy(np.load(sys.argv[2])).long()
MASK = torch.from_numpy(np.load(sys.argv[2] + ".mask.npy")).float()
WARMUP = int(sys.argv[3]) if len(sys.argv) > 3 else 5
REPEATS = int(sys.argv[4]) if len(sys.argv) > 4 else 21
H, LAYERS, HEADS, INNER, VOCAB, POSITIONS, EPS, P = 384, 6, 12, 1536, 30522, 512, 1e-12, 0.1


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(H, H) for _ in range(4))
        self.ln1 = nn.LayerNorm(H, eps=EPS)
        self.inner, self.out = nn.Linear(H, INNER), nn.Linear(INNER, H)
        self.ln2 = nn.LayerNorm(H, eps=EPS)

    def forward(self, x, additive):
        b, n, _ = x.shape
        d = H // HEADS

        def heads(t):
            return t.view(b, n, HEADS, d).transpose(1, 2)

        scores = heads(self.q(x)) @ heads(self.k(x)).transpose(2, 3) / math.sqrt(d) + additive
        probs = F.dropout(scores.softmax(-1), P, self.training)
        context = (probs @ heads(self.v(x))).transpose(1, 2).reshape(b, n, H)
        x = self.ln1(F.dropout(self.o(context), P, self.training) + x)
        return self.ln2(F.dropout(self.out(F.gelu(self.inner(x))), P, self.training) + x)


class Bert(nn.Module):
    def __init__(self):
        super().__init__()
        self.words, self.positions, self.types = nn.Embedding(VOCAB, H), nn.Embedding(POSITIONS, H), nn.Embedding(2, H)
        self.ln = nn.LayerNorm(H, eps=EPS)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))

    def forward(self, ids, mask):
        positions = torch.arange(ids.shape[1]).expand_as(ids)
        x = self.words(ids) + self.positions(positions) + self.types(torch.zeros_like(ids))
        x = F.dropout(self.ln(x), P, self.training)
        additive = (1 - mask)[:, None, None, :] * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, additive)
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1e-9)
        return F.normalize(pooled, dim=1)


model = Bert().train()
optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5, weight_decay=0.01)
n = IDS.shape[0] // 2


def step():
    z = model(IDS, MASK)
    logits = F.normalize(z[:n], dim=1) @ F.normalize(z[n:], dim=1).T * 20
    loss = F.cross_entropy(logits, torch.arange(n))
    optimizer.zero_grad(set_to_none=False)
    loss.backward()
    optimizer.step()
    return loss.item()


for _ in range(WARMUP):
    step()
times = []
for _ in range(REPEATS):
    start = time.perf_counter()
    step()
    times.append((time.perf_counter() - start) * 1e3)
times.sort()
print("step_ms\tspread")
print(f"{times[REPEATS // 2]:.3f}\t{(times[-1] - times[0]) / times[REPEATS // 2]:.3f}")
