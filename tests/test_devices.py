import pytest
import torch

import d2lite as d2l
from d2lite.devices import parse_device, resolve_device

HAS_CUDA = torch.cuda.is_available()


def test_cpu_and_gpu_names():
    assert d2l.cpu() == torch.device("cpu")
    assert d2l.gpu() == torch.device("cuda:0")
    assert d2l.gpu(2) == torch.device("cuda:2")
    assert d2l.num_gpus() == torch.cuda.device_count()


def test_try_gpu_falls_back_to_cpu_for_missing_devices():
    n = d2l.num_gpus()
    assert d2l.try_gpu(n) == torch.device("cpu")  # one past the last GPU
    assert d2l.try_gpu() == (torch.device("cuda:0") if n else torch.device("cpu"))
    assert d2l.try_all_gpus() == ([d2l.gpu(i) for i in range(n)] or [torch.device("cpu")])


@pytest.mark.parametrize("fn", [d2l.try_gpu, d2l.gpu])
def test_negative_device_index(fn):
    with pytest.raises(ValueError, match=r"i must be >= 0, got -1"):
        fn(-1)
    with pytest.raises(TypeError, match=r"i must be an int, got '1'"):
        fn("1")


def test_default_device_override(monkeypatch):
    monkeypatch.setenv("D2LITE_DEVICE", "cpu")
    assert d2l.default_device() == torch.device("cpu")
    device, why = d2l.choose_device()
    assert device == torch.device("cpu") and "D2LITE_DEVICE=cpu" in why


def test_default_device_without_override(monkeypatch):
    monkeypatch.delenv("D2LITE_DEVICE", raising=False)
    expected = "cuda" if HAS_CUDA else ("mps" if torch.backends.mps.is_available() else "cpu")
    assert d2l.default_device().type == expected
    assert resolve_device(None).type == expected


def test_bad_device_names(monkeypatch):
    monkeypatch.setenv("D2LITE_DEVICE", "gpu0")
    with pytest.raises(ValueError, match=r"D2LITE_DEVICE='gpu0' .* is not a device name"):
        d2l.default_device()
    with pytest.raises(ValueError, match=r"'tpu' is not a device name; use 'cpu'"):
        parse_device("tpu")
    with pytest.raises(TypeError, match=r"device must be a str or torch.device, got 3"):
        resolve_device(3)
    missing = f"cuda:{d2l.num_gpus()}"
    with pytest.raises(ValueError, match=rf"asks for '{missing}' but PyTorch sees"):
        parse_device(missing)


@pytest.mark.skipif(not HAS_CUDA, reason="needs a CUDA device; none is visible here")
def test_cuda_device_is_usable():
    x = torch.ones(3, device=d2l.try_gpu())
    assert x.device.type == "cuda" and x.sum().item() == 3
    assert resolve_device("cuda") == torch.device("cuda")
