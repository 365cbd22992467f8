"""Exercise checkers: run a learner's from-scratch code and PyTorch on the same inputs.

Each `check_*` function takes the learner's version of one piece of the chapter
(`synthetic_data`, `data_iter`, `linreg`, `squared_loss`, `sgd`, `softmax`,
`cross_entropy`, `accuracy`, `evaluate_accuracy`, `Accumulator`), calls it on
ordinary and adversarial cases, compares what comes back with a reference built
from PyTorch (`torch.softmax`, `F.nll_loss`, `torch.optim.SGD`, ...), prints a
short verdict, and returns a `CheckResult`, for example in a notebook:

    result = d2l.check_softmax(softmax)  # prints which cases passed, and a hint
    if not result:
        print(result.failed)  # names of the failed cases, e.g. ['large_logits']

Printing is these functions' job. For the first failing case the verdict shows
what was given, what came back, what PyTorch gives and a hint in the book's
terms. A wrong answer, or an exception raised by the learner's code, is a failed
case and never an exception here; only a check that cannot run (a `fn` that is
not callable, an unknown language or device) raises.

Verdicts are in English or Chinese: pass `lang="zh"`, or set the environment
variable D2LITE_LANG to "zh" (or "en"); without either, a system whose
language is Chinese (LANG=zh_CN.UTF-8, ...) gets Chinese, any other English. Inputs come from fixed
seeds, so a check repeats exactly, and the random state of torch (CPU and the
device checked), Python's `random` and NumPy is restored afterwards.
"""

from __future__ import annotations

import contextlib
import math
import os
import random
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from d2lite.data.loaders import ArrayLoader
from d2lite.devices import default_device, parse_device

__all__ = [
    "CaseFailure",
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
]

LANG_ENV = "D2LITE_LANG"
LANGS = ("en", "zh")

# ---------------------------------------------------------------------------------------------
# What a check returns
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFailure:
    """One failed case: the input (as code), what came back, what PyTorch gives, and a hint."""

    given: str
    got: str
    expected: str
    hint: str


@dataclass
class CheckResult:
    """The outcome of one check; true exactly when every case passed.

    `passed` and `failed` hold case names (stable English identifiers, such as
    "large_logits"); `failures` maps each failed case to a `CaseFailure`;
    `report` is the verdict that was printed, in `lang`.
    """

    name: str
    passed: list[str]
    failed: list[str]
    failures: dict[str, CaseFailure] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    report: str = ""
    lang: str = "en"

    def __bool__(self) -> bool:
        return not self.failed

    def __repr__(self) -> str:
        return f"CheckResult({self.name!r}, passed={self.passed!r}, failed={self.failed!r})"


# ---------------------------------------------------------------------------------------------
# The text of the verdicts, in both languages
# ---------------------------------------------------------------------------------------------

# Case names: the English label is the name with spaces; the Chinese label is here.
_CASE_ZH = {
    "ordinary": "普通输入",
    "shapes_and_dtype": "形状与数据类型",
    "noise": "噪声",
    "x_distribution": "X 的分布",
    "other_w_and_b": "其他的 w 和 b",
    "single_example": "单个样本",
    "fresh_draws": "每次调用重新采样",
    "short_last_batch": "最后一批不满",
    "batch_larger_than_data": "批量大于样本数",
    "image_features": "图像特征",
    "shuffled": "打乱顺序",
    "many_features": "多个特征",
    "one_feature": "一个特征",
    "gradient": "梯度",
    "flat_labels": "一维标签",
    "one_step": "一步更新",
    "grads_zeroed": "梯度清零",
    "two_steps": "两步更新",
    "book_settings": "书中的超参数",
    "batch_size_one": "批量为 1",
    "softmax_regression": "softmax 回归的参数",
    "ten_classes": "十个类别",
    "single_row": "单行",
    "one_column": "单列",
    "square": "方阵",
    "large_logits": "很大的 logits",
    "large_negative_logits": "很小（负）的 logits",
    "book_example": "书中的例子",
    "zero_probabilities": "概率为 0",
    "all_correct": "全部正确",
    "none_correct": "全部错误",
    "predicted_labels": "已是预测标签",
    "int32_labels": "int32 标签",
    "ties": "并列最大值",
    "module": "nn.Module 网络",
    "eval_mode": "评估模式",
    "sums": "累加",
    "tensors": "张量值",
    "one_variable": "一个变量",
    "reset": "重置",
    "separate_instances": "实例互不影响",
}

_TEXT: dict[str, tuple[str, str]] = {
    # the verdict
    "all_passed": (
        "{check}: all {n} cases passed: {names}.",
        "{check}：全部 {n} 个用例通过：{names}。",
    ),
    "some_passed": ("{check}: {k} of {n} cases passed.", "{check}：{n} 个用例中通过 {k} 个。"),
    "passed": ("  passed: {names}", "  通过：{names}"),
    "failed": ("  FAILED: {names}", "  未通过：{names}"),
    "first_failure": ("First failing case, {name}:", "第一个未通过的用例：{name}"),
    "given": ("  given:    ", "  输入：    "),
    "got": ("  got:      ", "  得到：    "),
    "expected": ("  expected: ", "  期望：    "),
    "hint": ("  hint:     ", "  提示：    "),
    "note": ("  note: ", "  说明："),
    "raised": ("raised {error}", "抛出了异常 {error}"),
    "device_label": ("on the device ({device})", "在设备 {device} 上"),
    # hints shared by several checks
    "error_generic": (
        "your code raised an error on this input; call it on the input under 'given' to see "
        "where it fails",
        "你的代码在这个输入上抛出了异常；用“输入”一行里的数据调用它，看看在哪里出错",
    ),
    "not_comparable": (
        "the result could not be compared with PyTorch's ({error}); return the same kind of "
        "value as the expected one",
        "结果无法与 PyTorch 的结果比较（{error}）；请返回与期望值同类的值",
    ),
    "not_tensor": (
        "return a torch tensor (got {kind}); build the result with torch operations",
        "应返回 torch 张量（得到的是 {kind}）；请用 torch 运算得到结果",
    ),
    "wrong_device": (
        "the result is on {got} but the inputs are on {want}; compute it from the inputs (no "
        "torch.tensor(...), .cpu() or .numpy() inside) so that it stays on their device",
        "结果在 {got} 上，而输入在 {want} 上；请直接用输入张量计算（函数里不要用 "
        "torch.tensor(...)、.cpu() 或 .numpy()），结果才会留在同一个设备上",
    ),
    "grad_lost": (
        "autograd cannot differentiate the result (it has no grad_fn); compute it with torch "
        "operations on the inputs, without .detach(), .item(), .numpy(), torch.tensor(...) or "
        "torch.no_grad()",
        "autograd 无法对结果求导（结果没有 grad_fn）；请只用 torch 运算从输入计算，不要使用 "
        ".detach()、.item()、.numpy()、torch.tensor(...) 或 torch.no_grad()",
    ),
    "grad_differs": (
        "the values are right but the gradient differs from PyTorch's; do not change the "
        "inputs in place or cut the graph with .detach() or .data",
        "数值正确，但梯度与 PyTorch 的不同；不要原地修改输入，也不要用 .detach() 或 .data "
        "切断计算图",
    ),
    # synthetic_data
    "sd_not_pair": (
        "return a pair (X, y): end with return X, y.reshape((-1, 1)) (got {kind})",
        "应返回二元组 (X, y)：最后写 return X, y.reshape((-1, 1))（得到的是 {kind}）",
    ),
    "sd_x_shape": (
        "X needs one row per example and one column per weight, shape (num_examples, len(w)) "
        "= {want}: X = torch.normal(0, 1, (num_examples, len(w)))",
        "X 应每个样本一行、每个权重一列，形状为 (num_examples, len(w)) = {want}："
        "X = torch.normal(0, 1, (num_examples, len(w)))",
    ),
    "sd_y_shape": (
        "y should be a column of shape (num_examples, 1) = {want}; end with "
        "return X, y.reshape((-1, 1))",
        "y 应是形状为 (num_examples, 1) = {want} 的列向量；最后写 return X, y.reshape((-1, 1))",
    ),
    "sd_dtype": (
        "X and y should be float32, the dtype torch.normal gives (got X {x}, y {y}); create "
        "them with torch, not NumPy (float64)",
        "X 和 y 应为 float32，即 torch.normal 给出的类型（得到 X 为 {x}，y 为 {y}）；"
        "请用 torch 而不是 NumPy（float64）生成",
    ),
    "sd_formula": (
        "y should be X @ w + b plus small noise, but y - (X @ w + b) has mean {mean:.3g} and "
        "std {std:.3g}; compute y = torch.matmul(X, w) + b from the arguments w and b (not "
        "from the globals true_w and true_b)",
        "y 应为 X @ w + b 加上很小的噪声，但 y - (X @ w + b) 的均值为 {mean:.3g}、标准差为 "
        "{std:.3g}；请用参数 w 和 b 计算 y = torch.matmul(X, w) + b（不要用全局的 true_w 和 "
        "true_b）",
    ),
    "sd_no_noise": (
        "y equals X @ w + b exactly; add the noise: y += torch.normal(0, 0.01, y.shape)",
        "y 恰好等于 X @ w + b；请加上噪声：y += torch.normal(0, 0.01, y.shape)",
    ),
    "sd_noise_scale": (
        "the noise y - (X @ w + b) has std {std:.3g} but should have std 0.01: "
        "y += torch.normal(0, 0.01, y.shape) (the second argument of torch.normal is the "
        "standard deviation)",
        "噪声 y - (X @ w + b) 的标准差为 {std:.3g}，应为 0.01：y += torch.normal(0, 0.01, "
        "y.shape)（torch.normal 的第二个参数是标准差）",
    ),
    "sd_x_dist": (
        "X should come from the standard normal N(0, 1), but its mean is {mean:.3g} and its "
        "std {std:.3g}: X = torch.normal(0, 1, (num_examples, len(w))) (torch.rand is uniform "
        "on [0, 1))",
        "X 应来自标准正态分布 N(0, 1)，但其均值为 {mean:.3g}、标准差为 {std:.3g}："
        "X = torch.normal(0, 1, (num_examples, len(w)))（torch.rand 是 [0, 1) 上的均匀分布）",
    ),
    "sd_same_draws": (
        "two calls returned the same X; draw new random numbers on every call (no "
        "torch.manual_seed inside synthetic_data, no X kept from an earlier call)",
        "两次调用返回了相同的 X；每次调用都应重新采样（不要在 synthetic_data 里调用 "
        "torch.manual_seed，也不要沿用之前生成的 X）",
    ),
    # data_iter
    "di_not_iterable": (
        "data_iter must yield minibatches: write yield features[batch_indices], "
        "labels[batch_indices] inside the loop (got {kind})",
        "data_iter 应逐批产出小批量：在循环里写 yield features[batch_indices], "
        "labels[batch_indices]（得到的是 {kind}）",
    ),
    "di_not_pair": (
        "each batch should be a pair (X, y) of tensors: yield features[batch_indices], "
        "labels[batch_indices] (got {kind})",
        "每个批量应是张量二元组 (X, y)：yield features[batch_indices], labels[batch_indices]"
        "（得到的是 {kind}）",
    ),
    "di_batch_shape": (
        "a batch should keep each example's shape, X {x_want} and y {y_want}, but came as X "
        "{x_got} and y {y_got}; index with a tensor of indices: features[batch_indices]",
        "批量应保持每个样本的形状，X 为 {x_want}、y 为 {y_want}，实际得到 X 为 {x_got}、y 为 "
        "{y_got}；请用索引张量取批量：features[batch_indices]",
    ),
    "di_pairs_broken": (
        "an example's features came with another example's label; index features and labels "
        "with the same batch_indices",
        "某个样本的特征与另一个样本的标签配在了一起；特征和标签要用同一个 batch_indices 索引",
    ),
    "di_overlap": (
        "example {i} came {k} times in one pass, but every example must come exactly once: "
        "start each batch batch_size after the previous one, for i in range(0, num_examples, "
        "batch_size)",
        "一轮中样本 {i} 出现了 {k} 次，而每个样本应恰好出现一次：每个批量的起点比上一个后移 "
        "batch_size，for i in range(0, num_examples, batch_size)",
    ),
    "di_dropped_last": (
        "the last {r} examples never came: with {n} examples and batch_size {bs} the last "
        "batch is short ({r} examples) and the book keeps it: "
        "indices[i: min(i + batch_size, num_examples)]",
        "最后 {r} 个样本没有出现：{n} 个样本、batch_size 为 {bs} 时最后一批只有 {r} 个样本，"
        "书中保留这一批：indices[i: min(i + batch_size, num_examples)]",
    ),
    "di_missing": (
        "{m} of the {n} examples never came in one pass (example {i}, for one); go over all of "
        "them: for i in range(0, num_examples, batch_size)",
        "一轮中 {n} 个样本里有 {m} 个没有出现（例如样本 {i}）；请遍历全部样本："
        "for i in range(0, num_examples, batch_size)",
    ),
    "di_sizes": (
        "the batch sizes were {got} but should be {want}: batch_size examples per batch, only "
        "the last one may be shorter",
        "各批量的大小为 {got}，应为 {want}：每批 batch_size 个样本，只有最后一批可以更少",
    ),
    "di_not_shuffled": (
        "the examples came in their stored order; shuffle the indices at the start of every "
        "pass: random.shuffle(indices)",
        "样本按原来的顺序出现；每一轮开始时要打乱索引：random.shuffle(indices)",
    ),
    "di_same_order": (
        "two passes gave the same order; shuffle inside data_iter on every call, not once "
        "outside it, and do not seed inside it",
        "两轮的顺序完全相同；应在 data_iter 内部每次调用时打乱，不要只在外面打乱一次，"
        "也不要在里面设定随机种子",
    ),
    "di_too_many": (
        "more than {limit} batches came for {n} examples; make sure the loop ends after one "
        "pass over the data",
        "{n} 个样本却产出了超过 {limit} 个批量；请确保遍历一遍数据后循环就结束",
    ),
    # linreg
    "lr_no_bias": (
        "the result equals X @ w: add the bias, return torch.matmul(X, w) + b",
        "结果等于 X @ w：请加上偏置，return torch.matmul(X, w) + b",
    ),
    "lr_flat": (
        "the values are right but the shape is {got} instead of {want}: keep w a column "
        "(d, 1) and do not flatten, so that (n, d) @ (d, 1) -> (n, 1)",
        "数值正确，但形状是 {got} 而不是 {want}：w 保持为 (d, 1) 的列向量、不要展平，"
        "这样 (n, d) @ (d, 1) -> (n, 1)",
    ),
    "lr_elementwise": (
        "use the matrix product torch.matmul(X, w) (or X @ w), not the elementwise X * w: "
        "(n, d) @ (d, 1) -> (n, 1)",
        "请用矩阵乘法 torch.matmul(X, w)（或 X @ w），而不是逐元素的 X * w："
        "(n, d) @ (d, 1) -> (n, 1)",
    ),
    "lr_shape_error": (
        "the shapes do not fit: X is (n, d) and w is (d, 1), so multiply in this order, "
        "torch.matmul(X, w) + b",
        "形状对不上：X 是 (n, d)，w 是 (d, 1)，要按这个顺序相乘：torch.matmul(X, w) + b",
    ),
    "lr_formula": (
        "linreg should return torch.matmul(X, w) + b, of shape (n, 1)",
        "linreg 应返回 torch.matmul(X, w) + b，形状为 (n, 1)",
    ),
    # squared_loss
    "sl_broadcast": (
        "the result has shape {got}: y of shape {y} and y_hat of shape {y_hat} broadcast to a "
        "grid; reshape y first: (y_hat - y.reshape(y_hat.shape)) ** 2 / 2",
        "结果的形状是 {got}：形状为 {y} 的 y 与形状为 {y_hat} 的 y_hat 广播成了一个网格；"
        "请先改变 y 的形状：(y_hat - y.reshape(y_hat.shape)) ** 2 / 2",
    ),
    "sl_half": (
        "the result is twice the expected one: divide by 2, (y_hat - y.reshape(y_hat.shape)) "
        "** 2 / 2 (the 1/2 makes the derivative simply y_hat - y)",
        "结果是期望值的两倍：请除以 2，(y_hat - y.reshape(y_hat.shape)) ** 2 / 2"
        "（有了 1/2，导数正好是 y_hat - y）",
    ),
    "sl_reduced": (
        "return one loss per example, shape {want}, without sum or mean; the training loop "
        "sums them itself: l.sum().backward()",
        "应为每个样本返回一个损失，形状为 {want}，不要求和或求平均；训练循环自己会求和："
        "l.sum().backward()",
    ),
    "sl_not_squared": (
        "square the difference: (y_hat - y.reshape(y_hat.shape)) ** 2 / 2",
        "请对差值取平方：(y_hat - y.reshape(y_hat.shape)) ** 2 / 2",
    ),
    "sl_shape": (
        "the values are right but the shape is {got} instead of y_hat's {want}: return "
        "(y_hat - y.reshape(y_hat.shape)) ** 2 / 2",
        "数值正确，但形状是 {got}，而不是 y_hat 的形状 {want}：return "
        "(y_hat - y.reshape(y_hat.shape)) ** 2 / 2",
    ),
    "sl_formula": (
        "squared_loss should return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2, one value per "
        "example",
        "squared_loss 应返回 (y_hat - y.reshape(y_hat.shape)) ** 2 / 2，每个样本一个值",
    ),
    # sgd
    "sgd_no_grad": (
        "update the parameters inside with torch.no_grad(): autograd does not allow changing "
        "a leaf tensor that requires grad in place",
        "请在 with torch.no_grad(): 里更新参数：autograd 不允许原地修改需要梯度的叶子张量",
    ),
    "sgd_not_in_place": (
        "the caller's parameters did not change: update them in place, param -= lr * "
        "param.grad / batch_size; param = param - ... makes a new tensor and leaves w and b "
        "as they were",
        "调用者的参数没有改变：请原地更新，param -= lr * param.grad / batch_size；"
        "param = param - ... 会创建一个新张量，w 和 b 保持不变",
    ),
    "sgd_no_division": (
        "the step is batch_size ({bs}) times too large: divide by batch_size, param -= lr * "
        "param.grad / batch_size (the loss was summed over the minibatch)",
        "步长大了 batch_size（{bs}）倍：请除以 batch_size，param -= lr * param.grad / "
        "batch_size（损失是对小批量求和得到的）",
    ),
    "sgd_wrong_sign": (
        "the parameters moved uphill: subtract the gradient, param -= lr * param.grad / batch_size",
        "参数沿着损失增大的方向移动了：请减去梯度，param -= lr * param.grad / batch_size",
    ),
    "sgd_not_zeroed": (
        "the gradients were not reset: call param.grad.zero_() after the update; PyTorch "
        "adds each new gradient to the old one, so the next step would use both",
        "梯度没有清零：更新后请调用 param.grad.zero_()；PyTorch 会把新梯度累加到旧梯度上，"
        "下一步就会用到两者之和",
    ),
    "sgd_leaf": (
        "after the step a parameter no longer requires grad; change it in place under "
        "torch.no_grad() and do not call .detach() or requires_grad_(False)",
        "更新后参数不再需要梯度；请在 torch.no_grad() 下原地修改，不要调用 .detach() 或 "
        "requires_grad_(False)",
    ),
    "sgd_formula": (
        "each parameter should become param - lr * param.grad / batch_size, as "
        "torch.optim.SGD does on the mean loss",
        "每个参数应变为 param - lr * param.grad / batch_size，与 torch.optim.SGD "
        "在平均损失上的结果相同",
    ),
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
}


def _text(key: str, lang: str, **fields: Any) -> str:
    return _TEXT[key][LANGS.index(lang)].format(**fields)


def _label(case: str, lang: str, device: torch.device) -> str:
    if case == "device":
        return _text("device_label", lang, device=device)
    return _CASE_ZH.get(case, case) if lang == "zh" else case.replace("_", " ")


def _resolve_lang(lang: str | None) -> str:
    if lang is None:
        value = os.environ.get(LANG_ENV, "").strip().lower()
        if not value:
            # No choice made: follow the system's language (LANG=zh_CN.UTF-8 means Chinese).
            for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
                system = os.environ.get(name, "").strip().lower()
                if system:
                    return "zh" if system.startswith("zh") else "en"
            return "en"
        if value not in LANGS:
            raise ValueError(
                f"the environment variable {LANG_ENV} must be 'en' or 'zh', got {value!r}; "
                f"set it to one of them, or unset it for English"
            )
        return value
    if not isinstance(lang, str):
        raise TypeError(
            f"lang must be a str, got {lang!r} of type {type(lang).__name__}; pass 'en' or 'zh'"
        )
    if lang.strip().lower() not in LANGS:
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}; pass lang='zh' for Chinese")
    return lang.strip().lower()


# ---------------------------------------------------------------------------------------------
# Showing values
# ---------------------------------------------------------------------------------------------


def _num(v: object) -> str:
    if isinstance(v, float):
        return f"{v + 0.0:.4g}"  # + 0.0 shows -0.0 as 0
    return str(v)


def _values(t: torch.Tensor, rows: int = 3, cols: int = 6) -> str:
    if t.dim() == 0:
        return _num(t.item())
    if t.dim() == 1:
        items = [_num(v) for v in t[:cols].tolist()]
        return "[" + ", ".join(items) + (", ...]" if len(t) > cols else "]")
    parts = [_values(row, rows, cols) for row in t[:rows]]
    return "[" + ", ".join(parts) + (", ...]" if len(t) > rows else "]")


def _show(value: object) -> str:
    """Return a short, language-neutral description of a value for the verdict."""
    if isinstance(value, str):
        return value
    if isinstance(value, torch.Tensor):
        t = value.detach()
        head = f"tensor {tuple(t.shape)} {str(t.dtype).removeprefix('torch.')}"
        if t.device.type != "cpu":
            head += f" on {t.device}"
        return f"{head} {_values(t.cpu())}"
    if isinstance(value, (list, tuple)) and any(isinstance(v, torch.Tensor) for v in value):
        return "; ".join(_show(v) for v in value)
    if isinstance(value, float):
        return f"{value:.6g}"
    text = repr(value)
    return text if len(text) <= 160 else text[:157] + "..."


def _literal(value: object) -> str:
    """Return a tensor or nested list as short Python code: torch.tensor([2, -3.4])."""
    if isinstance(value, torch.Tensor):
        return f"torch.tensor({_literal(value.tolist())})"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _kind(value: object) -> str:
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {tuple(value.shape)}"
    return f"{type(value).__name__} {_show(value)}"


def _error_text(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    message = lines[0] if lines else ""
    if len(message) > 200:
        message = message[:197] + "..."
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _close(a: object, b: torch.Tensor, rtol: float = 1e-4, atol: float = 1e-5) -> bool:
    """Return True if tensor `a` has b's shape and values (nan never matches)."""
    if not isinstance(a, torch.Tensor) or tuple(a.shape) != tuple(b.shape):
        return False
    a64 = a.detach().to("cpu", torch.float64)
    b64 = b.detach().to("cpu", torch.float64)
    return bool(torch.allclose(a64, b64, rtol=rtol, atol=atol))


def _as_number(value: object) -> float | None:
    """Return `value` as a float if it is one number (a Python, NumPy or 1-element tensor)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return float(value.detach().cpu().reshape(()))
    return None


# ---------------------------------------------------------------------------------------------
# Running the cases
# ---------------------------------------------------------------------------------------------


class _Fail(Exception):
    """Raised inside a case to fail it with a hint."""

    def __init__(self, hint: str, got: object) -> None:
        super().__init__(hint)
        self.hint = hint
        self.got = got


class _LearnerError(Exception):
    """Carries an exception raised by the learner's code out of a case."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class _Case:
    """The context one case runs in: the learner's callable, the language and the device."""

    def __init__(self, fn: Callable[..., Any], lang: str, device: torch.device) -> None:
        self.fn = fn
        self.lang = lang
        self.device = device
        self.notes: list[str] = []
        self.start()

    def start(self) -> None:
        """Forget what the previous case said about its input and its reference."""
        self.given = ""
        self.expected: object = ""
        self.reference = ""
        self.error_hint: str | None = None  # a case-specific hint for an exception

    def call(self, *args: Any) -> Any:
        """Call the learner's code, marking an exception it raises as the learner's."""
        return self.run(self.fn, *args)

    def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Call `fn` (learner's code, e.g. a method of their class), marking its exceptions."""
        try:
            return fn(*args)
        except Exception as error:
            raise _LearnerError(error) from error

    def fail(self, key: str, value: object, /, **fields: Any) -> NoReturn:
        """Fail the case with the hint `key` (filled in with `fields`), showing `value` as got."""
        raise _Fail(_text(key, self.lang, **fields), value)

    def tensor(self, got: object, key: str = "not_tensor") -> torch.Tensor:
        """Return `got` if it is a tensor, else fail the case."""
        if not isinstance(got, torch.Tensor):
            self.fail(key, got, kind=_kind(got))
        return got

    def on_device(self, got: torch.Tensor, want: torch.device) -> None:
        """Fail unless `got` lives on the device `want`."""
        if got.device != want:
            self.fail("wrong_device", got, got=got.device, want=want)

    def say(self, en: str, zh: str) -> str:
        """Return the English or the Chinese text, as the check was asked to speak."""
        return zh if self.lang == "zh" else en

    def note(self, key: str) -> None:
        """Record a remark for the verdict (said once per check)."""
        text = _text(key, self.lang)
        if text not in self.notes:
            self.notes.append(text)


CaseFn = Callable[[_Case], None]
ErrorHint = Callable[[Exception], "str | None"]


@contextlib.contextmanager
def _seeded(device: torch.device) -> Iterator[Callable[[int], None]]:
    """Yield a function seeding every generator a learner may use; restore them all after."""
    cpu_state = torch.random.get_rng_state()
    py_state = random.getstate()
    np_state = np.random.get_state()
    cuda_states = torch.cuda.get_rng_state_all() if device.type == "cuda" else None
    mps_state = torch.mps.get_rng_state() if device.type == "mps" else None

    def seed(value: int) -> None:
        torch.random.default_generator.manual_seed(value)
        random.seed(value)
        np.random.seed(value)
        if cuda_states is not None:
            torch.cuda.manual_seed_all(value)
        if mps_state is not None:
            torch.mps.manual_seed(value)

    try:
        yield seed
    finally:
        torch.random.set_rng_state(cpu_state)
        random.setstate(py_state)
        np.random.set_state(np_state)
        if cuda_states is not None:
            torch.cuda.set_rng_state_all(cuda_states)
        if mps_state is not None:
            torch.mps.set_rng_state(mps_state)


def _check_callable(check: str, fn: object, arg: str, learner_name: str) -> None:
    if not callable(fn):
        raise TypeError(
            f"{arg} must be callable, got {_show(fn)} of type {type(fn).__name__}; pass your "
            f"{learner_name} itself, for example {check}({learner_name}), not what it returns"
        )


def _run(
    check: str,
    fn: Callable[..., Any],
    cases: Sequence[tuple[str, CaseFn]],
    lang: str | None,
    device: torch.device,
    error_hint: ErrorHint | None = None,
) -> CheckResult:
    """Run every case on `fn`, print the verdict and return it as a CheckResult."""
    ctx = _Case(fn, lang or "en", device)
    passed: list[str] = []
    failed: list[str] = []
    failures: dict[str, CaseFailure] = {}
    with _seeded(device) as seed:
        for i, (name, case) in enumerate(cases):
            seed(i)
            ctx.start()
            try:
                case(ctx)
            except _Fail as failure:
                got, hint = _show(failure.got), failure.hint
            except _LearnerError as raised:
                got = _text("raised", ctx.lang, error=_error_text(raised.error))
                key = ctx.error_hint or (error_hint(raised.error) if error_hint else None)
                hint = _text(key or "error_generic", ctx.lang)
            except Exception as error:  # what came back broke the comparison
                got = _text("raised", ctx.lang, error=_error_text(error))
                hint = _text("not_comparable", ctx.lang, error=_error_text(error))
            else:
                passed.append(name)
                continue
            failed.append(name)
            expected = _show(ctx.expected)
            if ctx.reference:
                expected = f"{ctx.reference} = {expected}" if expected else ctx.reference
            failures[name] = CaseFailure(ctx.given, got, expected, hint)
    result = CheckResult(check, passed, failed, failures, ctx.notes, lang=ctx.lang)
    result.report = _report(result, device)
    print(result.report)
    return result


def _report(result: CheckResult, device: torch.device) -> str:
    lang = result.lang

    def names(cases: list[str]) -> str:
        return ", ".join(_label(c, lang, device) for c in cases)

    n = len(result.passed) + len(result.failed)
    if not result.failed:
        lines = [_text("all_passed", lang, check=result.name, n=n, names=names(result.passed))]
    else:
        lines = [_text("some_passed", lang, check=result.name, k=len(result.passed), n=n)]
        if result.passed:
            lines.append(_text("passed", lang, names=names(result.passed)))
        lines.append(_text("failed", lang, names=names(result.failed)))
        first = result.failed[0]
        failure = result.failures[first]
        lines.append(_text("first_failure", lang, name=_label(first, lang, device)))
        for key, value in [
            ("given", failure.given),
            ("got", failure.got),
            ("expected", failure.expected),
            ("hint", failure.hint),
        ]:
            if value:
                lines.append(_wrap(_text(key, lang), value))
    lines += [_wrap(_text("note", lang), note) for note in result.notes]
    return "\n".join(lines)


def _wrap(prefix: str, text: str) -> str:
    return textwrap.fill(
        text,
        width=100,
        initial_indent=prefix,
        subsequent_indent=" " * 12,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _start(
    check: str, fn: object, lang: str | None, device: str | torch.device | None, arg: str = "fn"
) -> tuple[str, torch.device]:
    learner_name = "Accumulator" if arg == "cls" else check.removeprefix("check_")
    _check_callable(check, fn, arg, learner_name)
    lang = _resolve_lang(lang)
    device = default_device() if device is None else parse_device(device)
    if device.index is None and device.type != "cpu":
        device = torch.empty(0, device=device).device  # 'cuda' -> 'cuda:0', as tensors report it
    return lang, device


def _randn(gen: torch.Generator, *shape: int) -> torch.Tensor:
    return torch.randn(*shape, generator=gen)


def _dev(device: torch.device) -> str:
    return f", device={str(device)!r}"


def _check_grad(
    ctx: _Case,
    out: torch.Tensor,
    ref_out: torch.Tensor,
    inputs: Sequence[torch.Tensor],
    ref_inputs: Sequence[torch.Tensor],
    weights: torch.Tensor,
) -> None:
    """Fail unless sum(out * weights) has the same gradient w.r.t. inputs as the reference."""
    if not out.requires_grad:
        ctx.reference = ""
        ctx.expected = ctx.say(
            "a result autograd can differentiate (with a grad_fn)",
            "autograd 能求导的结果（有 grad_fn）",
        )
        ctx.fail("grad_lost", out)
    (out * weights.reshape(out.shape)).sum().backward()
    (ref_out * weights.reshape(ref_out.shape)).sum().backward()
    for x, r in zip(inputs, ref_inputs, strict=True):
        if x.grad is None or not _close(x.grad, r.grad):  # type: ignore[arg-type]
            ctx.reference = ctx.say("the gradients PyTorch gives", "PyTorch 给出的梯度")
            ctx.expected = [r.grad for r in ref_inputs]
            ctx.fail("grad_differs", [x.grad for x in inputs])


# ---------------------------------------------------------------------------------------------
# synthetic_data
# ---------------------------------------------------------------------------------------------


def check_synthetic_data(
    fn: Callable[..., Any], lang: str | None = None, *, device: str | torch.device | None = None
) -> CheckResult:
    """Check a from-scratch synthetic_data(w, b, num_examples) -> (X, y), and print a verdict.

    The reference: X from N(0, 1), shape (num_examples, len(w)), float32;
    y = X @ w + b + N(0, 0.01^2) noise, shape (num_examples, 1). The noise is
    random, so X's distribution and the noise's std are checked by statistics
    over 1000 examples. `device` is accepted for uniformity; the book's
    synthetic_data makes CPU tensors, so no case runs on the device.
    """
    lang, device = _start("check_synthetic_data", fn, lang, device)

    def draw(ctx: _Case, w: torch.Tensor, b: float, n: int) -> tuple[torch.Tensor, torch.Tensor]:
        ctx.given = f"synthetic_data(w, b, {n}), w = {_literal(w)}, b = {b}"
        out = ctx.call(w.clone(), b, n)
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            ctx.fail("sd_not_pair", out, kind=_kind(out))
        X, y = (ctx.tensor(v) for v in out)
        d = len(w)
        ctx.expected = ctx.say(
            f"X of shape {(n, d)}, y of shape {(n, 1)}, float32",
            f"形状为 {(n, d)} 的 X，形状为 {(n, 1)} 的 y，float32",
        )
        if tuple(X.shape) != (n, d):
            ctx.fail("sd_x_shape", f"X.shape = {tuple(X.shape)}", want=(n, d))
        if tuple(y.shape) != (n, 1):
            ctx.fail("sd_y_shape", f"y.shape = {tuple(y.shape)}", want=(n, 1))
        if X.dtype != torch.float32 or y.dtype != torch.float32:
            got = f"X.dtype = {X.dtype}, y.dtype = {y.dtype}"
            ctx.fail("sd_dtype", got, x=X.dtype, y=y.dtype)
        return X.detach().cpu(), y.detach().cpu()

    def residual(X: torch.Tensor, y: torch.Tensor, w: torch.Tensor, b: float) -> torch.Tensor:
        return y.reshape(-1) - F.linear(X, w.reshape(1, -1), torch.tensor([b])).reshape(-1)

    true_w, true_b = torch.tensor([2, -3.4]), 4.2

    def shapes_and_dtype(ctx: _Case) -> None:
        draw(ctx, true_w, true_b, 1000)

    def noise_checks(
        ctx: _Case,
        X: torch.Tensor,
        y: torch.Tensor,
        w: torch.Tensor,
        b: float,
        low: float,
        high: float,
    ) -> None:
        r = residual(X, y, w, b).double()
        mean, std = float(r.mean()), float(r.std()) if len(r) > 1 else 0.0
        ctx.expected = ctx.say(
            "y - (X @ w + b) with mean about 0 and std about 0.01",
            "y - (X @ w + b) 的均值约为 0、标准差约为 0.01",
        )
        got = ctx.say(
            f"y - (X @ w + b) with mean {mean:.4g} and std {std:.4g}",
            f"y - (X @ w + b) 的均值为 {mean:.4g}、标准差为 {std:.4g}",
        )
        # Fit r = X @ a + c: noise leaves a and c near 0, a wrong formula (no b, another w)
        # does not. The fit's coefficients vary by about noise std / sqrt(n).
        A = torch.cat([X.double(), torch.ones(len(X), 1, dtype=torch.float64)], dim=1)
        coef = torch.linalg.lstsq(A, r.unsqueeze(1)).solution.reshape(-1)
        rest = float((r - A @ coef).std())
        if float(coef.abs().max()) > max(0.005, 6 * rest / math.sqrt(len(r))):
            ctx.fail("sd_formula", got, mean=mean, std=std)
        if rest < 1e-5:
            ctx.fail("sd_no_noise", got)
        if not low < rest < high:
            ctx.fail("sd_noise_scale", got, std=rest)

    def noise(ctx: _Case) -> None:
        X, y = draw(ctx, true_w, true_b, 1000)
        # 1000 draws of N(0, 0.01): the sample std is within 0.0002 of 0.01 (one sd)
        noise_checks(ctx, X, y, true_w, true_b, 0.008, 0.012)

    def x_distribution(ctx: _Case) -> None:
        X, _ = draw(ctx, true_w, true_b, 1000)
        mean, std = float(X.mean()), float(X.std())
        ctx.expected = ctx.say(
            "X with mean about 0 and std about 1, like torch.normal(0, 1, ...)",
            "X 的均值约为 0、标准差约为 1，与 torch.normal(0, 1, ...) 相同",
        )
        if abs(mean) > 0.1 or abs(std - 1) > 0.1:  # 2000 draws: sds of 0.022 and 0.016
            got = ctx.say(
                f"X with mean {mean:.4g} and std {std:.4g}",
                f"X 的均值为 {mean:.4g}、标准差为 {std:.4g}",
            )
            ctx.fail("sd_x_dist", got, mean=mean, std=std)

    def other_w_and_b(ctx: _Case) -> None:
        w, b = torch.tensor([1.0, -2.0, 0.5]), -1.5
        X, y = draw(ctx, w, b, 50)
        noise_checks(ctx, X, y, w, b, 0.005, 0.02)  # 50 draws: a looser band for the std

    def single_example(ctx: _Case) -> None:
        draw(ctx, true_w, true_b, 1)

    def fresh_draws(ctx: _Case) -> None:
        X1, _ = draw(ctx, true_w, true_b, 10)
        X2, _ = draw(ctx, true_w, true_b, 10)
        ctx.given += ctx.say(", called twice", "，调用两次")
        ctx.expected = ctx.say("two different X", "两个不同的 X")
        if torch.equal(X1, X2):
            ctx.fail("sd_same_draws", ctx.say("the same X twice", "两次得到相同的 X"))

    cases = [
        ("shapes_and_dtype", shapes_and_dtype),
        ("noise", noise),
        ("x_distribution", x_distribution),
        ("other_w_and_b", other_w_and_b),
        ("single_example", single_example),
        ("fresh_draws", fresh_draws),
    ]
    return _run("check_synthetic_data", fn, cases, lang, device)


# ---------------------------------------------------------------------------------------------
# data_iter
# ---------------------------------------------------------------------------------------------


def _batches(
    ctx: _Case, batch_size: int, features: torch.Tensor, labels: torch.Tensor
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Collect one pass of the learner's data_iter, failing on anything that is not a batch."""
    n = len(features)
    limit = 2 * n + 10  # a loop that never ends is cut off here
    out = ctx.call(batch_size, features, labels)
    try:
        iterator = iter(out)
    except TypeError:
        ctx.fail("di_not_iterable", out, kind=_kind(out))
    batches = []
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            break
        except Exception as error:
            raise _LearnerError(error) from error
        if len(batches) >= limit:
            got = ctx.say(f"more than {limit} batches", f"超过 {limit} 个批量")
            ctx.fail("di_too_many", got, limit=limit, n=n)
        if not (
            isinstance(item, (tuple, list))
            and len(item) == 2
            and all(isinstance(t, torch.Tensor) for t in item)
        ):
            ctx.fail("di_not_pair", item, kind=_kind(item))
        batches.append((item[0], item[1]))
    return batches


def _ids(
    ctx: _Case,
    batches: list[tuple[torch.Tensor, torch.Tensor]],
    features: torch.Tensor,
    labels: torch.Tensor,
) -> list[int]:
    """Return the example ids in the order they came, checking that pairs stayed together."""
    ids: list[int] = []
    for X, y in batches:
        if X.shape[1:] != features.shape[1:] or y.shape[1:] != labels.shape[1:] or len(X) != len(y):
            ctx.fail(
                "di_batch_shape",
                f"X of shape {tuple(X.shape)}, y of shape {tuple(y.shape)}",
                x_want=("B", *features.shape[1:]),
                y_want=("B", *labels.shape[1:]),
                x_got=tuple(X.shape),
                y_got=tuple(y.shape),
            )
        ctx.on_device(X, features.device)
        ctx.on_device(y, labels.device)
        # Every feature of example i is i (its id), and so is its label.
        x_ids = X.detach().reshape(len(X), -1)[:, 0].cpu().round().long()
        y_ids = y.detach().reshape(len(y), -1)[:, 0].cpu().round().long()
        if not torch.equal(x_ids, y_ids):
            got = ctx.say(
                f"a batch with feature ids {x_ids.tolist()} and label ids {y_ids.tolist()}",
                f"某个批量的特征编号为 {x_ids.tolist()}，标签编号为 {y_ids.tolist()}",
            )
            ctx.fail("di_pairs_broken", got)
        ids += x_ids.tolist()
    return ids


def check_data_iter(
    fn: Callable[..., Any], lang: str | None = None, *, device: str | torch.device | None = None
) -> CheckResult:
    """Check a from-scratch data_iter(batch_size, features, labels), and print a verdict.

    The reference: each pass yields (features[idx], labels[idx]) for shuffled
    idx, batch_size examples per batch and a short last batch, every example
    exactly once, as DataLoader(TensorDataset(...), shuffle=True) does.
    features: (n, ...); labels: (n, ...). Example i's features and label all
    equal i, so the check can tell which example came and with which label.
    """
    lang, device = _start("check_data_iter", fn, lang, device)

    def data(
        n: int, feature_shape: tuple[int, ...] = (2,), label_shape: tuple[int, ...] = (1,)
    ) -> tuple[torch.Tensor, torch.Tensor]:
        ids = torch.arange(n, dtype=torch.float32)
        features = ids.reshape(n, *[1] * len(feature_shape)).expand(n, *feature_shape).clone()
        labels = ids.reshape(n, *[1] * len(label_shape)).expand(n, *label_shape).clone()
        return features, labels

    def one_pass(
        n: int,
        batch_size: int,
        feature_shape: tuple[int, ...] = (2,),
        label_shape: tuple[int, ...] = (1,),
        on_device: bool = False,
        labels_long: bool = False,
    ) -> CaseFn:
        def run(ctx: _Case) -> None:
            features, labels = data(n, feature_shape, label_shape)
            if labels_long:
                labels = labels.long()
            where = _dev(ctx.device) if on_device else ""
            if on_device:
                features, labels = features.to(ctx.device), labels.to(ctx.device)
            shapes = (
                f"features.shape = {tuple(features.shape)}, labels.shape = {tuple(labels.shape)}"
            )
            ctx.given = f"data_iter({batch_size}, features, labels), {shapes}{where}" + ctx.say(
                "; example i's features and label all equal i",
                "；第 i 个样本的特征和标签都等于 i",
            )
            sizes = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
            ctx.expected = ctx.say(
                f"every example once, in batches of sizes {sizes}; each batch a pair (X, y)",
                f"每个样本恰好一次，各批量大小为 {sizes}；每个批量是二元组 (X, y)",
            )
            batches = _batches(ctx, batch_size, features, labels)
            ids = _ids(ctx, batches, features, labels)
            counts = torch.bincount(torch.tensor(ids, dtype=torch.long), minlength=n)
            got_sizes = [len(X) for X, _ in batches]
            if len(counts) > n or (counts > 1).any():
                i = int((counts > 1).nonzero()[0]) if (counts > 1).any() else n
                shown = ctx.say(
                    f"batches of sizes {got_sizes} holding examples {ids[:40]}",
                    f"大小为 {got_sizes} 的批量，依次含样本 {ids[:40]}",
                )
                ctx.fail("di_overlap", shown, i=i, k=int(counts.max()))
            if (counts == 0).any():
                missing = (counts == 0).nonzero().reshape(-1).tolist()
                shown = ctx.say(
                    f"batches of sizes {got_sizes}, {len(missing)} examples missing",
                    f"大小为 {got_sizes} 的批量，缺少 {len(missing)} 个样本",
                )
                r = n % batch_size
                if r and len(missing) == r and got_sizes == sizes[:-1]:
                    ctx.fail("di_dropped_last", shown, r=r, n=n, bs=batch_size)
                ctx.fail("di_missing", shown, m=len(missing), n=n, i=missing[0])
            if got_sizes != sizes:
                shown = ctx.say(f"batches of sizes {got_sizes}", f"大小为 {got_sizes} 的批量")
                ctx.fail("di_sizes", shown, got=got_sizes, want=sizes)

        return run

    def shuffled(ctx: _Case) -> None:
        n, batch_size = 50, 10
        features, labels = data(n)
        ctx.given = (
            f"data_iter({batch_size}, features, labels), features.shape = (50, 2)"
            + ctx.say(
                "; example i's features and label all equal i; two passes",
                "；第 i 个样本的特征和标签都等于 i；遍历两轮",
            )
        )
        ctx.expected = ctx.say("a random order, different in each pass", "随机的顺序，每一轮都不同")
        first = _ids(ctx, _batches(ctx, batch_size, features, labels), features, labels)
        second = _ids(ctx, _batches(ctx, batch_size, features, labels), features, labels)
        if first == sorted(first):
            got = ctx.say(f"examples in the order {first[:20]}...", f"样本顺序为 {first[:20]}...")
            ctx.fail("di_not_shuffled", got)
        if first == second:
            got = ctx.say(
                f"both passes in the order {first[:20]}...", f"两轮的顺序都是 {first[:20]}..."
            )
            ctx.fail("di_same_order", got)

    cases = [
        ("ordinary", one_pass(20, 5)),
        ("short_last_batch", one_pass(23, 5)),
        ("batch_larger_than_data", one_pass(3, 10)),
        ("single_example", one_pass(1, 1)),
        ("image_features", one_pass(12, 5, (1, 2, 2), (), labels_long=True)),
        ("shuffled", shuffled),
        ("device", one_pass(17, 4, on_device=True)),
    ]
    return _run("check_data_iter", fn, cases, lang, device)


# ---------------------------------------------------------------------------------------------
# linreg
# ---------------------------------------------------------------------------------------------


def _linreg_error(error: Exception) -> str | None:
    text = str(error)
    if "cannot be multiplied" in text or "size mismatch" in text or "must match" in text:
        return "lr_shape_error"
    return None


def check_linreg(
    fn: Callable[..., Any], lang: str | None = None, *, device: str | torch.device | None = None
) -> CheckResult:
    """Check a from-scratch linreg(X, w, b), and print a verdict.

    X: (n, d); w: (d, 1); b: (1,). The reference is F.linear(X, w.T, b), of
    shape (n, 1), and its gradients with respect to w and b.
    """
    lang, device = _start("check_linreg", fn, lang, device)
    gen = torch.Generator().manual_seed(0)

    def values(X: torch.Tensor, w: torch.Tensor, b: torch.Tensor, on_device: bool = False):
        def run(ctx: _Case) -> None:
            Xd, wd, bd = (t.to(ctx.device) for t in (X, w, b)) if on_device else (X, w, b)
            where = _dev(ctx.device) if on_device else ""
            ctx.given = (
                f"linreg(X, w, b), X = torch.randn{tuple(X.shape)}, w = "
                f"{_literal(w)}, b = {_literal(b)}{where}"
            )
            ctx.reference = "F.linear(X, w.T, b)"
            expected = F.linear(Xd, wd.T, bd)
            ctx.expected = expected
            got = ctx.tensor(ctx.call(Xd.clone(), wd.clone(), bd.clone()))
            if not _close(got, expected):
                if _close(got, Xd @ wd):
                    ctx.fail("lr_no_bias", got)
                if got.numel() == expected.numel() and _close(
                    got.reshape(expected.shape), expected
                ):
                    ctx.fail("lr_flat", got, got=tuple(got.shape), want=tuple(expected.shape))
                if _close(got, Xd * wd.T + bd) or _close(got, Xd * wd.T):
                    ctx.fail("lr_elementwise", got)
                ctx.fail("lr_formula", got)
            ctx.on_device(got, Xd.device)

        return run

    def gradient(ctx: _Case) -> None:
        X, w, b = _randn(gen, 6, 3), _randn(gen, 3, 1), _randn(gen, 1)
        weights = _randn(gen, 6, 1)
        ctx.given = (
            "out = linreg(X, w, b); (out * g).sum().backward(), X = torch.randn(6, 3), "
            "w = torch.randn(3, 1, requires_grad=True), b = torch.randn(1, requires_grad=True)"
        )
        ctx.reference = "F.linear(X, w.T, b)"
        params = [w.clone().requires_grad_(), b.clone().requires_grad_()]
        ref = [w.clone().requires_grad_(), b.clone().requires_grad_()]
        got = ctx.tensor(ctx.call(X, *params))
        expected = F.linear(X, ref[0].T, ref[1])
        ctx.expected = expected
        if not _close(got, expected):
            ctx.fail("lr_formula", got)
        _check_grad(ctx, got, expected, params, ref, weights)

    cases = [
        (
            "ordinary",
            values(_randn(gen, 10, 2), torch.tensor([[2.0], [-3.4]]), torch.tensor([4.2])),
        ),
        ("many_features", values(_randn(gen, 4, 5), _randn(gen, 5, 1), torch.tensor([-0.5]))),
        ("one_feature", values(_randn(gen, 6, 1), torch.tensor([[1.5]]), torch.tensor([0.3]))),
        ("single_example", values(_randn(gen, 1, 2), torch.tensor([[2.0], [-3.4]]), torch.ones(1))),
        ("gradient", gradient),
        ("device", values(_randn(gen, 5, 2), _randn(gen, 2, 1), torch.tensor([1.0]), True)),
    ]
    return _run("check_linreg", fn, cases, lang, device, _linreg_error)


# ---------------------------------------------------------------------------------------------
# squared_loss
# ---------------------------------------------------------------------------------------------


def check_squared_loss(
    fn: Callable[..., Any], lang: str | None = None, *, device: str | torch.device | None = None
) -> CheckResult:
    """Check a from-scratch squared_loss(y_hat, y), and print a verdict.

    y_hat: (n, 1); y: (n, 1) or (n,). The reference is
    F.mse_loss(y_hat, y.reshape(y_hat.shape), reduction='none') / 2: one loss
    per example, shaped like y_hat, no sum or mean.
    """
    lang, device = _start("check_squared_loss", fn, lang, device)
    gen = torch.Generator().manual_seed(0)

    def reference(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return F.mse_loss(y_hat, y.reshape(y_hat.shape), reduction="none") / 2

    def values(y_hat: torch.Tensor, y: torch.Tensor, on_device: bool = False) -> CaseFn:
        def run(ctx: _Case) -> None:
            yh, yd = (y_hat.to(ctx.device), y.to(ctx.device)) if on_device else (y_hat, y)
            where = _dev(ctx.device) if on_device else ""
            ctx.given = (
                f"squared_loss(y_hat, y), y_hat = torch.randn{tuple(y_hat.shape)}, "
                f"y = torch.randn{tuple(y.shape)}{where}"
            )
            ctx.reference = "F.mse_loss(y_hat, y.reshape(y_hat.shape), reduction='none') / 2"
            expected = reference(yh, yd)
            ctx.expected = expected
            got = ctx.tensor(ctx.call(yh.clone(), yd.clone()))
            if not _close(got, expected):
                diff = yh - yd.reshape(yh.shape)
                if got.dim() == 2 and got.shape[0] == got.shape[1] > 1 and yd.dim() == 1:
                    ctx.fail(
                        "sl_broadcast",
                        got,
                        got=tuple(got.shape),
                        y=tuple(yd.shape),
                        y_hat=tuple(yh.shape),
                    )
                if _close(got, 2 * expected):
                    ctx.fail("sl_half", got)
                if got.numel() == 1 and len(expected) > 1:
                    ctx.fail("sl_reduced", got, want=tuple(expected.shape))
                if _close(got, diff.abs() / 2) or _close(got, diff.abs()):
                    ctx.fail("sl_not_squared", got)
                if got.numel() == expected.numel() and _close(
                    got.reshape(expected.shape), expected
                ):
                    ctx.fail("sl_shape", got, got=tuple(got.shape), want=tuple(expected.shape))
                ctx.fail("sl_formula", got)
            ctx.on_device(got, yh.device)

        return run

    def gradient(ctx: _Case) -> None:
        y_hat, y, weights = _randn(gen, 5, 1), _randn(gen, 5, 1), _randn(gen, 5, 1)
        ctx.given = (
            "l = squared_loss(y_hat, y); (l * g).sum().backward(), "
            "y_hat = torch.randn(5, 1, requires_grad=True), y = torch.randn(5, 1)"
        )
        ctx.reference = "F.mse_loss(y_hat, y, reduction='none') / 2"
        mine, ref = y_hat.clone().requires_grad_(), y_hat.clone().requires_grad_()
        got = ctx.tensor(ctx.call(mine, y))
        expected = reference(ref, y)
        ctx.expected = expected
        if not _close(got, expected):
            ctx.fail("sl_formula", got)
        _check_grad(ctx, got, expected, [mine], [ref], weights)

    cases = [
        ("ordinary", values(_randn(gen, 8, 1), _randn(gen, 8, 1))),
        ("flat_labels", values(_randn(gen, 8, 1), _randn(gen, 8))),
        ("single_example", values(_randn(gen, 1, 1), _randn(gen, 1, 1))),
        ("gradient", gradient),
        ("device", values(_randn(gen, 6, 1), _randn(gen, 6, 1), True)),
    ]
    return _run("check_squared_loss", fn, cases, lang, device)


# ---------------------------------------------------------------------------------------------
# sgd
# ---------------------------------------------------------------------------------------------


def _linreg_losses(params: Sequence[torch.Tensor], X: torch.Tensor, y: torch.Tensor):
    w, b = params
    return ((X @ w + b - y) ** 2 / 2).reshape(-1)  # (B, d) @ (d, 1) -> (B, 1) -> (B,)


def _softmax_losses(params: Sequence[torch.Tensor], X: torch.Tensor, y: torch.Tensor):
    W, b = params
    return F.cross_entropy(X @ W + b, y, reduction="none")  # (B, d) @ (d, q) -> (B, q) -> (B,)


def _sgd_error(error: Exception) -> str | None:
    text = str(error)
    if "leaf Variable" in text or "in-place operation" in text:
        return "sgd_no_grad"
    if isinstance(error, AttributeError) and "zero_" in text:
        return "sgd_not_in_place"
    return None


def check_sgd(
    fn: Callable[..., Any], lang: str | None = None, *, device: str | torch.device | None = None
) -> CheckResult:
    """Check a from-scratch sgd(params, lr, batch_size), and print a verdict.

    params: a list of leaf tensors whose .grad holds the gradient of the loss
    summed over a minibatch of batch_size examples. The reference is
    torch.optim.SGD(params, lr) stepping on the mean loss, which is the same
    update, p -= lr * p.grad / batch_size; after it the gradients must be
    zero (or None) and the caller's tensors changed in place.
    """
    lang, device = _start("check_sgd", fn, lang, device)
    gen = torch.Generator().manual_seed(0)

    def problem(batch_size: int, d: int = 2, classes: int = 0):
        X = _randn(gen, batch_size, d)
        if classes:
            init = [_randn(gen, d, classes) * 0.1, _randn(gen, classes) * 0.1]
            y = torch.randint(0, classes, (batch_size,), generator=gen)
            return init, X, y, _softmax_losses
        init = [_randn(gen, d, 1), _randn(gen, 1)]
        return init, X, _randn(gen, batch_size, 1) * 3, _linreg_losses

    def steps_case(
        batch_size: int,
        lr: float,
        steps: int = 1,
        classes: int = 0,
        zeroed_only: bool = False,
        on_device: bool = False,
    ) -> CaseFn:
        init, X, y, losses = problem(batch_size, classes=classes)

        def run(ctx: _Case) -> None:
            where = ctx.device if on_device else torch.device("cpu")
            Xd, yd = X.to(where), y.to(where)
            names = "[W, b]" if classes else "[w, b]"
            shapes = ", ".join(str(tuple(p.shape)) for p in init)
            model = ctx.say(
                "softmax regression" if classes else "linear regression",
                "softmax 回归" if classes else "线性回归",
            )
            ctx.given = (
                f"l.sum().backward(); sgd({names}, lr={lr}, batch_size={batch_size})"
                + ctx.say(
                    f", l: the losses of a {model} minibatch of {batch_size}; shapes {shapes}"
                    + (f"; {steps} steps" if steps > 1 else ""),
                    f"，l：{model}的一个小批量（{batch_size} 个样本）的损失；形状 {shapes}"
                    + (f"；{steps} 步" if steps > 1 else ""),
                )
            )
            ctx.given += _dev(where) if on_device else ""
            ctx.reference = f"torch.optim.SGD({names}, lr={lr}), l.mean().backward()"
            params = [p.detach().clone().to(where).requires_grad_() for p in init]
            ref = [p.detach().clone().to(where).requires_grad_() for p in init]
            optimizer = torch.optim.SGD(ref, lr=lr)
            for step in range(steps):
                before = [p.detach().clone() for p in params]
                losses(params, Xd, yd).sum().backward()
                grads = [p.grad.detach().clone() for p in params]  # type: ignore[union-attr]
                ctx.call(list(params), lr, batch_size)
                optimizer.zero_grad()
                losses(ref, Xd, yd).mean().backward()
                optimizer.step()
                ctx.expected = [r.detach() for r in ref]
                got = [p.detach() for p in params]
                if any(not p.requires_grad for p in params):
                    ctx.fail("sgd_leaf", got)
                if not zeroed_only and not all(
                    _close(p, r, atol=1e-6) for p, r in zip(params, ref, strict=True)
                ):
                    flat = torch.cat(
                        [(p.detach() - b).reshape(-1) for p, b in zip(got, before, strict=True)]
                    )
                    g = torch.cat([g.reshape(-1) for g in grads])
                    if all(torch.equal(p, b) for p, b in zip(got, before, strict=True)):
                        ctx.fail("sgd_not_in_place", got)
                    if batch_size > 1 and _close(flat, -lr * g, atol=1e-6):
                        ctx.fail("sgd_no_division", got, bs=batch_size)
                    if _close(flat, lr * g / batch_size, atol=1e-6):
                        ctx.fail("sgd_wrong_sign", got)
                    ctx.fail("sgd_formula", got)
                if zeroed_only or step < steps - 1:
                    left = [p.grad for p in params if p.grad is not None and p.grad.any()]
                    if left:
                        ctx.reference = ""
                        ctx.expected = ctx.say(
                            "every param.grad zero (or None)", "每个 param.grad 都为 0（或 None）"
                        )
                        ctx.fail("sgd_not_zeroed", f"param.grad = {_show(left[0])}")
                for p in got:
                    ctx.on_device(p, where)

        return run

    cases = [
        ("one_step", steps_case(4, 0.1)),
        ("grads_zeroed", steps_case(4, 0.1, zeroed_only=True)),
        ("two_steps", steps_case(4, 0.1, steps=2)),
        ("book_settings", steps_case(10, 0.03)),
        ("batch_size_one", steps_case(1, 0.5)),
        ("softmax_regression", steps_case(6, 0.1, classes=3)),
        ("device", steps_case(5, 0.1, on_device=True)),
    ]
    return _run("check_sgd", fn, cases, lang, device, _sgd_error)


# ---------------------------------------------------------------------------------------------
# softmax
# ---------------------------------------------------------------------------------------------


def _softmax_error(error: Exception) -> str | None:
    if "must match the size" in str(error):
        return "sm_keepdim"
    return None


def check_softmax(
    fn: Callable[..., Any], lang: str | None = None, *, device: str | torch.device | None = None
) -> CheckResult:
    """Check a from-scratch softmax(X), and print a verdict.

    X: (n, q) scores, one row per example. The reference is
    torch.softmax(X, dim=1): every row non-negative and summing to 1. Logits
    near +1000 and -1000 are among the cases: the book's X_exp / partition
    gives nan there, and subtracting each row's max fixes it.
    """
    lang, device = _start("check_softmax", fn, lang, device)
    gen = torch.Generator().manual_seed(0)

    def values(X: torch.Tensor, made: str, on_device: bool = False) -> CaseFn:
        def run(ctx: _Case) -> None:
            Xd = X.to(ctx.device) if on_device else X
            ctx.given = f"softmax(X), X = {made}" + (_dev(ctx.device) if on_device else "")
            ctx.reference = "torch.softmax(X, dim=1)"
            expected = torch.softmax(Xd, dim=1)
            ctx.expected = expected
            got = ctx.tensor(ctx.call(Xd.clone()))
            if not _close(got, expected):
                exp = torch.exp(Xd.double())
                if not torch.isfinite(got).all() and Xd.abs().max() > 80:
                    ctx.fail("sm_overflow", got)
                if tuple(got.shape) != tuple(expected.shape):
                    ctx.fail("sm_shape", got, got=tuple(got.shape), want=tuple(expected.shape))
                if _close(got, torch.softmax(Xd, dim=0)):
                    ctx.fail("sm_axis", got)
                square = Xd.shape[0] == Xd.shape[1]
                if square and _close(
                    got, exp / exp.sum(1)
                ):  # (n, n) / (n,): column j / row j's sum
                    ctx.fail("sm_keepdim", got)
                if _close(got, exp) or not torch.allclose(
                    got.detach().double().sum(1).cpu(), torch.ones(len(got), dtype=torch.float64)
                ):
                    ctx.fail("sm_not_normalised", got)
                ctx.fail("sm_formula", got)
            ctx.on_device(got, Xd.device)

        return run

    def gradient(ctx: _Case) -> None:
        X, weights = _randn(gen, 4, 5), _randn(gen, 4, 5)
        ctx.given = (
            "out = softmax(X); (out * g).sum().backward(), "
            "X = torch.randn(4, 5, requires_grad=True)"
        )
        ctx.reference = "torch.softmax(X, dim=1)"
        mine, ref = X.clone().requires_grad_(), X.clone().requires_grad_()
        got = ctx.tensor(ctx.call(mine))
        expected = torch.softmax(ref, dim=1)
        ctx.expected = expected
        if not _close(got, expected):
            ctx.fail("sm_formula", got)
        _check_grad(ctx, got, expected, [mine], [ref], weights)

    cases = [
        ("ordinary", values(_randn(gen, 2, 5), "torch.normal(0, 1, (2, 5))")),
        ("ten_classes", values(3 * _randn(gen, 8, 10), "3 * torch.randn(8, 10)")),
        ("single_row", values(_randn(gen, 1, 4), "torch.randn(1, 4)")),
        ("one_column", values(_randn(gen, 3, 1), "torch.randn(3, 1)")),
        ("square", values(_randn(gen, 4, 4), "torch.randn(4, 4)")),
        ("large_logits", values(1000 + _randn(gen, 3, 4), "1000 + torch.randn(3, 4)")),
        ("large_negative_logits", values(_randn(gen, 3, 4) - 1000, "torch.randn(3, 4) - 1000")),
        ("gradient", gradient),
        ("device", values(_randn(gen, 3, 5), "torch.randn(3, 5)", True)),
    ]
    return _run("check_softmax", fn, cases, lang, device, _softmax_error)


# ---------------------------------------------------------------------------------------------
# cross_entropy
# ---------------------------------------------------------------------------------------------


def _cross_entropy_error(error: Exception) -> str | None:
    if isinstance(error, IndexError) or "out of bounds" in str(error):
        return "ce_index"
    return None


def check_cross_entropy(
    fn: Callable[..., Any], lang: str | None = None, *, device: str | torch.device | None = None
) -> CheckResult:
    """Check a from-scratch cross_entropy(y_hat, y), and print a verdict.

    y_hat: (n, q) predicted probabilities; y: (n,) int64 labels. The reference
    is F.nll_loss(torch.log(y_hat), y, reduction='none'), one loss per example,
    shape (n,), as the Chinese edition returns it; the mean of it, a scalar,
    as the 1.0 edition returns it, is accepted too, and the verdict says which
    one the function returns.
    """
    lang, device = _start("check_cross_entropy", fn, lang, device)
    gen = torch.Generator().manual_seed(0)

    def reference(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return F.nll_loss(torch.log(y_hat), y, reduction="none")

    def probabilities(n: int, q: int) -> torch.Tensor:
        return torch.softmax(_randn(gen, n, q), dim=1)

    def diagnose(ctx: _Case, got: torch.Tensor, y_hat: torch.Tensor, y: torch.Tensor) -> None:
        n = len(y)
        per_example = reference(y_hat, y)
        if got.dim() == 2 and tuple(got.shape) == (n, n) and n > 1:
            ctx.fail("ce_all_columns", got, got=tuple(got.shape))
        if got.numel() == 1 and n > 1 and _close(got.reshape(()), per_example.sum()):
            ctx.fail("ce_sum", got)
        if got.numel() != n and got.numel() != 1:
            ctx.fail("ce_shape", got, want=(n,), got=tuple(got.shape))
        if torch.isnan(got).any() and (y_hat == 0).any():
            ctx.fail("ce_one_hot_nan", got)
        rows = torch.arange(n, device=y_hat.device)
        picked = y_hat[rows, y]
        candidates = {
            "ce_minus": -per_example,
            "ce_no_log": -picked,
            "ce_log_base": -torch.log10(picked),
            "ce_predicted": -torch.log(y_hat.max(dim=1).values),
            "ce_all_classes": -torch.log(y_hat).sum(dim=1),
        }
        candidates["ce_log_base_2"] = -torch.log2(picked)
        if int(y.max()) < n and n <= y_hat.shape[1]:
            candidates["ce_axis"] = -torch.log(y_hat[y, rows])
        for key, candidate in candidates.items():
            if _close(got, candidate) or (got.dim() == 0 and _close(got, candidate.mean())):
                ctx.fail(key.removesuffix("_2"), got)
        if got.numel() == n and got.dim() != 1:
            ctx.fail("ce_shape", got, want=(n,), got=tuple(got.shape))
        ctx.fail("ce_formula", got)

    def values(y_hat: torch.Tensor, y: torch.Tensor, made: str, on_device: bool = False) -> CaseFn:
        def run(ctx: _Case) -> None:
            yh, yd = (y_hat.to(ctx.device), y.to(ctx.device)) if on_device else (y_hat, y)
            ctx.given = f"cross_entropy(y_hat, y), y_hat = {made}, y = {_literal(y)}" + (
                _dev(ctx.device) if on_device else ""
            )
            ctx.reference = "F.nll_loss(torch.log(y_hat), y, reduction='none')"
            expected = reference(yh, yd)
            ctx.expected = expected
            got = ctx.tensor(ctx.call(yh.clone(), yd.clone()))
            if got.dim() == 0 and _close(got, expected.mean()):
                if len(y) > 1:  # one example's loss is also its mean: say nothing
                    ctx.note("ce_note_mean")
            elif got.dim() == 1 and _close(got, expected):
                ctx.note("ce_note_vector")
            else:
                diagnose(ctx, got, yh, yd)
            ctx.on_device(got, yh.device)

        return run

    def gradient(ctx: _Case) -> None:
        y_hat, y = probabilities(5, 4), torch.tensor([3, 0, 1, 1, 2])
        ctx.given = (
            "l = cross_entropy(y_hat, y); l.sum().backward(), y_hat = torch.softmax("
            "torch.randn(5, 4), 1).requires_grad_(), y = torch.tensor([3, 0, 1, 1, 2])"
        )
        mine, ref = y_hat.clone().requires_grad_(), y_hat.clone().requires_grad_()
        got = ctx.tensor(ctx.call(mine, y))
        expected = reference(ref, y)
        if got.dim() == 0:
            expected = expected.mean()
        ctx.reference = "F.nll_loss(torch.log(y_hat), y, reduction='none')" + (
            ".mean()" if got.dim() == 0 else ""
        )
        ctx.expected = expected
        if not _close(got, expected):
            diagnose(ctx, got, y_hat, y)
        _check_grad(ctx, got, expected, [mine], [ref], torch.ones(expected.shape))

    book = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
    zeros = torch.tensor([[1.0, 0.0, 0.0], [0.0, 0.2, 0.8], [0.5, 0.5, 0.0]])
    cases = [
        ("book_example", values(book, torch.tensor([0, 2]), _literal(book))),
        (
            "ten_classes",
            values(
                probabilities(6, 10),
                torch.tensor([3, 9, 0, 4, 4, 7]),
                "torch.softmax(torch.randn(6, 10), 1)",
            ),
        ),
        (
            "single_example",
            values(probabilities(1, 3), torch.tensor([2]), "torch.softmax(torch.randn(1, 3), 1)"),
        ),
        (
            "square",
            values(
                probabilities(4, 4),
                torch.tensor([1, 3, 0, 2]),
                "torch.softmax(torch.randn(4, 4), 1)",
            ),
        ),
        ("zero_probabilities", values(zeros, torch.tensor([0, 2, 1]), _literal(zeros))),
        ("gradient", gradient),
        (
            "device",
            values(
                probabilities(5, 3),
                torch.tensor([0, 2, 1, 1, 0]),
                "torch.softmax(torch.randn(5, 3), 1)",
                True,
            ),
        ),
    ]
    return _run("check_cross_entropy", fn, cases, lang, device, _cross_entropy_error)


# ---------------------------------------------------------------------------------------------
# accuracy
# ---------------------------------------------------------------------------------------------


def _accuracy_error(error: Exception) -> str | None:
    text = str(error)
    if "must match the size" in text:
        return "acc_size_error"
    if isinstance(error, IndexError) and "Dimension out of range" in text:
        return "acc_labels"
    return None


def _count_correct(y_hat: torch.Tensor, y: torch.Tensor) -> float:
    """Return the book's accuracy with torch: rows whose argmax equals the label, as a float."""
    if y_hat.dim() > 1 and y_hat.shape[1] > 1:
        y_hat = torch.argmax(y_hat, dim=1)
    return float((y_hat.reshape(-1).to(y.dtype) == y).sum())


def check_accuracy(
    fn: Callable[..., Any], lang: str | None = None, *, device: str | torch.device | None = None
) -> CheckResult:
    """Check a from-scratch accuracy(y_hat, y), and print a verdict.

    y_hat: (n, q) scores or probabilities, or (n,) predicted labels; y: (n,)
    labels. The reference is the book's semantics computed with torch: the
    number (a count, as a float) of rows whose torch.argmax(y_hat, dim=1)
    equals y; evaluate_accuracy divides by the number of examples later.
    """
    lang, device = _start("check_accuracy", fn, lang, device)
    gen = torch.Generator().manual_seed(0)

    def labels_with(y_hat: torch.Tensor, wrong: Sequence[int]) -> torch.Tensor:
        """Return the argmax labels of y_hat with the rows in `wrong` made wrong."""
        y = y_hat.argmax(dim=1)
        for i in wrong:
            y[i] = (y[i] + 1) % y_hat.shape[1]
        return y

    def values(y_hat: torch.Tensor, y: torch.Tensor, made: str, on_device: bool = False) -> CaseFn:
        def run(ctx: _Case) -> None:
            yh, yd = (y_hat.to(ctx.device), y.to(ctx.device)) if on_device else (y_hat, y)
            ctx.given = (
                f"accuracy(y_hat, y), y_hat = {made}, y = torch.tensor({y.tolist()}"
                + (", dtype=torch.int32)" if y.dtype == torch.int32 else ")")
                + (_dev(ctx.device) if on_device else "")
            )
            ctx.reference = (
                "float((torch.argmax(y_hat, dim=1) == y).sum())"
                if y_hat.dim() == 2
                else "float((y_hat == y).sum())"
            )
            expected = _count_correct(yh, yd)
            ctx.expected = expected
            out = ctx.call(yh.clone(), yd.clone())
            got = _as_number(out)
            if got is None:
                if isinstance(out, torch.Tensor) and out.numel() == len(y):
                    ctx.fail("acc_not_summed", out)
                ctx.fail("acc_not_number", out, kind=_kind(out))
            if abs(got - expected) > 1e-6:
                n = len(y)
                if n > 1 and abs(got - expected / n) < 1e-6:
                    ctx.fail("acc_fraction", got, got=got, want=expected)
                if y_hat.dim() == 2 and y_hat.shape[1] > 1:
                    if yh.shape[0] == yh.shape[1]:
                        by_column = float((yh.argmax(dim=0) == yd).sum())
                        if abs(got - by_column) < 1e-6:
                            ctx.fail("acc_axis", got)
                    if abs(got - _count_correct(yh.to(yd.dtype), yd)) < 1e-6:
                        ctx.fail("acc_cast_first", got)
                    tied = float(
                        (yh[torch.arange(n, device=yh.device), yd] == yh.max(dim=1).values).sum()
                    )
                    if abs(got - tied) < 1e-6:
                        ctx.fail("acc_ties", got)
                ctx.fail("acc_formula", got)

        return run

    book = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
    probs = torch.softmax(_randn(gen, 10, 4), dim=1)
    square = _randn(gen, 5, 5)
    square_y = torch.tensor([square[0].argmax(), 0, 0, square[3].argmax(), 4])
    if _count_correct(square, square_y) == float((square.argmax(0) == square_y).sum()):
        square_y[4] = square[4].argmax()  # keep the two axes apart
    all_right = _randn(gen, 7, 3)
    none_right = _randn(gen, 6, 3)
    one = _randn(gen, 1, 3)
    ties = torch.tensor([[0.4, 0.4, 0.2], [0.1, 0.45, 0.45], [0.3, 0.3, 0.4], [0.2, 0.5, 0.3]])
    int_scores = torch.softmax(_randn(gen, 8, 5), dim=1)
    on_dev = _randn(gen, 9, 4)
    cases = [
        ("book_example", values(book, torch.tensor([0, 2]), _literal(book))),
        (
            "ordinary",
            values(probs, labels_with(probs, [1, 4, 7, 8]), "torch.softmax(torch.randn(10, 4), 1)"),
        ),
        ("square", values(square, square_y, "torch.randn(5, 5)")),
        ("all_correct", values(all_right, labels_with(all_right, []), "torch.randn(7, 3)")),
        (
            "none_correct",
            values(none_right, labels_with(none_right, range(6)), "torch.randn(6, 3)"),
        ),
        ("single_example", values(one, labels_with(one, []), "torch.randn(1, 3)")),
        (
            "predicted_labels",
            values(
                torch.tensor([0, 2, 1, 1, 3]),
                torch.tensor([0, 1, 1, 1, 3]),
                "torch.tensor([0, 2, 1, 1, 3])",
            ),
        ),
        (
            "int32_labels",
            values(
                int_scores,
                labels_with(int_scores, [0, 5]).to(torch.int32),
                "torch.softmax(torch.randn(8, 5), 1)",
            ),
        ),
        ("ties", values(ties, torch.tensor([1, 2, 2, 1]), _literal(ties))),
        ("device", values(on_dev, labels_with(on_dev, [2, 3]), "torch.randn(9, 4)", True)),
    ]
    return _run("check_accuracy", fn, cases, lang, device, _accuracy_error)


# ---------------------------------------------------------------------------------------------
# evaluate_accuracy
# ---------------------------------------------------------------------------------------------


class _TrainEvalNet(nn.Module):
    """A linear net that, like one with dropout, answers differently while training.

    In eval mode it returns X @ W; in training mode -(X @ W), whose argmax is
    the worst class, so an evaluation left in training mode scores badly.
    """

    def __init__(self, W: torch.Tensor) -> None:
        super().__init__()
        self.linear = nn.Linear(W.shape[0], W.shape[1], bias=False)
        with torch.no_grad():
            self.linear.weight.copy_(W.T)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        out = self.linear(X)  # (B, d) @ (d, q) -> (B, q)
        return -out if self.training else out


def check_evaluate_accuracy(
    fn: Callable[..., Any], lang: str | None = None, *, device: str | torch.device | None = None
) -> CheckResult:
    """Check a from-scratch evaluate_accuracy(net, data_iter), and print a verdict.

    net: a function or an nn.Module mapping X (B, 4) to scores (B, 3);
    data_iter: a loader of (X, y) batches with `.dataset` and len(), like the
    book's DataLoader, its last batch possibly short. The reference is
    (number correct) / (number of examples) over all batches, with the
    module in eval mode, counted with torch.argmax.
    """
    lang, device = _start("check_evaluate_accuracy", fn, lang, device)
    gen = torch.Generator().manual_seed(0)
    W = _randn(gen, 4, 3)

    def make_data(n: int, wrong: Sequence[int]) -> tuple[torch.Tensor, torch.Tensor]:
        X = _randn(gen, n, 4)
        y = (X @ W).argmax(dim=1)
        for i in wrong:
            y[i] = (y[i] + 1) % 3
        return X, y

    def values(
        n: int, batch_size: int, wrong: Sequence[int], net_kind: str, on_device: bool = False
    ) -> CaseFn:
        X, y = make_data(n, wrong)

        def run(ctx: _Case) -> None:
            where = ctx.device if on_device else torch.device("cpu")
            Xd, yd = X.to(where), y.to(where)
            Wd = W.to(where)
            if net_kind == "function":
                net: Callable[..., Any] = lambda X: X @ Wd  # noqa: E731
                shown = "net = lambda X: X @ W, W = torch.randn(4, 3)"
            elif net_kind == "module":
                net = nn.Linear(4, 3, bias=False).to(where)
                with torch.no_grad():
                    net.weight.copy_(Wd.T)
                shown = "net = nn.Linear(4, 3, bias=False)"
            else:
                net = _TrainEvalNet(W).to(where)
                shown = ctx.say(
                    "net = an nn.Module in training mode that gives X @ W in eval mode and "
                    "-(X @ W) while training, like a net with dropout",
                    "net = 处于训练模式的 nn.Module，评估模式下输出 X @ W，训练模式下输出 "
                    "-(X @ W)，就像含 dropout 的网络",
                )
            loader = ArrayLoader((Xd, yd), batch_size)
            sizes = [len(b) for _, b in loader]
            ctx.given = f"evaluate_accuracy(net, data_iter), {shown}; " + ctx.say(
                f"data_iter yields {n} examples in batches of sizes {sizes}",
                f"data_iter 产出 {n} 个样本，各批量大小为 {sizes}",
            )
            ctx.given += _dev(where) if on_device else ""
            ctx.reference = ctx.say(
                "(number correct) / (number of examples)", "（预测正确的个数）/（样本数）"
            )
            with torch.no_grad():
                scores = Xd @ Wd  # (n, 4) @ (4, 3) -> (n, 3)
            correct = (scores.argmax(dim=1) == yd).float().cpu()
            expected = float(correct.mean())
            ctx.expected = expected
            out = ctx.call(net, loader)
            got = _as_number(out)
            if got is None:
                ctx.fail("ea_not_number", out, kind=_kind(out))
            if abs(got - expected) > 1e-6:
                per_batch = correct.split(batch_size)
                batch_mean = float(torch.stack([b.mean() for b in per_batch]).mean())
                if net_kind == "train_eval":
                    in_training = float((scores.argmin(dim=1) == yd).float().mean())
                    if abs(got - in_training) < 1e-6:
                        ctx.fail("ea_eval_mode", got)
                if len(per_batch) > 1 and abs(got - batch_mean) < 1e-6:
                    ctx.fail("ea_batch_mean", got, got=got)
                if abs(got - float(correct.sum())) < 1e-6 and n > 1:
                    ctx.fail("ea_count", got, got=got)
                if abs(got - float(correct.sum()) / len(per_batch)) < 1e-6:
                    ctx.fail("ea_per_batch_count", got)
                ctx.fail("ea_formula", got)

        return run

    cases = [
        ("ordinary", values(12, 4, [0, 5, 6], "function")),
        # batches of 4, 4 and 2 examples with 4, 2 and 0 right: 6 / 10, not the batch mean 0.5
        ("short_last_batch", values(10, 4, [0, 3, 8, 9], "function")),
        ("module", values(9, 5, [2, 5, 6, 8], "module")),
        ("eval_mode", values(8, 4, [3], "train_eval")),
        ("single_example", values(1, 1, [], "function")),
        ("device", values(11, 4, [1, 9], "module", on_device=True)),
    ]
    return _run("check_evaluate_accuracy", fn, cases, lang, device)


# ---------------------------------------------------------------------------------------------
# Accumulator
# ---------------------------------------------------------------------------------------------


def check_accumulator(
    cls: Callable[..., Any], lang: str | None = None, *, device: str | torch.device | None = None
) -> CheckResult:
    """Check a from-scratch Accumulator class, and print a verdict.

    Accumulator(n) keeps n running sums: add(*args) adds one value (a number
    or a one-element tensor) to each, reset() sets them to 0.0 and acc[i]
    reads one. The reference sums the same values with torch.
    """
    lang, device = _start("check_accumulator", cls, lang, device, arg="cls")

    def read(ctx: _Case, acc: Any, n: int) -> list[float]:
        values = []
        for i in range(n):
            value = _as_number(ctx.run(acc.__getitem__, i))
            if value is None:
                ctx.fail("am_index", ctx.run(acc.__getitem__, i))
            values.append(value)
        return values

    def sums(
        rows: Sequence[Sequence[Any]], made: str, keys: Sequence[str] = (), on_device: bool = False
    ) -> CaseFn:
        def run(ctx: _Case) -> None:
            n = len(rows[0])
            where = ctx.device if on_device else None
            args_rows = [
                [torch.tensor(v, device=where) if on_device else v for v in row] for row in rows
            ]
            ctx.given = made + (_dev(ctx.device) if on_device else "")
            ctx.reference = "torch.tensor(rows, dtype=torch.float64).sum(0)"
            expected = torch.tensor([[float(v) for v in row] for row in rows]).double().sum(0)
            ctx.expected = expected.tolist()
            ctx.error_hint = "am_length"
            acc = ctx.call(n)
            start = read(ctx, acc, n)
            if start != [0.0] * n:
                ctx.reference, ctx.expected = f"Accumulator({n})", [0.0] * n
                ctx.fail("am_init", start, got=start)
            for row in args_rows:
                ctx.run(acc.add, *row)
            got = read(ctx, acc, n)
            if not torch.allclose(torch.tensor(got, dtype=torch.float64), expected):
                truncated = torch.tensor([[int(v) for v in row] for row in rows]).sum(0)
                if got == [float(v) for v in rows[-1]]:
                    ctx.fail("am_not_summed", got)
                if got == truncated.double().tolist():
                    ctx.fail("am_truncates", got)
                ctx.fail("am_formula", got)

        return run

    def reset(ctx: _Case) -> None:
        ctx.given = "acc = Accumulator(3); acc.add(1, 2.5, 3); acc.reset(); acc.add(1, 1, 1)"
        ctx.expected = ctx.say(
            "[0.0, 0.0, 0.0] after reset(), [1.0, 1.0, 1.0] after the add",
            "reset() 之后为 [0.0, 0.0, 0.0]，再 add 之后为 [1.0, 1.0, 1.0]",
        )
        acc = ctx.call(3)
        ctx.run(acc.add, 1, 2.5, 3)
        ctx.error_hint = "am_reset"
        ctx.run(acc.reset)
        got = read(ctx, acc, 3)
        if got != [0.0, 0.0, 0.0]:
            ctx.fail("am_reset", got)
        ctx.run(acc.add, 1, 1, 1)
        got = read(ctx, acc, 3)
        if got != [1.0, 1.0, 1.0]:
            ctx.fail("am_reset", got)

    def separate_instances(ctx: _Case) -> None:
        ctx.given = "a = Accumulator(2); b = Accumulator(2); a.add(1, 2); [b[0], b[1]]"
        ctx.reference = ctx.say("b untouched", "b 不受影响")
        ctx.expected = [0.0, 0.0]
        a, b = ctx.call(2), ctx.call(2)
        ctx.run(a.add, 1, 2)
        got = read(ctx, b, 2)
        if got != [0.0, 0.0]:
            ctx.fail("am_shared", got)

    rows_sums = [[1, 2.5], [3, 4.25], [0.5, 0]]
    rows_tensors = [[0.5, 2, 3], [1.25, 1, 4]]
    cases = [
        ("sums", sums(rows_sums, "acc = Accumulator(2); acc.add(1, 2.5); acc.add(3, 4.25); ...")),
        (
            "tensors",
            sums(
                [[torch.tensor(v) for v in row] for row in rows_tensors],
                "acc = Accumulator(3); acc.add(torch.tensor(0.5), torch.tensor(2), "
                "torch.tensor(3)); acc.add(...)",
            ),
        ),
        ("one_variable", sums([[2.5], [2.5], [2.5]], "acc = Accumulator(1); acc.add(2.5) x 3")),
        ("reset", reset),
        ("separate_instances", separate_instances),
        (
            "device",
            sums(rows_tensors, "acc.add(...) with one-element tensors", on_device=True),
        ),
    ]
    return _run("check_accumulator", cls, cases, lang, device)
