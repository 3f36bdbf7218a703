#!/usr/bin/python3
"""Generates the scoring-engine model fixtures in this folder.

Run from anywhere with Debian's PyTorch (apt-get install -y python3-torch python3-torchvision):

    /usr/bin/python3 src/test/resources/models/make_fixtures.py

It writes, next to this script:
  tiny-colour.pt    TorchScript (traced), 3 outputs: 0 = red, 1 = green, 2 = blue dominant colour
  tiny-colour.onnx  the same network and weights exported to ONNX (dynamic batch axis)
  wrong-width.pt    the same architecture with 7 outputs and untrained weights
  preprocess-reference.png  a 61x45 RGB test picture (smooth gradients plus noise)
  preprocess-reference.f32  torchvision's Resize(40) -> CenterCrop(32) -> ToTensor -> Normalize(ImageNet)
                            of that picture: 3x32x32 float32, little-endian, channel-major

All three take a float tensor of shape (N, 3, 32, 32): RGB pixels scaled to [0, 1] and then
normalised with the ImageNet mean and standard deviation, i.e. the Java
Preprocessing(size=32, resize=32, centerCrop=false, mean=IMAGENET, std=IMAGENET, RGB).
They output raw logits (no softmax). Everything is seeded, so reruns give the same weights
on the same PyTorch build.
"""
import os

import torch
import torch.nn as nn
from PIL import Image
from torchvision import transforms

HERE = os.path.dirname(os.path.abspath(__file__))
SIZE = 32
MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


class TinyColourNet(nn.Module):
    """conv 3x3 (3->8) + ReLU, conv 3x3 (8->8) + ReLU, global average pool, linear (8->classes)."""

    def __init__(self, classes):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, classes)

    def forward(self, x):
        x = torch.relu(self.conv1(x))
        x = torch.relu(self.conv2(x))
        x = torch.flatten(self.pool(x), 1)
        return self.fc(x)


def colour_images(n, generator):
    """n images of uint8 RGB whose dominant channel is the label; noisy, with a random darker patch."""
    labels = torch.randint(0, 3, (n,), generator=generator)
    low = torch.randint(0, 110, (n, 3, 1, 1), generator=generator)
    high = torch.randint(150, 256, (n, 1, 1, 1), generator=generator)
    base = low.clone()
    base[torch.arange(n), labels] = high.view(n, 1, 1)
    noise = torch.randint(-30, 31, (n, 3, SIZE, SIZE), generator=generator)
    pixels = (base + noise).clamp(0, 255)
    # a random dark square per image, so the net has to look at the whole picture
    for i in range(n):
        x, y = torch.randint(0, SIZE - 8, (2,), generator=generator).tolist()
        pixels[i, :, y:y + 8, x:x + 8] //= 3
    return pixels.to(torch.uint8), labels


def preprocess(pixels):
    return (pixels.float() / 255.0 - MEAN) / STD


def train(model, generator):
    pixels, labels = colour_images(1500, generator)
    inputs = preprocess(pixels)
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(15):
        perm = torch.randperm(len(labels), generator=generator)
        for start in range(0, len(labels), 64):
            idx = perm[start:start + 64]
            optimiser.zero_grad()
            loss = loss_fn(model(inputs[idx]), labels[idx])
            loss.backward()
            optimiser.step()
    model.eval()
    test_pixels, test_labels = colour_images(300, generator)
    with torch.no_grad():
        accuracy = (model(preprocess(test_pixels)).argmax(1) == test_labels).float().mean().item()
        solid = torch.zeros(3, 3, SIZE, SIZE, dtype=torch.uint8)
        for c in range(3):
            solid[c, c] = 255
        solid_pred = model(preprocess(solid)).argmax(1).tolist()
    print(f"tiny-colour: held-out accuracy {accuracy:.3f}, solid red/green/blue -> {solid_pred}")
    if accuracy < 0.95 or solid_pred != [0, 1, 2]:
        raise SystemExit("fixture model did not learn the colours; refusing to write it")


def preprocessing_reference():
    """A picture and the tensor torchvision makes of it: the oracle for the Java ImagePreprocessor."""
    generator = torch.Generator().manual_seed(11)
    h, w = 45, 61
    ys = torch.linspace(0, 1, h).view(h, 1)
    xs = torch.linspace(0, 1, w).view(1, w)
    r = 255 * xs * torch.ones(h, 1)
    g = 255 * ys * torch.ones(1, w)
    b = 255 * (0.5 + 0.5 * torch.sin(12 * xs + 7 * ys))
    noise = torch.randint(-40, 41, (3, h, w), generator=generator)
    pixels = (torch.stack([r, g, b]) + noise).clamp(0, 255).to(torch.uint8)
    image = Image.fromarray(pixels.permute(1, 2, 0).numpy(), "RGB")
    image.save(os.path.join(HERE, "preprocess-reference.png"))
    pipeline = transforms.Compose([
        transforms.Resize(40),
        transforms.CenterCrop(32),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ])
    tensor = pipeline(Image.open(os.path.join(HERE, "preprocess-reference.png")).convert("RGB"))
    assert tuple(tensor.shape) == (3, 32, 32)
    with open(os.path.join(HERE, "preprocess-reference.f32"), "wb") as out:
        out.write(tensor.contiguous().numpy().astype("<f4").tobytes())


def main():
    torch.manual_seed(20240601)
    generator = torch.Generator().manual_seed(7)
    example = torch.zeros(1, 3, SIZE, SIZE)

    colour = TinyColourNet(3)
    train(colour, generator)
    traced = torch.jit.trace(colour, example)
    traced.save(os.path.join(HERE, "tiny-colour.pt"))
    torch.onnx.export(colour, example, os.path.join(HERE, "tiny-colour.onnx"),
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                      opset_version=13)

    wrong = TinyColourNet(7).eval()
    torch.jit.trace(wrong, example).save(os.path.join(HERE, "wrong-width.pt"))

    preprocessing_reference()

    for name in ("tiny-colour.pt", "tiny-colour.onnx", "wrong-width.pt",
                 "preprocess-reference.png", "preprocess-reference.f32"):
        print(f"{name}: {os.path.getsize(os.path.join(HERE, name))} bytes")


if __name__ == "__main__":
    main()
