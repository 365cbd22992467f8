"""Training, the 1.0 classes, devices and plots speak Chinese after ``set_lang("zh")``.

Each error is triggered through the code a learner runs (train_ch3, evaluate_accuracy,
accuracy, Trainer.fit, ...). An error that explains a PyTorch error gives the explanation
in Chinese first, then PyTorch's own message unchanged.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest
import torch
from torch import nn

import d2lite
from d2lite import live
from d2lite import torch as d2l
from d2lite.data.loaders import ArrayLoader
from d2lite.devices import parse_device
from d2lite.lang import set_lang
from d2lite.recipes import LinearScratch, train_linear
from d2lite.training import History

SAID = "\n\nPyTorch 的原始错误信息："
LOSS = nn.CrossEntropyLoss(reduction="none")


@pytest.fixture(autouse=True)
def _chinese():
    set_lang("zh")
    yield
    set_lang(None)
    plt.close("all")


def _loader(n=64, batch_size=32, seed=0, images=True):
    torch.manual_seed(seed)
    X = torch.rand(n, 1, 28, 28) if images else torch.rand(n, 64)
    return ArrayLoader((X, torch.randint(0, 10, (n,))), batch_size)


def _train(net, params, loader=None, epochs=1, loss=LOSS, **kwargs):
    loader = loader or _loader()
    updater = torch.optim.SGD(params, lr=0.1)
    kwargs.setdefault("animate", False)
    return d2l.train_ch3(net, loader, loader, loss, epochs, updater, **kwargs)


def _explained(error, chinese, pytorch):
    """Assert the message is the Chinese explanation, then PyTorch's message (a pattern)."""
    message = str(error.value)
    assert chinese in message
    said = message.index(SAID)
    assert message.index(chinese) < said
    assert re.search(pytorch, message[said + len(SAID) :])


# ---------------------------------------------------------------- errors that teach


def test_a_forgotten_flatten():
    net = nn.Sequential(nn.Linear(784, 10))
    with pytest.raises(RuntimeError) as info:
        _train(net, net.parameters())
    _explained(info, "要先把每个样本展平成一行 784 个数", r"mat1 and mat2 shapes")
    assert "网络无法把形状为 (32, 1, 28, 28) 的批量 `X`" in str(info.value)
    with pytest.raises(RuntimeError) as info:
        d2l.evaluate_accuracy(net, _loader())
    _explained(info, "`nn.Flatten()` 作为 `nn.Sequential` 的第一层", r"mat1 and mat2 shapes")


def test_a_layer_with_the_wrong_number_of_inputs():
    net = nn.Sequential(nn.Linear(5, 10))
    with pytest.raises(RuntimeError) as info:
        _train(net, net.parameters(), loader=_loader(images=False))
    _explained(info, "该层要求每个样本有 5 个输入，实际得到 64 个", r"mat1 and mat2 shapes")


def test_five_outputs_for_ten_classes():
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 5))
    with pytest.raises(IndexError) as info:
        _train(net, net.parameters())
    _explained(info, "网络对每个样本只输出 5 个分数（输出形状为 (32, 5)）", r"Target \d+ is out")


def test_uint8_images():
    X = (torch.rand(64, 1, 28, 28) * 255).to(torch.uint8)
    loader = ArrayLoader((X, torch.randint(0, 10, (64,))), 32)
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    with pytest.raises(RuntimeError) as info:
        _train(net, net.parameters(), loader=loader)
    _explained(info, "批量 `X` 中的值是 torch.uint8 类型", r"\w")


def test_parameters_without_requires_grad():
    W, b = torch.normal(0, 0.01, size=(784, 10)), torch.zeros(10)

    def net(X):
        return X.reshape((-1, 784)) @ W + b

    with pytest.raises(RuntimeError) as info:
        d2l.train_ch3(net, _loader(), _loader(), LOSS, 1, lambda n: d2l.sgd([W, b], 0.1, n))
    _explained(info, "损失不依赖任何需要梯度的张量", r"does not require grad")


def test_parameters_and_batch_on_different_devices():
    class Net:  # PyTorch's error, as a GPU would raise it
        def __call__(self, X):
            raise RuntimeError("Expected all tensors to be on the same device, but found two")

    with pytest.raises(RuntimeError) as info:
        d2l.evaluate_accuracy(Net(), _loader())
    _explained(info, "网络的参数和批量（在 cpu 上）不在同一个设备上", r"^Expected all tensors")


def test_a_mean_reduced_loss():
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    with pytest.raises(ValueError, match=r"对于 32 个样本的批量，损失函数返回的形状是 \(\)"):
        _train(net, net.parameters(), loss=nn.CrossEntropyLoss())
    with pytest.raises(ValueError, match=r"`evaluate_loss` 要对每个样本的损失求平均值"):
        d2l.evaluate_loss(nn.Linear(64, 1), _loader(images=False), nn.MSELoss())


def test_a_generator_as_train_iter():
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    batches = (batch for batch in _loader())
    with pytest.raises(TypeError, match=r"`train_iter` 是只能遍历一次的迭代器（generator）"):
        _train(net, net.parameters(), loader=batches, epochs=2)


def test_a_diverging_loss_and_its_advice():
    X, y = torch.rand(100, 1, 28, 28), torch.randint(0, 10, (100,))
    X[25] = float("nan")
    loader = ArrayLoader((X, y), 10)
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    with pytest.raises(FloatingPointError) as info:
        _train(net, net.parameters(), loader=loader, epochs=2)
    assert str(info.value) == (
        "损失在第 1 轮（第 3 个批量）变成了 nan；学习率 0.1 可能太大了，试试 0.01 或更小的值"
        "（或者检查数据中有没有 nan/inf 值）"
    )
    with pytest.raises(FloatingPointError, match=r"^损失在第 3 个批量变成了 nan；学习率可能太大了"):
        fresh = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
        d2l.train_epoch_ch3(fresh, loader, LOSS, lambda n: None)
    with pytest.raises(FloatingPointError, match=r"^损失在第 1 轮变成了 (nan|inf)；学习率 100"):
        train_linear(LinearScratch, 2, 100.0, 10, torch.device("cpu"))
    advice = d2lite.nets.divergence_advice(0.5, "--lr")
    assert advice == "训练发散了，试试比 `--lr 0.5` 更小的学习率，例如 `--lr 0.05`"


def test_parameters_on_another_device():
    W = torch.zeros(64, 10, device="meta", requires_grad=True)

    def net(X):
        return X.reshape((-1, 64)) @ W

    loader = _loader(images=False)
    with pytest.raises(ValueError, match=r"^`device='cpu'` 把批量放到了 cpu 上，但网络的一个参数"):
        d2l.train_ch3(net, loader, loader, LOSS, 1, lambda n: None, device="cpu")
    with pytest.raises(ValueError, match=r"^批量在 cpu 上，.*传入 `device='meta'`，把批量移到那里"):
        d2l.train_epoch_ch3(net, loader, LOSS, lambda n: None)


# ---------------------------------------------------------------- the classic loop


def test_argument_errors_of_the_classic_loop(tmp_path):
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    loader, sgd = _loader(), torch.optim.SGD(net.parameters(), lr=0.1)
    with pytest.raises(TypeError, match=r"^`net` 必须可以调用"):
        d2l.train_epoch_ch3(None, loader, LOSS, sgd)
    with pytest.raises(TypeError, match=r"^`loss` 必须可以调用，得到的却是 str"):
        d2l.train_epoch_ch3(net, loader, "loss", sgd)
    with pytest.raises(TypeError, match=r"^`updater` 必须是 `torch.optim.Optimizer`"):
        d2l.train_epoch_ch3(net, loader, LOSS, 0.1)
    with pytest.raises(ValueError, match=r"^`train_iter` 没有给出任何样本"):
        d2l.train_epoch_ch3(net, [], LOSS, sgd)
    with pytest.raises(ValueError, match=r"^`data_iter` 没有给出任何样本"):
        d2l.evaluate_accuracy(net, [])
    with pytest.raises(TypeError, match=r"^`save_plot` 必须是文件路径"):
        _train(net, net.parameters(), save_plot=True)
    with pytest.raises(FileNotFoundError, match=r"文件夹 .*nowhere' 不存在；请先创建它"):
        _train(net, net.parameters(), save_plot=tmp_path / "nowhere" / "x.png")
    with pytest.raises(ValueError, match=r"^`History.save_plot`：还没有任何一轮的结果可以绘制"):
        History([], [], []).save_plot(tmp_path / "x.png")


def test_the_history_and_the_printed_lines(capsys, tmp_path):
    assert repr(History([], [], [])) == "History(共 0 轮)"
    history = History([0.8, 0.45], [0.7, 0.8], [0.72, 0.81])
    assert repr(history) == "History(共 2 轮，训练损失 0.4500，训练精度 0.8000，测试精度 0.8100)"
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    _train(net, net.parameters(), epochs=2, animate=True, progress=True)
    out, err = capsys.readouterr()
    assert re.search(
        r"^迭代周期 1: 训练损失 \d\.\d+, 训练精度 \d\.\d+, 测试精度 \d\.\d+$", out, re.M
    )
    assert "这里没有显示器，无法显示训练曲线；`history.save_plot('curves.png')`" in out
    assert "第 2/2 轮" in err  # the progress bar's description
    _train(net, net.parameters(), save_plot=tmp_path / "curves.png")
    assert f"训练曲线已保存到 {tmp_path / 'curves.png'}" in capsys.readouterr().out


def test_metrics_errors():
    with pytest.raises(ValueError, match=r"^网络输出的形状是 \(3, 10\)，但有 4 个标签"):
        d2l.accuracy(torch.rand(3, 10), torch.zeros(4, dtype=torch.long))
    with pytest.raises(ValueError, match=r"请在网络中把多出来的维度展平"):
        d2l.accuracy(torch.rand(2, 10, 3), torch.zeros(2, dtype=torch.long))
    with pytest.raises(ValueError, match=r"看起来是独热编码.*`y.argmax\(dim=1\)`"):
        d2l.accuracy(torch.rand(2, 10), torch.zeros(2, 10))
    with pytest.raises(
        ValueError, match=r"^标签的形状是 \(2, 3\)；计算精度需要每个样本一个类别索引"
    ):
        d2l.accuracy(torch.rand(2, 10), torch.zeros(2, 3))
    with pytest.raises(TypeError, match=r"^标签的数据类型是 torch.float32.*0 到 9 的整数"):
        d2l.accuracy(torch.rand(2, 10), torch.zeros(2))
    with pytest.raises(ValueError, match=r"`evaluate_loss` 要求每个标签对应一个输出"):
        d2l.evaluate_loss(nn.Linear(64, 2), _loader(images=False), LOSS)
    with pytest.raises(ValueError, match=r"^`Accumulator.add` 需要 2 个值，得到的却是 1 个"):
        d2l.Accumulator(2).add(1.0)


# ---------------------------------------------------------------- the 1.0 classes


class Tiny(d2l.DataModule):
    def __init__(self, batch_size=16, side=28):
        super().__init__()
        self.save_hyperparameters()
        torch.manual_seed(0)
        self.X, self.y = torch.rand(64, 1, side, side), torch.randint(0, 10, (64,))

    def get_dataloader(self, train):
        return self.get_tensorloader((self.X, self.y), train)


def test_the_trainer_explains_the_chapters_mistakes():
    class NoFlatten(d2l.Classifier):
        def __init__(self, lr):
            super().__init__()
            self.save_hyperparameters()
            self.net = nn.Linear(784, 10)

    with pytest.raises(RuntimeError) as info:
        d2l.Trainer(max_epochs=1).fit(NoFlatten(0.1), Tiny())
    _explained(info, "要先把每个样本展平成一行 784 个数", r"mat1 and mat2 shapes")
    with pytest.raises(IndexError) as info:
        d2l.Trainer(max_epochs=1).fit(d2l.SoftmaxRegression(5, lr=0.1), Tiny())
    _explained(info, "网络对每个样本只输出 5 个分数", r"Target \d+ is out of bounds")

    class Frozen(NoFlatten):
        def __init__(self, lr):
            super().__init__(lr)
            self.W = torch.zeros(784, 10)

        def parameters(self):
            return [self.W]

        def forward(self, X):
            return X.reshape((-1, 784)) @ self.W

    with pytest.raises(RuntimeError) as info:
        d2l.Trainer(max_epochs=1).fit(Frozen(0.1), Tiny())
    _explained(info, "损失不依赖任何需要梯度的张量", r"does not require grad")


def test_trainer_errors():
    too_many = torch.cuda.device_count() + 1
    cases = [
        (TypeError, "^`num_gpus` 必须是整数", dict(num_gpus="one")),
        (ValueError, "^`num_gpus` 必须是大于或等于 0 的整数", dict(num_gpus=-1)),
        (TypeError, "^`gradient_clip_val` 必须是一个数", dict(gradient_clip_val="1")),
        (ValueError, "^`gradient_clip_val` 必须是大于或等于 0 的数", dict(gradient_clip_val=-1)),
        (ValueError, f"^`num_gpus={too_many}`，但 PyTorch 只看到", dict(num_gpus=too_many)),
    ]
    for error, pattern, kwargs in cases:
        with pytest.raises(error, match=pattern):
            d2l.Trainer(max_epochs=1, **kwargs)
    model = d2l.SoftmaxRegression(10, lr=0.1)
    with pytest.raises(TypeError, match=r"^`fit` 需要带有 `train_dataloader\(\)`"):
        d2l.Trainer(max_epochs=1).fit(model, [1, 2])
    with pytest.raises(TypeError, match=r"^`fit` 需要一个 `d2l.Module`.*得到的却是 Sequential"):
        d2l.Trainer(max_epochs=1).fit(nn.Sequential(nn.Linear(2, 1)), Tiny())

    class Empty(Tiny):
        def get_dataloader(self, train):
            return self.get_tensorloader((self.X[:0], self.y[:0]), train)

    with pytest.raises(ValueError, match=r"^`Empty.train_dataloader\(\)` 没有给出任何批量"):
        d2l.Trainer(max_epochs=1).fit(model, Empty())

    class Gen(Tiny):
        def get_dataloader(self, train):
            yield self.X, self.y

    with pytest.raises(TypeError, match=r"^训练集的数据迭代器必须有长度.*而不是生成器"):
        d2l.Trainer(max_epochs=1).fit(model, Gen())

    class NotAnOptimizer(d2l.Classifier):
        def configure_optimizers(self):
            return None

    with pytest.raises(TypeError, match=r"^`NotAnOptimizer.configure_optimizers\(\)` 必须返回"):
        d2l.Trainer(max_epochs=1).fit(NotAnOptimizer(), Tiny())


def test_training_step_and_module_errors():
    class Forgot(d2l.SoftmaxRegression):
        def training_step(self, batch):
            self.loss(self(*batch[:-1]), batch[-1])

    with pytest.raises(TypeError, match=r"^`Forgot.training_step` 必须以张量的形式返回损失"):
        d2l.Trainer(max_epochs=1).fit(Forgot(10, lr=0.1), Tiny())

    class PerExample(d2l.SoftmaxRegression):
        def training_step(self, batch):
            return self.loss(self(*batch[:-1]), batch[-1], averaged=False)

    with pytest.raises(ValueError, match=r"^PerExample 的损失形状为 \(16,\)，但训练需要一个数"):
        d2l.Trainer(max_epochs=1).fit(PerExample(10, lr=0.1), Tiny())

    class NoLR(d2l.Classifier):
        def __init__(self):
            super().__init__()
            self.net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))

    with pytest.raises(AttributeError, match=r"^NoLR 没有学习率 `self.lr`"):
        d2l.Trainer(max_epochs=1).fit(NoLR(), Tiny())

    class NoParams(d2l.Classifier):
        def __init__(self, lr):
            super().__init__()
            self.save_hyperparameters()

    with pytest.raises(ValueError, match=r"^`NoParams.parameters\(\)` 为空，没有可以训练的参数"):
        d2l.Trainer(max_epochs=1).fit(NoParams(0.1), Tiny())
    with pytest.raises(NotImplementedError, match=r"^Module 既没有 `self.net` 也没有 `forward`"):
        d2l.Module()(torch.zeros(1))
    with pytest.raises(NotImplementedError, match=r"^Module 没有 `loss`"):
        d2l.Module().loss(torch.zeros(1), torch.zeros(1))


def test_a_diverging_trainer_and_its_printed_lines(capsys):
    torch.manual_seed(0)
    d2l.Trainer(max_epochs=1, progress=True).fit(d2l.SoftmaxRegression(10, lr=0.1), Tiny())
    out, err = capsys.readouterr()
    assert re.search(
        r"^第 1/1 轮：训练损失 \d\.\d+, 验证损失 \d\.\d+, 验证精度 \d\.\d+$", out, re.M
    )
    assert "这里没有显示器，无法显示训练曲线；`model.board.save('curves.png')`" in out
    assert "第 1/1 轮" in err
    model = d2l.LinearRegression(lr=10.0)
    data = d2l.SyntheticRegressionData(w=torch.tensor([2, -3.4]), b=4.2)
    with pytest.raises(
        FloatingPointError, match=r"^训练损失在第 1 轮变成了 \S+；学习率 10 可能太大"
    ):
        d2l.Trainer(max_epochs=3).fit(model, data)


def test_data_modules_board_and_hyperparameters_errors(capsys):
    with pytest.raises(NotImplementedError, match=r"^DataModule 没有 `get_dataloader`"):
        d2l.DataModule().train_dataloader()

    class NoBatchSize(d2l.DataModule):
        def get_dataloader(self, train):
            return self.get_tensorloader((torch.zeros(4, 2),), train)

    with pytest.raises(AttributeError, match=r"^NoBatchSize 没有 `batch_size`"):
        NoBatchSize().train_dataloader()
    with pytest.raises(ValueError, match=r"^`num_val` 必须是大于或等于 0 的整数"):
        d2l.SyntheticRegressionData(w=torch.tensor([2.0]), b=1.0, num_val=-1)
    with pytest.raises(ValueError, match=r"^`w` 必须是形状为 \(d,\) 的一维权重张量"):
        d2l.SyntheticRegressionData(w=torch.ones(2, 2), b=1.0)
    with pytest.raises(ValueError, match=r"^`ProgressBoard.draw` 每个点只画一个数"):
        d2l.ProgressBoard().draw(0, torch.ones(3), "loss")
    with pytest.raises(TypeError, match=r"^`every_n` 必须是整数，得到的却是 'two'"):
        d2l.ProgressBoard().draw(0, 1.0, "loss", every_n="two")
    with pytest.raises(TypeError, match=r"^`add_to_class` 的参数必须是类"):
        d2l.add_to_class(3)
    with pytest.raises(TypeError, match=r"^`ignore` 必须是由参数名组成的列表"):
        d2l.HyperParameters().save_hyperparameters(ignore="c")
    with pytest.raises(RuntimeError, match=r"的调用位置是 test_\w+\(\)；.*在 `__init__` 中调用它"):
        d2l.HyperParameters().save_hyperparameters()
    model = d2l.Classifier()
    model.net = nn.Sequential(nn.Flatten(), nn.Linear(16, 10))
    model.layer_summary((1, 1, 4, 4))
    assert "Linear 输出形状：\t torch.Size([1, 10])" in capsys.readouterr().out


# ---------------------------------------------------------------- devices, regression, plots, names


def test_devices(monkeypatch):
    monkeypatch.setenv("D2LITE_DEVICE", "cpu")
    assert d2l.choose_device()[1] == "由环境变量 `D2LITE_DEVICE=cpu` 指定"
    monkeypatch.delenv("D2LITE_DEVICE")
    why = d2l.choose_device()[1]
    assert why.startswith("CUDA 可用") or why in (
        "MPS（苹果芯片的 GPU）可用",
        "没有可用的 CUDA 或 MPS 设备",
    )
    with pytest.raises(ValueError, match=r"^`device` 'tpu' 不是设备名；请使用 'cpu'"):
        parse_device("tpu")
    with pytest.raises(TypeError, match=r"^`device` 必须是字符串或 `torch.device`"):
        parse_device(3)
    with pytest.raises(ValueError, match=r"^`device` 要求使用 'cuda:\d+'，但 PyTorch 只看到"):
        parse_device(f"cuda:{d2l.num_gpus()}")
    if not torch.backends.mps.is_available():
        with pytest.raises(
            ValueError, match=r"^`device` 要求使用 'mps'，但这台机器上没有可用的 MPS"
        ):
            parse_device("mps")


def test_regression_errors():
    with pytest.raises(ValueError, match=r"^`w` 必须是形状为 \(d,\) 的一维权重张量"):
        d2l.synthetic_data(torch.ones(2, 2), 4.2, 10)
    with pytest.raises(ValueError, match=r"^`b` 必须是标量偏置"):
        d2l.synthetic_data(torch.ones(2), torch.ones(2), 10)
    with pytest.raises(ValueError, match=r"^`X` 有 3 个特征.*`w` 中的一行"):
        d2l.linreg(torch.ones(4, 3), torch.ones(2, 1), torch.zeros(1))
    with pytest.raises(ValueError, match=r"^`y_hat` 有 4 个值.*每个标签需要一个预测"):
        d2l.squared_loss(torch.ones(4, 1), torch.ones(3))
    with pytest.raises(ValueError, match=r"^第 0 个参数（形状为 \(2,\)）没有梯度"):
        d2l.sgd([torch.ones(2)], 0.1, 2)


def test_plot_errors(tmp_path, capsys, monkeypatch):
    with pytest.raises(TypeError, match=r"^`figsize` 必须是以英寸为单位的一对数"):
        d2l.set_figsize("big")
    with pytest.raises(ValueError, match=r"^`figsize` 必须为正数"):
        d2l.set_figsize((0, 1))
    with pytest.raises(ValueError, match=r"^`show_images` 没有得到任何图像"):
        d2l.show_images(torch.zeros(0, 8, 8), 1, 1)
    with pytest.raises(ValueError, match=r"^每张图像的形状必须是 \(H, W\)"):
        d2l.show_images(torch.zeros(2, 5, 4, 4, 4), 1, 2)
    with pytest.raises(ValueError, match=r"^`titles` 有 1 项，但要显示 4 张图像"):
        d2l.show_images(torch.zeros(4, 8, 8), 1, 4, titles=["a"])
    animator = d2l.Animator(quiet=True)
    with pytest.raises(ValueError, match=r"^`Animator.add` 得到了 2 个 `x` 值，但有 3 个 `y` 值"):
        animator.add([1, 2], [1, 2, 3])
    animator.add(1, [1, 2])
    with pytest.raises(
        ValueError, match=r"^`Animator.add` 得到了 1 个 `y` 值，但之前的调用有 2 个"
    ):
        animator.add(2, 1)
    with pytest.raises(FileNotFoundError, match=r"^无法把图保存到 .*：文件夹 .* 不存在"):
        animator.save(tmp_path / "missing" / "x.png")
    fig = plt.figure()
    monkeypatch.setattr(live, "_windows", [fig])
    monkeypatch.setattr(plt, "show", lambda: None)
    live._keep_windows_open()
    assert capsys.readouterr().out == "`d2lite`：绘图窗口保持打开；关闭它即可结束\n"


def test_names_of_other_chapters():
    with pytest.raises(AttributeError) as info:
        d2l.train_ch6  # noqa: B018
    assert str(info.value).startswith(
        "模块 'd2lite.torch' 没有属性 'train_ch6'；`d2l.train_ch6` 属于书中的“卷积神经网络”一章。"
        "`d2lite` 涵盖书中的“线性神经网络”一章"
    )
    with pytest.raises(AttributeError, match=r"^模块 'd2lite' 没有属性 'reduce_sum'；.*张量别名"):
        d2lite.reduce_sum  # noqa: B018
    set_lang("en")
    with pytest.raises(AttributeError, match=r"train_ch6 belongs to the book's chapter Convolut"):
        d2l.train_ch6  # noqa: B018
