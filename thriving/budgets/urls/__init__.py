"""Filled in by concept."""
