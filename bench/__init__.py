"""Benchmarks: generated data, a production server (gunicorn, debug off), concurrent load over
HTTP. Run with `make bench`; they print figures and assert nothing."""
