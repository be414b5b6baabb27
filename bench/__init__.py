"""Benchmarks and the data they generate; tests import the generators (`bench.gen_files`)."""
