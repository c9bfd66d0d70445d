"""``python -m benchmarks``: the whole table (see :mod:`benchmarks.run`)."""

from benchmarks.run import main

raise SystemExit(main())
