"""`DataModule` and the chapter's data: `SyntheticRegressionData` and `FashionMNIST`.

A DataModule hands the `Trainer` a training and a validation loader. Here the
loaders are d2lite's in-memory ones: each batch is one indexing operation,
with no worker processes to start every epoch.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import torch

from d2lite.classes.hyperparameters import HyperParameters
from d2lite.data import (
    ArrayLoader,
    ImageDataset,
    ImageLoader,
    data_root,
    get_fashion_mnist_labels,
    load_data_fashion_mnist,
)
from d2lite.messages import text
from d2lite.plotting import show_images
from d2lite.validation import check_positive_int


class DataModule(HyperParameters):
    """The base class of data: `train_dataloader()` and `val_dataloader()` for the Trainer.

    root: where datasets live; num_workers: kept for the book's code (d2lite's
    loaders need no worker processes). Subclasses define get_dataloader(train).
    """

    def __init__(self, root: str | os.PathLike[str] = "../data", num_workers: int = 4) -> None:
        self.save_hyperparameters()

    def get_dataloader(self, train: bool) -> Any:
        """Return the loader of the training (train=True) or validation data."""
        raise NotImplementedError(text("classes.no_get_dataloader", name=type(self).__name__))

    def train_dataloader(self) -> Any:
        """Return the training loader."""
        return self.get_dataloader(train=True)

    def val_dataloader(self) -> Any:
        """Return the validation loader."""
        return self.get_dataloader(train=False)

    def get_tensorloader(
        self, tensors: Sequence[torch.Tensor], train: bool, indices: Any = slice(0, None)
    ) -> ArrayLoader:
        """Return a loader over rows `indices` of `tensors`, shuffled each epoch when `train`.

        Batches hold self.batch_size rows (the last one may be short).
        """
        if not hasattr(self, "batch_size"):
            raise AttributeError(text("classes.no_batch_size", name=type(self).__name__))
        tensors = tuple(a[indices] for a in tensors)
        return ArrayLoader(tensors, self.batch_size, shuffle=train)


class SyntheticRegressionData(DataModule):
    """Data for linear regression: y = Xw + b + noise, X ~ N(0, 1).

    w: (d,) weights; b: the bias; noise: standard deviation of the noise. The
    first num_train rows are the training split, the other num_val the
    validation split. X: (num_train + num_val, d); y: (num_train + num_val, 1).
    """

    def __init__(
        self,
        w: torch.Tensor,
        b: float,
        noise: float = 0.01,
        num_train: int = 1000,
        num_val: int = 1000,
        batch_size: int = 32,
    ) -> None:
        super().__init__()
        self.save_hyperparameters()
        check_positive_int("num_train", num_train)
        check_positive_int("batch_size", batch_size)
        if isinstance(num_val, bool) or not isinstance(num_val, int) or num_val < 0:
            raise ValueError(text("classes.num_val", value=num_val))
        w = torch.as_tensor(w, dtype=torch.float32)
        if w.dim() != 1:
            raise ValueError(text("regression.bad_w", shape=tuple(w.shape)))
        n = num_train + num_val
        # The same draws, in the same order, as the book's class: torch.manual_seed repeats it.
        self.X = torch.randn(n, len(w))
        noise = torch.randn(n, 1) * noise
        self.y = torch.matmul(self.X, w.reshape((-1, 1))) + b + noise  # (n, d) @ (d, 1) -> (n, 1)

    def get_dataloader(self, train: bool) -> ArrayLoader:
        """Return the loader of the first num_train rows (train) or of the rest (validation)."""
        i = slice(0, self.num_train) if train else slice(self.num_train, None)
        return self.get_tensorloader((self.X, self.y), train, i)


class FashionMNIST(DataModule):
    """Fashion-MNIST in memory: `train` (60,000 images) and `val` (10,000), batched by indexing.

    batch_size: examples per batch; resize: (height, width) of the images (or
    an int); root: the data root (None: d2lite's, see `d2l.data_root()`);
    download: fetch missing files. ``data.train[i]`` is (image (1, H, W)
    float32 in [0, 1], int label), as with torchvision's dataset and ToTensor.
    """

    def __init__(
        self,
        batch_size: int = 64,
        resize: int | Sequence[int] = (28, 28),
        root: str | os.PathLike[str] | None = None,
        download: bool = True,
    ) -> None:
        super().__init__()
        self.save_hyperparameters()
        check_positive_int("batch_size", batch_size)
        train_iter, val_iter = load_data_fashion_mnist(
            batch_size, resize, root=root, download=download
        )
        self.root = data_root(root)
        self.train: ImageDataset = train_iter.dataset
        self.val: ImageDataset = val_iter.dataset

    def text_labels(self, indices: Any) -> list[str]:
        """Return the class name of each label index."""
        return get_fashion_mnist_labels(indices)

    def get_dataloader(self, train: bool) -> ImageLoader:
        """Return a loader of (X (B, 1, H, W) float32, y (B,) int64), shuffled when `train`."""
        data = self.train if train else self.val
        return ImageLoader(data.data, data.targets, self.batch_size, train, data.resize)

    def visualize(
        self, batch: Sequence[torch.Tensor], nrows: int = 1, ncols: int = 8, labels: Any = ()
    ) -> None:
        """Show the images of `batch` (X, y) titled with their labels (or with `labels`)."""
        X, y = batch
        if not len(labels):
            labels = self.text_labels(y)
        show_images(X.squeeze(1), nrows, ncols, titles=labels)
