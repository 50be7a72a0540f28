"""Benchmarks: `python -m tests.bench` (or `make bench`) writes bench/results.json.

Not a test suite: nothing here is named test_*, and pytest's testpaths leave this folder out.
"""
