"""PyTorch reference for the memory lab's exploding-gradient demo (src/model/taskDefaults.ts CLIPPING_DEMO).

First-symbol recall at distance 10 (a digit 0-7, 10 letters from 8 other symbols, a query; 18 one-hot symbols
as in src/data/memoryTasks.ts), nn.RNN(18, 32) tanh with an orthogonal W_hh, nn.Linear(32, 8) on the last state,
plain SGD at learning rate 1, batch 32, a fresh batch every step, 150 steps; each seed trained twice from the same
initial weights on the same batches: without clipping and with clip_grad_norm_(0.5). Held-out accuracy on 1,000
sequences every 25 steps. The draws are PyTorch's and NumPy's, not the app's, so the numbers agree in kind, not
digit for digit.

    /usr/bin/python3 tools/clipping_reference.py [--seeds 3] [--steps 150]
"""
import argparse
import math

import numpy as np
import torch

DISTANCE, HIDDEN, SYMBOLS, CLASSES, BATCH, LEARNING_RATE, CLIP = 10, 32, 18, 8, 32, 1.0, 0.5


def batch(rng, size):
    x = np.empty((size, DISTANCE + 2), dtype=np.int64)
    y = rng.integers(0, CLASSES, size)
    x[:, 0] = y
    x[:, 1:DISTANCE + 1] = CLASSES + rng.integers(0, CLASSES, (size, DISTANCE))
    x[:, DISTANCE + 1] = SYMBOLS - 1
    return torch.from_numpy(x), torch.from_numpy(y)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = torch.nn.RNN(SYMBOLS, HIDDEN, batch_first=True)
        self.head = torch.nn.Linear(HIDDEN, CLASSES)
        torch.nn.init.orthogonal_(self.rnn.weight_hh_l0)

    def forward(self, x):
        _, h = self.rnn(torch.nn.functional.one_hot(x, SYMBOLS).float())
        return torch.log_softmax(self.head(h[0]), -1)


def run(seed, clip, steps):
    torch.manual_seed(seed)
    net = Net()
    optimizer = torch.optim.SGD(net.parameters(), lr=LEARNING_RATE)
    rng = np.random.default_rng(2 * seed)
    held_x, held_y = batch(np.random.default_rng(12345 + DISTANCE), 1000)
    norms, losses, accuracy = [], [], []
    for step in range(1, steps + 1):
        x, y = batch(rng, BATCH)
        loss = torch.nn.functional.nll_loss(net(x), y)
        optimizer.zero_grad()
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(net.parameters(), clip if clip else math.inf).item()
        norms.append(norm)
        losses.append(loss.item())
        if math.isfinite(norm) and math.isfinite(loss.item()):
            optimizer.step()
        if step % 25 == 0:
            with torch.no_grad():
                accuracy.append((step, (net(held_x).argmax(-1) == held_y).float().mean().item()))
    peak = max(range(steps), key=lambda i: norms[i] if math.isfinite(norms[i]) else -1)
    return {
        'firstGradNorm': round(norms[0], 3),
        'maxGradNorm': round(norms[peak], 2),
        'maxGradNormStep': peak + 1,
        'maxBatchLoss': round(max(l for l in losses if math.isfinite(l)), 2),
        'nonFiniteSteps': sum(not math.isfinite(n) for n in norms),
        'heldOutAccuracy': round(accuracy[-1][1], 3),
        'stepsTo095': next((s for s, a in accuracy if a >= 0.95), None),
    }


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--seeds', type=int, default=3)
    parser.add_argument('--steps', type=int, default=150)
    args = parser.parse_args()
    torch.set_num_threads(1)
    for seed in range(args.seeds):
        for clip in (None, CLIP):
            print(f"seed {seed} clip {clip or 'off'}: {run(seed, clip, args.steps)}")
