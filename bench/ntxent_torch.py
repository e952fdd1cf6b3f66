#!/usr/bin/python3
"""NT-Xent and InfoNCE forward+backward in PyTorch eager, the same work as `c4j bench ntxent --tsv`.

Prints the same TSV columns (loss, n, d, loss_ms, gemm_ms, spread). Run by bench/ntxent.sh.
Usage: ntxent_torch.py THREADS SIZES D LOSSES
"""
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
SIZES = [int(x) for x in (sys.argv[2] if len(sys.argv) > 2 else "256,1024").split(",")]
D = int(sys.argv[3]) if len(sys.argv) > 3 else 128
LOSSES = (sys.argv[4] if len(sys.argv) > 4 else "ntxent").split(",")
WARMUP, REPEATS, TAU, INFONCE_TAU = 5, 21, 0.5, 0.07


def nt_xent(z1, z2, tau):
    n = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    logits = z @ z.T / tau
    logits.fill_diagonal_(float("-inf"))
    targets = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(logits, targets)


def info_nce(q, k, tau):
    """In-batch InfoNCE: query i's positive is key i, the other keys are its negatives."""
    logits = F.normalize(q, dim=1) @ F.normalize(k, dim=1).T / tau
    return F.cross_entropy(logits, torch.arange(q.shape[0]))


def measure(body):
    for _ in range(WARMUP):
        body()
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        body()
        times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    return times[REPEATS // 2], (times[-1] - times[0]) / times[REPEATS // 2]


def main():
    g = torch.Generator().manual_seed(0)
    print("loss\tn\td\tloss_ms\tgemm_ms\tspread")
    for loss in LOSSES:
        for n in SIZES:
            a = torch.randn(n, D, generator=g)
            b = torch.randn(n, D, generator=g)
            both = torch.cat([a, b])

            def loss_step():
                z1 = a.clone().requires_grad_(True)
                z2 = b.clone().requires_grad_(True)
                (nt_xent(z1, z2, TAU) if loss == "ntxent" else info_nce(z1, z2, INFONCE_TAU)).backward()

            def gemm_step():
                if loss == "ntxent":
                    z = both.clone().requires_grad_(True)
                    (z @ z.T).sum().backward()
                else:
                    x = a.clone().requires_grad_(True)
                    y = b.clone().requires_grad_(True)
                    (x @ y.T).sum().backward()

            loss_ms, spread = measure(loss_step)
            gemm_ms, _ = measure(gemm_step)
            print(f"{loss}\t{n}\t{D}\t{loss_ms:.3f}\t{gemm_ms:.3f}\t{spread:.3f}", flush=True)


if __name__ == "__main__":
    main()
