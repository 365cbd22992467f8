"""`python -m d2lite` runs the `d2lite` command."""

from d2lite.cli import main

raise SystemExit(main())
