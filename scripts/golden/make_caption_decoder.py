#!/usr/bin/python3
"""Golden values for lib/networks/CaptionDecoder and lib/training/maskedSoftmaxCrossEntropy from PyTorch.

Run with Debian's Python and its python3-torch package:

    /usr/bin/python3 scripts/golden/make_caption_decoder.py

Writes
- lib/networks/__tests__/fixtures/caption-decoder-torch.json: for a tiny decoder (vocabSize 11, regions 4,
  featureDim 6, projDim 5, embedDim 3, hiddenDim 7, attentionDim 4, dropout 0) and each cell (GRU, LSTM):
  seeded random weights in the library's layout and names (matrices [in, out], row-major), features [2, 4, 6],
  input ids [2, 5] (row 1 padded), targets and mask; the teacher-forced logits [10, 11] and attention
  [2, 5, 4]; the masked cross-entropy; its gradient w.r.t. the logits and w.r.t. every weight.
- lib/training/__tests__/fixtures/masked-cross-entropy-torch.json: value and gradient of the masked mean
  cross-entropy for a few logits/targets/mask cases.

The forward is the one described in CaptionDecoder's TSDoc, written with torch ops in float64:
V = relu(F W_f + b_f), keys = V W_k, g = mean_r V, h0 = tanh(g W_init/h + b), c0 = tanh(g W_init/c + b) (LSTM);
the cell is PyTorch's own torch.nn.GRUCell / torch.nn.LSTMCell on x_t = [E y_{t-1}; g], with
weight_ih = [cell/input; cell/global]^T, bias_ih = cell/bias, weight_hh = cell/recurrent^T, bias_hh = cell/rbias
(gate order r, z, n and i, f, g, o, as the library stores its 3H / 4H columns); attention
alpha_t = softmax_r(w^T tanh(V_r W_k + h_t W_q)), context c_t = sum_r alpha_{t,r} V_r,
o_t = tanh(h_t W_oh + c_t W_oc + b_o), logits = o_t W_v + b_v. The loss is
F.cross_entropy(reduction='none') weighted by the mask and divided by the mask's sum.
Weights and inputs are drawn as float32 values (so the library, in float32, holds exactly the same numbers).
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT_DECODER = os.path.join(ROOT, 'lib', 'networks', '__tests__', 'fixtures', 'caption-decoder-torch.json')
OUT_LOSS = os.path.join(ROOT, 'lib', 'training', '__tests__', 'fixtures', 'masked-cross-entropy-torch.json')

CONFIG = dict(vocabSize=11, regions=4, featureDim=6, projDim=5, embedDim=3, hiddenDim=7, attentionDim=4, dropout=0)


def shapes(cell):
    """captionDecoderShapes of lib/networks/CaptionDecoder.ts, in its order."""
    c = CONFIG
    G = (3 if cell == 'gru' else 4) * c['hiddenDim']
    s = [('proj/kernel', [c['featureDim'], c['projDim']]), ('proj/bias', [c['projDim']]),
         ('att/key', [c['projDim'], c['attentionDim']]), ('att/query', [c['hiddenDim'], c['attentionDim']]),
         ('att/score', [c['attentionDim'], 1]), ('init/h', [c['projDim'], c['hiddenDim']]), ('init/hb', [c['hiddenDim']])]
    if cell == 'lstm':
        s += [('init/c', [c['projDim'], c['hiddenDim']]), ('init/cb', [c['hiddenDim']])]
    s += [('embedding', [c['vocabSize'], c['embedDim']]), ('cell/input', [c['embedDim'], G]),
          ('cell/global', [c['projDim'], G]), ('cell/bias', [G]), ('cell/recurrent', [c['hiddenDim'], G]),
          ('cell/rbias', [G]), ('out/hidden', [c['hiddenDim'], c['embedDim']]), ('out/context', [c['projDim'], c['embedDim']]),
          ('out/bias', [c['embedDim']]), ('out/vocab', [c['embedDim'], c['vocabSize']]), ('out/vocabBias', [c['vocabSize']])]
    return s


def f32(rng, shape, scale):
    """Float32-representable values, held in float64."""
    return torch.from_numpy((rng.standard_normal(shape) * scale).astype(np.float32).astype(np.float64))


def flat(t, digits=10):
    return [float(f'{v:.{digits}g}') for v in t.detach().reshape(-1).tolist()]


def decoder_case(cell, seed):
    rng = np.random.default_rng(seed)
    c = CONFIG
    B, T, R, E, P, H = 2, 5, c['regions'], c['embedDim'], c['projDim'], c['hiddenDim']
    W = {name: f32(rng, shape, 0.6 if len(shape) == 2 else 0.3).requires_grad_(True) for name, shape in shapes(cell)}
    feats = f32(rng, [B, R, c['featureDim']], 1.0)
    # Row 0: <start> + 4 words; row 1: <start> + 2 words, then <pad>. Targets are the next words, <end> = 2.
    words = rng.integers(4, c['vocabSize'], size=(B, T))
    inputs = np.zeros((B, T), dtype=np.int64)
    targets = np.zeros((B, T), dtype=np.int64)
    mask = np.zeros((B, T), dtype=np.float64)
    for b, n in enumerate((5, 3)):
        seq = [1] + list(words[b, :n - 1]) + [2]
        inputs[b, :n] = seq[:-1]
        targets[b, :n] = seq[1:]
        mask[b, :n] = 1
    ids = torch.from_numpy(inputs)

    if cell == 'gru':
        rnn = torch.nn.GRUCell(E + P, H).double()
    else:
        rnn = torch.nn.LSTMCell(E + P, H).double()
    with torch.no_grad():
        rnn.weight_ih.copy_(torch.cat([W['cell/input'], W['cell/global']], 0).T)
        rnn.weight_hh.copy_(W['cell/recurrent'].T)
        rnn.bias_ih.copy_(W['cell/bias'])
        rnn.bias_hh.copy_(W['cell/rbias'])

    V = torch.relu(feats @ W['proj/kernel'] + W['proj/bias'])  # [B, R, P]
    keys = V @ W['att/key']  # [B, R, A]
    g = V.mean(1)  # [B, P]
    h = torch.tanh(g @ W['init/h'] + W['init/hb'])
    cst = torch.tanh(g @ W['init/c'] + W['init/cb']) if cell == 'lstm' else None
    emb = F.embedding(ids, W['embedding'])  # [B, T, E]
    hs = []
    for t in range(T):
        x = torch.cat([emb[:, t], g], 1)
        if cell == 'gru':
            h = rnn(x, h)
        else:
            h, cst = rnn(x, (h, cst))
        hs.append(h)
    hs = torch.stack(hs, 1)  # [B, T, H]
    q = hs @ W['att/query']  # [B, T, A]
    e = torch.tanh(q[:, :, None, :] + keys[:, None, :, :])  # [B, T, R, A]
    scores = (e @ W['att/score'])[..., 0]  # [B, T, R]
    alpha = torch.softmax(scores, -1)
    context = alpha @ V  # [B, T, P]
    o = torch.tanh(hs @ W['out/hidden'] + context @ W['out/context'] + W['out/bias'])
    logits = (o @ W['out/vocab'] + W['out/vocabBias']).reshape(B * T, c['vocabSize'])
    logits.retain_grad()
    y = torch.from_numpy(targets.reshape(-1))
    m = torch.from_numpy(mask.reshape(-1))
    loss = (F.cross_entropy(logits, y, reduction='none') * m).sum() / m.sum()
    loss.backward()

    grads = {name: W[name].grad for name, _ in shapes(cell)}
    # The cell's weights live in PyTorch's cell too: their gradients, in the library's layout, come from it.
    grads['cell/input'] = rnn.weight_ih.grad[:, :E].T
    grads['cell/global'] = rnn.weight_ih.grad[:, E:].T
    grads['cell/recurrent'] = rnn.weight_hh.grad.T
    grads['cell/bias'] = rnn.bias_ih.grad
    grads['cell/rbias'] = rnn.bias_hh.grad
    return {
        'cell': cell,
        'config': dict(CONFIG, cell=cell),
        'weights': {name: {'shape': shape, 'values': flat(W[name], 9)} for name, shape in shapes(cell)},
        'features': {'shape': [B, R, c['featureDim']], 'values': flat(feats, 9)},
        'inputs': {'shape': [B, T], 'values': inputs.reshape(-1).tolist()},
        'targets': targets.reshape(-1).tolist(),
        'mask': mask.reshape(-1).tolist(),
        'logits': flat(logits),
        'attention': flat(alpha),
        'loss': float(loss),
        'gradLogits': flat(logits.grad),
        'grads': {name: flat(grads[name]) for name, _ in shapes(cell)},
    }


def loss_case(name, logits, targets, mask):
    z = torch.tensor(np.asarray(logits, dtype=np.float32).astype(np.float64), requires_grad=True)
    y = torch.tensor(targets, dtype=torch.int64)
    if mask is None:
        loss = F.cross_entropy(z, y)
    else:
        m = torch.tensor(mask, dtype=torch.float64)
        loss = (F.cross_entropy(z, y, reduction='none') * m).sum() / m.sum()
    loss.backward()
    return {'name': name, 'shape': list(z.shape), 'logits': flat(z, 9), 'targets': list(targets),
            'mask': mask, 'loss': float(loss), 'grad': flat(z.grad)}


def loss_cases():
    rng = np.random.default_rng(7)
    z1 = rng.standard_normal((7, 5)) * 2
    z2 = rng.standard_normal((4, 6))
    z3 = rng.standard_normal((5, 4)) * 30
    z3[0] += 1000  # huge common offset: only a stable log-softmax survives it
    z3[1, 2] = 80
    z4 = rng.standard_normal((4, 3))
    return [
        loss_case('binary mask, two padded rows', z1, [0, 4, 2, 2, 1, 3, 0], [1, 1, 0, 1, 1, 0, 1]),
        loss_case('no mask: the plain mean (F.cross_entropy default)', z2, [5, 0, 3, 1], None),
        loss_case('large logits (offset 1000, a target 80 nats below the best)', z3, [1, 0, 3, 2, 1], [1, 1, 1, 1, 1]),
        loss_case('fractional weights summing to 4: weighted mean', z4, [2, 0, 1, 1], [0.5, 2, 0, 1.5]),
        loss_case('one counted row', z1[:3], [1, 2, 3], [0, 1, 0]),
    ]


def write(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        json.dump(obj, f, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {path}')


def main():
    torch.manual_seed(0)
    ref = f'PyTorch {torch.__version__} (float64; torch.nn.GRUCell / LSTMCell, F.cross_entropy)'
    write(OUT_DECODER, {'reference': ref, 'generator': 'scripts/golden/make_caption_decoder.py',
                        'cases': [decoder_case('gru', 11), decoder_case('lstm', 12)]})
    write(OUT_LOSS, {'reference': ref, 'generator': 'scripts/golden/make_caption_decoder.py', 'cases': loss_cases()})


if __name__ == '__main__':
    main()
