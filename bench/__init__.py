"""Benchmarks: settings, data builder and load scripts (see docs/benchmarks.md)."""
