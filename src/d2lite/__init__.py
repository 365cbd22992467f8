"""d2lite: fast, offline-friendly helpers for the linear-networks chapter of d2l.

`import d2lite as d2l` gives the book's helpers; `from d2lite import torch as d2l`
adds the tensor aliases the book's code calls. Importing changes nothing:
no plotting state, no seeds, no downloads, no output.
"""

from d2lite.devices import (
    choose_device,
    cpu,
    default_device,
    gpu,
    num_gpus,
    try_all_gpus,
    try_gpu,
)
from d2lite.fashion_mnist import (
    FashionMNISTFile,
    data_root,
    download_fashion_mnist,
    fashion_mnist_files,
    get_dataloader_workers,
    get_fashion_mnist_labels,
    load_data_fashion_mnist,
    verify_fashion_mnist,
)
from d2lite.iterators import ArrayLoader, data_iter, load_array
from d2lite.metrics import Accumulator
from d2lite.regression import linreg, sgd, squared_loss, synthetic_data
from d2lite.seeding import set_seed
from d2lite.timer import Timer

__version__ = "0.1.0"

__all__ = [
    "Accumulator",
    "ArrayLoader",
    "FashionMNISTFile",
    "Timer",
    "__version__",
    "choose_device",
    "cpu",
    "data_iter",
    "data_root",
    "default_device",
    "download_fashion_mnist",
    "fashion_mnist_files",
    "get_dataloader_workers",
    "get_fashion_mnist_labels",
    "gpu",
    "linreg",
    "load_array",
    "load_data_fashion_mnist",
    "num_gpus",
    "set_seed",
    "sgd",
    "squared_loss",
    "synthetic_data",
    "try_all_gpus",
    "try_gpu",
    "verify_fashion_mnist",
]

