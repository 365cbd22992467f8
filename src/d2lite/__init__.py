"""d2lite: fast, offline-friendly helpers for the linear-networks chapter of d2l.

`import d2lite as d2l` gives the book's helpers; `from d2lite import torch as d2l`
adds the tensor aliases the book's code calls. Importing changes nothing:
no plotting state, no seeds, no downloads, no output.
"""

from d2lite._book_names import missing_name
from d2lite.check import (
    CheckResult,
    check_accumulator,
    check_accuracy,
    check_cross_entropy,
    check_data_iter,
    check_evaluate_accuracy,
    check_linreg,
    check_sgd,
    check_softmax,
    check_squared_loss,
    check_synthetic_data,
)
from d2lite.classes import (
    SGD,
    Classifier,
    DataModule,
    FashionMNIST,
    HyperParameters,
    LinearRegression,
    LinearRegressionScratch,
    Module,
    ProgressBoard,
    SoftmaxRegression,
    SyntheticRegressionData,
    Trainer,
    add_to_class,
)
from d2lite.data import (
    ArrayLoader,
    FashionMNISTFile,
    ImageDataset,
    data_iter,
    data_root,
    download_fashion_mnist,
    fashion_mnist_files,
    get_dataloader_workers,
    get_fashion_mnist_labels,
    import_fashion_mnist,
    load_array,
    load_data_fashion_mnist,
    verify_fashion_mnist,
)
from d2lite.devices import (
    choose_device,
    cpu,
    default_device,
    gpu,
    num_gpus,
    try_all_gpus,
    try_gpu,
)
from d2lite.fonts import use_chinese_font
from d2lite.metrics import Accumulator, accuracy, evaluate_accuracy, evaluate_loss
from d2lite.plotting import (
    Animator,
    plot,
    set_axes,
    set_figsize,
    show_images,
    use_svg_display,
)
from d2lite.regression import linreg, sgd, squared_loss, synthetic_data
from d2lite.seeding import set_seed
from d2lite.timer import Timer
from d2lite.training import History, predict_ch3, train_ch3, train_epoch_ch3

__version__ = "0.1.0"

__all__ = [
    "CheckResult",
    "check_accumulator",
    "check_accuracy",
    "check_cross_entropy",
    "check_data_iter",
    "check_evaluate_accuracy",
    "check_linreg",
    "check_sgd",
    "check_softmax",
    "check_squared_loss",
    "check_synthetic_data",
    "SGD",
    "Classifier",
    "DataModule",
    "FashionMNIST",
    "HyperParameters",
    "LinearRegression",
    "LinearRegressionScratch",
    "Module",
    "ProgressBoard",
    "SoftmaxRegression",
    "SyntheticRegressionData",
    "Trainer",
    "add_to_class",
    "evaluate_loss",
    "Accumulator",
    "Animator",
    "ArrayLoader",
    "FashionMNISTFile",
    "History",
    "ImageDataset",
    "Timer",
    "__version__",
    "accuracy",
    "choose_device",
    "cpu",
    "data_iter",
    "data_root",
    "default_device",
    "download_fashion_mnist",
    "evaluate_accuracy",
    "fashion_mnist_files",
    "get_dataloader_workers",
    "get_fashion_mnist_labels",
    "gpu",
    "import_fashion_mnist",
    "linreg",
    "load_array",
    "load_data_fashion_mnist",
    "num_gpus",
    "plot",
    "predict_ch3",
    "set_axes",
    "set_figsize",
    "set_seed",
    "sgd",
    "show_images",
    "squared_loss",
    "synthetic_data",
    "train_ch3",
    "train_epoch_ch3",
    "try_all_gpus",
    "try_gpu",
    "use_chinese_font",
    "use_svg_display",
    "verify_fashion_mnist",
]


def __getattr__(name: str):
    # `d2l.plt` is matplotlib.pyplot, as in the book, imported only when first used.
    if name == "plt":
        import matplotlib.pyplot as plt

        return plt
    from d2lite.torch import ALIASES  # imported only to explain a missing name

    raise missing_name(__name__, name, ALIASES)
