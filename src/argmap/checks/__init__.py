"""Checking a map: every cross-element rule, quotes against the source, the support structure,
`load`.
"""
