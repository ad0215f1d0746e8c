"""Fixtures for the budgets tests (the suite-wide ones, such as `administrator`, are in the root conftest)."""
