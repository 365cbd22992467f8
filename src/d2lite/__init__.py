"""d2lite: fast, offline-friendly helpers for the linear-networks chapter of d2l.

`import d2lite as d2l` gives the book's helpers; `from d2lite import torch as d2l`
adds the tensor aliases the book's code calls. Importing changes nothing:
no plotting state, no seeds, no downloads, no output.
"""

from types import ModuleType as _ModuleType

from d2lite import compat as _compat  # stops at once on releases that cannot work together
from d2lite._book_names import missing_name as _missing_name
from d2lite.aliases import ALIASES as _ALIASES
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
from d2lite.exercises import (
    CheckResult,
    check_accumulator,
    check_accuracy,
    check_collapse,
    check_cross_entropy,
    check_data_iter,
    check_evaluate_accuracy,
    check_huber_loss,
    check_linreg,
    check_sgd,
    check_softmax,
    check_squared_loss,
    check_synthetic_data,
)
from d2lite.fonts import use_chinese_font
from d2lite.lang import get_lang, set_lang
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
from d2lite.version import __version__

# The public names are exactly the ones imported above: read off, never listed twice.
__all__ = [
    "__version__",
    *sorted(
        name
        for name, value in globals().items()
        if not name.startswith("_") and not isinstance(value, _ModuleType)
    ),
]


def __getattr__(name: str):
    # `d2l.plt` is matplotlib.pyplot, as in the book, imported only when first used.
    if name == "plt":
        import matplotlib.pyplot as plt

        return plt
    raise _missing_name(__name__, name, _ALIASES)
