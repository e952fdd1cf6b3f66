# 2048^3 matmul in Debian's PyTorch 1.13: float32 and bfloat16, median of 9 after 3 warm-up.
import time
import torch

torch.set_num_threads(2)
n = 2048
a, b = torch.randn(n, n), torch.randn(n, n)
for name, x, y in (("torch-fp32", a, b), ("torch-bf16", a.bfloat16(), b.bfloat16())):
    t = []
    for _ in range(12):
        start = time.perf_counter()
        torch.matmul(x, y)
        t.append(time.perf_counter() - start)
    kept = sorted(t[3:])
    print(f"{name}\t{2 * n ** 3 / kept[len(kept) // 2] / 1e9:.1f}")
