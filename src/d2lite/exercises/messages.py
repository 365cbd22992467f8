"""The words of every verdict, in English and in Chinese, and the one function that reads them.

Each message is a pair (English, Chinese) under a key; `_text(key, lang, **fields)`
picks the language and fills in the `{fields}` with `str.format`. The checks
never hold text of their own, only keys, so a translation is changed in one
place and both languages always carry the same messages.

This module holds the case names, the lines of the verdict and the hints shared
by several checks; the messages of the single checks live beside it, in
`messages_regression` and `messages_classification`, and are merged into
`_TEXT` here.
"""

from __future__ import annotations

from typing import Any

from d2lite.exercises.messages_classification import CLASSIFICATION_TEXT
from d2lite.exercises.messages_regression import REGRESSION_TEXT
from d2lite.lang import LANGUAGES

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

_VERDICT_TEXT: dict[str, tuple[str, str]] = {
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
    # what a failed gradient case shows
    "grad_expected": (
        "a result autograd can differentiate (with a grad_fn)",
        "autograd 能求导的结果（有 grad_fn）",
    ),
    "grad_reference": ("the gradients PyTorch gives", "PyTorch 给出的梯度"),
}

_TEXT: dict[str, tuple[str, str]] = {**_VERDICT_TEXT, **REGRESSION_TEXT, **CLASSIFICATION_TEXT}


def _text(key: str, lang: str, **fields: Any) -> str:
    """Return the message `key` in `lang` ("en" or "zh"), its `{fields}` filled in."""
    return _TEXT[key][LANGUAGES.index(lang)].format(**fields)
