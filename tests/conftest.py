"""Test-wide settings: a headless matplotlib backend and an absolute data root.

The backend is set here, in the pytest process only: the notebook kernels that
nbval starts keep their inline backend, so their figures can be compared.
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

# The tests read English messages unless a test chooses otherwise; each notebook chooses its
# own language in its first cell.
os.environ["D2LITE_LANG"] = "en"

# Notebook kernels run in notebooks/, so a relative data root would point elsewhere.
if os.environ.get("D2LITE_DATA"):
    os.environ["D2LITE_DATA"] = str(Path(os.environ["D2LITE_DATA"]).expanduser().resolve())
