#!/usr/bin/python3
"""PyTorch reference for ScoringBenchmark: scores the same JPEGs with the same TorchScript file.

    /usr/bin/python3 bench/pytorch_reference.py MODEL.pt IMAGE_DIR [batch=32] [threads=all cores] [limit]

Per batch, serially as a plain PyTorch script does it: open and decode each JPEG with PIL, torchvision's
Resize(256) -> CenterCrop(224) -> ToTensor -> Normalize(ImageNet), stack, forward under inference_mode,
softmax and top-5. Two warm-up batches are run first and not timed (TorchScript profiles its first calls);
ScoringBenchmark does the same. Prints images/second with decoding included, images per CPU-second of
the process (comparable when other work shares the machine), and for comparison the speed of decoding
alone and of inference alone on already prepared tensors.
"""
import os
import sys
import time

import torch
from PIL import Image
from torchvision import transforms


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    model_path, image_dir = sys.argv[1], sys.argv[2]
    batch = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else os.cpu_count()
    limit = int(sys.argv[5]) if len(sys.argv) > 5 else None
    torch.set_num_threads(threads)
    files = sorted(f for f in os.listdir(image_dir) if f.endswith(".jpg"))[:limit]
    paths = [os.path.join(image_dir, f) for f in files]
    model = torch.jit.load(model_path).eval()
    pipeline = transforms.Compose([
        transforms.Resize(256),
        transforms.CenterCrop(224),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ])

    def score(chunk):
        x = torch.stack([pipeline(Image.open(p).convert("RGB")) for p in chunk])
        with torch.inference_mode():
            return torch.softmax(model(x), dim=1).topk(5, dim=1)

    for _ in range(2):
        score(paths[:batch])

    cpu_start = time.process_time()
    start = time.perf_counter()
    for i in range(0, len(paths), batch):
        score(paths[i:i + batch])
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start

    t0 = time.perf_counter()
    count = min(len(paths), 64)
    for p in paths[:count]:
        pipeline(Image.open(p).convert("RGB"))
    decode_rate = count / (time.perf_counter() - t0)

    prepared = torch.stack([pipeline(Image.open(p).convert("RGB")) for p in paths[:batch]])
    rounds = max(1, len(paths) // batch)
    with torch.inference_mode():
        model(prepared)
        t0 = time.perf_counter()
        for _ in range(rounds):
            model(prepared)
        infer = time.perf_counter() - t0

    print(f"PyTorch {torch.__version__} reference: {len(paths)} images, batch {batch}, threads {threads}: "
          f"{len(paths) / elapsed:.1f} images/s with decode+preprocess ({elapsed:.1f} s); "
          f"{len(paths) / cpu:.1f} images per CPU-second")
    print(f"PIL decode+preprocess alone: {decode_rate:.1f} images/s; "
          f"inference alone: {rounds * batch / infer:.1f} images/s")


if __name__ == "__main__":
    main()
