# Writes a TorchScript module that multiplies two float32 matrices in bfloat16 and returns float32.
# DJL 0.35.1 cannot hold a bfloat16 tensor (its JNI maps no DataType to torch.bfloat16 and aborts
# the JVM), but a TorchScript module can convert inside libtorch: the bf16 tensors never cross JNI.
# Usage: python3 bf16_matmul.py OUT.pt
import sys
import torch


class Bf16Matmul(torch.nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return torch.matmul(a.to(torch.bfloat16), b.to(torch.bfloat16)).to(torch.float32)


torch.jit.script(Bf16Matmul()).save(sys.argv[1])
