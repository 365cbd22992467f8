"""The `d2lite` command: train the chapter's models from a terminal."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import torch

import d2lite as d2l

TRUE_W = (2.0, -3.4)
TRUE_B = 4.2


def _train_linear_scratch(args: argparse.Namespace) -> None:
    d2l.set_seed(args.seed)
    true_w = torch.tensor(TRUE_W)
    features, labels = d2l.synthetic_data(true_w, TRUE_B, 1000)
    w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    for epoch in range(args.epochs):
        for X, y in d2l.data_iter(args.batch_size, features, labels):
            d2l.squared_loss(d2l.linreg(X, w, b), y).sum().backward()
            d2l.sgd([w, b], args.lr, args.batch_size)
        with torch.no_grad():
            loss = d2l.squared_loss(d2l.linreg(features, w, b), labels).mean()
        print(f"epoch {epoch + 1}, loss {loss.item():f}")
    print(f"error in w: {(true_w - w.detach().reshape(true_w.shape)).tolist()}")
    print(f"error in b: {TRUE_B - b.item():f}")


MODELS = {"linear-scratch": _train_linear_scratch}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="d2lite", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    train = sub.add_parser("train", help="train one of the chapter's models")
    train.add_argument("model", choices=sorted(MODELS))
    train.add_argument("--epochs", type=int, default=3)
    train.add_argument("--lr", type=float, default=0.03)
    train.add_argument("--batch-size", type=int, default=10)
    train.add_argument("--seed", type=int, default=0)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        MODELS[args.model](args)
    except (ValueError, TypeError, FileNotFoundError, RuntimeError) as err:
        print(f"d2lite: error: {err}", file=sys.stderr)
        return 1
    return 0
