"""Analysing a checked map: evaluation, the two views, a critical reader's warnings, scenarios."""
