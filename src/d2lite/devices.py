"""Device selection: the book's `try_gpu` family, plus one rule for the best device.

`default_device()` picks CUDA, then Apple MPS, else the CPU; the environment
variable ``D2LITE_DEVICE`` (for example ``cpu`` or ``cuda:1``) overrides it.
"""

from __future__ import annotations

import os

import torch

from d2lite.messages import text
from d2lite.validation import check_nonnegative_int

__all__ = ["cpu", "gpu", "num_gpus", "try_gpu", "try_all_gpus", "choose_device", "default_device"]

DEVICE_ENV = "D2LITE_DEVICE"


def cpu() -> torch.device:
    """Return the CPU device."""
    return torch.device("cpu")


def gpu(i: int = 0) -> torch.device:
    """Return the `i`-th CUDA device (it need not exist; see `try_gpu`)."""
    i = check_nonnegative_int("i", i)
    return torch.device(f"cuda:{i}")


def num_gpus() -> int:
    """Return the number of CUDA devices visible to PyTorch."""
    return torch.cuda.device_count()


def try_gpu(i: int = 0) -> torch.device:
    """Return cuda:`i` if it exists, else the CPU."""
    i = check_nonnegative_int("i", i)
    return gpu(i) if num_gpus() >= i + 1 else cpu()


def try_all_gpus() -> list[torch.device]:
    """Return every CUDA device, or ``[cpu]`` when there is none."""
    return [gpu(i) for i in range(num_gpus())] or [cpu()]


def _mps_available() -> bool:
    mps = getattr(torch.backends, "mps", None)
    return bool(mps is not None and mps.is_available())


def _check_available(device: torch.device, source: str) -> torch.device:
    if device.type == "cuda":
        index = 0 if device.index is None else device.index
        if index >= num_gpus():
            raise ValueError(
                text(
                    "devices.no_cuda",
                    source=source,
                    device=str(device),
                    count=num_gpus(),
                    available=[str(d) for d in try_all_gpus()],
                )
            )
    elif device.type == "mps" and not _mps_available():
        raise ValueError(text("devices.no_mps", source=source))
    return device


def parse_device(device: str | torch.device, source: str = "device") -> torch.device:
    """Turn a name such as 'cpu', 'cuda:1' or 'mps' (or a torch.device) into an available device."""
    if isinstance(device, torch.device):
        return _check_available(device, source)
    if not isinstance(device, str):
        raise TypeError(
            text("devices.bad_type", source=source, device=device, type=type(device).__name__)
        )
    try:
        parsed = torch.device(device.strip())
    except RuntimeError:
        raise ValueError(text("devices.bad_name", source=source, device=device)) from None
    return _check_available(parsed, source)


def choose_device() -> tuple[torch.device, str]:
    """Return the device `default_device()` picks and a sentence saying why."""
    override = os.environ.get(DEVICE_ENV, "").strip()
    if override:
        device = parse_device(override, source=f"{DEVICE_ENV}={override!r}")
        return device, text("devices.reason_env", env=DEVICE_ENV, value=override)
    if num_gpus() > 0:
        return gpu(0), text("devices.reason_cuda", name=torch.cuda.get_device_name(0))
    if _mps_available():
        return torch.device("mps"), text("devices.reason_mps")
    return cpu(), text("devices.reason_cpu")


def default_device() -> torch.device:
    """Return the best device here: $D2LITE_DEVICE if set, else CUDA, then MPS, else the CPU."""
    return choose_device()[0]


def resolve_device(device: str | torch.device | None = None) -> torch.device:
    """Return `device` as a checked torch.device; None means `default_device()`."""
    return default_device() if device is None else parse_device(device)
