#!/usr/bin/env python3
"""PyTorch reference for scripts/bench/train.js: the same training steps, on one CPU thread.

Run with the Debian interpreter: /usr/bin/python3 scripts/bench/train_torch.py [--only unet64,...] [--seconds 4]
Prints one JSON object {workload: {"unit": "images/s" | "tokens/s", "throughput": x, "msPerStep": y, "steps": n}}.
The networks mirror lib/backend/wasm/__tests__/models.ts (pix2pix U-Net and 70x70 PatchGAN of Isola et al. 2017,
the CNN classifier, an embedding + GRU + dense decoder); they are a speed reference only, never a runtime dependency.
"""
import argparse
import json
import time

import torch
from torch import nn

torch.set_num_threads(1)
torch.manual_seed(0)


class UNet(nn.Module):
    def __init__(self, channels=3, filters=(32, 64, 128, 256)):
        super().__init__()
        self.down = nn.ModuleList()
        c = channels
        for i, f in enumerate(filters):
            layers = [nn.Conv2d(c, f, 4, 2, 1, bias=i == 0)]
            if i > 0:
                layers.append(nn.BatchNorm2d(f))
            layers.append(nn.LeakyReLU(0.2))
            self.down.append(nn.Sequential(*layers))
            c = f
        self.up = nn.ModuleList()
        for i in range(len(filters) - 2, -1, -1):
            f = filters[i]
            layers = [nn.ConvTranspose2d(c, f, 4, 2, 1, bias=False), nn.BatchNorm2d(f)]
            if i == len(filters) - 2:
                layers.append(nn.Dropout(0.5))
            layers.append(nn.ReLU())
            self.up.append(nn.Sequential(*layers))
            c = 2 * f
        self.out = nn.Sequential(nn.ConvTranspose2d(c, channels, 4, 2, 1), nn.Tanh())

    def forward(self, x):
        skips = []
        for d in self.down:
            x = d(x)
            skips.append(x)
        for j, u in enumerate(self.up):
            x = torch.cat([u(x), skips[len(skips) - 2 - j]], 1)
        return self.out(x)


def patchgan(channels=3, filters=(64, 128, 256, 512)):
    layers, c = [], 2 * channels
    for i, f in enumerate(filters):
        stride = 2 if i < 3 else 1
        # TF 'same' padding for a 4x4 kernel pads 1 before / 2 after at stride 1 (and 1/1 at stride 2 on even sizes).
        layers.append(nn.ZeroPad2d((1, 2, 1, 2)) if stride == 1 else nn.ZeroPad2d(1))
        layers.append(nn.Conv2d(c, f, 4, stride, bias=i == 0))
        if i > 0:
            layers.append(nn.BatchNorm2d(f))
        layers.append(nn.LeakyReLU(0.2))
        c = f
    layers += [nn.ZeroPad2d((1, 2, 1, 2)), nn.Conv2d(c, 1, 4, 1)]
    return nn.Sequential(*layers)


class Cnn(nn.Module):
    def __init__(self, size, classes=10, filters=(32, 64, 128)):
        super().__init__()
        layers, c = [], 3
        for f in filters:
            layers += [nn.Conv2d(c, f, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2)]
            c = f
        s = size // 2 ** len(filters)
        layers += [nn.Flatten(), nn.Linear(c * s * s, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, classes)]
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


class Decoder(nn.Module):
    def __init__(self, vocab=5000, embed=256, units=256):
        super().__init__()
        self.emb = nn.Embedding(vocab, embed)
        self.gru = nn.GRU(embed, units, batch_first=True)
        self.out = nn.Linear(units, vocab)

    def forward(self, t):
        h, _ = self.gru(self.emb(t))
        return self.out(h)


def unet_step(size, batch):
    g = UNet()
    opt = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
    x = torch.rand(batch, 3, size, size) * 2 - 1
    y = torch.rand(batch, 3, size, size) * 2 - 1

    def step():
        opt.zero_grad()
        loss = (g(x) - y).abs().mean()
        loss.backward()
        opt.step()
    return step, batch


def pix2pix_step(size, batch):
    g, d = UNet(), patchgan()
    go = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
    do = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    src = torch.rand(batch, 3, size, size) * 2 - 1
    tgt = torch.rand(batch, 3, size, size) * 2 - 1

    def step():
        do.zero_grad()
        fake = g(src)
        real_logits = d(torch.cat([src, tgt], 1))
        fake_logits = d(torch.cat([src, fake.detach()], 1))
        ld = 0.5 * (bce(real_logits, torch.ones_like(real_logits)) + bce(fake_logits, torch.zeros_like(fake_logits)))
        ld.backward()
        do.step()
        go.zero_grad()
        fake = g(src)
        fake_logits = d(torch.cat([src, fake], 1))
        lg = bce(fake_logits, torch.ones_like(fake_logits)) + 100 * (tgt - fake).abs().mean()
        lg.backward()
        go.step()
    return step, batch


def cnn_step(size, batch):
    m = Cnn(size)
    opt = torch.optim.Adam(m.parameters(), 1e-3)
    x = torch.rand(batch, 3, size, size)
    y = torch.randint(0, 10, (batch,))
    ce = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        ce(m(x), y).backward()
        opt.step()
    return step, batch


def decoder_step(seq, batch):
    m = Decoder()
    opt = torch.optim.Adam(m.parameters(), 1e-3)
    t = torch.randint(0, 5000, (batch, seq))
    y = torch.randint(0, 5000, (batch, seq))
    ce = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        ce(m(t).reshape(-1, 5000), y.reshape(-1)).backward()
        opt.step()
    return step, batch * seq


WORKLOADS = {
    'unet64': (lambda: unet_step(64, 8), 'images/s'),
    'unet128': (lambda: unet_step(128, 8), 'images/s'),
    'pix2pix128': (lambda: pix2pix_step(128, 4), 'images/s'),
    'cnn128': (lambda: cnn_step(128, 32), 'images/s'),
    'decoder': (lambda: decoder_step(20, 64), 'tokens/s'),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--only', default=','.join(WORKLOADS))
    ap.add_argument('--seconds', type=float, default=4.0)
    args = ap.parse_args()
    out = {}
    for name in args.only.split(','):
        make, unit = WORKLOADS[name]
        step, per_step = make()
        step()
        step()
        steps, t0, c0 = 0, time.perf_counter(), time.process_time()
        while steps < 2 or time.perf_counter() - t0 < args.seconds:
            step()
            steps += 1
        dt = (time.perf_counter() - t0) / steps
        dc = (time.process_time() - c0) / steps
        out[name] = {'unit': unit, 'throughput': per_step / dt, 'msPerStep': dt * 1000, 'steps': steps,
                     'cpuMsPerStep': dc * 1000, 'throughputPerCpuSecond': per_step / dc}
    out['_meta'] = {'torch': torch.__version__, 'threads': torch.get_num_threads()}
    print(json.dumps(out))


if __name__ == '__main__':
    main()
