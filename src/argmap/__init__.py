"""argmap: map the structure of an argument.

>>> import argmap
>>> argument_map = argmap.load("maps/iraq-militias.yaml")
>>> argmap.check(argument_map)
[]
"""

from ._check import check
from ._issues import ArgmapError, InputError, InvalidMapError, Issue
from ._load import load, loads
from ._show import show
from .model import ArgumentMap, Basis, Claim, Holder, Inference, Objection, Role, Source, Theme

__version__ = "0.1.0"

__all__ = [
    "ArgmapError",
    "ArgumentMap",
    "Basis",
    "Claim",
    "Holder",
    "Inference",
    "InputError",
    "InvalidMapError",
    "Issue",
    "Objection",
    "Role",
    "Source",
    "Theme",
    "__version__",
    "check",
    "load",
    "loads",
    "show",
]
