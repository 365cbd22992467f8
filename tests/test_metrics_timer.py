import time

import pytest
import torch

import d2lite as d2l


def test_accumulator_adds_resets_and_indexes():
    acc = d2l.Accumulator(3)
    acc.add(1, 2.5, torch.tensor(3))
    acc.add(1, 0.5, 1)
    assert acc[0] == 2.0 and acc[1] == 3.0 and acc[2] == 4.0 and len(acc) == 3
    assert all(isinstance(v, float) for v in acc.data)
    acc.reset()
    assert acc.data == [0.0, 0.0, 0.0]


def test_accumulator_errors():
    with pytest.raises(ValueError, match=r"n must be >= 1, got 0"):
        d2l.Accumulator(0)
    acc = d2l.Accumulator(2)
    with pytest.raises(ValueError, match=r"expects 2 values, got 3"):
        acc.add(1, 2, 3)


def test_timer_records_intervals():
    timer = d2l.Timer()
    time.sleep(0.01)
    first = timer.stop()
    timer.start()
    time.sleep(0.01)
    second = timer.stop()
    assert first >= 0.009 and second >= 0.009
    assert timer.sum() == pytest.approx(first + second)
    assert timer.avg() == pytest.approx((first + second) / 2)
    assert timer.cumsum() == pytest.approx([first, first + second])
    assert d2l.Timer().avg() == 0.0


def test_set_seed_makes_runs_repeatable():
    d2l.set_seed(3)
    a = torch.randn(5)
    d2l.set_seed(3)
    assert torch.equal(a, torch.randn(5))
    with pytest.raises(ValueError, match=r"seed must be >= 0, got -1"):
        d2l.set_seed(-1)
