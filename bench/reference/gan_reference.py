#!/usr/bin/python3
"""PyTorch reference for `npm run bench`: the studio's networks, step and optimizer, in PyTorch on the CPU.

Reads a studio TrainingConfig (JSON, as buildTrainingConfig in src/shared/engine/recipes.ts makes it) and
builds G and D from its architecture blocks layer by layer as the studio's builder does
(src/shared/engine/architecture-blocks.ts): `same` padding, no bias before batch norm, BatchNorm with
PyTorch's defaults (the studio copies them), LeakyReLU 0.2, N(0, 0.02²) kernels, PacGAN packing.
One step is the studio's (train() with n_critic = 1, non-saturating objective):
  D: L_D = BCE(D(x), 1) + BCE(D(G(z1)), 0), G(z1) without gradient;  Adam step on D
  G: L_G = BCE(D(G(z2)), 1)  (= mean softplus(-D(G(z2))));            Adam step on G
Prints one JSON object per line, like bench/lib/training-child.mjs: `info` (or `unavailable`), `params`,
`start`, `progress` {step, t (ms)} after every step, `done`.

  /usr/bin/python3 bench/reference/gan_reference.py --config config.json --warmup 3 --steps 10 --threads 2

Needs PyTorch: `apt-get install -y python3-torch libopenblas0-pthread` (Debian 12; without the pthread
OpenBLAS, PyTorch falls back to the reference BLAS, about 5x slower). A benchmark tool only, never a
dependency of the studio.
"""
import argparse
import json
import math
import sys
import time


def emit(message):
    print(json.dumps(message), flush=True)


try:
    import torch
    import torch.nn.functional as F
    from torch import nn
except ImportError as error:
    emit({
        "type": "unavailable",
        "reason": f"PyTorch is not installed for {sys.executable} ({error}); "
        "install it with `apt-get install -y python3-torch libopenblas0-pthread`.",
    })
    sys.exit(0)

LEAKY_RELU_ALPHA = 0.2


def uses_bias(norm):
    """Normalisations with their own shift make a bias before them redundant (architecture-graph.ts)."""
    return norm not in ("batch", "layer", "instance")


def same_padding(size, kernel, stride):
    """TensorFlow's `same` padding of a strided conv as (before, after): more after when the total is odd."""
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class Reshape(nn.Module):
    def __init__(self, shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.reshape(x.shape[0], *self.shape)


def norm_act(layers, norm, activation, features, is_map, dropout=0.0):
    if norm == "batch":
        layers.append(nn.BatchNorm2d(features) if is_map else nn.BatchNorm1d(features))
    elif norm != "none":
        raise SystemExit(f"gan_reference.py: normalisation {norm!r} is not mirrored here")
    if activation == "relu":
        layers.append(nn.ReLU())
    elif activation == "leakyRelu":
        layers.append(nn.LeakyReLU(LEAKY_RELU_ALPHA))
    elif activation == "tanh":
        layers.append(nn.Tanh())
    elif activation != "linear":
        raise SystemExit(f"gan_reference.py: activation {activation!r} is not mirrored here")
    if dropout > 0:
        layers.append(nn.Dropout(dropout))


def transposed_conv(cin, filters, kernel, stride, bias):
    """ConvTranspose2d whose output is input × stride, as tfjs's conv2dTranspose with `same` padding."""
    padding = math.ceil((kernel - stride) / 2)
    output_padding = 2 * padding - (kernel - stride)
    return nn.ConvTranspose2d(cin, filters, kernel, stride, padding, output_padding, bias=bias)


def build_generator(arch):
    spec = arch["generator"]
    if arch["numClasses"] > 0 or spec["conditioning"] != "none":
        raise SystemExit("gan_reference.py: conditional generators are not mirrored here")
    data = arch["data"]
    layers = []
    shape = [arch["latentSize"]]  # per sample, channels first for maps
    for block in spec["blocks"]:
        kind = block["type"]
        if kind == "project":
            c, h, w = block["channels"], block["height"], block["width"]
            layers += [nn.Linear(shape[0], h * w * c, bias=uses_bias(block["norm"])), Reshape((c, h, w))]
            shape = [c, h, w]
            norm_act(layers, block["norm"], block["activation"], c, True)
        elif kind == "deconv":
            cin, h, w = shape
            conv = transposed_conv(cin, block["filters"], block["kernel"], block["stride"], uses_bias(block["norm"]))
            layers.append(conv)
            shape = [block["filters"], h * block["stride"], w * block["stride"]]
            norm_act(layers, block["norm"], block["activation"], block["filters"], True)
        elif kind == "dense":
            layers.append(nn.Linear(shape[0], block["units"], bias=uses_bias(block["norm"])))
            shape = [block["units"]]
            norm_act(layers, block["norm"], block["activation"], block["units"], False, block["dropout"])
        elif kind == "output":
            if len(shape) == 3:
                layers.append(transposed_conv(shape[0], data["channels"], block["kernel"], block["stride"], True))
            else:
                target = [data["channels"], data["height"], data["width"]] if data["kind"] == "image" else [data["dims"]]
                layers.append(nn.Linear(shape[0], math.prod(target), bias=True))
                if data["kind"] == "image":
                    layers.append(Reshape(tuple(target)))
            norm_act(layers, "none", block["activation"], 0, False)
        else:
            raise SystemExit(f"gan_reference.py: generator block {kind!r} is not mirrored here")
    return nn.Sequential(*layers)


def build_discriminator(arch):
    spec = arch["discriminator"]
    if spec["conditioning"] != "none" or spec["minibatchStd"]:
        raise SystemExit("gan_reference.py: conditioning and minibatch-std are not mirrored here")
    data = arch["data"]
    m = spec["packing"]
    if data["kind"] == "image":
        shape = [data["channels"] * m, data["height"], data["width"]]
    else:
        shape = [data["dims"] * m]
    layers = []
    for block in spec["blocks"]:
        kind = block["type"]
        if kind == "conv":
            cin, h, w = shape
            k, s = block["kernel"], block["stride"]
            (top, bottom), (left, right) = same_padding(h, k, s), same_padding(w, k, s)
            if top == bottom and left == right:
                conv = nn.Conv2d(cin, block["filters"], k, s, (top, left), bias=uses_bias(block["norm"]))
                layers.append(conv)
            else:
                layers += [
                    nn.ZeroPad2d((left, right, top, bottom)),
                    nn.Conv2d(cin, block["filters"], k, s, 0, bias=uses_bias(block["norm"])),
                ]
            shape = [block["filters"], math.ceil(h / s), math.ceil(w / s)]
            norm_act(layers, block["norm"], block["activation"], block["filters"], True, block["dropout"])
        elif kind == "dense":
            layers.append(nn.Linear(shape[0], block["units"], bias=uses_bias(block["norm"])))
            shape = [block["units"]]
            norm_act(layers, block["norm"], block["activation"], block["units"], False, block["dropout"])
        elif kind == "flatten":
            layers.append(nn.Flatten())
            shape = [math.prod(shape)]
        elif kind == "output":
            layers.append(nn.Linear(shape[0], 1, bias=True))
        else:
            raise SystemExit(f"gan_reference.py: discriminator block {kind!r} is not mirrored here")
    return nn.Sequential(*layers)


def initialise(model):
    """DCGAN's initialisation, as the studio's createLayer: kernels N(0, 0.02²), BN γ N(1, 0.02²), zeros."""
    for module in model.modules():
        if isinstance(module, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(module.weight, 0.0, 0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
            nn.init.normal_(module.weight, 1.0, 0.02)
            nn.init.zeros_(module.bias)


def pack(x, m):
    """PacGAN: m consecutive samples side by side (channels for maps, features for vectors)."""
    if m == 1:
        return x
    return x.reshape(x.shape[0] // m, m * x.shape[1], *x.shape[2:])


def blas_library():
    """Which BLAS the process loaded (the pthread OpenBLAS is the fast one)."""
    try:
        with open("/proc/self/maps", encoding="utf8") as maps:
            names = {line.split()[-1] for line in maps if "blas" in line.lower()}
        return ", ".join(sorted(names)) or "unknown"
    except OSError:
        return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", required=True, help="a studio TrainingConfig as JSON")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    with open(args.config, encoding="utf8") as file:
        config = json.load(file)
    if config["objective"] != "nonsaturating" or config["nCritic"] != 1:
        raise SystemExit("gan_reference.py mirrors the non-saturating objective with n_critic = 1 only")

    torch.set_num_threads(args.threads)
    torch.manual_seed(config["seed"])
    arch = config["architecture"]
    generator, discriminator = build_generator(arch), build_discriminator(arch)
    initialise(generator)
    initialise(discriminator)
    emit({
        "type": "info",
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas": blas_library(),
    })
    count = lambda model: sum(p.numel() for p in model.parameters() if p.requires_grad)
    emit({"type": "params", "generator": count(generator), "discriminator": count(discriminator)})

    def adam(settings, params):
        # tfjs's Adam uses ε = 1e-7 (the backend's epsilon); PyTorch's default is 1e-8.
        betas = (settings["beta1"], settings["beta2"])
        return torch.optim.Adam(params, lr=settings["learningRate"], betas=betas, eps=1e-7)

    optimizer_g = adam(config["optimizerG"], generator.parameters())
    optimizer_d = adam(config["optimizerD"], discriminator.parameters())
    n, latent, m = config["batchSize"], arch["latentSize"], arch["discriminator"]["packing"]
    data = arch["data"]
    sample = [data["channels"], data["height"], data["width"]] if data["kind"] == "image" else [data["dims"]]
    real = torch.rand(n, *sample) * 2 - 1
    ones, zeros = torch.ones(n // m, 1), torch.zeros(n // m, 1)
    d_parameters = list(discriminator.parameters())

    def step():
        with torch.no_grad():
            fake = generator(torch.randn(n, latent))
        loss_d = F.binary_cross_entropy_with_logits(discriminator(pack(real, m)), ones)
        loss_d = loss_d + F.binary_cross_entropy_with_logits(discriminator(pack(fake, m)), zeros)
        optimizer_d.zero_grad(set_to_none=True)
        loss_d.backward()
        optimizer_d.step()
        # G's update needs gradients through D to its input, not D's own weight gradients (tfjs's
        # variableGrads computes only what G's variables need).
        for p in d_parameters:
            p.requires_grad_(False)
        loss_g = F.binary_cross_entropy_with_logits(discriminator(pack(generator(torch.randn(n, latent)), m)), ones)
        optimizer_g.zero_grad(set_to_none=True)
        loss_g.backward()
        optimizer_g.step()
        for p in d_parameters:
            p.requires_grad_(True)
        return loss_g

    clock = lambda: time.perf_counter() * 1000
    emit({"type": "start", "t": clock()})
    for s in range(1, args.warmup + args.steps + 1):
        loss = step()
        emit({"type": "progress", "step": s, "t": clock()})
    emit({"type": "done", "outcome": "completed" if math.isfinite(loss.item()) else "failed"})


if __name__ == "__main__":
    main()
