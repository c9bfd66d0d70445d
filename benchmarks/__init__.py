"""Benchmarks for ``publisher``: a deterministic corpus generator, peer builds, measurement helpers.

Nothing here is imported by the ``publisher`` package; run it from a checkout, e.g.
``python -m benchmarks.corpus 1000 /dev/shm/corpus-1k`` or ``python -m benchmarks.peers 1000``.
"""
