"""Benchmark: softmax regression on Fashion-MNIST, d2lite against the book's way, end to end.

Both sides train the concise model (nn.Flatten + nn.Linear(784, 10), weights
from N(0, 0.01), CrossEntropyLoss(reduction='none'), SGD lr 0.1, batch 256)
for 10 epochs from the same seed, evaluating on the test set after each epoch,
and the clock runs from "files on disk" to "trained and evaluated" (imports,
including the one torch makes when the first optimizer is created, are done
before either clock starts):

- d2lite: `load_data_fashion_mnist` (the data in memory, batches by
  indexing; on a GPU the data lives there) and `train_ch3` (animate off).
- reference: torchvision FashionMNIST + ToTensor + DataLoader(num_workers=4),
  and the training loop of the book's d2l 0.17 (`train_epoch_ch3` with an
  `Accumulator`, `evaluate_accuracy` over the DataLoader), written out below.
  On a GPU each batch is moved there, as the book's later chapters do.

Run: D2LITE_DATA=../shared/data python benchmarks/bench_train_softmax.py [--device cuda]
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

import torch
from torch import nn

import d2lite as d2l

BATCH_SIZE = 256
LR = 0.1


def concise_softmax() -> nn.Module:
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    nn.init.normal_(net[1].weight, std=0.01)
    nn.init.zeros_(net[1].bias)
    return net


# ------------------------------------------------------- the book's way (d2l 0.17), written out


class Accumulator:
    """For accumulating sums over `n` variables (the book's class)."""

    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args, strict=True)]

    def __getitem__(self, idx):
        return self.data[idx]


def book_accuracy(y_hat, y):
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


def book_evaluate_accuracy(net, data_iter, device):
    if isinstance(net, torch.nn.Module):
        net.eval()
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in data_iter:
            X, y = X.to(device), y.to(device)
            metric.add(book_accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def book_train_epoch_ch3(net, train_iter, loss, updater, device):
    if isinstance(net, torch.nn.Module):
        net.train()
    metric = Accumulator(3)
    for X, y in train_iter:
        X, y = X.to(device), y.to(device)
        y_hat = net(X)
        l = loss(y_hat, y)  # noqa: E741 (the book's name)
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
            l.mean().backward()
            updater.step()
        else:
            l.sum().backward()
            updater(X.shape[0])
        metric.add(float(l.sum()), book_accuracy(y_hat, y), y.numel())
    return metric[0] / metric[2], metric[1] / metric[2]


def run_reference(root: str, num_epochs: int, device: torch.device, seed: int):
    import torchvision
    from torch.utils import data
    from torchvision import transforms

    # The book's code as it is: 4 workers on any machine, float() on a tensor needing grad.
    warnings.filterwarnings("ignore", message="This DataLoader will create")
    warnings.filterwarnings("ignore", message="Converting a tensor with requires_grad=True")
    torch.manual_seed(seed)
    start = time.perf_counter()
    trans = transforms.ToTensor()
    mnist_train = torchvision.datasets.FashionMNIST(
        root=root, train=True, transform=trans, download=False
    )
    mnist_test = torchvision.datasets.FashionMNIST(
        root=root, train=False, transform=trans, download=False
    )
    train_iter = data.DataLoader(mnist_train, BATCH_SIZE, shuffle=True, num_workers=4)
    test_iter = data.DataLoader(mnist_test, BATCH_SIZE, shuffle=False, num_workers=4)
    net = concise_softmax().to(device)
    loss = nn.CrossEntropyLoss(reduction="none")
    trainer = torch.optim.SGD(net.parameters(), lr=LR)
    for _ in range(num_epochs):
        train_loss, train_acc = book_train_epoch_ch3(net, train_iter, loss, trainer, device)
        test_acc = book_evaluate_accuracy(net, test_iter, device)
    return time.perf_counter() - start, (train_loss, train_acc, test_acc)


# ------------------------------------------------------------------------------------ d2lite


def run_d2lite(root: str, num_epochs: int, device: torch.device, seed: int):
    torch.manual_seed(seed)
    start = time.perf_counter()
    train_iter, test_iter = d2l.load_data_fashion_mnist(
        BATCH_SIZE, root=root, download=False, device=device
    )
    net = concise_softmax()
    loss = nn.CrossEntropyLoss(reduction="none")
    trainer = torch.optim.SGD(net.parameters(), lr=LR)  # net.to() keeps the same tensors
    history = d2l.train_ch3(
        net, train_iter, test_iter, loss, num_epochs, trainer, device=device, animate=False
    )
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elapsed = time.perf_counter() - start
    return elapsed, (history.train_loss[-1], history.train_acc[-1], history.test_acc[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--root", default=os.environ.get("D2LITE_DATA", "../shared/data"))
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    device = torch.device(args.device)

    print(
        f"softmax regression, {args.epochs} epochs, batch {BATCH_SIZE}, lr {LR}, "
        f"device {device}, torch threads {torch.get_num_threads()}, CPUs {os.cpu_count()}"
    )
    if device.type == "cuda":
        print(f"GPU: {torch.cuda.get_device_name(device)}")
    # Imports are not timed. Creating the first torch optimizer imports torch._dynamo
    # (about 0.8 s); pay that here, or whichever side runs first would pay it alone.
    torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=LR)
    ours, ours_metrics = run_d2lite(args.root, args.epochs, device, args.seed)
    ref, ref_metrics = run_reference(args.root, args.epochs, device, args.seed)
    for name, seconds, (train_loss, train_acc, test_acc) in (
        ("d2lite   ", ours, ours_metrics),
        ("reference", ref, ref_metrics),
    ):
        print(
            f"{name}: {seconds:7.2f} s  train loss {train_loss:.4f}  train acc {train_acc:.4f}  "
            f"test acc {test_acc:.4f}"
        )
    print(f"speed-up: {ref / ours:.1f}x (target >= 15x)")
    if hasattr(os, "getloadavg"):
        print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    diff = abs(ours_metrics[2] - ref_metrics[2])
    print(f"test accuracy difference: {diff:.4f} (target <= 0.01)")


if __name__ == "__main__":
    main()
