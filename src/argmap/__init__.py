"""argmap: map the structure of an argument.

The public names are imported on first use (PEP 562), so that `argmap --version` and
commands that draw nothing do not pay for pydantic, YAML or Graphviz.

>>> import argmap
>>> argument_map = argmap.load("maps/iraq-militias.yaml")
>>> argmap.check(argument_map)
[]
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # as typing's, without importing typing (argmap --version stays fast)

__version__ = "0.1.0"

_EXPORTS = {
    "ArgmapError": "._issues",
    "InputError": "._issues",
    "InvalidMapError": "._issues",
    "Issue": "._issues",
    "check": "._validate",
    "validate": "._validate",
    "Validation": "._validate",
    "load": "._load",
    "loads": "._load",
    "show": "._show",
    "DiagramOptions": "._dot",
    "to_dot": "._dot",
    "RenderError": "._engines",
    "render": "._render",
    "pages": "._render",
    "Page": "._pages",
    "PageError": "._pages",
    "deck": ".decks",
    "Diagram": "._notebook",
    "frame_steps": "._render",
    "html": ".reader",
    "evaluate": "._evaluate",
    "weak_points": "._evaluate",
    "views": "._views",
    "watch": "._watch",
    "Views": "._views",
    "Evaluation": "._evaluate",
    "analyse": "._lint",
    "schema": "._schema",
    "new_map": "._new",
    "scaffold": "._new",
    "Analysis": "._lint",
    "questions_report": "._schemes",
    "exercise": "._exercise",
    "Exercise": "._exercise",
    "Sheet": "._sheet",
    "grade": "._grade",
    "grade_file": "._grade",
    "grade_many": "._grade",
    "grade_batch": "._grade",
    "Batch": "._grade",
    "gradebook": "._grade",
    "load_key": "._grade",
    "Grade": "._grade",
    "export": ".formats",
    "import_map": ".formats",
    "import_text": ".formats",
    "Imported": ".formats",
    "ArgumentMap": ".model",
    "Basis": ".model",
    "Claim": ".model",
    "Holder": ".model",
    "Inference": ".model",
    "Objection": ".model",
    "Role": ".model",
    "Source": ".model",
    "Theme": ".model",
}

__all__ = [
    "Analysis",
    "ArgmapError",
    "ArgumentMap",
    "Basis",
    "Batch",
    "Claim",
    "Diagram",
    "DiagramOptions",
    "Evaluation",
    "Exercise",
    "Grade",
    "Holder",
    "Imported",
    "Inference",
    "InputError",
    "InvalidMapError",
    "Issue",
    "Objection",
    "Page",
    "PageError",
    "RenderError",
    "Role",
    "Sheet",
    "Source",
    "Theme",
    "Validation",
    "Views",
    "__version__",
    "analyse",
    "check",
    "deck",
    "evaluate",
    "exercise",
    "export",
    "frame_steps",
    "grade",
    "grade_batch",
    "grade_file",
    "grade_many",
    "gradebook",
    "html",
    "import_map",
    "import_text",
    "load",
    "load_key",
    "loads",
    "new_map",
    "pages",
    "questions_report",
    "render",
    "scaffold",
    "schema",
    "show",
    "to_dot",
    "validate",
    "views",
    "watch",
    "weak_points",
]

if TYPE_CHECKING:
    from collections.abc import Callable

    from ._dot import DiagramOptions, to_dot
    from ._engines import RenderError
    from ._evaluate import Evaluation, evaluate, weak_points
    from ._exercise import Exercise, exercise
    from ._grade import (
        Batch,
        Grade,
        grade,
        grade_batch,
        grade_file,
        grade_many,
        gradebook,
        load_key,
    )
    from ._issues import ArgmapError, InputError, InvalidMapError, Issue
    from ._lint import Analysis, analyse
    from ._load import load, loads
    from ._new import new_map, scaffold
    from ._notebook import Diagram
    from ._pages import Page, PageError
    from ._render import frame_steps, pages, render
    from ._schema import schema
    from ._schemes import questions_report
    from ._sheet import Sheet
    from ._show import show
    from ._validate import Validation, check, validate
    from ._views import Views, views
    from ._watch import watch
    from .decks import deck
    from .formats import Imported, export, import_map, import_text
    from .model import ArgumentMap, Basis, Claim, Holder, Inference, Objection, Role, Source, Theme
    from .reader import html


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'argmap' has no attribute {name!r}")
    import importlib  # noqa: PLC0415

    value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


_PRINTERS = {
    ("argmap.model", "ArgumentMap"): "map_bundle",
    ("argmap._evaluate", "Evaluation"): "evaluation_bundle",
    ("argmap._views", "Views"): "views_bundle",
    ("argmap._lint", "Analysis"): "analysis_bundle",
    ("argmap._notebook", "Diagram"): "diagram_bundle",
}
"""What displays in notebooks, by type name, and its printer in `_notebook`."""


def _display_in_notebooks() -> None:
    """In IPython and Jupyter, maps, evaluations, views, analyses and diagrams display as
    their diagram with their text. The printers are registered by type name, so nothing
    heavy is imported until one is shown."""
    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    if shell is not None:
        formatter = shell.display_formatter.mimebundle_formatter
        for (module, name), printer in _PRINTERS.items():
            formatter.for_type_by_name(module, name, _printer(printer))


def _printer(name: str) -> Callable[[object], dict[str, str]]:
    def show(value: object) -> dict[str, str]:
        from . import _notebook  # noqa: PLC0415  (draws with Graphviz: only when shown)

        bundle: dict[str, str] = getattr(_notebook, name)(value)
        return bundle

    return show


_display_in_notebooks()
