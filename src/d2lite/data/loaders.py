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

from d2lite.messages import text
from d2lite.validation import check_positive_int

Batch = tuple[torch.Tensor, ...]


def _check_same_length(tensors: Sequence[torch.Tensor], names: Sequence[str]) -> int:
    lengths = [len(t) for t in tensors]
    if len(set(lengths)) > 1:
        shown = ", ".join(
            text("data.array_has", name=n, count=k) for n, k in zip(names, lengths, strict=True)
        )
        raise ValueError(text("data.not_same_length", shown=shown))
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
            raise ValueError(text("data.loader_no_tensor"))
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
                # Copies, as a DataLoader gives: editing a batch in place must not change the data.
                batch = tuple(t[start : start + self.batch_size].clone() for t in self.tensors)
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
        raise TypeError(text("data.data_arrays_type", type=type(data_arrays).__name__))
    return ArrayLoader(data_arrays, batch_size, shuffle=is_train)


# Resizing runs in slices of this many images, so the work space stays small.
_RESIZE_CHUNK = 4096


def resize_images(
    images: torch.Tensor, size: tuple[int, int], progress: bool = False
) -> torch.Tensor:
    """Resize uint8 images (N, H, W) to (N, *size) as transforms.Resize does on PIL images.

    Bilinear, antialiased interpolation on uint8, the kernel torchvision's
    tensor resize uses (called through torch, which saves importing
    torchvision's transforms, over a second); it agrees with PIL's to within
    about one grey level. Each image is resized on its own, so resizing a
    batch gives the same values as resizing the whole set. progress: a tqdm
    bar over the images.
    """
    from torch.nn.functional import interpolate

    out = torch.empty((len(images), *size), dtype=torch.uint8, device=images.device)
    bar = None
    if progress:
        from tqdm import tqdm

        desc = text("data.resizing", height=size[0], width=size[1])
        bar = tqdm(total=len(images), unit="image", desc=desc)
    for start in range(0, len(images), _RESIZE_CHUNK):
        chunk = images[start : start + _RESIZE_CHUNK].unsqueeze(1)  # (n, 1, H, W)
        out[start : start + _RESIZE_CHUNK] = interpolate(
            chunk, size=size, mode="bilinear", antialias=True, align_corners=False
        )[:, 0]
        if bar is not None:
            bar.update(len(chunk))
    if bar is not None:
        bar.close()
    return out


def _to_float(X: torch.Tensor, size: tuple[int, int] | None) -> torch.Tensor:
    # (B, H, W) uint8 -> (B, 1, h, w) float32 in [0, 1]; x / 255 is exactly what ToTensor computes.
    if size is not None and tuple(X.shape[1:]) != size:
        X = resize_images(X, size)
    return X.unsqueeze(1).to(torch.float32).div_(255)


class ImageDataset(torch.utils.data.Dataset):
    """Images stored as uint8, indexed one example at a time like torchvision's datasets.

    images: (N, H, W) uint8; labels: (N,) int64. ``dataset[i]`` is
    ``(image, label)``: a float32 image (1, H, W) in [0, 1], exactly what
    `transforms.ToTensor()` gives, and the label as an int. ``data`` and
    ``targets`` hold the stored tensors, under torchvision's names. resize:
    (h, w) to resize each image to as it is taken (None: as stored).
    """

    def __init__(
        self, images: torch.Tensor, labels: torch.Tensor, resize: tuple[int, int] | None = None
    ) -> None:
        self.data = images
        self.targets = labels
        self.resize = resize

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, int]:
        if isinstance(index, bool) or not isinstance(index, (int, np.integer)):
            if not (isinstance(index, torch.Tensor) and index.numel() == 1):
                raise TypeError(
                    text("data.example_index_type", value=repr(index), type=type(index).__name__)
                )
        index = int(index)
        if not -len(self) <= index < len(self):
            raise IndexError(text("data.example_index_range", index=index, count=len(self)))
        image = _to_float(self.data[index : index + 1 or None], self.resize)[0]  # (1, h, w)
        return image, int(self.targets[index])

    def __repr__(self) -> str:
        shape = self.resize or tuple(self.data.shape[1:])
        return f"ImageDataset({len(self)} images of {shape})"


class ImageLoader(ArrayLoader):
    """Iterate (X, y) minibatches of images stored as uint8, like the book's DataLoader.

    images: (N, H, W) uint8; labels: (N,) int64. Batches are X (B, 1, H, W)
    float32 in [0, 1] (x / 255, as `transforms.ToTensor()` computes it) and y (B,).
    resize: (h, w) to resize each batch to as it is made (None: as stored), for
    sizes too large to keep the whole resized set in memory.

    On the CPU each batch is gathered and converted by NumPy in the calling
    thread. Torch would spread these small per-batch operations over its thread
    pool, and when other programs keep the CPUs busy, waiting for that pool made
    a pass over the training set 5 to 20 times slower on a 2-core machine (see
    benchmarks/bench_fashion_mnist.py). On other devices torch does the work there.
    """

    def __init__(
        self,
        images: torch.Tensor,
        labels: torch.Tensor,
        batch_size: int,
        shuffle: bool = False,
        resize: tuple[int, int] | None = None,
    ) -> None:
        self.resize = resize
        super().__init__(
            (images, labels),
            batch_size,
            shuffle,
            transform=self._to_float_batch,
            names=("images", "labels"),
        )

    def _to_float_batch(self, X: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, ...]:
        return _to_float(X, self.resize), y

    @property
    def dataset(self) -> ImageDataset:  # type: ignore[override]
        """The stored images as a dataset: ``dataset[i]`` is (float image (1, H, W), int label)."""
        images, labels = self.tensors
        return ImageDataset(images, labels, self.resize)

    def __iter__(self) -> Iterator[tuple[torch.Tensor, ...]]:
        if self.device.type != "cpu" or self.resize is not None:
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
                X, y = pixels[start:stop], labels[start:stop].clone()  # a copy, never a view
            else:
                X, y = np.take(pixels, order_np[start:stop], axis=0), labels[order[start:stop]]
            X = X.astype(np.float32)
            np.divide(X, np.float32(255), out=X)  # IEEE division: the same bits as torch's
            yield torch.from_numpy(X).unsqueeze(1), y
