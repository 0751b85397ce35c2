"""Load the weights of an exported recogniser ONNX (export_onnx.py) back into a PlateCRNN, for when the training
checkpoint (.pt) is gone: `train_recognizer.py --init-onnx models/plate-recognizer.onnx` carries on from it.

The export folds each BatchNorm into its convolution (conv weight + bias), stores the LSTM as ONNX W/R/B with the
gates in i,o,f,c order (torch: i,f,g,o; B = input bias then recurrent bias) and the linear layer as a MatMul
(weight transposed). Here each conv gets the folded weight; its BatchNorm is set so that it reproduces the folded
bias exactly in eval mode and is calibrated on real crops (running mean/var = the statistics of the conv output,
gamma = sqrt(var + eps), beta = mean + bias) so that train mode (batch statistics) starts close to it as well.

Check: `python3 onnx_init.py models/plate-recognizer.onnx [CHECKPOINT.pt]` prints the largest logit difference
against the checkpoint (when given) on real holdout crops.
"""
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper


def _gates_onnx_to_torch(a, hidden):
    """[4h, ...] in ONNX order i,o,f,c -> torch order i,f,g(c),o."""
    i, o, f, c = (a[k * hidden:(k + 1) * hidden] for k in range(4))
    return np.concatenate([i, f, c, o], 0)


def load_onnx_weights(model, onnx_path, calib=None):
    g = onnx.load(onnx_path).graph
    inits = {i.name: numpy_helper.to_array(i).copy() for i in g.initializer}
    by_node = []  # initializers in the order the graph's nodes use them
    for n in g.node:
        ws = [inits[x] for x in n.input if x in inits]
        if ws:
            by_node.append((n.op_type, ws))
    convs = [ws for op, ws in by_node if op == "Conv"]
    lstm = [ws for op, ws in by_node if op == "LSTM"][0]
    mm = [ws for op, ws in by_node if op == "MatMul"][0][0]
    add = [ws for op, ws in by_node if op == "Add"][0][0]
    conv_mods = [m for m in model.features.modules() if isinstance(m, torch.nn.Conv2d)]
    bn_mods = [m for m in model.features.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    assert len(convs) == len(conv_mods) == len(bn_mods), (len(convs), len(conv_mods))
    biases = []
    with torch.no_grad():
        for (w, b), conv, bn in zip(convs, conv_mods, bn_mods):
            conv.weight.copy_(torch.from_numpy(w))
            bn.weight.fill_(1.0)
            bn.bias.copy_(torch.from_numpy(b))
            bn.running_mean.zero_()
            bn.running_var.fill_(1.0 - bn.eps)
            biases.append(torch.from_numpy(b))
        W, R, B = lstm[0], lstm[1], lstm[2]
        h = model.rnn.hidden_size
        for d, suf in ((0, ""), (1, "_reverse")):
            getattr(model.rnn, "weight_ih_l0" + suf).copy_(torch.from_numpy(_gates_onnx_to_torch(W[d], h)))
            getattr(model.rnn, "weight_hh_l0" + suf).copy_(torch.from_numpy(_gates_onnx_to_torch(R[d], h)))
            getattr(model.rnn, "bias_ih_l0" + suf).copy_(torch.from_numpy(_gates_onnx_to_torch(B[d, :4 * h], h)))
            getattr(model.rnn, "bias_hh_l0" + suf).copy_(torch.from_numpy(_gates_onnx_to_torch(B[d, 4 * h:], h)))
        model.fc.weight.copy_(torch.from_numpy(mm.T.copy()))
        model.fc.bias.copy_(torch.from_numpy(add))
    if calib is None:
        import data
        train, _ = data.load_real()
        rng = np.random.default_rng(0)
        pick = [train[i] for i in rng.choice(len(train), min(256, len(train)), replace=False)]
        calib = torch.from_numpy(data.preprocess_exact_crops(pick))
    # calibrate each BatchNorm on the conv output (eval mode keeps the folded behaviour exactly)
    stats = {}
    hooks = [conv.register_forward_hook(lambda m, i, o, k=k: stats.__setitem__(k, o.detach()))
             for k, conv in enumerate(conv_mods)]
    model.eval()
    with torch.no_grad():
        model(calib)
        for k, bn in enumerate(bn_mods):
            o = stats[k]
            mean = o.mean((0, 2, 3))
            var = o.var((0, 2, 3), unbiased=False)
            bn.running_mean.copy_(mean)
            bn.running_var.copy_(var)
            bn.weight.copy_(torch.sqrt(var + bn.eps))
            bn.bias.copy_(mean + biases[k])
    for hk in hooks:
        hk.remove()
    return model


def main():
    sys.path.insert(0, __file__.rsplit("/", 1)[0])
    import data
    from model import PlateCRNN
    torch.set_num_threads(1)
    m = load_onnx_weights(PlateCRNN(), sys.argv[1]).eval()
    _, hold = data.load_real()
    x = torch.from_numpy(data.preprocess_exact_crops(hold[:64]))
    with torch.no_grad():
        y = m(x)
    if len(sys.argv) > 2:
        from evaluate import load
        ref, _ = load(sys.argv[2])
        ref.eval()
        with torch.no_grad():
            y2 = ref(x)
        print("max |logit diff| vs checkpoint:", float((y - y2).abs().max()),
              "same argmax:", float((y.argmax(2) == y2.argmax(2)).float().mean()))
    print("logits", tuple(y.shape))


if __name__ == "__main__":
    main()
