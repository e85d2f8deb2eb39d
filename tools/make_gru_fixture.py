#!/usr/bin/env python3
"""Write the PyTorch reference fixture of a stacked, bidirectional GRU over packed sequences.

    /usr/bin/python3 tools/make_gru_fixture.py [src/model/testing/fixtures/gru_2layer_bidirectional.json]

The shared parity set (../shared/fixtures/torch-parity) has a one-layer GRU only; this case adds what the
fused WebGPU GRU kernels must also get right: two layers, both directions, packed lengths
[6, 4, 1]. Same layout and conventions as that set's `rnn` files (its README): nn.GRU(5, 4, num_layers=2,
bidirectional=True), batch-first input [3][6][5] with non-zero padding, run through pack_padded_sequence,
float64 on the CPU, seed 1; `loss` = sum(h_n * loss_weight), `loss_all` also weights every output step.
"""
import json
import sys

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

INPUT, HIDDEN, LAYERS, BATCH, STEPS = 5, 4, 2, 3, 6
LENGTHS = [6, 4, 1]


def main(path: str) -> None:
    torch.manual_seed(1)
    torch.set_default_dtype(torch.float64)
    gru = nn.GRU(INPUT, HIDDEN, num_layers=LAYERS, bidirectional=True, batch_first=True)
    x = torch.randn(BATCH, STEPS, INPUT, requires_grad=True)
    loss_weight = torch.randn(2 * LAYERS, BATCH, HIDDEN)
    weight_output = torch.randn(BATCH, STEPS, 2 * HIDDEN)
    weight_h_n = torch.randn(2 * LAYERS, BATCH, HIDDEN)
    names = [name for name, _ in gru.named_parameters()]

    def run():
        packed = pack_padded_sequence(x, torch.tensor(LENGTHS), batch_first=True, enforce_sorted=False)
        out, h_n = gru(packed)
        output, _ = pad_packed_sequence(out, batch_first=True, padding_value=0.0, total_length=STEPS)
        return output, h_n

    def grads_of(loss):
        values = torch.autograd.grad(loss, [*gru.parameters(), x])
        grads = {name: value.tolist() for name, value in zip(names, values)}
        grads['input'] = values[-1].tolist()
        return grads

    output, h_n = run()
    loss = (h_n * loss_weight).sum()
    grads = grads_of(loss)
    output, h_n = run()
    loss_all = (output * weight_output).sum() + (h_n * weight_h_n).sum()
    fixture = {
        'schema_version': 1,
        'kind': 'rnn',
        'case': 'gru_2layer_bidirectional',
        'torch_version': torch.__version__,
        'seed': 1,
        'dtype': 'float64',
        'config': {'mode': 'GRU', 'input_size': INPUT, 'hidden_size': HIDDEN, 'num_layers': LAYERS, 'bidirectional': True,
                   'num_directions': 2, 'bias': True, 'batch_first': True, 'dropout': 0.0, 'nonlinearity': None,
                   'batch': BATCH, 'seq_len': STEPS},
        'gate_order': 'r,z,n',
        'initial_state': 'zeros',
        'lengths': LENGTHS,
        'param_names': names,
        'state_dict': {name: value.tolist() for name, value in gru.state_dict().items()},
        'input': x.tolist(),
        'output': output.tolist(),
        'h_n': h_n.tolist(),
        'loss_weight': loss_weight.tolist(),
        'loss': loss.item(),
        'grads': grads,
        'loss_all': {'definition': 'sum(output*weight_output) + sum(h_n*weight_h_n)', 'weight_output': weight_output.tolist(),
                     'weight_h_n': weight_h_n.tolist(), 'loss': loss_all.item(), 'grads': grads_of(loss_all)},
    }
    with open(path, 'w') as handle:
        json.dump(fixture, handle)


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'src/model/testing/fixtures/gru_2layer_bidirectional.json')
