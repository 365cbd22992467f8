"""Messages of the regression checkers: synthetic_data, data_iter, linreg, squared_loss, sgd.

(English, Chinese) pairs under "check.*" keys. Keys with a check's prefix ("check.sd_",
"check.di_", "check.lr_", "check.sl_", "check.sgd_") are its hints, one per mistake the
check recognises; those ending in "_given", "_expected", "_got" or "_reference" are the
pieces of the verdict that describe a case.
"""

TEXT: dict[str, tuple[str, str]] = {
    # synthetic_data
    "check.sd_not_pair": (
        "return a pair (X, y): end with return X, y.reshape((-1, 1)) (got {kind})",
        "应返回二元组 (X, y)：最后写 `return X, y.reshape((-1, 1))`（得到的是{kind}）",
    ),
    "check.sd_x_shape": (
        "X needs one row per example and one column per weight, shape (num_examples, len(w)) = "
        "{want}: X = torch.normal(0, 1, (num_examples, len(w)))",
        "X 应每个样本一行、每个权重一列，形状为 `(num_examples, len(w))` = {want}：`X = "
        "torch.normal(0, 1, (num_examples, len(w)))`",
    ),
    "check.sd_y_shape": (
        "y should be a column of shape (num_examples, 1) = {want}; end with return X, "
        "y.reshape((-1, 1))",
        "y 应是形状为 `(num_examples, 1)` = {want} 的列向量；最后写 `return X, y.reshape((-1, 1))`",
    ),
    "check.sd_dtype": (
        "X and y should be float32, the dtype torch.normal gives (got X {x}, y {y}); create them "
        "with torch, not NumPy (float64)",
        "X 和 y 应为 `float32`，即 torch.normal 给出的类型（得到 X 为 {x}，y 为 {y}）；请用 torch "
        "而不是 NumPy（`float64`）生成",
    ),
    "check.sd_formula": (
        "y should be X @ w + b plus small noise, but y - (X @ w + b) has mean {mean:.3g} and std "
        "{std:.3g}; compute y = torch.matmul(X, w) + b from the arguments w and b (not from the "
        "globals true_w and true_b)",
        "y 应为 X @ w + b 加上很小的噪声，但 y - (X @ w + b) 的均值为 {mean:.3g}、标准差为 "
        "{std:.3g}；请用参数 w 和 b 计算 `y = torch.matmul(X, w) + b`（不要用全局的 `true_w` 和 "
        "`true_b`）",
    ),
    "check.sd_no_noise": (
        "y equals X @ w + b exactly; add the noise: y += torch.normal(0, 0.01, y.shape)",
        "y 恰好等于 X @ w + b；请加上噪声：y += torch.normal(0, 0.01, y.shape)",
    ),
    "check.sd_noise_scale": (
        "the noise y - (X @ w + b) has std {std:.3g} but should have std 0.01: y += "
        "torch.normal(0, 0.01, y.shape) (the second argument of torch.normal is the standard "
        "deviation)",
        "噪声 y - (X @ w + b) 的标准差为 {std:.3g}，应为 0.01：y += torch.normal(0, 0.01, "
        "y.shape)（torch.normal 的第二个参数是标准差）",
    ),
    "check.sd_x_dist": (
        "X should come from the standard normal N(0, 1), but its mean is {mean:.3g} and its std "
        "{std:.3g}: X = torch.normal(0, 1, (num_examples, len(w))) (torch.rand is uniform on [0, "
        "1))",
        "X 应来自标准正态分布 N(0, 1)，但其均值为 {mean:.3g}、标准差为 {std:.3g}：`X = "
        "torch.normal(0, 1, (num_examples, len(w)))`（torch.rand 是 [0, 1) 上的均匀分布）",
    ),
    "check.sd_same_draws": (
        "two calls returned the same X; draw new random numbers on every call (no "
        "torch.manual_seed inside synthetic_data, no X kept from an earlier call)",
        "两次调用返回了相同的 X；每次调用都应重新采样（不要在 `synthetic_data` 里调用 "
        "torch.manual_seed，也不要沿用之前生成的 X）",
    ),
    "check.sd_expected": (
        "X of shape {x}, y of shape {y}, float32",
        "形状为 {x} 的 X，形状为 {y} 的 y，数据类型为 `float32`",
    ),
    "check.sd_noise_expected": (
        "y - (X @ w + b) with mean about 0 and std about 0.01",
        "y - (X @ w + b) 的均值约为 0、标准差约为 0.01",
    ),
    "check.sd_noise_got": (
        "y - (X @ w + b) with mean {mean:.4g} and std {std:.4g}",
        "y - (X @ w + b) 的均值为 {mean:.4g}、标准差为 {std:.4g}",
    ),
    "check.sd_x_dist_expected": (
        "X with mean about 0 and std about 1, like torch.normal(0, 1, ...)",
        "X 的均值约为 0、标准差约为 1，与 torch.normal(0, 1, ...) 相同",
    ),
    "check.sd_x_dist_got": (
        "X with mean {mean:.4g} and std {std:.4g}",
        "X 的均值为 {mean:.4g}、标准差为 {std:.4g}",
    ),
    "check.sd_twice_given": (", called twice", "，调用两次"),
    "check.sd_twice_expected": ("two different X", "两个不同的 X"),
    "check.sd_same_draws_got": ("the same X twice", "两次得到相同的 X"),
    # data_iter
    "check.di_not_iterable": (
        "data_iter must yield minibatches: write yield features[batch_indices], "
        "labels[batch_indices] inside the loop (got {kind})",
        "`data_iter` 应逐批产出小批量：在循环里写 `yield features[batch_indices], "
        "labels[batch_indices]`（得到的是{kind}）",
    ),
    "check.di_not_pair": (
        "each batch should be a pair (X, y) of tensors: yield features[batch_indices], "
        "labels[batch_indices] (got {kind})",
        "每个批量应是张量二元组 (X, y)："
        "`yield features[batch_indices], labels[batch_indices]`（得到的是{kind}）",
    ),
    "check.di_batch_shape": (
        "a batch should keep each example's shape, X {x_want} and y {y_want}, but came as X "
        "{x_got} and y {y_got}; index with a tensor of indices: features[batch_indices]",
        "批量应保持每个样本的形状，X 为 {x_want}、y 为 {y_want}，实际得到 X 为 {x_got}、y 为 "
        "{y_got}；请用索引张量取批量：`features[batch_indices]`",
    ),
    "check.di_batch_shape_got": (
        "X of shape {x}, y of shape {y}",
        "形状为 {x} 的 X，形状为 {y} 的 y",
    ),
    "check.di_pairs_broken": (
        "an example's features came with another example's label; index features and labels with "
        "the same batch_indices",
        "某个样本的特征与另一个样本的标签配在了一起；特征和标签要用同一个 `batch_indices` 索引",
    ),
    "check.di_overlap": (
        "example {i} came {k} times in one pass, but every example must come exactly once: start "
        "each batch batch_size after the previous one, for i in range(0, num_examples, batch_size)",
        "一轮中样本 {i} 出现了 {k} 次，而每个样本应恰好出现一次：每个批量的起点比上一个后移 "
        "batch_size，`for i in range(0, num_examples, batch_size)`",
    ),
    "check.di_dropped_last": (
        "the last {r} examples never came: with {n} examples and batch_size {bs} the last batch "
        "is short ({r} examples) and the book keeps it: indices[i: min(i + batch_size, "
        "num_examples)]",
        "最后 {r} 个样本没有出现：{n} 个样本、batch_size 为 {bs} 时最后一批只有 {r} 个样本，书中保"
        "留这一批：`indices[i: min(i + batch_size, num_examples)]`",
    ),
    "check.di_missing": (
        "{m} of the {n} examples never came in one pass (example {i}, for one); go over all of "
        "them: for i in range(0, num_examples, batch_size)",
        "一轮中 {n} 个样本里有 {m} 个没有出现（例如样本 {i}）；请遍历全部样本：`for i in range(0, "
        "num_examples, batch_size)`",
    ),
    "check.di_sizes": (
        "the batch sizes were {got} but should be {want}: batch_size examples per batch, only the "
        "last one may be shorter",
        "各批量的大小为 {got}，应为 {want}：每批 batch_size 个样本，只有最后一批可以更少",
    ),
    "check.di_not_shuffled": (
        "the examples came in their stored order; shuffle the indices at the start of every pass: "
        "random.shuffle(indices)",
        "样本按原来的顺序出现；每一轮开始时要打乱索引：`random.shuffle(indices)`",
    ),
    "check.di_same_order": (
        "two passes gave the same order; shuffle inside data_iter on every call, not once outside "
        "it, and do not seed inside it",
        "两轮的顺序完全相同；应在 `data_iter` 内部每次调用时打乱，不要只在外面打乱一次，也不要在里"
        "面设定随机种子",
    ),
    "check.di_too_many": (
        "more than {limit} batches came for {n} examples; make sure the loop ends after one pass "
        "over the data",
        "{n} 个样本却产出了超过 {limit} 个批量；请确保遍历一遍数据后循环就结束",
    ),
    "check.di_given": (
        "; example i's features and label all equal i",
        "；第 i 个样本的特征和标签都等于 i",
    ),
    "check.di_expected": (
        "every example once, in batches of sizes {sizes}; each batch a pair (X, y)",
        "每个样本恰好一次，各批量大小为 {sizes}；每个批量是二元组 (X, y)",
    ),
    "check.di_too_many_got": ("more than {limit} batches", "超过 {limit} 个批量"),
    "check.di_pairs_broken_got": (
        "a batch with feature ids {x_ids} and label ids {y_ids}",
        "某个批量的特征编号为 {x_ids}，标签编号为 {y_ids}",
    ),
    "check.di_overlap_got": (
        "batches of sizes {sizes} holding examples {ids}",
        "大小为 {sizes} 的批量，依次含样本 {ids}",
    ),
    "check.di_missing_got": (
        "batches of sizes {sizes}, {m} examples missing",
        "大小为 {sizes} 的批量，缺少 {m} 个样本",
    ),
    "check.di_sizes_got": ("batches of sizes {sizes}", "大小为 {sizes} 的批量"),
    "check.di_shuffled_given": (
        "; example i's features and label all equal i; two passes",
        "；第 i 个样本的特征和标签都等于 i；遍历两轮",
    ),
    "check.di_shuffled_expected": (
        "a random order, different in each pass",
        "随机的顺序，每一轮都不同",
    ),
    "check.di_not_shuffled_got": ("examples in the order {ids}...", "样本顺序为 {ids}..."),
    "check.di_same_order_got": ("both passes in the order {ids}...", "两轮的顺序都是 {ids}..."),
    # linreg
    "check.lr_no_bias": (
        "the result equals X @ w: add the bias, return torch.matmul(X, w) + b",
        "结果等于 X @ w：请加上偏置，`return torch.matmul(X, w) + b`",
    ),
    "check.lr_flat": (
        "the values are right but the shape is {got} instead of {want}: keep w a column (d, 1) "
        "and do not flatten, so that (n, d) @ (d, 1) -> (n, 1)",
        "数值正确，但形状是 {got} 而不是 {want}：w 保持为 (d, 1) 的列向量、不要展平，这样 (n, d) "
        "@ (d, 1) -> (n, 1)",
    ),
    "check.lr_elementwise": (
        "use the matrix product torch.matmul(X, w) (or X @ w), not the elementwise X * w: (n, d) "
        "@ (d, 1) -> (n, 1)",
        "请用矩阵乘法 torch.matmul(X, w)（或 X @ w），而不是逐元素的 X * w：(n, d) @ (d, 1) -> "
        "(n, 1)",
    ),
    "check.lr_shape_error": (
        "the shapes do not fit: X is (n, d) and w is (d, 1), so multiply in this order, "
        "torch.matmul(X, w) + b",
        "形状对不上：X 是 (n, d)，w 是 (d, 1)，要按这个顺序相乘：torch.matmul(X, w) + b",
    ),
    "check.lr_formula": (
        "linreg should return torch.matmul(X, w) + b, of shape (n, 1)",
        "`linreg` 应返回 `torch.matmul(X, w) + b`，形状为 (n, 1)",
    ),
    # squared_loss
    "check.sl_broadcast": (
        "the result has shape {got}: y of shape {y} and y_hat of shape {y_hat} broadcast to a "
        "grid; reshape y first: (y_hat - y.reshape(y_hat.shape)) ** 2 / 2",
        "结果的形状是 {got}：形状为 {y} 的 y 与形状为 {y_hat} 的 `y_hat` 广播成了一个网格；请先改"
        "变 y 的形状：`(y_hat - y.reshape(y_hat.shape)) ** 2 / 2`",
    ),
    "check.sl_half": (
        "the result is twice the expected one: divide by 2, (y_hat - y.reshape(y_hat.shape)) ** 2 "
        "/ 2 (the 1/2 makes the derivative simply y_hat - y)",
        "结果是期望值的两倍：请除以 2，`(y_hat - y.reshape(y_hat.shape)) ** 2 / 2`（有了 1/2，导数"
        "正好是 `y_hat - y`）",
    ),
    "check.sl_reduced": (
        "return one loss per example, shape {want}, without sum or mean; the training loop sums "
        "them itself: l.sum().backward()",
        "应为每个样本返回一个损失，形状为 {want}，不要求和或求平均；训练循环自己会求和："
        "`l.sum().backward()`",
    ),
    "check.sl_not_squared": (
        "square the difference: (y_hat - y.reshape(y_hat.shape)) ** 2 / 2",
        "请对差值取平方：`(y_hat - y.reshape(y_hat.shape)) ** 2 / 2`",
    ),
    "check.sl_shape": (
        "the values are right but the shape is {got} instead of y_hat's {want}: return (y_hat - "
        "y.reshape(y_hat.shape)) ** 2 / 2",
        "数值正确，但形状是 {got}，而不是 `y_hat` 的形状 {want}：`return (y_hat - "
        "y.reshape(y_hat.shape)) ** 2 / 2`",
    ),
    "check.sl_formula": (
        "squared_loss should return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2, one value per "
        "example",
        "`squared_loss` 应返回 `(y_hat - y.reshape(y_hat.shape)) ** 2 / 2`，每个样本一个值",
    ),
    # sgd
    "check.sgd_no_grad": (
        "update the parameters inside with torch.no_grad(): autograd does not allow changing a "
        "leaf tensor that requires grad in place",
        "请在 `with torch.no_grad():` 里更新参数：自动微分不允许原地修改需要梯度的叶子张量",
    ),
    "check.sgd_not_in_place": (
        "the caller's parameters did not change: update them in place, param -= lr * param.grad / "
        "batch_size; param = param - ... makes a new tensor and leaves w and b as they were",
        "调用者的参数没有改变：请原地更新，`param -= lr * param.grad / batch_size`；`param = "
        "param - ...` 会创建一个新张量，w 和 b 保持不变",
    ),
    "check.sgd_no_division": (
        "the step is batch_size ({bs}) times too large: divide by batch_size, param -= lr * "
        "param.grad / batch_size (the loss was summed over the minibatch)",
        "步长大了 batch_size（{bs}）倍：请除以 batch_size，`param -= lr * param.grad / "
        "batch_size`（损失是对小批量求和得到的）",
    ),
    "check.sgd_wrong_sign": (
        "the parameters moved uphill: subtract the gradient, param -= lr * param.grad / batch_size",
        "参数沿着损失增大的方向移动了：请减去梯度，`param -= lr * param.grad / batch_size`",
    ),
    "check.sgd_not_zeroed": (
        "the gradients were not reset: call param.grad.zero_() after the update; PyTorch adds "
        "each new gradient to the old one, so the next step would use both",
        "梯度没有清零：更新后请调用 param.grad.zero_()；PyTorch 会把新梯度累加到旧梯度上，下一步就"
        "会用到两者之和",
    ),
    "check.sgd_leaf": (
        "after the step a parameter no longer requires grad; change it in place under "
        "torch.no_grad() and do not call .detach() or requires_grad_(False)",
        "更新后参数不再需要梯度；请在 `torch.no_grad()` 下原地修改，不要调用 `.detach()` 或 "
        "`requires_grad_(False)`",
    ),
    "check.sgd_formula": (
        "each parameter should become param - lr * param.grad / batch_size, as torch.optim.SGD "
        "does on the mean loss",
        "每个参数应变为 `param - lr * param.grad / batch_size`，与 torch.optim.SGD 在平均损失上的"
        "结果相同",
    ),
    "check.sgd_linear_model": ("linear regression", "线性回归"),
    "check.sgd_softmax_model": ("softmax regression", "softmax 回归"),
    "check.sgd_given": (
        ", l: the losses of a {model} minibatch of {batch_size}; shapes {shapes}",
        "，l：{model}的一个小批量（{batch_size} 个样本）的损失；形状 {shapes}",
    ),
    "check.sgd_steps_given": ("; {steps} steps", "；{steps} 步"),
    "check.sgd_not_zeroed_expected": (
        "every param.grad zero (or None)",
        "每个 param.grad 都为 0（或 None）",
    ),
    # huber_loss
    "check.hl_not_mean": (
        "this is one loss per example, shape {got}; Huber's loss here is averaged over the "
        "minibatch, as nn.HuberLoss does by default: take the .mean()",
        "这是每个样本的损失，形状为 {got}；这里的 Huber 损失要在小批量上取平均值，"
        "与 `nn.HuberLoss` 的默认行为相同：请取 `.mean()`",
    ),
    "check.hl_sum": (
        "this is the sum over the minibatch; average it instead (.mean()), as nn.HuberLoss does",
        "这是小批量上的总和；应取平均值（`.mean()`），与 `nn.HuberLoss` 相同",
    ),
    "check.hl_shape": (
        "return one number, the loss averaged over the minibatch (a scalar), not shape {got}",
        "应返回一个数，即小批量上的平均损失（标量），而不是形状为 {got} 的张量",
    ),
    "check.hl_smooth_l1": (
        "this is the book's sigma form, nn.SmoothL1Loss, which is Huber's loss divided by delta: "
        "use r**2 / 2 inside and delta * (|r| - delta / 2) outside",
        "这是书中带 `sigma` 的形式，即 `nn.SmoothL1Loss`，等于 Huber 损失除以 `delta`：内部用 "
        "`r**2 / 2`，外部用 `delta * (|r| - delta / 2)`",
    ),
    "check.hl_no_half": (
        "the quadratic part is r**2 / 2, with the 1/2; without it the two parts do not meet at "
        "|r| = delta",
        "二次部分是 `r**2 / 2`，要带上 1/2；少了它，两段在 |r| = `delta` 处接不上",
    ),
    "check.hl_linear_part": (
        "the linear part is delta * (|r| - delta / 2): subtract delta / 2 so that it meets the "
        "quadratic part at |r| = delta",
        "线性部分是 `delta * (|r| - delta / 2)`：要减去 `delta / 2`，它才能在 |r| = `delta` 处与"
        "二次部分相接",
    ),
    "check.hl_squared_only": (
        "this is the squared loss everywhere: beyond |r| > delta Huber's loss grows linearly, "
        "delta * (|r| - delta / 2); choose the part with torch.where on |r| <= delta",
        "这在所有地方都是平方损失：|r| > `delta` 时 Huber 损失线性增长，为 `delta * (|r| - delta / "
        "2)`；请用 `torch.where` 按 |r| <= `delta` 选择用哪一段",
    ),
    "check.hl_abs": (
        "use the absolute residual |r| (r.abs()) in the condition and in the linear part: large "
        "negative residuals must cost as much as large positive ones",
        "条件和线性部分都要用残差的绝对值 |r|（`r.abs()`）：很大的负残差与很大的正残差代价相同",
    ),
    "check.hl_delta_ignored": (
        "the result is Huber's loss for delta = 1 whatever delta is given: use the delta argument "
        "in the condition and in the linear part",
        "无论传入的 `delta` 是多少，结果都是 `delta` = 1 时的 Huber 损失：条件和线性部分都要用参数 "
        "`delta`",
    ),
    "check.hl_dtype": (
        "the result is {got} but the inputs are {want}: compute it from the inputs, without "
        "creating float32 tensors inside",
        "结果是 {got}，而输入是 {want}：请直接用输入计算，不要在函数里新建 `float32` 张量",
    ),
    "check.hl_formula": (
        "Huber's loss of a residual r = y_hat - y is r**2 / 2 where |r| <= delta, else "
        "delta * (|r| - delta / 2), averaged over the minibatch, as nn.HuberLoss(delta=delta) "
        "computes",
        "残差 `r = y_hat - y` 的 Huber 损失在 |r| <= `delta` 时为 `r**2 / 2`，"
        "否则为 `delta * (|r| - delta / 2)`，再在小批量上取平均值，"
        "与 `nn.HuberLoss(delta=delta)` 相同",
    ),
}
