# Writes the TorchScript kernels c4j runs its bfloat16 matrix products through
# (core/src/main/resources/org/contrastive4j/precision/*.pt; they are committed, and c4j needs no
# Python to use them). DJL 0.35.1 cannot hold a bfloat16 tensor: its JNI maps no DataType to
# torch.bfloat16 and aborts the JVM. Inside a scripted module the conversion happens in libtorch, so
# float32 goes in, the product runs on the CPU's bf16 units, float32 comes out, and autograd
# records the casts: gradients reach the float32 weights as float32 (torch.autocast's semantics).
# Usage: python3 tools/reference/bf16_kernels.py [OUT_DIR]
import os
import sys
from typing import List

import torch



class Linear(torch.nn.Module):
    """x [..][in] times w [in][out] (c4j stores Linear weights [in][out]) plus b [out], the bias added in
    bf16 before the one conversion back (as autocast's linear)."""

    def forward(self, x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return (torch.matmul(x.to(torch.bfloat16), w.to(torch.bfloat16)) + b.to(torch.bfloat16)).to(torch.float32)


class FeedForward(torch.nn.Module):
    """A Transformer layer's feed-forward block, linear(gelu(linear(x))), with the wide hidden states kept in
    bf16 between the two products (GELU in bf16, as under autocast; erf form, as BERT)."""

    def forward(self, x: torch.Tensor, w1: torch.Tensor, b1: torch.Tensor, w2: torch.Tensor,
                b2: torch.Tensor) -> torch.Tensor:
        h = torch.nn.functional.gelu(torch.matmul(x.to(torch.bfloat16), w1.to(torch.bfloat16)) + b1.to(torch.bfloat16))
        return (torch.matmul(h, w2.to(torch.bfloat16)) + b2.to(torch.bfloat16)).to(torch.float32)


class MatMul(torch.nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return torch.matmul(a.to(torch.bfloat16), b.to(torch.bfloat16)).to(torch.float32)


class Conv2d(torch.nn.Module):
    """NCHW convolution without bias; geometry = int64 [stride h, w, padding h, w, dilation h, w, groups]
    (a tensor: DJL hands a TorchScript module tensors only)."""

    def forward(self, x: torch.Tensor, w: torch.Tensor, geometry: torch.Tensor) -> torch.Tensor:
        g: List[int] = geometry.tolist()
        return torch.nn.functional.conv2d(x.to(torch.bfloat16), w.to(torch.bfloat16), None, g[0:2], g[2:4], g[4:6],
                                          g[6]).to(torch.float32)


out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "../../core/src/main/resources/org/contrastive4j/precision")
os.makedirs(out, exist_ok=True)
for name, module in (("linear", Linear()), ("feed_forward", FeedForward()), ("matmul", MatMul()), ("conv2d", Conv2d())):
    torch.jit.script(module).save(os.path.join(out, "bf16_" + name + ".pt"))
