"""The messages of the classification checks: softmax, cross_entropy and their evaluation.

The checks are those of softmax, cross_entropy, accuracy, evaluate_accuracy
and Accumulator. Each key maps to a pair (English, Chinese). Keys starting with
a check's prefix ("sm_", "ce_", "acc_", "ea_", "am_") are its hints, one per
mistake the check recognises, or its notes; those ending in "_given",
"_expected" or "_reference" are the pieces of the verdict that describe a case.
`messages._text` looks them up.
"""

from __future__ import annotations

CLASSIFICATION_TEXT: dict[str, tuple[str, str]] = {
    # softmax
    "sm_overflow": (
        "exp of logits near +1000 overflows to inf (and near -1000 underflows to 0) in "
        "float32, and inf / inf or 0 / 0 is nan. The book's version is fine for ordinary "
        "scores; to make it stable, subtract each row's max first, which does not change the "
        "softmax: X = X - X.max(dim=1, keepdim=True).values",
        "在 float32 中，logits 接近 +1000 时 exp 上溢为 inf（接近 -1000 时下溢为 0），"
        "inf / inf 或 0 / 0 得到 nan。书中的写法对普通的分数没有问题；要让它数值稳定，"
        "先减去每行的最大值（softmax 的结果不变）：X = X - X.max(dim=1, keepdim=True).values",
    ),
    "sm_axis": (
        "each column sums to 1 instead of each row: sum over the classes, dim 1, "
        "partition = X_exp.sum(1, keepdim=True)",
        "结果是每列之和为 1，而不是每行：应在类别维（第 1 维）上求和，"
        "partition = X_exp.sum(1, keepdim=True)",
    ),
    "sm_not_normalised": (
        "the rows do not sum to 1: divide by each row's sum, X_exp / X_exp.sum(1, keepdim=True)",
        "每行之和不为 1：请除以每行的和，X_exp / X_exp.sum(1, keepdim=True)",
    ),
    "sm_keepdim": (
        "the row sums broadcast along the wrong dimension: keep them a column, partition = "
        "X_exp.sum(1, keepdim=True), so that (n, q) / (n, 1) divides each row by its own sum",
        "行和沿错误的维度广播了：请保持为列向量，partition = X_exp.sum(1, keepdim=True)，"
        "这样 (n, q) / (n, 1) 才是每行除以自己的和",
    ),
    "sm_shape": (
        "return probabilities shaped like X, {want}, not {got}",
        "应返回与 X 形状相同的概率，{want}，而不是 {got}",
    ),
    "sm_formula": (
        "softmax(X)[i, j] should be exp(X[i, j]) / sum over k of exp(X[i, k]), as "
        "torch.softmax(X, dim=1) computes",
        "softmax(X)[i, j] 应为 exp(X[i, j]) / 对 k 求和的 exp(X[i, k])，与 "
        "torch.softmax(X, dim=1) 相同",
    ),
    # cross_entropy
    "ce_minus": (
        "the losses have the wrong sign: put a minus in front, -torch.log(y_hat[range("
        "len(y_hat)), y]); probabilities are at most 1, so their logs are never positive",
        "损失的符号反了：前面要加负号，-torch.log(y_hat[range(len(y_hat)), y])；"
        "概率不超过 1，其对数不会是正数",
    ),
    "ce_axis": (
        "rows and columns are swapped: rows are examples and columns classes, so pick "
        "y_hat[range(len(y_hat)), y]",
        "行和列弄反了：行是样本、列是类别，应取 y_hat[range(len(y_hat)), y]",
    ),
    "ce_all_columns": (
        "the result has shape {got}: y_hat[:, y] takes, for every example, the column of "
        "every label; pair row i with its own label y[i]: y_hat[range(len(y_hat)), y]",
        "结果的形状是 {got}：y_hat[:, y] 对每个样本都取出了所有标签对应的列；应让第 i 行配上"
        "它自己的标签 y[i]：y_hat[range(len(y_hat)), y]",
    ),
    "ce_sum": (
        "this is the sum of the per-example losses; return one loss per example, shape (n,), "
        "as the Chinese edition does, or their mean, as the 1.0 edition does",
        "这是各样本损失之和；应像中文版那样为每个样本返回一个损失（形状 (n,)），"
        "或像 1.0 版那样返回它们的平均值",
    ),
    "ce_no_log": (
        "take the logarithm: -torch.log(y_hat[range(len(y_hat)), y])",
        "要取对数：-torch.log(y_hat[range(len(y_hat)), y])",
    ),
    "ce_log_base": (
        "use the natural log, torch.log, not log2 or log10",
        "请用自然对数 torch.log，而不是 log2 或 log10",
    ),
    "ce_predicted": (
        "pick the probability of the true label y, not the largest probability: "
        "y_hat[range(len(y_hat)), y]",
        "应取真实标签 y 对应的概率，而不是最大的概率：y_hat[range(len(y_hat)), y]",
    ),
    "ce_all_classes": (
        "only the probability of the true class counts: -torch.log(y_hat[range(len(y_hat)), "
        "y]), not a sum over every class",
        "只有真实类别的概率才算数：-torch.log(y_hat[range(len(y_hat)), y])，而不是对所有类别求和",
    ),
    "ce_one_hot_nan": (
        "multiplying a one-hot vector by torch.log(y_hat) gives 0 * log(0) = nan when a "
        "probability is exactly 0; pick the true class's probability instead: "
        "y_hat[range(len(y_hat)), y]",
        "用独热向量乘以 torch.log(y_hat) 时，若某个概率恰好为 0，就会出现 0 * log(0) = nan；"
        "请直接取真实类别的概率：y_hat[range(len(y_hat)), y]",
    ),
    "ce_shape": (
        "return one loss per example, shape {want}, or their mean, a scalar; got shape {got}",
        "应为每个样本返回一个损失（形状 {want}），或返回它们的平均值（标量）；得到的形状是 {got}",
    ),
    "ce_index": (
        "an index was out of range: rows are examples and columns classes, so pick "
        "y_hat[range(len(y_hat)), y]",
        "索引越界：行是样本、列是类别，应取 y_hat[range(len(y_hat)), y]",
    ),
    "ce_formula": (
        "cross_entropy should give -log(y_hat[i, y[i]]) for each example i: "
        "-torch.log(y_hat[range(len(y_hat)), y])",
        "cross_entropy 应对每个样本 i 给出 -log(y_hat[i, y[i]])："
        "-torch.log(y_hat[range(len(y_hat)), y])",
    ),
    "ce_note_vector": (
        "returns one loss per example, shape (n,), as the Chinese edition (动手学深度学习) does",
        "为每个样本返回一个损失（形状 (n,)），与中文版《动手学深度学习》相同",
    ),
    "ce_note_mean": (
        "returns the mean loss, a scalar, as the 1.0 edition (d2l.ai) does",
        "返回平均损失（标量），与 1.0 版（d2l.ai）相同",
    ),
    # accuracy
    "acc_fraction": (
        "this is the fraction correct ({got:.4g}); the book's accuracy returns the number "
        "correct ({want:g}), and evaluate_accuracy divides by the number of examples",
        "这是正确的比例（{got:.4g}）；书中的 accuracy 返回预测正确的个数（{want:g}），"
        "evaluate_accuracy 才除以样本数",
    ),
    "acc_axis": (
        "take the argmax over the classes, dim 1, one prediction per example: y_hat.argmax(axis=1)",
        "应在类别维（第 1 维）上取 argmax，每个样本一个预测：y_hat.argmax(axis=1)",
    ),
    "acc_cast_first": (
        "convert after the argmax, not before: y_hat.argmax(axis=1), then .type(y.dtype); "
        "converting probabilities to integers first turns them all into 0",
        "应先 argmax 再转换类型：y_hat.argmax(axis=1)，然后 .type(y.dtype)；"
        "先把概率转成整数会把它们全变成 0",
    ),
    "acc_ties": (
        "count a prediction as correct only when argmax(y_hat[i]) == y[i]; when two classes "
        "tie, argmax picks the first",
        "只有 argmax(y_hat[i]) == y[i] 时才算预测正确；两个类别并列最大时，argmax 取第一个",
    ),
    "acc_labels": (
        "a 1-D y_hat already holds predicted labels; take the argmax only when "
        "len(y_hat.shape) > 1 and y_hat.shape[1] > 1",
        "一维的 y_hat 已经是预测的标签；只有在 len(y_hat.shape) > 1 且 y_hat.shape[1] > 1 时"
        "才取 argmax",
    ),
    "acc_not_summed": (
        "return the number of correct predictions as one number: float(cmp.type(y.dtype).sum())",
        "应返回预测正确的个数（一个数）：float(cmp.type(y.dtype).sum())",
    ),
    "acc_not_number": (
        "return a number, e.g. float(cmp.type(y.dtype).sum()) (got {kind})",
        "应返回一个数，例如 float(cmp.type(y.dtype).sum())（得到的是 {kind}）",
    ),
    "acc_size_error": (
        "the predictions and the labels have different lengths: take the argmax over dim 1, "
        "one prediction per example",
        "预测与标签的长度不同：应在第 1 维上取 argmax，每个样本一个预测",
    ),
    "acc_formula": (
        "accuracy should return the number of rows whose argmax equals the label, as a float",
        "accuracy 应返回 argmax 等于标签的行数（float）",
    ),
    # evaluate_accuracy
    "ea_batch_mean": (
        "this is the mean of the per-batch accuracies ({got:.4g}); batches of different sizes "
        "must count by examples: add accuracy(net(X), y) (a count) and y.numel() to an "
        "Accumulator(2), then return metric[0] / metric[1]",
        "这是各批量准确率的平均值（{got:.4g}）；批量大小不同时必须按样本数计：把 "
        "accuracy(net(X), y)（正确个数）和 y.numel() 加到 Accumulator(2) 中，"
        "最后返回 metric[0] / metric[1]",
    ),
    "ea_eval_mode": (
        "the net was left in training mode: call net.eval() first when net is an nn.Module "
        "(dropout and batch norm behave differently while training)",
        "网络仍处于训练模式：net 是 nn.Module 时要先调用 net.eval()"
        "（dropout 和批量规范化在训练时的行为不同）",
    ),
    "ea_count": (
        "this is the number correct ({got:g}); divide by the number of examples: "
        "metric[0] / metric[1]",
        "这是预测正确的个数（{got:g}）；应除以样本数：metric[0] / metric[1]",
    ),
    "ea_per_batch_count": (
        "this divides by the number of batches; divide by the number of examples, y.numel() "
        "summed over the batches",
        "这里除以的是批量数；应除以样本数，即各批量 y.numel() 之和",
    ),
    "ea_not_number": (
        "return the fraction correct as a number (got {kind})",
        "应以一个数返回正确的比例（得到的是 {kind}）",
    ),
    "ea_formula": (
        "evaluate_accuracy should return (number correct) / (number of examples) over the "
        "whole data_iter",
        "evaluate_accuracy 应返回整个 data_iter 上的（预测正确的个数）/（样本数）",
    ),
    "ea_train_eval_given": (
        "net = an nn.Module in training mode that gives X @ W in eval mode and "
        "-(X @ W) while training, like a net with dropout",
        "net = 处于训练模式的 nn.Module，评估模式下输出 X @ W，训练模式下输出 "
        "-(X @ W)，就像含 dropout 的网络",
    ),
    "ea_data_given": (
        "data_iter yields {n} examples in batches of sizes {sizes}",
        "data_iter 产出 {n} 个样本，各批量大小为 {sizes}",
    ),
    "ea_reference": ("(number correct) / (number of examples)", "（预测正确的个数）/（样本数）"),
    # Accumulator
    "am_not_summed": (
        "the values must add up across calls: self.data = [a + float(b) for a, b in "
        "zip(self.data, args)]",
        "每次调用的值要累加起来：self.data = [a + float(b) for a, b in zip(self.data, args)]",
    ),
    "am_truncates": (
        "the sums lost their fractions: convert with float(b), not int(b)",
        "累加和丢掉了小数部分：请用 float(b) 转换，而不是 int(b)",
    ),
    "am_init": (
        "a new Accumulator(n) must start with n sums of 0.0, but it held {got}: create the "
        "list in __init__, self.data = [0.0] * n (a list made in the class body is shared by "
        "every accumulator)",
        "新建的 Accumulator(n) 应从 n 个 0.0 开始，实际却是 {got}：请在 __init__ 里创建列表，"
        "self.data = [0.0] * n（写在类体里的列表会被所有累加器共用）",
    ),
    "am_reset": (
        "reset must set every sum back to 0.0 and keep n of them: "
        "self.data = [0.0] * len(self.data)",
        "reset 应把每个和都变回 0.0，并保持 n 个：self.data = [0.0] * len(self.data)",
    ),
    "am_length": (
        "Accumulator(n) must hold n sums: self.data = [0.0] * n",
        "Accumulator(n) 应保存 n 个和：self.data = [0.0] * n",
    ),
    "am_shared": (
        "two accumulators share their sums: create the list in __init__ "
        "(self.data = [0.0] * n), not as a class attribute",
        "两个累加器共用了同一组和：请在 __init__ 里创建列表（self.data = [0.0] * n），"
        "不要作为类属性",
    ),
    "am_index": (
        "acc[i] should give the i-th sum as a number: def __getitem__(self, idx): return "
        "self.data[idx]",
        "acc[i] 应以数的形式给出第 i 个和：def __getitem__(self, idx): return self.data[idx]",
    ),
    "am_formula": (
        "Accumulator(n) keeps n running sums: add(*args) adds one value to each, reset() sets "
        "them to 0.0, acc[i] reads the i-th",
        "Accumulator(n) 保存 n 个累加和：add(*args) 给每个和加一个值，reset() 把它们置为 "
        "0.0，acc[i] 读出第 i 个",
    ),
    "am_reset_expected": (
        "[0.0, 0.0, 0.0] after reset(), [1.0, 1.0, 1.0] after the add",
        "reset() 之后为 [0.0, 0.0, 0.0]，再 add 之后为 [1.0, 1.0, 1.0]",
    ),
    "am_shared_reference": ("b untouched", "b 不受影响"),
}
