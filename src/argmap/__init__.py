"""argmap: map the structure of an argument.

>>> import argmap
>>> argument_map = argmap.load("maps/iraq-militias.yaml")
>>> argmap.check(argument_map)
[]
"""

from ._check import check
from ._dot import DiagramOptions, to_dot
from ._engines import RenderError
from ._issues import ArgmapError, InputError, InvalidMapError, Issue
from ._load import load, loads
from ._render import frame_steps, render
from ._show import show
from .model import ArgumentMap, Basis, Claim, Holder, Inference, Objection, Role, Source, Theme

__version__ = "0.1.0"

__all__ = [
    "ArgmapError",
    "ArgumentMap",
    "Basis",
    "Claim",
    "DiagramOptions",
    "Holder",
    "Inference",
    "InputError",
    "InvalidMapError",
    "Issue",
    "Objection",
    "RenderError",
    "Role",
    "Source",
    "Theme",
    "__version__",
    "check",
    "frame_steps",
    "load",
    "loads",
    "render",
    "show",
    "to_dot",
]
