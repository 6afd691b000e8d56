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
    "check": ".analysis._scenarios",
    "validate": ".analysis._scenarios",
    "Validation": ".analysis._scenarios",
    "load": ".checks._load",
    "loads": ".checks._load",
    "show": ".draw._tree",
    "DiagramOptions": ".draw._dot",
    "to_dot": ".draw._dot",
    "RenderError": ".draw._engines",
    "render": ".paging._files",
    "pages": ".paging._files",
    "Page": ".paging._planner",
    "PageError": ".paging._planner",
    "deck": ".decks",
    "Diagram": ".authoring._notebook",
    "frame_steps": ".paging._files",
    "html": ".reader",
    "evaluate": ".analysis._evaluate",
    "weak_points": ".analysis._evaluate",
    "evaluation_report": ".analysis._views",
    "views": ".analysis._views",
    "watch": ".authoring._watch",
    "WatchSession": ".authoring._rerun",
    "rerun": ".authoring._rerun",
    "watch_command": ".authoring._rerun",
    "Stopped": ".draw._engines",
    "stopped_by_signals": ".draw._engines",
    "Views": ".analysis._views",
    "Evaluation": ".analysis._evaluate",
    "analyse": ".analysis._warnings",
    "schema": ".mapfile._schema",
    "schema_text": ".mapfile._schema",
    "new_map": ".authoring._new",
    "scaffold": ".authoring._new",
    "Analysis": ".analysis._warnings",
    "questions_report": ".mapfile._catalogue",
    "schemes_report": ".mapfile._catalogue",
    "exercise": ".classroom._exercise",
    "write_exercise": ".classroom._exercise",
    "Exercise": ".classroom._exercise",
    "Sheet": ".classroom._sheet",
    "grade": ".classroom._grade",
    "grade_file": ".classroom._gradebook",
    "grade_many": ".classroom._gradebook",
    "grade_batch": ".classroom._gradebook",
    "grade_paths": ".classroom._gradebook",
    "Grading": ".classroom._gradebook",
    "InvalidKeyError": ".classroom._gradebook",
    "Batch": ".classroom._gradebook",
    "gradebook": ".classroom._gradebook",
    "load_key": ".classroom._gradebook",
    "Grade": ".classroom._report",
    "export": ".formats",
    "import_map": ".formats",
    "import_text": ".formats",
    "Imported": ".formats",
    "GraphvizRun": ".draw._engines",
    "Worker": ".draw._engines",
    "timeout_for": ".draw._render",
    "annotated": ".draw._render",
    "drawing_format": ".draw._render",
    "drawn_files": ".paging._files",
    "frame_build": ".paging._files",
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
    "Grading",
    "GraphvizRun",
    "Holder",
    "Imported",
    "Inference",
    "InputError",
    "InvalidKeyError",
    "InvalidMapError",
    "Issue",
    "Objection",
    "Page",
    "PageError",
    "RenderError",
    "Role",
    "Sheet",
    "Source",
    "Stopped",
    "Theme",
    "Validation",
    "Views",
    "WatchSession",
    "Worker",
    "__version__",
    "analyse",
    "annotated",
    "check",
    "deck",
    "drawing_format",
    "drawn_files",
    "evaluate",
    "evaluation_report",
    "exercise",
    "export",
    "frame_build",
    "frame_steps",
    "grade",
    "grade_batch",
    "grade_file",
    "grade_many",
    "grade_paths",
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
    "rerun",
    "scaffold",
    "schema",
    "schema_text",
    "schemes_report",
    "show",
    "stopped_by_signals",
    "timeout_for",
    "to_dot",
    "validate",
    "views",
    "watch",
    "watch_command",
    "weak_points",
    "write_exercise",
]

if TYPE_CHECKING:
    from collections.abc import Callable

    from ._issues import ArgmapError, InputError, InvalidMapError, Issue
    from .analysis._evaluate import Evaluation, evaluate, weak_points
    from .analysis._scenarios import Validation, check, validate
    from .analysis._views import Views, evaluation_report, views
    from .analysis._warnings import Analysis, analyse
    from .authoring._new import new_map, scaffold
    from .authoring._notebook import Diagram
    from .authoring._rerun import WatchSession, rerun, watch_command
    from .authoring._watch import watch
    from .checks._load import load, loads
    from .classroom._exercise import Exercise, exercise, write_exercise
    from .classroom._grade import grade
    from .classroom._gradebook import (
        Batch,
        Grading,
        InvalidKeyError,
        grade_batch,
        grade_file,
        grade_many,
        grade_paths,
        gradebook,
        load_key,
    )
    from .classroom._report import Grade
    from .classroom._sheet import Sheet
    from .decks import deck
    from .draw._dot import DiagramOptions, to_dot
    from .draw._engines import GraphvizRun, RenderError, Stopped, Worker, stopped_by_signals
    from .draw._render import annotated, drawing_format, timeout_for
    from .draw._tree import show
    from .formats import Imported, export, import_map, import_text
    from .mapfile._catalogue import questions_report, schemes_report
    from .mapfile._schema import schema, schema_text
    from .model import ArgumentMap, Basis, Claim, Holder, Inference, Objection, Role, Source, Theme
    from .paging._files import drawn_files, frame_build, frame_steps, pages, render
    from .paging._planner import Page, PageError
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
    ("argmap.analysis._evaluate", "Evaluation"): "evaluation_bundle",
    ("argmap.analysis._views", "Views"): "views_bundle",
    ("argmap.analysis._warnings", "Analysis"): "analysis_bundle",
    ("argmap.authoring._notebook", "Diagram"): "diagram_bundle",
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
        from .authoring import _notebook  # noqa: PLC0415  (draws with Graphviz: only when shown)

        bundle: dict[str, str] = getattr(_notebook, name)(value)
        return bundle

    return show


_display_in_notebooks()
