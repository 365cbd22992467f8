"""Exercise checkers, also importable as `d2lite.check`; they live in `d2lite.exercises`.

`d2lite.check.check_softmax` and `d2lite.exercises.check_softmax` are the same
function: see `d2lite.exercises` for what the checks do and how they report.
"""

from __future__ import annotations

from d2lite.exercises import *  # noqa: F403 (the same names, under their first module)
from d2lite.exercises import __all__  # noqa: F401
