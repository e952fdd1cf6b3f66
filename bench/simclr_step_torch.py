#!/usr/bin/python3
"""One SimCLR training step in PyTorch eager: the same work as `c4j bench simclr-step --tsv`.

Same model (3x3 stem without bias + BN + ReLU, basic blocks 16/32/64, global average pooling,
head Linear-BN-ReLU-Linear 64-128), NT-Xent at tau 0.2, AdamW (lr 1e-3, weight decay 1e-6), on
the very views c4j wrote with --dump-views. Prints the same TSV columns. Run by bench/train_step.sh; CHANNELS_LAST=1 lays the model and
the views out channels-last, as c4j does (a setting PyTorch users have to choose).
"""
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

threads, views_file, batch = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
WARMUP, REPEATS, TAU = 5, 21, 0.2
torch.set_num_threads(threads)
torch.manual_seed(0)


def conv(cin, cout, k, stride):
    return nn.Conv2d(cin, cout, k, stride, k // 2, bias=False)


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.f = nn.Sequential(conv(cin, cout, 3, stride), nn.BatchNorm2d(cout), nn.ReLU(),
                               conv(cout, cout, 3, 1), nn.BatchNorm2d(cout))
        self.shortcut = nn.Identity() if cin == cout and stride == 1 else nn.Sequential(conv(cin, cout, 1, stride), nn.BatchNorm2d(cout))

    def forward(self, x):
        return F.relu(self.f(x) + self.shortcut(x))


model = nn.Sequential(conv(1, 16, 3, 1), nn.BatchNorm2d(16), nn.ReLU(), Block(16, 16, 1), Block(16, 32, 2), Block(32, 64, 2),
                      nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64, 128))
channels_last = os.environ.get("CHANNELS_LAST") == "1"
if channels_last:
    model = model.to(memory_format=torch.channels_last)
decay = [p for n, p in model.named_parameters() if p.dim() > 1]
no_decay = [p for n, p in model.named_parameters() if p.dim() <= 1]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 1e-6}, {"params": no_decay, "weight_decay": 0}], lr=1e-3)

views = torch.from_numpy(np.load(views_file)).reshape(-1, 2, batch, 1, 28, 28)


def nt_xent(z, n):
    z = F.normalize(z, dim=1)
    logits = z @ z.T / TAU
    logits.fill_diagonal_(float("-inf"))
    targets = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(logits, targets)


def step(i):
    v = views[i % views.shape[0]]
    x = torch.cat([v[0], v[1]])
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    loss = nt_xent(model(x), batch)
    opt.zero_grad(set_to_none=False)
    loss.backward()
    opt.step()
    return loss.item()


for i in range(WARMUP):
    step(i)
times = []
for i in range(REPEATS):
    start = time.perf_counter()
    step(WARMUP + i)
    times.append((time.perf_counter() - start) * 1e3)
times.sort()
median = times[REPEATS // 2]
n = 2048
a, b = torch.rand(n, n) * 2 - 1, torch.rand(n, n) * 2 - 1
gemm = []
for i in range(7):
    start = time.perf_counter()
    (a @ b)[0, 0].item()
    gemm.append(time.perf_counter() - start)
gemm = sorted(gemm[2:])[2]
print("batch\tstep_ms\tspread\tstep_gflop\tpeak_gflops")
print(f"{batch}\t{median:.3f}\t{(times[-1] - times[0]) / median:.3f}\t0\t{2 * n ** 3 / gemm / 1e9:.2f}")
