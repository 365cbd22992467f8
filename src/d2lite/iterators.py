"""Minibatch iteration over tensors held in memory.

`data_iter` is the book's from-scratch generator. `load_array` returns an
`ArrayLoader`, which behaves like a DataLoader over a TensorDataset (len,
iterate every epoch, reshuffle with torch's generator) but makes each batch
with one indexing operation instead of one Python call per example.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence

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
