"""Data: where it lives, the Fashion-MNIST files, downloading them, and in-memory loaders.

`root` says where the datasets live; `idx` reads and checks the raw files;
`download` fetches them; `loaders` batches tensors held in memory;
`fashion_mnist` puts these together as the book's `load_data_fashion_mnist`.
Nothing here imports plotting or training.
"""

from d2lite.data.download import download_fashion_mnist
from d2lite.data.fashion_mnist import (
    TEXT_LABELS,
    get_dataloader_workers,
    get_fashion_mnist_labels,
    load_data_fashion_mnist,
    resize_images,
)
from d2lite.data.idx import FashionMNISTFile, fashion_mnist_files, read_idx, verify_fashion_mnist
from d2lite.data.importing import import_fashion_mnist
from d2lite.data.loaders import ArrayLoader, ImageDataset, ImageLoader, data_iter, load_array
from d2lite.data.root import data_root

__all__ = [
    "TEXT_LABELS",
    "ArrayLoader",
    "FashionMNISTFile",
    "ImageDataset",
    "ImageLoader",
    "data_iter",
    "data_root",
    "download_fashion_mnist",
    "fashion_mnist_files",
    "get_dataloader_workers",
    "get_fashion_mnist_labels",
    "import_fashion_mnist",
    "load_array",
    "load_data_fashion_mnist",
    "read_idx",
    "resize_images",
    "verify_fashion_mnist",
]
