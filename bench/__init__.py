"""Benchmark harness for cleaner: false positives, typo recall/precision and speed.

Run ``python -m bench`` (see bench/README.md). Baselines: plain symspellpy and codespell.
"""
