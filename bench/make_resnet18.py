#!/usr/bin/python3
"""Traces torchvision's ResNet-18 (random weights, 1000 outputs) to a TorchScript file for ScoringBenchmark.

    /usr/bin/python3 bench/make_resnet18.py [output.pt]      (default /tmp/relabel-bench/resnet18.pt)

Needs Debian's PyTorch: apt-get install -y python3-torch python3-torchvision. The file is about 45 MB;
do not commit it. Weights are random (seeded): the benchmark measures speed, not accuracy.
"""
import os
import sys

import torch
import torchvision


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/relabel-bench/resnet18.pt"
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    torch.manual_seed(0)
    model = torchvision.models.resnet18(weights=None, num_classes=1000).eval()
    with torch.no_grad():
        traced = torch.jit.trace(model, torch.zeros(1, 3, 224, 224))
    traced.save(out)
    print(f"wrote {out} ({os.path.getsize(out) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
