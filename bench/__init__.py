"""Benchmarks: each script prints its figures and ends with one RESULT line (docs/benchmarks.md)."""
