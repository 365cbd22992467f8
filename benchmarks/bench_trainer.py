"""Benchmark: the d2l.ai 1.0 classes, d2lite against what the book's package does, end to end.

Both sides train `SoftmaxRegression` (Flatten + LazyLinear(10), cross-entropy,
SGD lr 0.1, batch 256) with `Trainer(max_epochs=10)` from the same seed, and
the clock runs from "files on disk" to "trained and validated" (imports are
done before either clock starts):

- d2lite: `d2l.FashionMNIST`, `d2l.SoftmaxRegression`, `d2l.Trainer`.
- reference: the classes of the book's d2l 1.0.3 package, written out below
  as that package defines them: torchvision FashionMNIST with Resize and
  ToTensor, a DataLoader with 4 workers started again every epoch, the loss
  and accuracy of every batch copied to the CPU for the plot
  (`Module.plot`), and the board's figure redrawn for every plotted point
  (twice per epoch for training, once per epoch for each validation curve).
  The book shows the figure with IPython's display as SVG; here it is
  rendered to SVG in memory, the same work without a notebook.

Run: D2LITE_DATA=../shared/data python benchmarks/bench_trainer.py [--device cuda]
"""

from __future__ import annotations

import argparse
import collections
import inspect
import io
import os
import time
import warnings

import matplotlib

matplotlib.use("Agg")

import torch  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from torch import nn  # noqa: E402
from torch.nn import functional as F  # noqa: E402

from d2lite import torch as d2l  # noqa: E402

BATCH_SIZE = 256
LR = 0.1


# ------------------------------------------------- the book's package (d2l 1.0.3), written out


class HyperParameters:
    def save_hyperparameters(self, ignore=()):
        frame = inspect.currentframe().f_back
        _, _, _, local_vars = inspect.getargvalues(frame)
        self.hparams = {
            k: v for k, v in local_vars.items() if k not in set(ignore) | {"self"} and k[0] != "_"
        }
        for k, v in self.hparams.items():
            setattr(self, k, v)


class ProgressBoard(HyperParameters):
    def __init__(self, xlabel=None, ylabel=None, xlim=None, ylim=None, figsize=(3.5, 2.5)):
        self.save_hyperparameters()
        self.ls, self.colors = ["-", "--", "-.", ":"], ["C0", "C1", "C2", "C3"]
        self.fig = None

    def draw(self, x, y, label, every_n=1):
        Point = collections.namedtuple("Point", ["x", "y"])
        if not hasattr(self, "raw_points"):
            self.raw_points = collections.OrderedDict()
            self.data = collections.OrderedDict()
        if label not in self.raw_points:
            self.raw_points[label] = []
            self.data[label] = []
        points = self.raw_points[label]
        line = self.data[label]
        points.append(Point(x, y))
        if len(points) != every_n:
            return

        def mean(v):
            return sum(v) / len(v)

        line.append(Point(mean([p.x for p in points]), mean([p.y for p in points])))
        points.clear()
        if self.fig is None:
            self.fig = Figure(figsize=self.figsize)
            self.axes = self.fig.gca()
        self.axes.cla()
        plt_lines, labels = [], []
        for (k, v), ls, color in zip(self.data.items(), self.ls, self.colors, strict=False):
            plt_lines.append(
                self.axes.plot([p.x for p in v], [p.y for p in v], linestyle=ls, color=color)[0]
            )
            labels.append(k)
        self.axes.set_xlim(self.xlim)
        self.axes.set_xlabel(self.xlabel)
        self.axes.legend(plt_lines, labels)
        self.fig.savefig(io.BytesIO(), format="svg")  # what display(fig) renders as SVG


class Module(nn.Module, HyperParameters):
    def __init__(self, plot_train_per_epoch=2, plot_valid_per_epoch=1):
        super().__init__()
        self.save_hyperparameters()
        self.board = ProgressBoard()

    def forward(self, X):
        return self.net(X)

    def plot(self, key, value, train):
        self.board.xlabel = "epoch"
        if train:
            x = self.trainer.train_batch_idx / self.trainer.num_train_batches
            n = self.trainer.num_train_batches / self.plot_train_per_epoch
        else:
            x = self.trainer.epoch + 1
            n = self.trainer.num_val_batches / self.plot_valid_per_epoch
        value = value.to(torch.device("cpu")).detach().numpy()  # d2l.numpy(d2l.to(value, cpu))
        self.board.draw(x, value, ("train_" if train else "val_") + key, every_n=int(n))

    def training_step(self, batch):
        l = self.loss(self(*batch[:-1]), batch[-1])  # noqa: E741
        self.plot("loss", l, train=True)
        return l

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.lr)


class Classifier(Module):
    def validation_step(self, batch):
        Y_hat = self(*batch[:-1])
        self.plot("loss", self.loss(Y_hat, batch[-1]), train=False)
        self.plot("acc", self.accuracy(Y_hat, batch[-1]), train=False)

    def accuracy(self, Y_hat, Y, averaged=True):
        Y_hat = Y_hat.reshape((-1, Y_hat.shape[-1]))
        preds = Y_hat.argmax(axis=1).type(Y.dtype)
        compare = (preds == Y.reshape(-1)).type(torch.float32)
        return compare.mean() if averaged else compare

    def loss(self, Y_hat, Y, averaged=True):
        Y_hat = Y_hat.reshape((-1, Y_hat.shape[-1]))
        Y = Y.reshape((-1,))
        return F.cross_entropy(Y_hat, Y, reduction="mean" if averaged else "none")


class SoftmaxRegression(Classifier):
    def __init__(self, num_outputs, lr):
        super().__init__()
        self.save_hyperparameters()
        self.net = nn.Sequential(nn.Flatten(), nn.LazyLinear(num_outputs))


class FashionMNIST(HyperParameters):
    def __init__(self, root, batch_size=64, resize=(28, 28), num_workers=4):
        import torchvision
        from torchvision import transforms

        self.save_hyperparameters()
        trans = transforms.Compose([transforms.Resize(resize), transforms.ToTensor()])
        self.train = torchvision.datasets.FashionMNIST(
            root=root, train=True, transform=trans, download=False
        )
        self.val = torchvision.datasets.FashionMNIST(
            root=root, train=False, transform=trans, download=False
        )

    def get_dataloader(self, train):
        data = self.train if train else self.val
        return torch.utils.data.DataLoader(
            data, self.batch_size, shuffle=train, num_workers=self.num_workers
        )

    def train_dataloader(self):
        return self.get_dataloader(train=True)

    def val_dataloader(self):
        return self.get_dataloader(train=False)


class Trainer(HyperParameters):
    def __init__(self, max_epochs, device):
        self.save_hyperparameters()

    def fit(self, model, data):
        self.train_dataloader = data.train_dataloader()
        self.val_dataloader = data.val_dataloader()
        self.num_train_batches = len(self.train_dataloader)
        self.num_val_batches = len(self.val_dataloader)
        model.trainer = self
        model.board.xlim = [0, self.max_epochs]
        model.to(self.device)
        self.model = model
        self.optim = model.configure_optimizers()
        self.epoch = self.train_batch_idx = self.val_batch_idx = 0
        for self.epoch in range(self.max_epochs):  # noqa: B020 (the book's loop)
            self.fit_epoch()

    def prepare_batch(self, batch):
        return [a.to(self.device) for a in batch]

    def fit_epoch(self):
        self.model.train()
        for batch in self.train_dataloader:
            loss = self.model.training_step(self.prepare_batch(batch))
            self.optim.zero_grad()
            with torch.no_grad():
                loss.backward()
                self.optim.step()
            self.train_batch_idx += 1
        self.model.eval()
        for batch in self.val_dataloader:
            with torch.no_grad():
                self.model.validation_step(self.prepare_batch(batch))
            self.val_batch_idx += 1


def run_reference(root: str, num_epochs: int, device: torch.device, seed: int):
    warnings.filterwarnings("ignore", message="This DataLoader will create")
    torch.manual_seed(seed)
    start = time.perf_counter()
    data = FashionMNIST(root, batch_size=BATCH_SIZE)
    model = SoftmaxRegression(num_outputs=10, lr=LR)
    Trainer(max_epochs=num_epochs, device=device).fit(model, data)
    elapsed = time.perf_counter() - start
    return elapsed, float(model.board.data["val_acc"][-1].y)


# ------------------------------------------------------------------------------------ d2lite


def run_d2lite(root: str, num_epochs: int, device: torch.device, seed: int):
    torch.manual_seed(seed)
    start = time.perf_counter()
    data = d2l.FashionMNIST(batch_size=BATCH_SIZE, root=root, download=False)
    model = d2l.SoftmaxRegression(num_outputs=10, lr=LR)
    d2l.Trainer(max_epochs=num_epochs, device=device, progress=False).fit(model, data)
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elapsed = time.perf_counter() - start
    return elapsed, model.board.data["val_acc"][-1].y


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cpu", help="cpu (default), cuda, cuda:N")
    parser.add_argument("--root", default=os.environ.get("D2LITE_DATA", "../shared/data"))
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    device = torch.device(args.device)

    print(
        f"Trainer + SoftmaxRegression, {args.epochs} epochs, batch {BATCH_SIZE}, lr {LR}, "
        f"device {device}, torch threads {torch.get_num_threads()}, CPUs {os.cpu_count()}"
    )
    if device.type == "cuda":
        print(f"GPU: {torch.cuda.get_device_name(device)}")
    # Imports are not timed: pay torch's first-optimizer import here, for both sides.
    torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=LR)
    ours, ours_acc = run_d2lite(args.root, args.epochs, device, args.seed)
    ref, ref_acc = run_reference(args.root, args.epochs, device, args.seed)
    print(f"d2lite   : {ours:7.2f} s  validation accuracy {ours_acc:.4f}")
    print(f"reference: {ref:7.2f} s  validation accuracy {ref_acc:.4f}")
    print(f"speed-up: {ref / ours:.1f}x (target >= 10x)")
    print(f"validation accuracy difference: {abs(ours_acc - ref_acc):.4f} (target <= 0.01)")
    if hasattr(os, "getloadavg"):
        print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
