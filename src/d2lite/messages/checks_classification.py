"""Messages of the classification checkers: softmax, cross_entropy and their evaluation.

(English, Chinese) pairs under "check.*" keys, for the checks of softmax,
cross_entropy, accuracy, evaluate_accuracy and Accumulator. Keys with a check's
prefix ("check.sm_", "check.ce_", "check.acc_", "check.ea_", "check.am_") are its
hints, one per mistake the check recognises, or its notes; those ending in "_given",
"_expected" or "_reference" are the pieces of the verdict that describe a case.
"""

TEXT: dict[str, tuple[str, str]] = {
    # softmax
    "check.sm_overflow": (
        "exp of logits near +1000 overflows to inf (and near -1000 underflows to 0) in float32, "
        "and inf / inf or 0 / 0 is nan. The book's version is fine for ordinary scores; to make "
        "it stable, subtract each row's max first, which does not change the softmax: X = X - "
        "X.max(dim=1, keepdim=True).values",
        "在 `float32` 中，未规范化的预测（`logits`）接近 +1000 时 `exp` 上溢为 inf（接近 -1000 时"
        "下溢为 0），inf / inf 或 0 / 0 得到 nan。书中的写法对普通的分数没有问题；要让它数值稳定，"
        "先减去每行的最大值（softmax 的结果不变）：`X = X - X.max(dim=1, keepdim=True).values`",
    ),
    "check.sm_axis": (
        "each column sums to 1 instead of each row: sum over the classes, dim 1, partition = "
        "X_exp.sum(1, keepdim=True)",
        "结果是每列之和为 1，而不是每行：应在类别维（第 1 维）上求和，`partition = X_exp.sum(1, "
        "keepdim=True)`",
    ),
    "check.sm_not_normalised": (
        "the rows do not sum to 1: divide by each row's sum, X_exp / X_exp.sum(1, keepdim=True)",
        "每行之和不为 1：请除以每行的和，`X_exp / X_exp.sum(1, keepdim=True)`",
    ),
    "check.sm_keepdim": (
        "the row sums broadcast along the wrong dimension: keep them a column, partition = "
        "X_exp.sum(1, keepdim=True), so that (n, q) / (n, 1) divides each row by its own sum",
        "行和沿错误的维度广播了：请保持为列向量，`partition = X_exp.sum(1, keepdim=True)`，这样 "
        "(n, q) / (n, 1) 才是每行除以自己的和",
    ),
    "check.sm_shape": (
        "return probabilities shaped like X, {want}, not {got}",
        "应返回与 X 形状相同的概率，{want}，而不是 {got}",
    ),
    "check.sm_formula": (
        "softmax(X)[i, j] should be exp(X[i, j]) / sum over k of exp(X[i, k]), as "
        "torch.softmax(X, dim=1) computes",
        "`softmax(X)[i, j]` 应为 `exp(X[i, j])` 除以对 k 求和的 `exp(X[i, k])`，与 "
        "`torch.softmax(X, dim=1)` 相同",
    ),
    # cross_entropy
    "check.ce_minus": (
        "the losses have the wrong sign: put a minus in front, "
        "-torch.log(y_hat[range(len(y_hat)), y]); probabilities are at most 1, so their logs are "
        "never positive",
        "损失的符号反了：前面要加负号，`-torch.log(y_hat[range(len(y_hat)), y])`；概率不超过 1，其"
        "对数不会是正数",
    ),
    "check.ce_axis": (
        "rows and columns are swapped: rows are examples and columns classes, so pick "
        "y_hat[range(len(y_hat)), y]",
        "行和列弄反了：行是样本、列是类别，应取 `y_hat[range(len(y_hat)), y]`",
    ),
    "check.ce_all_columns": (
        "the result has shape {got}: y_hat[:, y] takes, for every example, the column of every "
        "label; pair row i with its own label y[i]: y_hat[range(len(y_hat)), y]",
        "结果的形状是 {got}：`y_hat[:, y]` 对每个样本都取出了所有标签对应的列；应让第 i 行配上它自"
        "己的标签 y[i]：`y_hat[range(len(y_hat)), y]`",
    ),
    "check.ce_sum": (
        "this is the sum of the per-example losses; return one loss per example, shape (n,), as "
        "the Chinese edition does, or their mean, as the 1.0 edition does",
        "这是各样本损失之和；应像中文版那样为每个样本返回一个损失（形状 (n,)），或像 1.0 版那样返"
        "回它们的平均值",
    ),
    "check.ce_no_log": (
        "take the logarithm: -torch.log(y_hat[range(len(y_hat)), y])",
        "要取对数：`-torch.log(y_hat[range(len(y_hat)), y])`",
    ),
    "check.ce_log_base": (
        "use the natural log, torch.log, not log2 or log10",
        "请用自然对数 torch.log，而不是 `log2` 或 `log10`",
    ),
    "check.ce_predicted": (
        "pick the probability of the true label y, not the largest probability: "
        "y_hat[range(len(y_hat)), y]",
        "应取真实标签 y 对应的概率，而不是最大的概率：`y_hat[range(len(y_hat)), y]`",
    ),
    "check.ce_all_classes": (
        "only the probability of the true class counts: -torch.log(y_hat[range(len(y_hat)), y]), "
        "not a sum over every class",
        "只有真实类别的概率才算数：`-torch.log(y_hat[range(len(y_hat)), y])`，而不是对所有类别求和",
    ),
    "check.ce_one_hot_nan": (
        "multiplying a one-hot vector by torch.log(y_hat) gives 0 * log(0) = nan when a "
        "probability is exactly 0; pick the true class's probability instead: "
        "y_hat[range(len(y_hat)), y]",
        "用独热向量乘以 `torch.log(y_hat)` 时，若某个概率恰好为 0，就会出现 `0 * log(0) = nan`；请"
        "直接取真实类别的概率：`y_hat[range(len(y_hat)), y]`",
    ),
    "check.ce_shape": (
        "return one loss per example, shape {want}, or their mean, a scalar; got shape {got}",
        "应为每个样本返回一个损失（形状 {want}），或返回它们的平均值（标量）；得到的形状是 {got}",
    ),
    "check.ce_index": (
        "an index was out of range: rows are examples and columns classes, so pick "
        "y_hat[range(len(y_hat)), y]",
        "索引越界：行是样本、列是类别，应取 `y_hat[range(len(y_hat)), y]`",
    ),
    "check.ce_formula": (
        "cross_entropy should give -log(y_hat[i, y[i]]) for each example i: "
        "-torch.log(y_hat[range(len(y_hat)), y])",
        "`cross_entropy` 应对每个样本 i 给出 `-log(y_hat[i, y[i]])`："
        "`-torch.log(y_hat[range(len(y_hat)), y])`",
    ),
    "check.ce_mean_classic": (
        "this returns the mean loss, a scalar, as the 1.0 edition (d2l.ai) does; the Chinese "
        "edition's cross_entropy returns one loss per example, shape (n,). It matters: train_ch3 "
        "sums the per-example losses (l.sum().backward()) and updater(X.shape[0]), sgd, divides "
        "by the batch size, so a mean is divided twice: the printed loss looks tiny (about 0.009) "
        'while the model barely learns. Leave out the .mean(), or check with edition="1.0" if '
        "you follow d2l.ai 1.0",
        "这里返回的是平均损失（标量），与 1.0 版（d2l.ai）相同；中文版的 `cross_entropy` 为每个样本"
        "返回一个损失，形状为 (n,)。这一点很重要：`train_ch3` 先对每个样本的损失求和"
        "（`l.sum().backward()`），`updater(X.shape[0])`（即 `sgd`）再除以批量大小，平均值于是被"
        "除了两次：打印出的损失看起来很小（约 0.009），模型却几乎学不到东西。请去掉 `.mean()`；"
        '如果你学的是 d2l.ai 1.0，请用 `edition="1.0"` 检查',
    ),
    "check.ce_per_example_1_0": (
        "this returns one loss per example, shape (n,), as the Chinese edition does; the 1.0 "
        "edition (d2l.ai) returns their mean, a scalar. It matters: the 1.0 Trainer calls "
        "loss.backward() on what the loss returns, which fails for a vector (grad can be "
        "implicitly created only for scalar outputs), and its SGD steps with the gradient of the "
        'mean as it is. Return the .mean(), or check with edition="classic" if you follow the '
        "Chinese book",
        "这里为每个样本返回一个损失（形状 (n,)），与中文版相同；1.0 版（d2l.ai）返回它们的平均值"
        "（标量）。这一点很重要：1.0 版的 `Trainer` 直接对损失调用 `loss.backward()`，对向量会出错"
        "（只能对标量输出隐式地创建梯度），它的 SGD 也直接用平均损失的梯度更新。请返回 `.mean()`；"
        '如果你学的是中文版，请用 `edition="classic"` 检查',
    ),
    "check.bad_edition": (
        'edition must be one of {editions}: "classic" for the Chinese book (动手学深度学习, d2l '
        '0.17: one loss per example) or "1.0" for d2l.ai 1.0 (their mean); got {value!r}',
        "`edition` 必须是 {editions} 之一：中文版《动手学深度学习》（d2l 0.17，每个样本一个损失）"
        '用 "classic"，d2l.ai 1.0（损失的平均值）用 "1.0"；得到的却是 {value!r}',
    ),
    "check.ce_note_vector": (
        "returns one loss per example, shape (n,), as the Chinese edition (动手学深度学习) does",
        "为每个样本返回一个损失（形状 (n,)），与中文版《动手学深度学习》相同",
    ),
    "check.ce_note_mean": (
        "returns the mean loss, a scalar, as the 1.0 edition (d2l.ai) does",
        "返回平均损失（标量），与 1.0 版（d2l.ai）相同",
    ),
    # accuracy
    "check.acc_fraction": (
        "this is the fraction correct ({got:.4g}); the book's accuracy returns the number correct "
        "({want:g}), and evaluate_accuracy divides by the number of examples",
        "这是正确的比例（{got:.4g}）；书中的 `accuracy` 返回预测正确的个数（{want:g}），"
        "`evaluate_accuracy` 才除以样本数",
    ),
    "check.acc_axis": (
        "take the argmax over the classes, dim 1, one prediction per example: y_hat.argmax(axis=1)",
        "应在类别维（第 1 维）上取 `argmax`，每个样本一个预测：`y_hat.argmax(axis=1)`",
    ),
    "check.acc_cast_first": (
        "convert after the argmax, not before: y_hat.argmax(axis=1), then .type(y.dtype); "
        "converting probabilities to integers first turns them all into 0",
        "应先 `argmax` 再转换类型：`y_hat.argmax(axis=1)`，然后 `.type(y.dtype)`；先把概率转成整数"
        "会把它们全变成 0",
    ),
    "check.acc_ties": (
        "count a prediction as correct only when argmax(y_hat[i]) == y[i]; when two classes tie, "
        "argmax picks the first",
        "只有 `argmax(y_hat[i]) == y[i]` 时才算预测正确；两个类别并列最大时，`argmax` 取第一个",
    ),
    "check.acc_labels": (
        "a 1-D y_hat already holds predicted labels; take the argmax only when len(y_hat.shape) > "
        "1 and y_hat.shape[1] > 1",
        "一维的 `y_hat` 已经是预测的标签；只有在 `len(y_hat.shape) > 1` 且 `y_hat.shape[1] > 1` 时"
        "才取 `argmax`",
    ),
    "check.acc_not_summed": (
        "return the number of correct predictions as one number: float(cmp.type(y.dtype).sum())",
        "应返回预测正确的个数（一个数）：`float(cmp.type(y.dtype).sum())`",
    ),
    "check.acc_not_number": (
        "return a number, e.g. float(cmp.type(y.dtype).sum()) (got {kind})",
        "应返回一个数，例如 `float(cmp.type(y.dtype).sum())`（得到的是{kind}）",
    ),
    "check.acc_size_error": (
        "the predictions and the labels have different lengths: take the argmax over dim 1, one "
        "prediction per example",
        "预测与标签的长度不同：应在第 1 维上取 `argmax`，每个样本一个预测",
    ),
    "check.acc_formula": (
        "accuracy should return the number of rows whose argmax equals the label, as a float",
        "`accuracy` 应以 `float` 返回 `argmax` 等于标签的行数",
    ),
    # evaluate_accuracy
    "check.ea_batch_mean": (
        "this is the mean of the per-batch accuracies ({got:.4g}); batches of different sizes "
        "must count by examples: add accuracy(net(X), y) (a count) and y.numel() to an "
        "Accumulator(2), then return metric[0] / metric[1]",
        "这是各批量精度的平均值（{got:.4g}）；批量大小不同时必须按样本数计：把 `accuracy(net(X), "
        "y)`（正确个数）和 `y.numel()` 加到 `Accumulator(2)` 中，最后返回 `metric[0] / metric[1]`",
    ),
    "check.ea_eval_mode": (
        "the net was left in training mode: call net.eval() first when net is an nn.Module "
        "(dropout and batch norm behave differently while training)",
        "网络仍处于训练模式：`net` 是 nn.Module 时要先调用 `net.eval()`（暂退法（`dropout`）和批量"
        "规范化在训练时的行为不同）",
    ),
    "check.ea_count": (
        "this is the number correct ({got:g}); divide by the number of examples: metric[0] / "
        "metric[1]",
        "这是预测正确的个数（{got:g}）；应除以样本数：`metric[0] / metric[1]`",
    ),
    "check.ea_per_batch_count": (
        "this divides by the number of batches; divide by the number of examples, y.numel() "
        "summed over the batches",
        "这里除以的是批量数；应除以样本数，即各批量 y.numel() 之和",
    ),
    "check.ea_not_number": (
        "return the fraction correct as a number (got {kind})",
        "应以一个数返回正确的比例（得到的是{kind}）",
    ),
    "check.ea_formula": (
        "evaluate_accuracy should return (number correct) / (number of examples) over the whole "
        "data_iter",
        "`evaluate_accuracy` 应返回整个 `data_iter` 上的（预测正确的个数）/（样本数）",
    ),
    "check.ea_no_grad": (
        "the value is right, but the net ran with autograd on, so every batch built a graph "
        "that is kept in memory for nothing: an evaluation needs no gradients. Wrap the loop in "
        "`with torch.no_grad():`",
        "数值正确，但网络运行时自动微分是开着的，每个批量都建立了一张计算图，白白占用内存：评估不需要"
        "梯度。请把循环放进 `with torch.no_grad():` 中",
    ),
    "check.ea_no_grad_got": (
        "net(X) ran with torch.is_grad_enabled() == True",
        "`net(X)` 运行时 `torch.is_grad_enabled() == True`",
    ),
    "check.ea_no_grad_expected": (
        "net(X) called inside with torch.no_grad():",
        "在 `with torch.no_grad():` 中调用 `net(X)`",
    ),
    "check.ea_attached": (
        "the result is a tensor still attached to the graph (it has a grad_fn), which keeps "
        "every batch's graph alive; compute the counts inside `with torch.no_grad():` and return "
        "a plain number, e.g. metric[0] / metric[1] of an Accumulator that adds float counts",
        "结果是仍连在计算图上的张量（它有 `grad_fn`），会让每个批量的计算图一直占着内存；请在 "
        "`with torch.no_grad():` 中计数，并返回一个普通的数，例如累加浮点数计数的 Accumulator 的 "
        "`metric[0] / metric[1]`",
    ),
    "check.ea_detached_expected": (
        "a number (a float), not attached to any graph",
        "一个数（`float`），不连在任何计算图上",
    ),
    "check.ea_train_eval_given": (
        "net = an nn.Module in training mode that gives X @ W in eval mode and -(X @ W) while "
        "training, like a net with dropout",
        "`net` = 处于训练模式的 nn.Module，评估模式下输出 X @ W，训练模式下输出 -(X @ W)，就像含暂"
        "退法（`dropout`）的网络",
    ),
    "check.ea_data_given": (
        "data_iter yields {n} examples in batches of sizes {sizes}",
        "`data_iter` 产出 {n} 个样本，各批量大小为 {sizes}",
    ),
    "check.ea_reference": (
        "(number correct) / (number of examples)",
        "（预测正确的个数）/（样本数）",
    ),
    # Accumulator
    "check.am_not_summed": (
        "the values must add up across calls: add each new value, converted to a float, to the "
        "sum already kept at its position instead of replacing that sum",
        "每次调用的值要累加起来：把每个新值转换为浮点数后加到同一位置已有的和上，而不是替换掉它",
    ),
    "check.am_truncates": (
        "the sums lost their fractions: convert with float(b), not int(b)",
        "累加和丢掉了小数部分：请用 `float(b)` 转换，而不是 `int(b)`",
    ),
    "check.am_init": (
        "a new Accumulator(n) must start with n sums of 0.0, but it held {got}: create the sums "
        "in __init__, on self (a list made in the class body is shared by every accumulator)",
        "新建的 Accumulator(n) 应从 n 个 0.0 开始，实际却是 {got}：请在 `__init__` 里把这些和创建"
        "在 `self` 上（写在类体里的列表会被所有累加器共用）",
    ),
    "check.am_reset": (
        "reset must set every sum back to 0.0 and keep n of them",
        "`reset` 应把每个和都变回 0.0，并保持 n 个",
    ),
    "check.am_length": (
        "Accumulator(n) must hold n sums, one for each value that add receives, made in "
        "__init__ and read back by acc[i]",
        "Accumulator(n) 应保存 n 个和，`add` 收到的每个值各对应一个；它们在 `__init__` 里创建，由 "
        "`acc[i]` 读出",
    ),
    "check.am_shared": (
        "two accumulators share their sums: create them in __init__, on self, not as a class "
        "attribute",
        "两个累加器共用了同一组和：请在 `__init__` 里把它们创建在 `self` 上，不要作为类属性",
    ),
    "check.am_index": (
        "acc[i] should give the i-th sum as a number: that is what __getitem__ returns",
        "`acc[i]` 应以数的形式给出第 i 个和：这正是 `__getitem__` 要返回的",
    ),
    "check.am_formula": (
        "Accumulator(n) keeps n running sums: add(*args) adds one value to each, reset() sets "
        "them to 0.0, acc[i] reads the i-th",
        "Accumulator(n) 保存 n 个累加和：`add(*args)` 给每个和加一个值，`reset()` 把它们置为 0.0，"
        "`acc[i]` 读出第 i 个",
    ),
    "check.am_device_given": (
        "acc.add(...) with one-element tensors",
        "`acc.add(...)`，参数为单元素张量",
    ),
    "check.am_reset_expected": (
        "[0.0, 0.0, 0.0] after reset(), [1.0, 1.0, 1.0] after the add",
        "`reset()` 之后为 [0.0, 0.0, 0.0]，再 `add` 之后为 [1.0, 1.0, 1.0]",
    ),
    "check.am_shared_reference": ("b untouched", "b 不受影响"),
}
