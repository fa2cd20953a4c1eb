"""Performance figures for camdraw: ``python -m benchmarks.bench`` prints them as one table."""
