#!/usr/bin/env python3
"""Write PyTorch reference fixtures the shared parity set lacks, over packed sequences.

    /usr/bin/python3 tools/make_gru_fixture.py [CASE]     # CASE: gru_2layer_bidirectional (default) or lstm_long_bidirectional

writes src/model/testing/fixtures/CASE.json.
- gru_2layer_bidirectional: the shared set (../shared/fixtures/torch-parity) has a one-layer GRU only; this adds
  what the fused WebGPU GRU kernels must also get right: nn.GRU(5, 4, num_layers=2, bidirectional=True),
  lengths [6, 4, 1].
- lstm_long_bidirectional: every shared case has 6 steps; from 12 on the fused WebGPU kernels read W_hh from a
  texture (src/model/webgpu/weightTexture.ts): nn.LSTM(5, 6, bidirectional=True) over 14 steps, lengths
  [14, 12, 3] (hidden 6: neither layout of the texture is whole fours).
Same layout and conventions as the shared set's `rnn` files (its README): batch-first input with non-zero
padding, run through pack_padded_sequence, float64 on the CPU, seed 1; `loss` = sum(h_n * loss_weight),
`loss_all` also weights every output step (and c_n for the LSTM).
"""
import json
import sys

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

# case: (mode, module, hidden size, layers, steps, lengths, gate order); input size 5, batch 3, both directions.
CASES = {
    'gru_2layer_bidirectional': ('GRU', nn.GRU, 4, 2, 6, [6, 4, 1], 'r,z,n'),
    'lstm_long_bidirectional': ('LSTM', nn.LSTM, 6, 1, 14, [14, 12, 3], 'i,f,g,o'),
}
INPUT, BATCH = 5, 3


def main(case: str) -> None:
    mode, module, HIDDEN, LAYERS, STEPS, LENGTHS, gate_order = CASES[case]
    is_lstm = mode == 'LSTM'
    torch.manual_seed(1)
    torch.set_default_dtype(torch.float64)
    rnn = module(INPUT, HIDDEN, num_layers=LAYERS, bidirectional=True, batch_first=True)
    x = torch.randn(BATCH, STEPS, INPUT, requires_grad=True)
    loss_weight = torch.randn(2 * LAYERS, BATCH, HIDDEN)
    weight_output = torch.randn(BATCH, STEPS, 2 * HIDDEN)
    weight_h_n = torch.randn(2 * LAYERS, BATCH, HIDDEN)
    weight_c_n = torch.randn(2 * LAYERS, BATCH, HIDDEN) if is_lstm else None
    names = [name for name, _ in rnn.named_parameters()]

    def run():
        packed = pack_padded_sequence(x, torch.tensor(LENGTHS), batch_first=True, enforce_sorted=False)
        out, state = rnn(packed)
        h_n, c_n = state if is_lstm else (state, None)
        output, _ = pad_packed_sequence(out, batch_first=True, padding_value=0.0, total_length=STEPS)
        return output, h_n, c_n

    def grads_of(loss):
        values = torch.autograd.grad(loss, [*rnn.parameters(), x])
        grads = {name: value.tolist() for name, value in zip(names, values)}
        grads['input'] = values[-1].tolist()
        return grads

    output, h_n, c_n = run()
    loss = (h_n * loss_weight).sum()
    grads = grads_of(loss)
    output, h_n, c_n = run()
    loss_all = (output * weight_output).sum() + (h_n * weight_h_n).sum() + ((c_n * weight_c_n).sum() if is_lstm else 0)
    fixture = {
        'schema_version': 1,
        'kind': 'rnn',
        'case': case,
        'torch_version': torch.__version__,
        'seed': 1,
        'dtype': 'float64',
        'config': {'mode': mode, 'input_size': INPUT, 'hidden_size': HIDDEN, 'num_layers': LAYERS, 'bidirectional': True,
                   'num_directions': 2, 'bias': True, 'batch_first': True, 'dropout': 0.0, 'nonlinearity': None,
                   'batch': BATCH, 'seq_len': STEPS},
        'gate_order': gate_order,
        'initial_state': 'zeros',
        'lengths': LENGTHS,
        'param_names': names,
        'state_dict': {name: value.tolist() for name, value in rnn.state_dict().items()},
        'input': x.tolist(),
        'output': output.tolist(),
        'h_n': h_n.tolist(),
        **({'c_n': c_n.tolist()} if is_lstm else {}),
        'loss_weight': loss_weight.tolist(),
        'loss': loss.item(),
        'grads': grads,
        'loss_all': {'definition': 'sum(output*weight_output) + sum(h_n*weight_h_n)' + (' + sum(c_n*weight_c_n)' if is_lstm else ''),
                     'weight_output': weight_output.tolist(), 'weight_h_n': weight_h_n.tolist(),
                     **({'weight_c_n': weight_c_n.tolist()} if is_lstm else {}), 'loss': loss_all.item(), 'grads': grads_of(loss_all)},
    }
    with open(f'src/model/testing/fixtures/{case}.json', 'w') as handle:
        json.dump(fixture, handle)


if __name__ == '__main__':
    chosen = sys.argv[1] if len(sys.argv) > 1 else 'gru_2layer_bidirectional'
    if chosen not in CASES:
        sys.exit(f'Unknown case {chosen}: choose one of {", ".join(CASES)}.')
    main(chosen)
