#!/usr/bin/env python3
"""Write the PyTorch reference fixture of the character-level language model (names generation).

    /usr/bin/python3 tools/make_lm_fixture.py [src/model/testing/fixtures/char-lm-lstm.json] [--pt model.pt]

Builds a small LSTM language model in the playground's layout with a fixed seed: nn.LSTM(18 + 59, H) as
`rnn`, nn.Linear(H, 58) as `head`; at each step the input is concat(one-hot language, one-hot previous
symbol), the previous symbol being BOS (58) before the first letter; the output is log_softmax over the
57 letters and EOS (57). Weights are rounded to 4 decimals (so the file stays small and the numbers in
it are exactly the ones PyTorch used). For a few names it records, computed one name at a time (no
padding, so the playground's padded batch is checked against the unpadded truth):
  log_probs[name][step][58], the loss (mean NLL per character over all names' letters and EOS) and the
  gradient of that loss for every parameter.
With --pt it also saves the state_dict with torch.save, for trying tools/torch_export.py on a real checkpoint.
"""
import argparse
import json
import string

import torch
import torch.nn as nn

ALPHABET = string.ascii_letters + " .,;'"
LANGUAGES = ["Arabic", "Chinese", "Czech", "Dutch", "English", "French", "German", "Greek", "Irish", "Italian",
             "Japanese", "Korean", "Polish", "Portuguese", "Russian", "Scottish", "Spanish", "Vietnamese"]
EOS = len(ALPHABET)
BOS = len(ALPHABET) + 1
HIDDEN = 8
NAMES = [("Russian", "Ivanov"), ("German", "Weber"), ("Irish", "O'Neal"), ("Chinese", "Zhu")]


class CharLm(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.rnn = nn.LSTM(len(LANGUAGES) + len(ALPHABET) + 2, hidden)
        self.head = nn.Linear(hidden, len(ALPHABET) + 1)

    def forward(self, language, name):
        """Log-probabilities [len(name) + 1, 58] of one name under one language (teacher forcing)."""
        previous = [BOS] + [ALPHABET.index(letter) for letter in name]
        steps = len(previous)
        condition = torch.zeros(steps, len(LANGUAGES))
        condition[:, LANGUAGES.index(language)] = 1
        symbol = torch.zeros(steps, len(ALPHABET) + 2)
        symbol[torch.arange(steps), torch.tensor(previous)] = 1
        x = torch.cat([condition, symbol], 1).unsqueeze(1)  # [T, 1, 77]
        output, _ = self.rnn(x)
        return torch.log_softmax(self.head(output[:, 0, :]), dim=1)


def rounded(tensor, digits):
    return [round(float(value), digits) for value in tensor.detach().flatten().tolist()]


def nested(tensor, digits):
    flat = rounded(tensor, digits)
    shape = list(tensor.shape)
    def build(offset, depth):
        if depth == len(shape) - 1:
            return flat[offset:offset + shape[depth]]
        stride = 1
        for size in shape[depth + 1:]:
            stride *= size
        return [build(offset + i * stride, depth + 1) for i in range(shape[depth])]
    return build(0, 0) if shape else flat[0]


def significant(value, digits=7):
    return float("%.*g" % (digits, value))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default="src/model/testing/fixtures/char-lm-lstm.json")
    parser.add_argument("--pt", help="also torch.save the state_dict here")
    args = parser.parse_args()
    torch.manual_seed(0)
    model = CharLm(HIDDEN)
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.copy_(torch.round(parameter * 1e4) / 1e4)
    model.zero_grad()
    log_probs = [model(language, name) for language, name in NAMES]
    targets = [[ALPHABET.index(letter) for letter in name] + [EOS] for _, name in NAMES]
    total = sum(-rows[torch.arange(len(t)), torch.tensor(t)].sum() for rows, t in zip(log_probs, targets))
    characters = sum(len(t) for t in targets)
    loss = total / characters
    loss.backward()
    fixture = {
        "about": "tools/make_lm_fixture.py (PyTorch %s): LSTM LM, input concat(one-hot language [18], one-hot previous "
                 "symbol [59], BOS=58), output log_softmax over 58 (EOS=57); loss = mean NLL per character" % torch.__version__,
        "conditions": LANGUAGES,
        "alphabet": ALPHABET,
        "hidden_size": HIDDEN,
        "names": [{"condition": language, "text": name} for language, name in NAMES],
        "state_dict": {name: nested(value, 4) for name, value in model.state_dict().items()},
        "log_probs": [[[significant(v) for v in row] for row in rows.tolist()] for rows in log_probs],
        "loss": significant(loss.item(), 9),
        "characters": characters,
        "grads": {name: [significant(v) for v in p.grad.flatten().tolist()] for name, p in model.named_parameters()},
    }
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(fixture, handle, separators=(",", ":"))
    if args.pt:
        torch.save(model.state_dict(), args.pt)
    print("wrote %s (loss %.6f over %d characters)" % (args.out, loss.item(), characters))


if __name__ == "__main__":
    main()
