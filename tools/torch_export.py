#!/usr/bin/env python3
"""Write a PyTorch RNN classifier or character language model as an RNN Playground model file
(format "rnn-playground/torch-v1").

The playground opens the file (drag-and-drop, or `npm run predict -- --model FILE NAME`) and shows the
same log-probabilities PyTorch computes, to float32 precision. Needs only PyTorch (and only to read a
checkpoint; a state_dict already given as nested lists needs nothing beyond the standard library).

The model must be: [nn.Embedding] -> nn.RNN / nn.LSTM / nn.GRU (batch_first or not; only the weights
matter) -> nn.Linear on the final hidden state (bidirectional: concat of the last layer's forward and
reverse final states) -> log_softmax. Or the tutorial's i2h/i2o RNN (cell "tutorial").

In a notebook:

    from torch_export import export_model
    export_model(model, "names-lstm.json", classes=all_categories,
                 input_spec={"type": "chars", "alphabet": all_letters},
                 cell="lstm", hidden_size=128)

    # word-level, e.g. SST-2 with a vocabulary list itos (itos[0] = "<pad>", itos[1] = "<unk>"):
    export_model(model, "sst2-lstm.json", classes=["negative", "positive"],
                 input_spec={"type": "words", "vocab": itos, "pad": "<pad>", "unk": "<unk>", "lowercase": True},
                 cell="lstm", hidden_size=100, embedding_dim=100)

From a shell:

    python tools/torch_export.py model.pt names-lstm.json --cell lstm --hidden 128 --classes-file classes.txt
    python tools/torch_export.py model.pt sst2.json --cell lstm --hidden 100 --embedding-dim 100 \\
        --classes negative positive --vocab-file vocab.txt

Character-level language model (names generation, task "char-lm"): nn.RNN / nn.LSTM / nn.GRU(18 + 59, H)
reading concat(one-hot language, one-hot previous symbol) at each step, nn.Linear(H, 58) on every step's
output, log_softmax. Symbols: the 57 tutorial letters (0-56), EOS = 57, BOS = 58 (fed before the first
letter); languages in the classifier's order (sorted: Arabic, Chinese, ..., Vietnamese). Or the tutorial's
generation network (cell "tutorial": i2h, i2o over cat(category, input, hidden), o2o over cat(hidden, output)),
written as rnn.i2h., head.i2o., head.o2o.:

    python tools/torch_export.py model.pt names-gen.json --task char-lm --cell lstm --hidden 128
    export_char_lm(model, "names-gen.json", cell="lstm", hidden_size=128)   # in a notebook

Parameter names in the file are PyTorch's own under the prefixes `embedding.`, `rnn.` and `head.`
(`rnn.weight_ih_l0`, `rnn.weight_hh_l0_reverse`, `head.weight`, ...). Your modules may be called
something else: common names (lstm, gru, encoder, fc, linear, out, classifier, i2h, i2o, embed, ...)
are renamed automatically; pass `rename={"my_rnn.": "rnn."}` for others.
"""

import argparse
import json
import string

FORMAT = "rnn-playground/torch-v1"
TUTORIAL_ALPHABET = string.ascii_letters + " .,;'"
GATES = {"rnn": 1, "lstm": 4, "gru": 3}

# Module-name prefixes seen in notebooks -> the file's prefixes. Longest match wins.
DEFAULT_RENAME = {
    "embedding.": "embedding.", "embeddings.": "embedding.", "embed.": "embedding.", "emb.": "embedding.",
    "rnn.": "rnn.", "lstm.": "rnn.", "gru.": "rnn.", "encoder.": "rnn.", "recurrent.": "rnn.",
    "i2h.": "rnn.i2h.", "rnn.i2h.": "rnn.i2h.",
    "head.": "head.", "fc.": "head.", "linear.": "head.", "out.": "head.", "output.": "head.",
    "classifier.": "head.", "decoder.": "head.", "i2o.": "head.", "hidden2tag.": "head.", "hidden2label.": "head.",
}


# A language model's modules: its output side is head. (the classifier's i2o. is the LM tutorial's head.i2o.).
CHAR_LM_RENAME = {
    "rnn.": "rnn.", "lstm.": "rnn.", "gru.": "rnn.", "recurrent.": "rnn.",
    "head.": "head.", "fc.": "head.", "linear.": "head.", "out.": "head.", "output.": "head.", "decoder.": "head.",
    "i2h.": "rnn.i2h.", "rnn.i2h.": "rnn.i2h.", "i2o.": "head.i2o.", "head.i2o.": "head.i2o.",
    "o2o.": "head.o2o.", "head.o2o.": "head.o2o.",
}
# The names task's languages in the classifier's class order (sorted file names).
NAME_LANGUAGES = ["Arabic", "Chinese", "Czech", "Dutch", "English", "French", "German", "Greek", "Irish", "Italian",
                  "Japanese", "Korean", "Polish", "Portuguese", "Russian", "Scottish", "Spanish", "Vietnamese"]


class ExportError(ValueError):
    """The model or its arguments do not fit the file format; the message says which key and shape."""


def _to_lists(value):
    """A tensor (any dtype/device) or nested lists -> nested lists of Python floats."""
    if hasattr(value, "detach"):
        return value.detach().cpu().double().tolist()
    return value


def _shape(value):
    shape = []
    while isinstance(value, list):
        shape.append(len(value))
        value = value[0] if value else None
    return shape


def _rename_key(key, rename):
    for prefix in sorted(rename, key=len, reverse=True):
        if key.startswith(prefix):
            return rename[prefix] + key[len(prefix):]
    return key


def expected_shapes(cell, input_size, hidden_size, num_layers, bidirectional, num_classes, vocab_size=None):
    """name -> shape of every tensor the file must hold, in PyTorch's layout ([out, in])."""
    shapes = {}
    if vocab_size is not None:
        shapes["embedding.weight"] = [vocab_size, input_size]
    if cell == "tutorial":
        shapes["rnn.i2h.weight"] = [hidden_size, input_size + hidden_size]
        shapes["rnn.i2h.bias"] = [hidden_size]
        head_in = input_size + hidden_size
    else:
        rows = GATES[cell] * hidden_size
        directions = 2 if bidirectional else 1
        for layer in range(num_layers):
            layer_in = input_size if layer == 0 else directions * hidden_size
            for direction in range(directions):
                suffix = "_l%d%s" % (layer, "_reverse" if direction == 1 else "")
                shapes["rnn.weight_ih" + suffix] = [rows, layer_in]
                shapes["rnn.weight_hh" + suffix] = [rows, hidden_size]
                shapes["rnn.bias_ih" + suffix] = [rows]
                shapes["rnn.bias_hh" + suffix] = [rows]
        head_in = directions * hidden_size
    shapes["head.weight"] = [num_classes, head_in]
    shapes["head.bias"] = [num_classes]
    return shapes


def _recurrent_shapes(cell, input_size, hidden_size, num_layers, directions):
    shapes = {}
    rows = GATES[cell] * hidden_size
    for layer in range(num_layers):
        layer_in = input_size if layer == 0 else directions * hidden_size
        for direction in range(directions):
            suffix = "_l%d%s" % (layer, "_reverse" if direction == 1 else "")
            shapes["rnn.weight_ih" + suffix] = [rows, layer_in]
            shapes["rnn.weight_hh" + suffix] = [rows, hidden_size]
            shapes["rnn.bias_ih" + suffix] = [rows]
            shapes["rnn.bias_hh" + suffix] = [rows]
    return shapes


def expected_char_lm_shapes(cell, num_conditions, num_letters, hidden_size, num_layers):
    """name -> shape of every tensor a character LM's file must hold (input C + A + 2, output A + 1)."""
    input_size, output_size = num_conditions + num_letters + 2, num_letters + 1
    if cell == "tutorial":
        return {
            "rnn.i2h.weight": [hidden_size, input_size + hidden_size], "rnn.i2h.bias": [hidden_size],
            "head.i2o.weight": [output_size, input_size + hidden_size], "head.i2o.bias": [output_size],
            "head.o2o.weight": [output_size, hidden_size + output_size], "head.o2o.bias": [output_size],
        }
    shapes = _recurrent_shapes(cell, input_size, hidden_size, num_layers, 1)
    shapes["head.weight"] = [output_size, hidden_size]
    shapes["head.bias"] = [output_size]
    return shapes


def _checked_tensors(state_dict, shapes, rename):
    tensors = {}
    for key, value in state_dict.items():
        tensors[_rename_key(key, rename)] = _to_lists(value)
    for name, shape in shapes.items():
        if name not in tensors:
            raise ExportError("state_dict has no %s (expected shape %s); keys after renaming: %s"
                              % (name, shape, ", ".join(sorted(tensors))))
        if _shape(tensors[name]) != shape:
            raise ExportError("%s: expected shape %s, got %s" % (name, shape, _shape(tensors[name])))
    # Only the tensors the playground reads (buffers and extras are left out).
    return {name: tensors[name] for name in shapes}


def build_char_lm_file(state_dict, cell, hidden_size, num_layers=1, dropout=0.0, conditions=None,
                       alphabet=TUTORIAL_ALPHABET, rename=None):
    """A character language model's file as a dict (see export_char_lm)."""
    if cell not in ("tutorial", "rnn", "lstm", "gru"):
        raise ExportError('cell must be "tutorial", "rnn", "lstm" or "gru", got %r' % (cell,))
    if cell == "tutorial" and num_layers != 1:
        raise ExportError("the tutorial cell has exactly one layer")
    conditions = list(NAME_LANGUAGES if conditions is None else [str(name) for name in conditions])
    if len(set(alphabet)) != len(alphabet) or not alphabet:
        raise ExportError("the alphabet must be non-empty with no repeated symbol")
    mapping = dict(CHAR_LM_RENAME)
    mapping.update(rename or {})
    shapes = expected_char_lm_shapes(cell, len(conditions), len(alphabet), hidden_size, num_layers)
    return {
        "format": FORMAT,
        "task": {"kind": "char-lm", "conditions": conditions,
                 "symbols": {"alphabet": alphabet, "eos": len(alphabet), "bos": len(alphabet) + 1}},
        "model": {"cell": cell, "hiddenSize": int(hidden_size), "numLayers": int(num_layers), "bidirectional": False,
                  "embeddingDim": None, "dropout": float(dropout)},
        "state_dict": _checked_tensors(state_dict, shapes, mapping),
    }


def export_char_lm(model_or_state_dict, path, cell, hidden_size, num_layers=1, dropout=0.0, conditions=None,
                   alphabet=TUTORIAL_ALPHABET, rename=None):
    """Write a character language model (an nn.Module or its state_dict) to `path`.

    conditions: names of the one-hot conditions in input order (default: the names task's 18 languages).
    alphabet: the letters in output order (default: the tutorial's 57); EOS and BOS follow them.
    Raises ExportError naming the key and the expected shape when something does not fit.
    """
    state_dict = model_or_state_dict.state_dict() if hasattr(model_or_state_dict, "state_dict") else model_or_state_dict
    document = build_char_lm_file(state_dict, cell, hidden_size, num_layers, dropout, conditions, alphabet, rename)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(document, handle)
    return document


def build_model_file(state_dict, classes, input_spec, cell, hidden_size, num_layers=1, bidirectional=False,
                     embedding_dim=None, dropout=0.0, rename=None):
    """The model file as a dict (see export_model). `state_dict` values may be tensors or nested lists."""
    if cell not in ("tutorial", "rnn", "lstm", "gru"):
        raise ExportError('cell must be "tutorial", "rnn", "lstm" or "gru", got %r' % (cell,))
    if cell == "tutorial" and (num_layers != 1 or bidirectional):
        raise ExportError("the tutorial cell has exactly one forward layer")
    classes = [str(name) for name in classes]
    if input_spec.get("type") == "chars":
        alphabet = input_spec.get("alphabet", TUTORIAL_ALPHABET)
        task_input = {"type": "chars", "alphabet": alphabet}
        input_size, vocab_size = len(alphabet), None
        if embedding_dim is not None:
            raise ExportError("character input is one-hot: embedding_dim must be None")
    elif input_spec.get("type") == "words":
        vocab = [str(word) for word in input_spec["vocab"]]
        pad, unk = input_spec.get("pad", "<pad>"), input_spec.get("unk", "<unk>")
        if pad not in vocab or unk not in vocab:
            raise ExportError("the vocabulary must contain the pad word %r and the unknown word %r" % (pad, unk))
        if embedding_dim is None:
            raise ExportError("word input needs embedding_dim")
        task_input = {"type": "words", "vocab": vocab, "pad": pad, "unk": unk,
                      "lowercase": bool(input_spec.get("lowercase", True))}
        input_size, vocab_size = int(embedding_dim), len(vocab)
    else:
        raise ExportError('input_spec["type"] must be "chars" or "words"')

    mapping = dict(DEFAULT_RENAME)
    mapping.update(rename or {})
    tensors = {}
    for key, value in state_dict.items():
        tensors[_rename_key(key, mapping)] = _to_lists(value)
    shapes = expected_shapes(cell, input_size, hidden_size, num_layers, bidirectional, len(classes), vocab_size)
    for name, shape in shapes.items():
        if name not in tensors:
            raise ExportError("state_dict has no %s (expected shape %s); keys after renaming: %s"
                              % (name, shape, ", ".join(sorted(tensors))))
        if _shape(tensors[name]) != shape:
            raise ExportError("%s: expected shape %s, got %s" % (name, shape, _shape(tensors[name])))
    return {
        "format": FORMAT,
        "task": {"kind": "classify", "classes": classes, "input": task_input},
        "model": {"cell": cell, "hiddenSize": int(hidden_size), "numLayers": int(num_layers),
                  "bidirectional": bool(bidirectional), "embeddingDim": None if embedding_dim is None else int(embedding_dim),
                  "dropout": float(dropout)},
        # Only the tensors the playground reads (buffers and extras are left out).
        "state_dict": {name: tensors[name] for name in shapes},
    }


def export_model(model_or_state_dict, path, classes, input_spec, cell, hidden_size, num_layers=1,
                 bidirectional=False, embedding_dim=None, dropout=0.0, rename=None):
    """Write `model_or_state_dict` (an nn.Module or its state_dict) to `path` as a torch-v1 model file.

    classes: class names in the order of the head's outputs.
    input_spec: {"type": "chars", "alphabet": "..."} (one-hot over the alphabet, in its order) or
                {"type": "words", "vocab": [...], "pad": "<pad>", "unk": "<unk>", "lowercase": True}.
    cell: "rnn" (tanh), "lstm", "gru" or "tutorial" (the tutorial's i2h/i2o RNN).
    Raises ExportError naming the key and the expected shape when something does not fit.
    """
    state_dict = model_or_state_dict.state_dict() if hasattr(model_or_state_dict, "state_dict") else model_or_state_dict
    document = build_model_file(state_dict, classes, input_spec, cell, hidden_size, num_layers, bidirectional,
                                embedding_dim, dropout, rename)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(document, handle)
    return document


def _read_lines(path):
    with open(path, encoding="utf-8") as handle:
        return [line.rstrip("\n") for line in handle if line.rstrip("\n") != ""]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write a PyTorch RNN classifier or character LM as an RNN Playground model file.")
    parser.add_argument("checkpoint", help="torch.save'd model or state_dict (.pt), or a .json state_dict of nested lists")
    parser.add_argument("out", help="model file to write (.json)")
    parser.add_argument("--task", choices=["classify", "char-lm"], default="classify")
    parser.add_argument("--cell", required=True, choices=["tutorial", "rnn", "lstm", "gru"])
    parser.add_argument("--hidden", type=int, required=True)
    parser.add_argument("--layers", type=int, default=1)
    parser.add_argument("--bidirectional", action="store_true")
    parser.add_argument("--dropout", type=float, default=0.0)
    parser.add_argument("--embedding-dim", type=int, default=None)
    classes = parser.add_mutually_exclusive_group()
    classes.add_argument("--classes", nargs="+", help="classify: class names in output order")
    classes.add_argument("--classes-file", help="classify: one class name per line, in output order")
    conditions = parser.add_mutually_exclusive_group()
    conditions.add_argument("--conditions", nargs="+", help="char-lm: condition names in one-hot order (default: the 18 languages)")
    conditions.add_argument("--conditions-file", help="char-lm: one condition name per line, in one-hot order")
    parser.add_argument("--alphabet", default=TUTORIAL_ALPHABET, help="character input: the one-hot alphabet")
    parser.add_argument("--vocab-file", help="word input: one word per line, in id order")
    parser.add_argument("--pad", default="<pad>")
    parser.add_argument("--unk", default="<unk>")
    parser.add_argument("--rename", nargs="*", default=[], metavar="FROM=TO", help="extra prefix renames, e.g. my_rnn.=rnn.")
    args = parser.parse_args(argv)

    if args.checkpoint.endswith(".json"):
        with open(args.checkpoint, encoding="utf-8") as handle:
            state = json.load(handle)
    else:
        import torch  # only needed for real checkpoints
        state = torch.load(args.checkpoint, map_location="cpu")
    if hasattr(state, "state_dict"):
        state = state.state_dict()
    rename = dict(item.split("=", 1) for item in args.rename)
    if args.task == "char-lm":
        if args.bidirectional or args.embedding_dim is not None or args.vocab_file or args.classes or args.classes_file:
            raise ExportError("a char-lm reads one-hot symbols left to right: --bidirectional, --embedding-dim, "
                              "--vocab-file and --classes do not apply (use --conditions)")
        chosen = args.conditions or (_read_lines(args.conditions_file) if args.conditions_file else None)
        export_char_lm(state, args.out, args.cell, args.hidden, args.layers, args.dropout, chosen, args.alphabet, rename)
        print("wrote %s" % args.out)
        return
    if not (args.classes or args.classes_file):
        raise ExportError("a classifier needs --classes or --classes-file")
    input_spec = ({"type": "words", "vocab": _read_lines(args.vocab_file), "pad": args.pad, "unk": args.unk, "lowercase": True}
                  if args.vocab_file else {"type": "chars", "alphabet": args.alphabet})
    export_model(state, args.out, args.classes or _read_lines(args.classes_file), input_spec, args.cell, args.hidden,
                 args.layers, args.bidirectional, args.embedding_dim, args.dropout, rename)
    print("wrote %s" % args.out)


if __name__ == "__main__":
    try:
        main()
    except ExportError as error:
        raise SystemExit("torch_export: %s" % error)
