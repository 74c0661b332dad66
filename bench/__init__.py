"""Benchmarks: each module is a script (`python -m bench.query`) that prints its figures."""
