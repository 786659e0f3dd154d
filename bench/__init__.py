"""Benchmarks of Bản Số, run with ``make bench`` (``python -m bench``).

Every figure is set against a baseline measured in the same run on the same machine, so the
results read as ratios, not as absolute times that depend on the machine. See docs/benchmarks.md.
"""
