"""Placing a diagram on pages: the page planner, the reveal order of builds."""
