"""Drawing one diagram: style and presets, DOT, the Graphviz engines, layout, render, the terminal
tree.
"""
