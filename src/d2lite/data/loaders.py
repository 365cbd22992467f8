"""Minibatch iteration over tensors held in memory.

`data_iter` is the book's from-scratch generator. `load_array` returns an
`ArrayLoader`, which behaves like a DataLoader over a TensorDataset (len,
iterate every epoch, reshuffle with torch's generator) but makes each batch
with one indexing operation instead of one Python call per example.
`ImageLoader` does the same for images stored as uint8, and its `dataset`
(an `ImageDataset`) gives single examples as torchvision's datasets do.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence

import numpy as np
import torch

from d2lite._checks import check_positive_int

Batch = tuple[torch.Tensor, ...]


def _check_same_length(tensors: Sequence[torch.Tensor], names: Sequence[str]) -> int:
    lengths = [len(t) for t in tensors]
    if len(set(lengths)) > 1:
        shown = ", ".join(f"{n} has {k}" for n, k in zip(names, lengths, strict=True))
        raise ValueError(
            f"all arrays must have the same number of examples (first dimension), but {shown}; "
            f"pass one label per example"
        )
    return lengths[0]


def data_iter(
    batch_size: int, features: torch.Tensor, labels: torch.Tensor
) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """Yield shuffled minibatches (features[i], labels[i]); the last one may be short.

    features: (n, ...); labels: (n, ...). Shuffling uses torch's generator, so
    `torch.manual_seed` makes the order repeatable.
    """
    batch_size = check_positive_int("batch_size", batch_size)
    num_examples = _check_same_length([features, labels], ["features", "labels"])
    indices = torch.randperm(num_examples, device=features.device)
    for i in range(0, num_examples, batch_size):
        batch_indices = indices[i : i + batch_size]
        yield features[batch_indices], labels[batch_indices]


class ArrayLoader:
    """Iterate minibatches of in-memory tensors, like DataLoader(TensorDataset(...)).

    tensors: arrays with the same first dimension n; batch i holds rows
    [i * batch_size, (i + 1) * batch_size) of a fresh random permutation when
    `shuffle`, else of the stored order. `transform(*batch)` runs once per
    batch (e.g. uint8 -> float32 scaling) so data can be stored compactly.
    """

    def __init__(
        self,
        tensors: Sequence[torch.Tensor],
        batch_size: int,
        shuffle: bool = False,
        *,
        transform: Callable[..., Batch] | None = None,
        names: Sequence[str] | None = None,
    ) -> None:
        self.batch_size = check_positive_int("batch_size", batch_size)
        if len(tensors) == 0:
            raise ValueError("ArrayLoader needs at least one tensor, got none")
        tensors = tuple(torch.as_tensor(t) for t in tensors)
        names = names or [f"data_arrays[{i}]" for i in range(len(tensors))]
        self.num_examples = _check_same_length(tensors, names)
        self.tensors = tensors
        self.shuffle = bool(shuffle)
        self.transform = transform

    @property
    def device(self) -> torch.device:
        """The device the stored tensors (and so the batches) live on."""
        return self.tensors[0].device

    @property
    def dataset(self) -> torch.utils.data.TensorDataset:
        """The stored tensors as a TensorDataset, for code that asks for `len(loader.dataset)`."""
        return torch.utils.data.TensorDataset(*self.tensors)

    def __len__(self) -> int:
        return math.ceil(self.num_examples / self.batch_size)

    def __iter__(self) -> Iterator[Batch]:
        order = torch.randperm(self.num_examples, device=self.device) if self.shuffle else None
        for start in range(0, self.num_examples, self.batch_size):
            if order is None:
                batch = tuple(t[start : start + self.batch_size] for t in self.tensors)
            else:
                rows = order[start : start + self.batch_size]
                batch = tuple(t[rows] for t in self.tensors)
            yield self.transform(*batch) if self.transform is not None else batch

    def __repr__(self) -> str:
        shapes = ", ".join(str(tuple(t.shape)) for t in self.tensors)
        return (
            f"ArrayLoader({shapes}, batch_size={self.batch_size}, shuffle={self.shuffle}, "
            f"device={self.device})"
        )


def load_array(
    data_arrays: Sequence[torch.Tensor], batch_size: int, is_train: bool = True
) -> ArrayLoader:
    """Return a loader of minibatches over `data_arrays`, shuffled every epoch when `is_train`."""
    if isinstance(data_arrays, torch.Tensor) or not isinstance(data_arrays, (tuple, list)):
        raise TypeError(
            f"data_arrays must be a tuple or list of tensors, got {type(data_arrays).__name__}; "
            f"pass for example (features, labels)"
        )
    return ArrayLoader(data_arrays, batch_size, shuffle=is_train)


def _to_float_batch(X: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    # (B, H, W) uint8 -> (B, 1, H, W) float32 in [0, 1]; x / 255 is exactly what ToTensor computes.
    return X.unsqueeze(1).to(torch.float32).div_(255), y


class ImageDataset(torch.utils.data.Dataset):
    """Images stored as uint8, indexed one example at a time like torchvision's datasets.

    images: (N, H, W) uint8; labels: (N,) int64. ``dataset[i]`` is
    ``(image, label)``: a float32 image (1, H, W) in [0, 1], exactly what
    `transforms.ToTensor()` gives, and the label as an int. ``data`` and
    ``targets`` hold the stored tensors, under torchvision's names.
    """

    def __init__(self, images: torch.Tensor, labels: torch.Tensor) -> None:
        self.data = images
        self.targets = labels

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, int]:
        if isinstance(index, bool) or not isinstance(index, (int, np.integer)):
            if not (isinstance(index, torch.Tensor) and index.numel() == 1):
                raise TypeError(
                    f"an example is taken by its position, an int, got {index!r} of type "
                    f"{type(index).__name__}; for several examples iterate over a loader"
                )
        index = int(index)
        if not -len(self) <= index < len(self):
            raise IndexError(f"index {index} is out of range for a dataset of {len(self)} examples")
        # (H, W) uint8 -> (1, H, W) float32 in [0, 1]; x / 255 is what ToTensor computes.
        image = self.data[index].unsqueeze(0).to(torch.float32).div_(255)
        return image, int(self.targets[index])

    def __repr__(self) -> str:
        return f"ImageDataset({len(self)} images of {tuple(self.data.shape[1:])})"


class ImageLoader(ArrayLoader):
    """Iterate (X, y) minibatches of images stored as uint8, like the book's DataLoader.

    images: (N, H, W) uint8; labels: (N,) int64. Batches are X (B, 1, H, W)
    float32 in [0, 1] (x / 255, as `transforms.ToTensor()` computes it) and y (B,).

    On the CPU each batch is gathered and converted by NumPy in the calling
    thread. Torch would spread these small per-batch operations over its thread
    pool, and when other programs keep the CPUs busy, waiting for that pool made
    a pass over the training set 5 to 20 times slower on a 2-core machine (see
    benchmarks/bench_fashion_mnist.py). On other devices torch does the work there.
    """

    def __init__(
        self, images: torch.Tensor, labels: torch.Tensor, batch_size: int, shuffle: bool = False
    ) -> None:
        super().__init__(
            (images, labels),
            batch_size,
            shuffle,
            transform=_to_float_batch,
            names=("images", "labels"),
        )

    @property
    def dataset(self) -> ImageDataset:  # type: ignore[override]
        """The stored images as a dataset: ``dataset[i]`` is (float image (1, H, W), int label)."""
        return ImageDataset(*self.tensors)

    def __iter__(self) -> Iterator[tuple[torch.Tensor, ...]]:
        if self.device.type != "cpu":
            yield from super().__iter__()
            return
        images, labels = self.tensors
        pixels = images.numpy()  # shares memory with the stored tensor
        # The same draw from torch's generator as ArrayLoader, so torch.manual_seed repeats it.
        order = torch.randperm(self.num_examples) if self.shuffle else None
        order_np = order.numpy() if order is not None else None
        for start in range(0, self.num_examples, self.batch_size):
            stop = start + self.batch_size
            if order is None:
                X, y = pixels[start:stop], labels[start:stop]
            else:
                X, y = np.take(pixels, order_np[start:stop], axis=0), labels[order[start:stop]]
            X = X.astype(np.float32)
            np.divide(X, np.float32(255), out=X)  # IEEE division: the same bits as torch's
            yield torch.from_numpy(X).unsqueeze(1), y
