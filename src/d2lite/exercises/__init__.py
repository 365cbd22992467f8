"""Exercise checkers: run a learner's from-scratch code and PyTorch on the same inputs.

Each `check_*` function takes the learner's version of one piece of the chapter
(`synthetic_data`, `data_iter`, `linreg`, `squared_loss`, `sgd`, `softmax`,
`cross_entropy`, `accuracy`, `evaluate_accuracy`, `Accumulator`, and notebook 03's
`huber_loss` and `collapse`), calls it on
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

For a class (all take these keywords): each case ends within `time_limit` seconds
(default 5, or D2LITE_CHECK_TIME_LIMIT), so an infinite loop fails its case
instead of hanging the notebook; the stub of a student copy (`raise
NotImplementedError`) is reported as not written yet; `strict=True` (or
D2LITE_CHECK_STRICT=1, a teacher's setting) fails an answer that calls the
ready-made version (`torch.softmax` for `softmax`, ...); with D2LITE_CHECK_LOG
naming a file, every check appends a JSON line of its result there for grading,
and `result.score` is the share of cases passed. `check_cross_entropy` takes
`edition="classic"` (the Chinese book: one loss per example) or `"1.0"` (d2l.ai:
their mean).
"""

from __future__ import annotations

from d2lite.exercises.accumulator import check_accumulator
from d2lite.exercises.classification import check_cross_entropy, check_softmax
from d2lite.exercises.concise import check_collapse, check_huber_loss
from d2lite.exercises.evaluation import check_accuracy, check_evaluate_accuracy
from d2lite.exercises.regression import check_linreg, check_sgd, check_squared_loss
from d2lite.exercises.regression_data import check_data_iter, check_synthetic_data
from d2lite.exercises.result import CaseFailure, CheckResult

__all__ = [
    "CaseFailure",
    "CheckResult",
    "check_accumulator",
    "check_accuracy",
    "check_collapse",
    "check_cross_entropy",
    "check_data_iter",
    "check_evaluate_accuracy",
    "check_huber_loss",
    "check_linreg",
    "check_sgd",
    "check_softmax",
    "check_squared_loss",
    "check_synthetic_data",
]
