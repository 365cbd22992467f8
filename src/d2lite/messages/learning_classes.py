"""Messages of d2lite's 1.0 classes (`d2lite.classes`): (English, Chinese) pairs.

The `Trainer`, `Module`, `Classifier`, `DataModule`, `ProgressBoard` and the book's
`add_to_class` / `HyperParameters`.
"""

TEXT: dict[str, tuple[str, str]] = {
    # the 1.0 Trainer (d2lite.classes.trainer)
    "trainer.loader_len": (
        "the {which} loader must have a length (len(loader) batches), got {type}; return a loader "
        "such as self.get_tensorloader(...) or a torch DataLoader from get_dataloader, not a "
        "generator",
        "{which}的数据迭代器必须有长度（`len(loader)` 个批量），得到的却是 {type}；请让 "
        "`get_dataloader` 返回 `self.get_tensorloader(...)` 这样的数据迭代器或 torch 的 "
        "`DataLoader`，而不是生成器",
    ),
    "trainer.which_train": ("training", "训练集"),
    "trainer.which_val": ("validation", "验证集"),
    "trainer.num_gpus_type": (
        "num_gpus must be a whole number, got {value!r} of type {type}; pass 0 for the CPU or 1 "
        "for a GPU",
        "`num_gpus` 必须是整数，得到的却是类型为 {type} 的 {value!r}；用 CPU 请传入 0，用一个 GPU "
        "请传入 1",
    ),
    "trainer.num_gpus_negative": (
        "num_gpus must be a whole number >= 0, got {value!r}; pass 0 for the CPU",
        "`num_gpus` 必须是大于或等于 0 的整数，得到的却是 {value!r}；用 CPU 请传入 0",
    ),
    "trainer.clip_type": (
        "gradient_clip_val must be a number, got {value!r}; pass 0 to never clip, or for example 1",
        "`gradient_clip_val` 必须是一个数，得到的却是 {value!r}；传入 0 表示从不裁剪梯度，或者例如"
        "传入 1",
    ),
    "trainer.clip_negative": (
        "gradient_clip_val must be a number >= 0, got {value!r}; pass 0 to never clip, or for "
        "example 1",
        "`gradient_clip_val` 必须是大于或等于 0 的数，得到的却是 {value!r}；传入 0 表示从不裁剪梯"
        "度，或者例如传入 1",
    ),
    "trainer.too_many_gpus": (
        "num_gpus={num_gpus} but PyTorch sees {available} CUDA device(s); pass num_gpus=0 to "
        "train on the CPU{at_most}",
        "`num_gpus={num_gpus}`，但 PyTorch 只看到 {available} 个 CUDA 设备；传入 `num_gpus=0` 在 "
        "CPU 上训练{at_most}",
    ),
    "trainer.at_most": (
        ", or at most num_gpus={available}",
        "，或者最多传入 `num_gpus={available}`",
    ),
    "trainer.not_data": (
        "fit needs data with train_dataloader() and val_dataloader(), such as a d2l.DataModule, "
        "got {type}; pass for example d2l.FashionMNIST(batch_size=256)",
        "`fit` 需要带有 `train_dataloader()` 和 `val_dataloader()` 的数据，例如 `d2l.DataModule`，"
        "得到的却是 {type}；例如传入 `d2l.FashionMNIST(batch_size=256)`",
    ),
    "trainer.no_batches": (
        "{name}.train_dataloader() yields no batches, so there is nothing to train on; check that "
        "the training split holds examples (e.g. num_train >= 1)",
        "`{name}.train_dataloader()` 没有给出任何批量，没有可以训练的数据；请检查训练集中是否有样"
        "本（例如 `num_train >= 1`）",
    ),
    "trainer.not_module": (
        "fit needs a d2l.Module (with training_step, configure_optimizers and a board), got "
        "{type}; derive the model from d2l.Module or d2l.Classifier, e.g. class "
        "MyModel(d2l.Classifier): ...",
        "`fit` 需要一个 `d2l.Module`（带有 `training_step`、`configure_optimizers` 和 `board`），"
        "得到的却是 {type}；请让模型继承 `d2l.Module` 或 `d2l.Classifier`，例如 `class "
        "MyModel(d2l.Classifier): ...`",
    ),
    "trainer.not_optimizer": (
        "{name}.configure_optimizers() must return an optimizer (with step() and zero_grad()), "
        "got {optim!r}; return for example torch.optim.SGD(self.parameters(), lr=self.lr)",
        "`{name}.configure_optimizers()` 必须返回一个优化器（带有 `step()` 和 `zero_grad()`），得"
        "到的却是 {optim!r}；例如返回 `torch.optim.SGD(self.parameters(), lr=self.lr)`",
    ),
    "trainer.no_display": (
        "the training curves are not shown (no display); model.board.save('curves.png') saves them",
        "这里没有显示器，无法显示训练曲线；`model.board.save('curves.png')` 可以保存它们",
    ),
    "trainer.diverged": (
        "the training loss became {value} in epoch {epoch}; {advice}",
        "训练损失在第 {epoch} 轮变成了 {value}；{advice}",
    ),
    # Module, Classifier, DataModule (d2lite.classes.module, .datamodules)
    "classes.no_loss": (
        "{name} has no loss: define loss(self, y_hat, y) returning a scalar, or derive from "
        "d2l.Classifier (cross-entropy) or d2l.LinearRegression",
        "{name} 没有 `loss`：请定义返回标量的 `loss(self, y_hat, y)`，或者继承 `d2l.Classifier`（"
        "交叉熵）或 `d2l.LinearRegression`",
    ),
    "classes.no_net": (
        "{name} has no self.net and no forward: set self.net = nn.Sequential(...) in __init__, or "
        "define forward(self, X)",
        "{name} 既没有 `self.net` 也没有 `forward`：请在 `__init__` 中设置 `self.net = "
        "nn.Sequential(...)`，或者定义 `forward(self, X)`",
    ),
    "classes.no_lr": (
        "{name} has no learning rate self.lr: take lr as an argument of __init__ and call "
        "self.save_hyperparameters(), or override configure_optimizers",
        "{name} 没有学习率 `self.lr`：请把 `lr` 作为 `__init__` 的参数并调用 "
        "`self.save_hyperparameters()`，或者重写 `configure_optimizers`",
    ),
    "classes.no_parameters": (
        "{name}.parameters() is empty, so there is nothing to train: tensors made with "
        "torch.normal(..., requires_grad=True) are not registered by nn.Module; wrap them in "
        "nn.Parameter, define parameters(self) returning them, or override configure_optimizers",
        "`{name}.parameters()` 为空，没有可以训练的参数：`nn.Module` 不会登记用 "
        "`torch.normal(..., requires_grad=True)` 创建的张量；请用 `nn.Parameter` 包装它们，或者定"
        "义返回它们的 `parameters(self)`，或者重写 `configure_optimizers`",
    ),
    "classes.output_shape": ("output shape:\t", "输出形状：\t"),
    "classes.no_get_dataloader": (
        "{name} has no get_dataloader: define get_dataloader(self, train) returning a loader, "
        "e.g. self.get_tensorloader((X, y), train, indices)",
        "{name} 没有 `get_dataloader`：请定义返回数据迭代器的 `get_dataloader(self, train)`，例如"
        "让它返回 `self.get_tensorloader((X, y), train, indices)`",
    ),
    "classes.no_batch_size": (
        "{name} has no batch_size: take batch_size as an argument of __init__ and call "
        "self.save_hyperparameters()",
        "{name} 没有 `batch_size`：请把 `batch_size` 作为 `__init__` 的参数，并调用 "
        "`self.save_hyperparameters()`",
    ),
    "classes.num_val": (
        "num_val must be a whole number >= 0, got {value!r}",
        "`num_val` 必须是大于或等于 0 的整数，得到的却是 {value!r}",
    ),
    # ProgressBoard and the book's small utilities (.board, .hyperparameters)
    "classes.board_scalar": (
        "ProgressBoard.draw plots one number per point, got a tensor of shape {shape}; pass a "
        "scalar such as loss.mean()",
        "`ProgressBoard.draw` 每个点只画一个数，得到的却是形状为 {shape} 的张量；请传入标量，例如 "
        "`loss.mean()`",
    ),
    "classes.every_n": (
        "every_n must be a whole number, got {value!r}; pass for example 2",
        "`every_n` 必须是整数，得到的却是 {value!r}；例如传入 2",
    ),
    "classes.board_line": ("epoch {epoch}{of}: {shown}", "第 {epoch}{of} 轮：{shown}"),
    "classes.label_train_loss": ("train_loss", "训练损失"),
    "classes.label_train_acc": ("train_acc", "训练精度"),
    "classes.label_val_loss": ("val_loss", "验证损失"),
    "classes.label_val_acc": ("val_acc", "验证精度"),
    "classes.add_to_class": (
        "add_to_class takes a class, got {value!r} of type {type}; write "
        "@d2l.add_to_class(MyClass) above the function",
        "`add_to_class` 的参数必须是类，得到的却是类型为 {type} 的 {value!r}；请在函数上方写 "
        "`@d2l.add_to_class(MyClass)`",
    ),
    "classes.ignore": (
        "ignore must be a list of argument names, got {value!r}; pass for example ignore=['c']",
        "`ignore` 必须是由参数名组成的列表，得到的却是 {value!r}；例如传入 `ignore=['c']`",
    ),
    "classes.save_hparams_where": (
        "save_hyperparameters() was called from {where}; it reads the arguments of the method "
        "that calls it, so call it inside __init__, e.g. def __init__(self, lr): "
        "super().__init__(); self.save_hyperparameters()",
        "`save_hyperparameters()` 的调用位置是 {where}；它读取的是调用它的方法的参数，所以要在 "
        "`__init__` 中调用它，例如 `def __init__(self, lr): super().__init__(); "
        "self.save_hyperparameters()`",
    ),
    "classes.outside_function": ("outside a function", "函数之外"),
}
