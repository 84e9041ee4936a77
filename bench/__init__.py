"""Benchmarks. Each loads its own database (never the user's) and prints its figures as ratios against a
baseline measured in the same run. `passport bench --help` lists them; bench/README.md describes them."""
