"""Messages of d2lite's learning part: (English, Chinese) pairs under their keys.

Training and evaluation (`training`, `recipes`, `metrics`, `nets`), the errors that
teach (`mistakes`), devices, linear regression from scratch, plots and the names of the
book's other chapters. The 1.0 classes' messages are in `learning_classes`.
"""

TEXT: dict[str, tuple[str, str]] = {
    # errors that teach: PyTorch's errors explained (d2lite.mistakes)
    "mistakes.pytorch_said": (
        "{explanation}. PyTorch said: {error}",
        "{explanation}。\n\nPyTorch 的原始错误信息：{error}",
    ),
    "mistakes.uint8_images": (
        "the batch X holds {dtype} values (shape {shape}) but the net computes in floating point: "
        "convert the images with X.float() / 255 (what ToTensor does), or load them with "
        "d2l.load_data_fashion_mnist, whose batches are already float32 in [0, 1]",
        "批量 `X` 中的值是 {dtype} 类型（形状为 {shape}），而网络用浮点数计算：用 `X.float() / "
        "255` 转换图像（`ToTensor` 做的正是这一步），或者用 `d2l.load_data_fashion_mnist` 加载数据"
        "，它给出的批量已经是 [0, 1] 区间内的 `float32`",
    ),
    "mistakes.flatten_fix": (
        "each example must become one row of {w_rows} numbers first: X.reshape((-1, {w_rows})) in "
        "a from-scratch net, or nn.Flatten() as the first layer of nn.Sequential",
        "要先把每个样本展平成一行 {w_rows} 个数：从零实现的网络里写 `X.reshape((-1, {w_rows}))`，"
        "或者把 `nn.Flatten()` 作为 `nn.Sequential` 的第一层",
    ),
    "mistakes.inputs_fix": (
        "the layer expects {w_rows} inputs per example but gets {cols}: give it {cols} inputs "
        "(e.g. nn.Linear({cols}, {w_cols})) or check how X is built",
        "该层要求每个样本有 {w_rows} 个输入，实际得到 {cols} 个：让它接受 {cols} 个输入（例如 "
        "`nn.Linear({cols}, {w_cols})`），或者检查 `X` 是怎样构造的",
    ),
    "mistakes.matmul": (
        "the net cannot multiply the batch X of shape {shape} by a weight matrix of shape "
        "({w_rows}, {w_cols}): it got a ({rows}, {cols}) matrix; {fix}",
        "网络无法把形状为 {shape} 的批量 `X` 与形状为 ({w_rows}, {w_cols}) 的权重矩阵相乘：它得到"
        "的是 ({rows}, {cols}) 的矩阵；{fix}",
    ),
    "mistakes.too_few_outputs": (
        "the net returns {num_outputs} scores per example (output shape {shape}) but the labels "
        "go up to {largest}: there must be one output per class, so for Fashion-MNIST's 10 "
        "classes the last layer needs 10 outputs, e.g. nn.Linear(784, 10), or W of shape (784, "
        "10) and b of shape (10,)",
        "网络对每个样本只输出 {num_outputs} 个分数（输出形状为 {shape}），但标签最大到 {largest}："
        "每个类别都需要一个输出，Fashion-MNIST 有 10 个类别，所以最后一层需要 10 个输出，例如 "
        "`nn.Linear(784, 10)`，或者形状为 (784, 10) 的 `W` 和形状为 (10,) 的 `b`",
    ),
    "mistakes.no_grad": (
        "the loss does not depend on any tensor that requires a gradient, so backward() has "
        "nothing to compute: create the parameters with requires_grad=True, e.g. W = "
        "torch.normal(0, 0.01, size=(784, 10), requires_grad=True), or make them nn.Parameter; "
        "also check that the model does not call .detach() or run under torch.no_grad()",
        "损失不依赖任何需要梯度的张量，所以 `backward()` 没有可计算的东西：创建参数时加上 "
        "`requires_grad=True`，例如 `W = torch.normal(0, 0.01, size=(784, 10), "
        "requires_grad=True)`，或者把它们设为 `nn.Parameter`；另外检查模型没有调用 `.detach()`，也"
        "没有在 `torch.no_grad()` 下运行",
    ),
    # nets and their devices, losses, divergence (d2lite.nets)
    "nets.device_where_given": (
        "device={device!r} puts the batches on {batch_device}",
        "`device={device!r}` 把批量放到了 {batch_device} 上",
    ),
    "nets.device_where": ("the batches are on {batch_device}", "批量在 {batch_device} 上"),
    "nets.device_fix_module": (
        "move the net there with net.to({device!r})",
        "用 `net.to({device!r})` 把网络移到那里",
    ),
    "nets.device_fix_scratch": (
        "create the parameters on that device, e.g. torch.normal(0, 0.01, size={shape}, "
        "device={device!r}, requires_grad=True), or pass device={param_device!r}",
        "在那个设备上创建参数，例如 `torch.normal(0, 0.01, size={shape}, device={device!r}, "
        "requires_grad=True)`，或者传入 `device={param_device!r}`",
    ),
    "nets.device_fix_none": (
        "pass device={param_device!r} to move the batches there",
        "传入 `device={param_device!r}`，把批量移到那里",
    ),
    "nets.device_mismatch": (
        "{where} but a parameter of the net (shape {shape}) is on {param_device}; {fix}",
        "{where}，但网络的一个参数（形状为 {shape}）在 {param_device} 上；{fix}",
    ),
    "nets.different_devices": (
        "the net's parameters and the batch (on {device}) are on different devices; create or "
        "move the parameters to the batch's device, or pass device=... so both end up on one "
        "device",
        "网络的参数和批量（在 {device} 上）不在同一个设备上：把参数创建在或移到批量所在的设备上，"
        "或者传入 `device=...`，让两者位于同一个设备",
    ),
    "nets.per_example_loss": (
        "the loss returned shape {shape} for a batch of {batch} examples, but training needs one "
        "loss per example: create it with reduction='none', e.g. "
        "nn.CrossEntropyLoss(reduction='none'), or return the unreduced loss",
        "对于 {batch} 个样本的批量，损失函数返回的形状是 {shape}，但训练需要每个样本的损失（每个样"
        "本一个）：创建损失函数时指定 `reduction='none'`，例如 "
        "`nn.CrossEntropyLoss(reduction='none')`，或者返回未求平均值或总和的损失",
    ),
    "nets.step_not_tensor": (
        "{name}.training_step must return the loss as a tensor, got {loss!r}; end it with `return "
        "l`",
        "`{name}.training_step` 必须以张量的形式返回损失，得到的却是 {loss!r}；在它的末尾写上 "
        "`return l`",
    ),
    "nets.loss_not_scalar": (
        "{name}'s loss has shape {shape}, but training needs one number: average it over the "
        "batch, e.g. return l.mean()",
        "{name} 的损失形状为 {shape}，但训练需要一个数：对小批量求平均值，例如 `return l.mean()`",
    ),
    "nets.advice_unknown_lr": (
        "the learning rate is probably too large, try one ten times smaller (or check the data "
        "for nan/inf values)",
        "学习率可能太大了，试试小十倍的学习率（或者检查数据中有没有 nan/inf 值）",
    ),
    "nets.advice_option": (
        "training diverged, try a smaller learning rate than {option} {lr:g}, e.g. {option} "
        "{smaller:g}",
        "训练发散了，试试比 `{option} {lr:g}` 更小的学习率，例如 `{option} {smaller:g}`",
    ),
    "nets.advice_lr": (
        "the learning rate {lr:g} is probably too large, try {smaller:g} or smaller (or check the "
        "data for nan/inf values)",
        "学习率 {lr:g} 可能太大了，试试 {smaller:g} 或更小的值（或者检查数据中有没有 nan/inf 值）",
    ),
    # metrics (d2lite.metrics)
    "metrics.accumulator_add": (
        "Accumulator.add expects {n} values, got {got}; pass one value per accumulated variable",
        "`Accumulator.add` 需要 {n} 个值，得到的却是 {got} 个；每个累加的变量传入一个值",
    ),
    "metrics.rows": (
        "the net's output has shape {shape} but there are {num_labels} labels (shape {y_shape}); "
        "the net must return one row of class scores per example, shape ({num_labels}, "
        "num_classes): check how it reshapes X (e.g. X.reshape((-1, W.shape[0]))) and that the "
        "images have the size the model expects",
        "网络输出的形状是 {shape}，但有 {num_labels} 个标签（形状为 {y_shape}）；网络必须为每个样"
        "本返回一行类别分数，形状为 `({num_labels}, num_classes)`：检查它怎样改变 `X` 的形状（例如"
        " `X.reshape((-1, W.shape[0]))`），以及图像的尺寸是否是模型所要求的",
    ),
    "metrics.extra_dims": (
        "the net's output has shape {shape}; accuracy needs class scores of shape (batch_size, "
        "num_classes) or predicted labels of shape (batch_size,): flatten the extra dimensions in "
        "the net",
        "网络输出的形状是 {shape}；计算精度需要形状为 `(batch_size, num_classes)` 的类别分数，或者"
        "形状为 `(batch_size,)` 的预测标签：请在网络中把多出来的维度展平",
    ),
    "metrics.one_hot": (
        "the labels have shape {y_shape}, one row per example like the scores {shape}: they look "
        "one-hot encoded, but accuracy compares class indices of shape ({n},); pass "
        "y.argmax(dim=1)",
        "标签的形状是 {y_shape}，和分数 {shape} 一样每个样本一行：看起来是独热编码，但计算精度比较"
        "的是形状为 ({n},) 的类别索引；请传入 `y.argmax(dim=1)`",
    ),
    "metrics.label_shape": (
        "the labels have shape {y_shape}; accuracy needs one class index per example, shape ({n},)",
        "标签的形状是 {y_shape}；计算精度需要每个样本一个类别索引，形状为 ({n},)",
    ),
    "metrics.label_dtype": (
        "the labels are {dtype} but must be class indices (integers 0 to {last}); convert "
        "whole-number labels with y.long()",
        "标签的数据类型是 {dtype}，但必须是类别索引（0 到 {last} 的整数）；取整数值的标签可以用 "
        "`y.long()` 转换",
    ),
    "metrics.no_examples": (
        "data_iter yielded no examples; pass a loader with at least one batch",
        "`data_iter` 没有给出任何样本；请传入至少有一个批量的数据迭代器",
    ),
    "metrics.loss_outputs": (
        "the net's output has shape {shape} but the labels have shape {y_shape}; evaluate_loss "
        "needs one output per label",
        "网络输出的形状是 {shape}，但标签的形状是 {y_shape}；`evaluate_loss` 要求每个标签对应一个"
        "输出",
    ),
    "metrics.loss_reduced": (
        "the loss returned one number for the whole batch, but evaluate_loss averages per-example "
        "losses: create it with reduction='none', e.g. nn.MSELoss(reduction='none')",
        "损失函数对整个批量只返回了一个数，但 `evaluate_loss` 要对每个样本的损失求平均值：创建损失"
        "函数时指定 `reduction='none'`，例如 `nn.MSELoss(reduction='none')`",
    ),
    # the classic training loop (d2lite.training, d2lite.recipes)
    "train.history": (
        "{name}(epochs={epochs}, train_loss={train_loss:.4f}, train_acc={train_acc:.4f}, "
        "test_acc={test_acc:.4f})",
        "{name}(共 {epochs} 轮，训练损失 {train_loss:.4f}，训练精度 {train_acc:.4f}，测试精度 "
        "{test_acc:.4f})",
    ),
    "train.history_empty": ("{name}(epochs=0)", "{name}(共 0 轮)"),
    "train.no_epochs_to_plot": (
        "History.save_plot: there are no epochs to plot",
        "`History.save_plot`：还没有任何一轮的结果可以绘制",
    ),
    "train.curve_epoch": ("epoch", "迭代周期"),
    "train.curve_train_loss": ("train loss", "训练损失"),
    "train.curve_train_acc": ("train acc", "训练精度"),
    "train.curve_test_acc": ("test acc", "测试精度"),
    "train.bar": ("epoch {epoch}/{num_epochs}", "第 {epoch}/{num_epochs} 轮"),
    "train.net_not_callable": (
        "net must be callable (an nn.Module or a function X -> scores), got {type}",
        "`net` 必须可以调用（一个 `nn.Module`，或一个把 `X` 映射为分数的函数），得到的却是 {type}",
    ),
    "train.loss_not_callable": (
        "loss must be callable, got {type}; pass for example nn.CrossEntropyLoss(reduction='none')",
        "`loss` 必须可以调用，得到的却是 {type}；例如传入 `nn.CrossEntropyLoss(reduction='none')`",
    ),
    "train.bad_updater": (
        "updater must be a torch.optim.Optimizer or a function updater(batch_size), got {type}; "
        "pass for example torch.optim.SGD(net.parameters(), lr=0.1)",
        "`updater` 必须是 `torch.optim.Optimizer` 或函数 `updater(batch_size)`，得到的却是 "
        "{type}；例如传入 `torch.optim.SGD(net.parameters(), lr=0.1)`",
    ),
    "train.in_epoch_batch": (
        "in epoch {epoch} (batch {batch})",
        "在第 {epoch} 轮（第 {batch} 个批量）",
    ),
    "train.in_batch": ("in batch {batch}", "在第 {batch} 个批量"),
    "train.diverged": (
        "loss became {value} {where}; {advice}",
        "损失{where}变成了 {value}；{advice}",
    ),
    "train.diverged_epoch": (
        "the loss became {value} in epoch {epoch}; {advice}",
        "损失在第 {epoch} 轮变成了 {value}；{advice}",
    ),
    "train.no_examples": (
        "train_iter yielded no examples; pass a loader with at least one batch",
        "`train_iter` 没有给出任何样本；请传入至少有一个批量的数据迭代器",
    ),
    "train.save_plot_type": (
        "save_plot must be a file path such as 'curves.png' (or None, or False), got {value!r}",
        "`save_plot` 必须是文件路径，例如 'curves.png'（或者 None、False），得到的却是 {value!r}",
    ),
    "train.save_plot_folder": (
        "save_plot={path!r}: the folder {folder!r} does not exist; create it first or pick "
        "another path",
        "`save_plot={path!r}`：文件夹 {folder!r} 不存在；请先创建它，或者换一个路径",
    ),
    "train.one_shot": (
        "{name} is a one-shot iterator ({type}): it would be used up after the first of "
        "{num_epochs} epochs. Pass something that can be iterated again, such as "
        "d2l.load_array((X, y), batch_size), a DataLoader, or a list of batches (list(...)); a "
        "generator function works when wrapped in a class whose __iter__ calls it",
        "`{name}` 是只能遍历一次的迭代器（{type}）：{num_epochs} 个迭代周期中的第一轮过后它就用完"
        "了。请传入可以反复遍历的对象，例如 `d2l.load_array((X, y), batch_size)`、`DataLoader` 或"
        "由批量组成的列表（`list(...)`）；生成器函数要包装在一个类中，由这个类的 `__iter__` 调用它"
        "，才能使用",
    ),
    "train.saved_plot": ("saved the training curves to {path}", "训练曲线已保存到 {path}"),
    "train.no_display": (
        "the training curves are not shown (no display); history.save_plot('curves.png') saves "
        "them, or pass save_plot='curves.png' to train_ch3",
        "这里没有显示器，无法显示训练曲线；`history.save_plot('curves.png')` 可以保存它们，也可以"
        "给 `train_ch3` 传入 `save_plot='curves.png'`",
    ),
    # devices (d2lite.devices)
    "devices.no_cuda": (
        "{source} asks for {device!r} but PyTorch sees {count} CUDA device(s); use 'cpu', or one "
        "of {available}",
        "`{source}` 要求使用 {device!r}，但 PyTorch 只看到 {count} 个 CUDA 设备；请使用 'cpu'，或"
        "者 {available} 中的一个",
    ),
    "devices.no_mps": (
        "{source} asks for 'mps' but Apple MPS is not available; use 'cpu'",
        "`{source}` 要求使用 'mps'，但这台机器上没有可用的 MPS（苹果芯片的 GPU）；请使用 'cpu'",
    ),
    "devices.bad_type": (
        "{source} must be a str or torch.device, got {device!r} of type {type}; pass for example "
        "'cpu' or 'cuda:0'",
        "`{source}` 必须是字符串或 `torch.device`，得到的却是类型为 {type} 的 {device!r}；例如传入"
        " 'cpu' 或 'cuda:0'",
    ),
    "devices.bad_name": (
        "{source} {device!r} is not a device name; use 'cpu', 'cuda', 'cuda:N' or 'mps'",
        "`{source}` {device!r} 不是设备名；请使用 'cpu'、'cuda'、'cuda:N' 或 'mps'",
    ),
    "devices.reason_env": (
        "set by the environment variable {env}={value}",
        "由环境变量 `{env}={value}` 指定",
    ),
    "devices.reason_cuda": ("CUDA is available ({name})", "CUDA 可用（{name}）"),
    "devices.reason_mps": ("Apple MPS is available", "MPS（苹果芯片的 GPU）可用"),
    "devices.reason_cpu": ("no CUDA or MPS device is available", "没有可用的 CUDA 或 MPS 设备"),
    # linear regression from scratch (d2lite.regression)
    "regression.bad_w": (
        "w must be a 1-D tensor of weights of shape (d,), got shape {shape}; pass for example "
        "torch.tensor([2, -3.4])",
        "`w` 必须是形状为 (d,) 的一维权重张量，得到的形状却是 {shape}；例如传入 `torch.tensor([2, "
        "-3.4])`",
    ),
    "regression.bad_b": (
        "b must be a scalar bias, got shape {shape}; pass for example 4.2",
        "`b` 必须是标量偏置，得到的形状却是 {shape}；例如传入 4.2",
    ),
    "regression.linreg": (
        "X has {features} features (shape {x_shape}) but w has {rows} rows (shape {w_shape}); w "
        "needs one row per feature of X",
        "`X` 有 {features} 个特征（形状为 {x_shape}），但 `w` 有 {rows} 行（形状为 {w_shape}）；"
        "`X` 的每个特征都需要 `w` 中的一行",
    ),
    "regression.squared_loss": (
        "y_hat has {n_hat} values (shape {hat_shape}) but y has {n} (shape {y_shape}); pass one "
        "prediction per label",
        "`y_hat` 有 {n_hat} 个值（形状为 {hat_shape}），但 `y` 有 {n} 个（形状为 {y_shape}）；每个"
        "标签需要一个预测",
    ),
    "regression.no_grad": (
        "parameter {i} (shape {shape}) has no gradient; create it with requires_grad=True and "
        "call l.sum().backward() before sgd",
        "第 {i} 个参数（形状为 {shape}）没有梯度；创建它时加上 `requires_grad=True`，并在调用 "
        "`sgd` 之前调用 `l.sum().backward()`",
    ),
    # plots (d2lite.plotting, d2lite.live)
    "plot.figsize_type": (
        "figsize must be a pair (width, height) in inches, got {figsize!r}; pass for example "
        "(3.5, 2.5)",
        "`figsize` 必须是以英寸为单位的一对数 `(width, height)`，得到的却是 {figsize!r}；例如传入 "
        "(3.5, 2.5)",
    ),
    "plot.figsize_positive": (
        "figsize must be positive, got {figsize!r}; pass for example (3.5, 2.5)",
        "`figsize` 必须为正数，得到的却是 {figsize!r}；例如传入 (3.5, 2.5)",
    ),
    "plot.image_shape": (
        "each image must have shape (H, W), (1, H, W), (3, H, W) or (H, W, 3), got {shape}; pass "
        "a batch such as X of shape (B, 1, 28, 28)",
        "每张图像的形状必须是 (H, W)、(1, H, W)、(3, H, W) 或 (H, W, 3)，得到的却是 {shape}；请传"
        "入一个批量，例如形状为 (B, 1, 28, 28) 的 `X`",
    ),
    "plot.no_images": (
        "show_images got no images; pass a batch such as X[:8]",
        "`show_images` 没有得到任何图像；请传入一个批量，例如 `X[:8]`",
    ),
    "plot.titles": (
        "titles has {n} entries but {shown} images are shown; pass one title per image",
        "`titles` 有 {n} 项，但要显示 {shown} 张图像；请为每张图像传入一个标题",
    ),
    "plot.add_xy": (
        "Animator.add got {nx} x values but {ny} y values; pass one x (shared) or one per y",
        "`Animator.add` 得到了 {nx} 个 `x` 值，但有 {ny} 个 `y` 值；请传入一个（共用的）`x`，或者"
        "每个 `y` 一个 `x`",
    ),
    "plot.add_count": (
        "Animator.add got {n} y values but earlier calls had {before}; pass the same number of "
        "values every time (None to skip one)",
        "`Animator.add` 得到了 {n} 个 `y` 值，但之前的调用有 {before} 个；每次都要传入同样多的值（"
        "用 None 跳过一个）",
    ),
    "plot.save_folder": (
        "cannot save the figure to {path!r}: the folder {folder!r} does not exist; create it "
        "first or pick another path",
        "无法把图保存到 {path!r}：文件夹 {folder!r} 不存在；请先创建它，或者换一个路径",
    ),
    "plot.window_open": (
        "d2lite: the plot window stays open; close it to finish",
        "`d2lite`：绘图窗口保持打开；关闭它即可结束",
    ),
    # names of the book's d2l package from other chapters (d2lite._book_names)
    "book.no_attribute": (
        "module {module!r} has no attribute {name!r}",
        "模块 {module!r} 没有属性 {name!r}",
    ),
    "book.alias": (
        "; {name} is one of the book's tensor aliases, which live in the book namespace: write "
        "`from d2lite import torch as d2l` instead of `import d2lite as d2l`",
        "；`{name}` 是书中的张量别名之一，这些别名位于书的命名空间中：请写 `from d2lite import "
        "torch as d2l`，而不是 `import d2lite as d2l`",
    ),
    "book.other_chapter": (
        "; d2l.{name} belongs to the book's chapter {chapter}. {covers}; for that chapter use the "
        "book's own package (`from d2l import torch as d2l`)",
        "；`d2l.{name}` 属于书中的{chapter}。{covers}；学习那一章请使用书本身的 `d2l` 包（`from "
        "d2l import torch as d2l`）",
    ),
    "book.covers": (
        "d2lite covers the book's linear-networks chapter (线性神经网络; 1.0: Linear Neural "
        "Networks for Regression and for Classification) and the multilayer-perceptron chapter (多"
        "层感知机) that reuses its helpers",
        "`d2lite` 涵盖书中的“线性神经网络”一章，以及沿用其辅助函数的“多层感知机”一章",
    ),
}
