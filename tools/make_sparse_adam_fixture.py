#!/usr/bin/env python3
"""Write the PyTorch reference of SparseAdam on an embedding table beside dense Adam on the rest.

    /usr/bin/python3 tools/make_sparse_adam_fixture.py [src/model/testing/fixtures/sparse_adam.json]

The setup src/model/sparseAdam.ts follows: nn.Embedding(10, 4, sparse=True) trained by torch.optim.SparseAdam,
a Linear(4, 3) head trained by torch.optim.Adam, both at lr 0.05 with torch's default betas and eps. The model
averages a sequence's embedding rows and classifies the average (cross-entropy, mean over the batch). Four
steps, each on a batch of 3 sequences of 4 ids with repeats (SparseAdam coalesces them: the gradient rows of
one id are summed before the update). Row 8 is used in step 1 only and row 9 never, so after step 1 a dense
Adam would keep moving row 8 while SparseAdam must leave it, m and v as they were. Steps 3 and 4 clip the
global gradient norm at 0.1 (clip_grad_norm_'s rule over every parameter, the embedding's rows included;
it fires on both). The clip is done by hand: torch 1.13's clip_grad_norm_ counts a sparse gradient in the
norm but its in-place scaling does not reach it, which would leave the embedding unclipped. float64 on the CPU, seed 3.

Output (JSON): `vocabSize`, `embeddingDim`, `classes`, `learningRate`, `initial` (weights, PyTorch layout,
row-major), and `steps`: per step its `ids` [3][4], `labels` [3], `clipNorm` (null = none) and after the
step `loss`, `gradNorm` (before clipping) and `after`: every parameter, plus `embedding.exp_avg` and
`embedding.exp_avg_sq` (SparseAdam's state, [10][4]) and the head's Adam state.
"""
import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

VOCAB, WIDTH, CLASSES, LR = 10, 4, 3, 0.05
STEPS = [
    {'ids': [[1, 2, 2, 8], [3, 1, 1, 1], [0, 2, 5, 5]], 'labels': [0, 2, 1], 'clipNorm': None},
    {'ids': [[4, 4, 4, 4], [2, 3, 0, 0], [6, 7, 1, 2]], 'labels': [1, 1, 0], 'clipNorm': None},
    {'ids': [[5, 6, 5, 6], [1, 1, 2, 3], [7, 7, 0, 4]], 'labels': [2, 0, 1], 'clipNorm': 0.1},
    {'ids': [[3, 3, 3, 1], [0, 0, 6, 2], [2, 5, 7, 4]], 'labels': [0, 1, 2], 'clipNorm': 0.1},
]


def flat(tensor: torch.Tensor) -> list:
    return tensor.detach().reshape(-1).tolist()


def main(path: str) -> None:
    torch.manual_seed(3)
    torch.set_default_dtype(torch.float64)
    embedding = nn.Embedding(VOCAB, WIDTH, sparse=True)
    head = nn.Linear(WIDTH, CLASSES)
    sparse = torch.optim.SparseAdam([embedding.weight], lr=LR)
    dense = torch.optim.Adam(head.parameters(), lr=LR)
    initial = {'embedding.weight': flat(embedding.weight), 'head.weight': flat(head.weight), 'head.bias': flat(head.bias)}
    steps = []
    for step in STEPS:
        sparse.zero_grad()
        dense.zero_grad()
        ids = torch.tensor(step['ids'])
        logits = head(embedding(ids).mean(dim=1))
        loss = F.cross_entropy(logits, torch.tensor(step['labels']))
        loss.backward()
        params = [embedding.weight, *head.parameters()]
        norm = torch.norm(torch.stack([torch.norm(p.grad) for p in params]))
        if step['clipNorm'] is not None:
            # clip_grad_norm_'s rule, by hand: its in-place mul_ on a detached sparse gradient does not reach
            # the gradient in torch 1.13 (the embedding's rows would stay unscaled while counting in the norm).
            scale = min(1.0, step['clipNorm'] / (norm.item() + 1e-6))
            assert scale < 1, 'the clip must fire'
            for p in params:
                p.grad = p.grad * scale
        sparse.step()
        dense.step()
        embedding_state = sparse.state[embedding.weight]
        after = {
            'embedding.weight': flat(embedding.weight),
            'embedding.exp_avg': flat(embedding_state['exp_avg']),
            'embedding.exp_avg_sq': flat(embedding_state['exp_avg_sq']),
            'head.weight': flat(head.weight),
            'head.bias': flat(head.bias),
        }
        steps.append({**step, 'loss': loss.item(), 'gradNorm': norm.item(), 'after': after})
    fixture = {'vocabSize': VOCAB, 'embeddingDim': WIDTH, 'classes': CLASSES, 'learningRate': LR, 'initial': initial, 'steps': steps}
    with open(path, 'w') as out:
        json.dump(fixture, out, indent=1)
        out.write('\n')


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'src/model/testing/fixtures/sparse_adam.json')
