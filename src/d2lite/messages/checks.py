"""Messages of the exercise checkers (d2lite.check): the verdict, case names, shared hints.

(English, Chinese) pairs under "check.*" keys: the lines of a verdict, the name of
every case ("check.case.NAME"), how a value is described, the hints several
checks share (a stub not written yet, a case out of time, strict mode) and those
of check_collapse ("check.co_"). The hints of the other checks are in
`checks_regression` and `checks_classification`.
"""

TEXT: dict[str, tuple[str, str]] = {
    # case names: the English label is the name with spaces
    "check.case.ordinary": ("ordinary", "普通输入"),
    "check.case.shapes_and_dtype": ("shapes and dtype", "形状与数据类型"),
    "check.case.noise": ("noise", "噪声"),
    "check.case.x_distribution": ("x distribution", "X 的分布"),
    "check.case.other_w_and_b": ("other w and b", "其他的 w 和 b"),
    "check.case.single_example": ("single example", "单个样本"),
    "check.case.fresh_draws": ("fresh draws", "每次调用重新采样"),
    "check.case.short_last_batch": ("short last batch", "最后一批不满"),
    "check.case.batch_larger_than_data": ("batch larger than data", "批量大于样本数"),
    "check.case.image_features": ("image features", "图像特征"),
    "check.case.shuffled": ("shuffled", "打乱顺序"),
    "check.case.many_features": ("many features", "多个特征"),
    "check.case.one_feature": ("one feature", "一个特征"),
    "check.case.gradient": ("gradient", "梯度"),
    "check.case.flat_labels": ("flat labels", "一维标签"),
    "check.case.one_step": ("one step", "一步更新"),
    "check.case.grads_zeroed": ("grads zeroed", "梯度清零"),
    "check.case.two_steps": ("two steps", "两步更新"),
    "check.case.book_settings": ("book settings", "书中的超参数"),
    "check.case.batch_size_one": ("batch size one", "批量为 1"),
    "check.case.softmax_regression": ("softmax regression", "softmax 回归的参数"),
    "check.case.ten_classes": ("ten classes", "十个类别"),
    "check.case.single_row": ("single row", "单行"),
    "check.case.one_column": ("one column", "单列"),
    "check.case.square": ("square", "方阵"),
    "check.case.large_logits": ("large logits", "很大的 `logits`"),
    "check.case.large_negative_logits": ("large negative logits", "很小（负）的 `logits`"),
    "check.case.book_example": ("book example", "书中的例子"),
    "check.case.zero_probabilities": ("zero probabilities", "概率为 0"),
    "check.case.all_correct": ("all correct", "全部正确"),
    "check.case.none_correct": ("none correct", "全部错误"),
    "check.case.predicted_labels": ("predicted labels", "已是预测标签"),
    "check.case.int32_labels": ("int32 labels", "`int32` 标签"),
    "check.case.ties": ("ties", "并列最大值"),
    "check.case.module": ("module", "nn.Module 网络"),
    "check.case.eval_mode": ("eval mode", "评估模式"),
    "check.case.sums": ("sums", "累加"),
    "check.case.tensors": ("tensors", "张量值"),
    "check.case.one_variable": ("one variable", "一个变量"),
    "check.case.reset": ("reset", "重置"),
    "check.case.separate_instances": ("separate instances", "实例互不影响"),
    "check.case.residual_grid": ("residual grid", "残差网格"),
    "check.case.delta_half": ("delta half", "`delta` 为 0.5"),
    "check.case.delta_two": ("delta two", "`delta` 为 2"),
    "check.case.large_residuals": ("large residuals", "很大的残差"),
    "check.case.float64": ("float64", "`float64` 输入"),
    "check.case.book_shapes": ("book shapes", "书中的形状"),
    "check.case.other_shapes": ("other shapes", "其他形状"),
    "check.case.no_bias": ("no bias", "没有偏置的层"),
    "check.case.layers_unchanged": ("layers unchanged", "不修改输入的层"),
    # the verdict
    "check.all_passed": (
        "{check}: all {n} cases passed: {names}.",
        "{check}：全部 {n} 个用例通过：{names}。",
    ),
    "check.some_passed": (
        "{check}: {k} of {n} cases passed.",
        "{check}：{n} 个用例中通过 {k} 个。",
    ),
    "check.passed": ("  passed: {names}", "  通过：{names}"),
    "check.failed": ("  FAILED: {names}", "  未通过：{names}"),
    "check.first_failure": ("First failing case, {name}:", "第一个未通过的用例：{name}"),
    "check.given": ("  given:    ", "  输入：    "),
    "check.got": ("  got:      ", "  得到：    "),
    "check.expected": ("  expected: ", "  期望：    "),
    "check.hint": ("  hint:     ", "  提示：    "),
    "check.note": ("  note: ", "  说明："),
    "check.raised": ("raised {error}", "抛出了异常 {error}"),
    "check.device_label": ("on the device ({device})", "在设备 {device} 上"),
    # hints shared by several checks
    "check.error_generic": (
        "your code raised an error on this input; call it on the input under 'given' to see where "
        "it fails",
        "你的代码在这个输入上抛出了异常；用“输入”一行里的数据调用它，看看在哪里出错",
    ),
    "check.not_comparable": (
        "the result could not be compared with PyTorch's ({error}); return the same kind of value "
        "as the expected one",
        "结果无法与 PyTorch 的结果比较（{error}）；请返回与期望值同类的值",
    ),
    "check.not_tensor": (
        "return a torch tensor (got {kind}); build the result with torch operations",
        "应返回 torch 张量（得到的是{kind}）；请用 torch 运算得到结果",
    ),
    "check.wrong_device": (
        "the result is on {got} but the inputs are on {want}; compute it from the inputs (no "
        "torch.tensor(...), .cpu() or .numpy() inside) so that it stays on their device",
        "结果在 {got} 上，而输入在 {want} 上；请直接用输入张量计算（函数里不要用 "
        "`torch.tensor(...)`、`.cpu()` 或 `.numpy()`），结果才会留在同一个设备上",
    ),
    "check.grad_lost": (
        "autograd cannot differentiate the result (it has no grad_fn); compute it with torch "
        "operations on the inputs, without .detach(), .item(), .numpy(), torch.tensor(...) or "
        "torch.no_grad()",
        "自动微分（`autograd`）无法对结果求导（结果没有 `grad_fn`）；请只用 torch 运算从输入计算，"
        "不要使用 `.detach()`、`.item()`、`.numpy()`、`torch.tensor(...)` 或 `torch.no_grad()`",
    ),
    "check.grad_differs": (
        "the values are right but the gradient differs from PyTorch's; do not change the inputs "
        "in place or cut the graph with .detach() or .data",
        "数值正确，但梯度与 PyTorch 的不同；不要原地修改输入，也不要用 `.detach()` 或 `.data` 切断"
        "计算图",
    ),
    # what a failed gradient case shows
    "check.grad_expected": (
        "a result autograd can differentiate (with a grad_fn)",
        "自动微分能求导的结果（有 `grad_fn`）",
    ),
    "check.grad_reference": ("the gradients PyTorch gives", "PyTorch 给出的梯度"),
    # how a value is described in a verdict
    "check.show_tensor": ("tensor {shape} {dtype}", "张量 {shape} {dtype}"),
    "check.show_on_device": ("{head} on {device}", "{head}（位于 {device}）"),
    "check.kind_tensor": ("a tensor of shape {shape}", "形状为 {shape} 的张量"),
    "check.kind_NoneType": ("NoneType {value}", "空值 {value}"),
    "check.kind_bool": ("bool {value}", "布尔值 {value}"),
    "check.kind_int": ("int {value}", "整数 {value}"),
    "check.kind_float": ("float {value}", "浮点数 {value}"),
    "check.kind_str": ("str {value}", "字符串 {value}"),
    "check.kind_list": ("list {value}", "列表 {value}"),
    "check.kind_tuple": ("tuple {value}", "元组 {value}"),
    "check.kind_dict": ("dict {value}", "字典 {value}"),
    "check.kind_generator": ("generator {value}", "生成器 {value}"),
    "check.kind_other": ("{type} {value}", "类型为 `{type}` 的对象 {value}"),
    # a stub, a case that runs too long, strict mode
    "check.not_written": (
        "`{name}` is not written yet: replace the `raise NotImplementedError` line with your code",
        "`{name}` 还没有写：请把 `raise NotImplementedError` 这一行换成你的代码",
    ),
    "check.timed_out": ("ran longer than {limit:g} s", "运行超过了 {limit:g} 秒"),
    "check.timeout_hint": (
        "this case ran longer than {limit:g} s and was stopped: your code probably loops "
        "forever. Check that every loop ends: a while loop needs a condition that becomes false, "
        "and a generator must stop after one pass over the examples",
        "这个用例运行超过了 {limit:g} 秒，已被中止：你的代码很可能陷入了死循环。"
        "请检查每个循环都能结束：`while` 循环的条件终究要变为 False，生成器在遍历一遍样本之后"
        "必须停止",
    ),
    "check.timeout_note": (
        "the case {case} ran longer than {limit:g} s and was stopped; the cases after it were not "
        "run. A teacher can change the limit with time_limit= or D2LITE_CHECK_TIME_LIMIT",
        "用例“{case}”运行超过了 {limit:g} 秒，已被中止，它之后的用例没有运行。可以用 "
        "`time_limit=` 或环境变量 `D2LITE_CHECK_TIME_LIMIT` 调整时限",
    ),
    "check.not_run": ("not run", "未运行"),
    "check.not_run_hint": (
        "not run: the case {case} ran too long, so the check stopped there",
        "未运行：用例“{case}”运行时间过长，检查在那里停止了",
    ),
    "check.strict_got": ("your code calls {call}", "你的代码调用了 `{call}`"),
    "check.strict_hint": (
        "strict mode: your code calls the ready-made `{call}`, but this exercise asks you to write "
        "it by hand, from basic tensor operations; the value may be right, but the point is to "
        "build it yourself",
        "严格模式：你的代码调用了现成的 `{call}`，而这个练习要求你用基本的张量运算亲手实现它；"
        "数值也许是对的，但练习的目的是自己动手写出来",
    ),
    "check.bad_time_limit": (
        "{name} must be a number of seconds greater than 0, got {value!r}",
        "{name} 必须是大于 0 的秒数，得到的却是 {value!r}",
    ),
    # a check that cannot run, a verdict that cannot be printed
    "check.not_callable": (
        "{arg} must be callable, got {value} of type {type}; pass your {name} itself, for example "
        "{check}({name}), not what it returns",
        "{arg} 必须是可调用对象，得到的却是类型为 {type} 的 {value}；请传入 {name} 本身，例如 "
        "{check}({name})，而不是它的返回值",
    ),
    "check.print_failed": (
        "could not print the verdict of {check} ({error})",
        "无法打印 {check} 的检查结果（{error}）",
    ),
    # the hints of check_collapse (notebook 03; huber_loss's are in checks_regression)
    "check.co_reference": (
        "one nn.Linear computing two_layers' function",
        "与 `two_layers` 计算同一函数的单个 `nn.Linear`",
    ),
    "check.co_expected": ("nn.Linear({a}, {c})", "单个 `nn.Linear({a}, {c})`"),
    "check.co_not_linear": (
        "return one nn.Linear({a}, {c}) (got {kind}), not the two layers or another module",
        "应返回一个 `nn.Linear({a}, {c})`（得到的是{kind}），而不是两个层或别的模块",
    ),
    "check.co_features": (
        "the single layer maps the first layer's inputs to the second layer's outputs: "
        "nn.Linear({a}, {c})",
        "这个单层要把第一层的输入映射到第二层的输出：`nn.Linear({a}, {c})`",
    ),
    "check.co_changed": (
        "collapse changed the layers it was given; build a new nn.Linear and leave two_layers as "
        "it was",
        "`collapse` 修改了传入的层；请新建一个 `nn.Linear`，不要改动 `two_layers`",
    ),
    "check.co_changed_got": ("changed: {names}", "被修改的参数：{names}"),
    "check.co_unchanged_expected": ("two_layers unchanged", "`two_layers` 保持不变"),
    "check.co_bias_missing": (
        "the weight is right but the result has no bias; two_layers adds W2 b1 + b2, so the "
        "single layer needs a bias",
        "权重正确，但结果没有偏置；`two_layers` 会加上 `W2 b1 + b2`，所以这个单层需要偏置",
    ),
    "check.co_bias_w2": (
        "the weight is right but the bias is b1 + b2: the first bias also passes through the "
        "second layer's weight, so the bias is W2 b1 + b2",
        "权重正确，但偏置是 `b1 + b2`：第一层的偏置也要经过第二层的权重，所以偏置是 `W2 b1 + b2`",
    ),
    "check.co_bias": (
        "the weight is right but the bias is not: x -> W2 (W1 x + b1) + b2 has bias W2 b1 + b2 "
        "(with b1 or b2 zero for a layer made with bias=False)",
        "权重正确，但偏置不对：`x -> W2 (W1 x + b1) + b2` 的偏置是 `W2 b1 + b2`（用 `bias=False` "
        "建的层，其偏置按 0 计）",
    ),
    "check.co_weight": (
        "the outputs differ: x -> W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2), so the weight "
        "is W2 @ W1, of shape (out, in) like every nn.Linear weight",
        "输出不同：`x -> W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2)`，所以权重是 `W2 @ W1`，"
        "形状与所有 `nn.Linear` 的权重一样为 (输出, 输入)",
    ),
    "check.co_shapes": (
        "the shapes do not fit: nn.Linear stores its weight as (out_features, in_features), so "
        "W1 is (b, a), W2 is (c, b) and the single weight W2 @ W1 is (c, a)",
        "形状对不上：`nn.Linear` 的权重形状是 (`out_features`, `in_features`)，"
        "所以 `W1` 为 (b, a)，`W2` 为 (c, b)，单层的权重 `W2 @ W1` 为 (c, a)",
    ),
    "check.co_no_grad": (
        "copying into the new layer's parameters must happen inside `with torch.no_grad():` "
        "(they are leaves that require grad)",
        "向新层的参数中复制数值必须在 `with torch.no_grad():` 中进行（它们是需要梯度的叶子张量）",
    ),
    "check.co_no_bias": (
        "a layer made with bias=False has bias None: count its bias as zero (for example, use the "
        "second layer's bias alone when the first has none)",
        "用 `bias=False` 建的层，其 `bias` 为 None：请把它的偏置按 0 计（例如第一层没有偏置时，只用"
        "第二层的偏置）",
    ),
}
