"""The `argmap` command line: a thin shell over the library."""

from __future__ import annotations

import copy
import functools
import inspect
import os
import shutil
import signal
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperArgument, TyperOption

from . import __version__
from ._issues import (
    ArgmapError,
    InputError,
    InvalidMapError,
    did_you_mean,
    json_text,
    visible,
)
from ._write import OutputError, Outputs, folder, write_atomic
from .vocabulary import (
    Direction,
    DrawingFormat,
    Engine,
    ExerciseKind,
    ExportFormat,
    GradeFormat,
    ImportFormat,
    Orientation,
    PageFormat,
    Palette,
    Paper,
    PresetName,
    ReportFormat,
    ViewChoice,
    WatchedCommand,
    choices,
)

if TYPE_CHECKING:  # the library is imported inside each command, when it runs
    from collections.abc import Callable

    from . import DiagramOptions, WatchSession, Worker
    from .model import ArgumentMap


def _echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print to the terminal with map text defused: no escape sequence from a map (or a
    student's map) reaches the terminal as one. While `watch` reruns a command, what it
    says on stderr is collected instead (the watch reports it)."""
    session = _watching.get()
    if err and session is not None and session.messages is not None:
        session.messages.append(visible(text))
        return
    typer.echo(visible(text), err=err, nl=nl)


_watching: ContextVar[WatchSession | None] = ContextVar("watching", default=None)
"""The watch a command is rerun in, set around each rerun (see `_runner`)."""


# Help reads as usage: each value is named for what it is (FILE, ID, N), a flag names
# none, and an argument is written as usage lines write it (FILE, [FILE], FILE...).
# typer would print Python types (<bool>, <path>, <list[Path]>) and {FILE}.
FLAG = ""
FILE = "FILE"
ID = "ID"


# Choices are named as usage names them: on one line, with the closest one to a mistyped
# word (typer lists them one per line with trailing commas, or behind "Value error, ").
def _words(param: TyperArgument | TyperOption) -> list[str]:
    described = getattr(param, "type_descriptor", None)  # typer's own, from 0.20
    if described is None or not described.is_choice or not described.choices:
        return []
    return [str(getattr(choice, "value", choice)) for choice in described.choices]


def _checked(param: TyperArgument | TyperOption, ctx: Any, value: object) -> None:
    """Refuse a word that is not one of a choice parameter's."""
    words = _words(param)
    if words and isinstance(value, str) and value not in words:
        raise typer.BadParameter(
            f"'{value}' is not one of {_listed(words)}{did_you_mean(value, words)}",
            ctx=ctx,
            param=param,
        )


def _listed(words: list[str]) -> str:
    """'a, b or c'."""
    return f"{', '.join(words[:-1])} or {words[-1]}" if len(words) > 1 else words[0]


class _Argument(TyperArgument):
    def display_type_rich(self, ctx: object) -> str | None:  # noqa: ARG002
        return None  # its name says what it is

    def get_usage_pieces(self, ctx: object) -> list[str]:  # noqa: ARG002
        name = self.metavar or (self.name or "").upper()
        return [(name if self.required else f"[{name}]") + ("..." if self.nargs != 1 else "")]

    def get_missing_message(self, ctx: Any) -> str | None:
        words = _words(self)
        return f"Choose from {_listed(words)}." if words else super().get_missing_message(ctx)

    def process_value(self, ctx: Any, value: Any) -> Any:
        _checked(self, ctx, value)
        return super().process_value(ctx, value)


class _Option(TyperOption):
    def get_missing_message(self, ctx: Any) -> str | None:
        words = _words(self)
        return f"Choose from {_listed(words)}." if words else super().get_missing_message(ctx)

    def process_value(self, ctx: Any, value: Any) -> Any:
        _checked(self, ctx, value)
        return super().process_value(ctx, value)


def _plain_help(command: typer.core.TyperCommand | typer.core.TyperGroup) -> None:
    """Arguments shown as `_Argument`s, choices named as `_Choice` names them; the help
    option shows no value (as every flag)."""
    for param in command.params:
        if isinstance(param, TyperArgument):
            param.__class__ = _Argument
        elif isinstance(param, TyperOption):
            param.__class__ = _Option
    help_option = command.get_help_option(typer.Context(command))
    if help_option is not None:
        help_option.metavar = FLAG


def _prose(text: str | None) -> str | None:
    """A docstring as help: each paragraph one line, which the terminal's width wraps (a
    docstring's own line breaks would break sentences in the middle)."""
    if text is None:
        return None
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


class _Command(typer.core.TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _prose(self.help)
        _plain_help(self)


class _Group(typer.core.TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_help(self)


def _choices(vocabulary: object) -> str:
    """A choice option's value as usage shows it: 'text|json'."""
    return "|".join(choices(vocabulary))


app = typer.Typer(
    name="argmap",
    help="Map the structure of an argument: validate, analyse and draw argument maps.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    cls=_Group,
)
command = functools.partial(app.command, cls=_Command)

_debug = False


MapArgument = Annotated[
    Path,
    # argmap reads the file itself, to say precisely what is wrong with it.
    typer.Argument(help="Map file (YAML or JSON).", readable=False, metavar=FILE),
]


def _version(value: bool) -> None:
    if value:
        _echo(f"argmap {__version__}")
        raise typer.Exit


@app.callback()
def _global_options(
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show a Python traceback on internal errors.", metavar=FLAG),
    ] = False,
    version: Annotated[  # noqa: ARG001  (handled by its eager callback)
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version.", metavar=FLAG
        ),
    ] = False,
) -> None:
    global _debug  # noqa: PLW0603  (one flag for the whole process)
    _debug = debug


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn argmap's errors into messages and exit statuses; never a traceback."""
    try:
        yield
    except InputError as error:
        _echo(f"argmap: {error.issue}", err=True)
        raise typer.Exit(2) from None
    except InvalidMapError as error:
        for issue in error.issues:
            _echo(str(issue), err=True)
        if error.advice:
            _echo(f"argmap: {error.advice}", err=True)
        raise typer.Exit(error.exit_code) from None
    except ArgmapError as error:
        _echo(f"argmap: {error}", err=True)
        raise typer.Exit(error.exit_code) from None


FormatOption = Annotated[
    ReportFormat,
    typer.Option(
        "--format", "-f", help="text, or JSON for scripts.", metavar=_choices(ReportFormat)
    ),
]


@command()
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(help="Map files (YAML or JSON).", readable=False, metavar=FILE),
    ],
    output_format: Annotated[
        ReportFormat,
        typer.Option(
            "--format", "-f", help="text lines, or a JSON list.", metavar=_choices(ReportFormat)
        ),
    ] = "text",
) -> None:
    """Check maps and report every problem as file:line:col: code: message.

    Exit status: 0 all valid, 1 problems found, 2 a file could not be read.
    """
    from . import validate as run_validation  # noqa: PLC0415  (see the imports at the top)

    validation = run_validation(files)
    if output_format == "json":
        typer.echo(json_text([issue.to_dict() for issue in validation.issues]))
    else:
        for issue in validation.issues:
            _echo(str(issue))
        _echo(validation.summary(), err=True)
    raise typer.Exit(validation.status)


@command("show")
def show_command(
    file: MapArgument,
    width: Annotated[
        int | None,
        typer.Option(
            min=40,
            help="Wrap at this many columns (default: the terminal's width).",
            metavar="N",
        ),
    ] = None,
    depth: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Only claims this many steps below the main conclusion; '...' marks the "
            "rest (default: the whole tree).",
            metavar="N",
        ),
    ] = None,
) -> None:
    """Print the argument as a tree: the main conclusion on top, reasons and objections below."""
    from . import load, show  # noqa: PLC0415

    with _user_errors():
        argument_map = load(file)
    columns = width or shutil.get_terminal_size((100, 24)).columns
    _echo(show(argument_map, width=columns, depth=depth))


_LOOK = "Look"
ThemeOption = Annotated[
    Palette,
    typer.Option(
        help="light (colour-blind safe), dark (dark slides) or print (greyscale).",
        rich_help_panel=_LOOK,
        metavar=_choices(Palette),
    ),
]
DirectionOption = Annotated[
    Direction,
    typer.Option(
        help="BT puts the main conclusion on top; TB below; LR to the right.",
        rich_help_panel=_LOOK,
        metavar=_choices(Direction),
    ),
]
PresetOption = Annotated[
    PresetName | None,
    typer.Option(
        help="Fit a slide (16:9: 1920x1080 px, 960x540 pt) or a sheet (A4, Letter) exactly, "
        "split into pages where one would not be readable.",
        rich_help_panel=_LOOK,
        metavar=_choices(PresetName),
    ),
]


_PAGES = "Pages"
NoSplitOption = Annotated[
    bool,
    typer.Option(
        "--no-split",
        help="Fail instead of splitting a map too large for one readable page.",
        rich_help_panel=_PAGES,
        metavar=FLAG,
    ),
]
OrientationOption = Annotated[
    Orientation,
    typer.Option(
        help="A4 and Letter: auto turns a page to landscape when the drawing fits better.",
        rich_help_panel=_PAGES,
        metavar=_choices(Orientation),
    ),
]
LegendOption = Annotated[
    bool,
    typer.Option(
        "--legend", help="Add a legend of shapes and lines.", rich_help_panel=_LOOK, metavar=FLAG
    ),
]
QuotesOption = Annotated[
    bool,
    typer.Option(
        "--hide-quotes",
        help="Leave out the quotes under the claims.",
        rich_help_panel=_LOOK,
        metavar=FLAG,
    ),
]
ShowQuotesOption = Annotated[
    bool,
    typer.Option(
        "--quotes",
        help="Show the quotes under the claims (they are always in a deck's notes).",
        rich_help_panel=_LOOK,
        metavar=FLAG,
    ),
]
SchemesOption = Annotated[
    bool,
    typer.Option(
        "--schemes",
        help="Name each inference's scheme beside it.",
        rich_help_panel=_LOOK,
        metavar=FLAG,
    ),
]
TransparentOption = Annotated[
    bool,
    typer.Option(
        "--transparent", help="No background (PNG, SVG).", rich_help_panel=_LOOK, metavar=FLAG
    ),
]
DpiOption = Annotated[
    int | None,
    typer.Option(
        min=36,
        max=1200,
        help="PNG resolution (default: 96, or the preset's).",
        rich_help_panel=_LOOK,
        metavar="N",
    ),
]
ScaleOption = Annotated[
    float | None,
    typer.Option(
        min=0.25,
        max=8,
        help="PNG scale factor (2 = twice the pixels).",
        rich_help_panel=_LOOK,
        metavar="FACTOR",
    ),
]
EngineOption = Annotated[
    Engine,
    typer.Option(
        help="embedded: Graphviz inside argmap; dot: the Graphviz on PATH.",
        metavar=_choices(Engine),
    ),
]
TimeoutOption = Annotated[
    float | None,
    typer.Option(
        min=0,
        help="Stop a layout after this many seconds; 0 for no limit (default: 30 + 0.01 "
        "per claim).",
        metavar="SECONDS",
    ),
]
VerboseOption = Annotated[
    bool,
    typer.Option(
        "--verbose", "-v", help="Show Graphviz's and fontconfig's own messages.", metavar=FLAG
    ),
]
_PART = "Part"
FocusOption = Annotated[
    str | None,
    typer.Option(
        help="Only the part of the argument around this claim.",
        rich_help_panel=_PART,
        metavar=ID,
    ),
]
DepthOption = Annotated[
    int,
    typer.Option(min=1, help="Steps from --focus to include.", rich_help_panel=_PART, metavar="N"),
]


def _options(
    theme: Palette, direction: Direction, preset: PresetName | None, legend: bool,
    hide_quotes: bool, schemes: bool, transparent: bool, dpi: int | None, scale: float | None,
) -> DiagramOptions:  # fmt: skip
    from . import DiagramOptions  # noqa: PLC0415

    resolution = dpi or 96  # a preset's pages have their own (2 pixels per point)
    return DiagramOptions(
        theme=theme,
        direction=direction,
        preset=preset,
        legend=legend,
        quotes=not hide_quotes,
        schemes=schemes,
        transparent=transparent,
        dpi=round(resolution * (scale or 1)),
    )


@contextmanager
def _warm(engine: Engine, fmt: str) -> Iterator[Worker | None]:
    """A Graphviz worker started now, to import and warm up while the map is read (none
    for DOT, which needs no Graphviz); stopped when the command ends."""
    if fmt == "dot":
        yield None
        return
    from . import Worker  # noqa: PLC0415

    session = _watching.get()
    if session is not None:  # watching: one warm worker for every rebuild
        yield session.worker(engine)
        return
    with Worker(engine) as worker:
        yield worker


def _read(file: Path) -> ArgumentMap:
    """The map, read and checked, with a progress line if that takes long (a huge map)."""
    from . import load  # noqa: PLC0415
    from ._progress import progress  # noqa: PLC0415

    with progress(f"reading {file}"):
        return load(file)


def _timeout(value: float | None, argument_map: ArgumentMap) -> float | None:
    """The layout timeout of a command: its --timeout (0: none), or the map's default."""
    from . import timeout_for  # noqa: PLC0415

    return timeout_for(argument_map, value)


@command("render")
def render_command(
    file: MapArgument,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Output file; '-' for standard output (default: the map's name, new extension).",
            metavar=FILE,
        ),
    ] = None,
    output_format: Annotated[
        DrawingFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: from the output's extension, else svg).",
            metavar=_choices(DrawingFormat),
        ),
    ] = None,
    engine: EngineOption = "embedded",
    theme: ThemeOption = "light",
    direction: DirectionOption = "BT",
    preset: PresetOption = None,
    legend: LegendOption = False,
    hide_quotes: QuotesOption = False,
    schemes: SchemesOption = False,
    transparent: TransparentOption = False,
    dpi: DpiOption = None,
    scale: ScaleOption = None,
    focus: FocusOption = None,
    depth: DepthOption = 1,
    questions: Annotated[
        bool,
        typer.Option(
            "--questions",
            help="Mark inferences with open critical questions (?N beside the step).",
            rich_help_panel="Evaluation",
            metavar=FLAG,
        ),
    ] = False,
    evaluated: Annotated[
        bool,
        typer.Option(
            "--evaluate",
            help="Draw each claim's label: OUT struck through, UNDECIDED in italics; by "
            "default the author's view, with the critic's beside it where it differs.",
            rich_help_panel="Evaluation",
            metavar=FLAG,
        ),
    ] = False,
    view: Annotated[
        ViewChoice,
        typer.Option(
            help="With --evaluate: both (the author's view drawn, the critic's written "
            "beside it), author or critic.",
            rich_help_panel="Evaluation",
            metavar=_choices(ViewChoice),
        ),
    ] = "both",
    reject: Annotated[
        list[str] | None,
        typer.Option(
            "--reject",
            "-r",
            help="With --evaluate: a claim to reject (repeatable).",
            rich_help_panel="Evaluation",
            metavar=ID,
        ),
    ] = None,
    accept: Annotated[
        list[str] | None,
        typer.Option(
            "--accept",
            "-a",
            help="With --evaluate: a claim to accept (repeatable).",
            rich_help_panel="Evaluation",
            metavar=ID,
        ),
    ] = None,
    no_split: NoSplitOption = False,
    orientation: OrientationOption = "auto",
    fragments: Annotated[
        bool,
        typer.Option(
            "--fragments",
            help='SVG: mark groups class="fragment" with data-fragment-index in build '
            "order (reveal.js, Quarto).",
            metavar=FLAG,
        ),
    ] = False,
    timeout: TimeoutOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Draw a map as SVG, PNG, PDF or DOT with Graphviz.

    With --preset, every page is exactly the preset's size; a map that cannot be read on
    one page is split into several (one PDF, or NAME-01.png, NAME-02.png and so on).
    """
    from . import GraphvizRun, annotated, drawing_format, drawn_files  # noqa: PLC0415
    from ._progress import progress  # noqa: PLC0415

    with _user_errors(), ExitStack() as stack:
        fmt = drawing_format(output, output_format)
        worker = stack.enter_context(_warm(engine, fmt))  # Graphviz starts while we read
        argument_map = _read(file)
        options = annotated(argument_map, _options(theme, direction, preset, legend, hide_quotes,
                            schemes, transparent, dpi, scale), questions=questions,
                            evaluated=evaluated, view=view, reject=reject or (),
                            accept=accept or ())  # fmt: skip
        target, started = output or file.with_suffix(f".{fmt}"), time.perf_counter()
        with progress(f"laying out {len(argument_map.claims):,} claims with Graphviz"):
            drawn = drawn_files(argument_map, target, fmt, options=options, focus_on=focus,
                                depth=depth, split=not no_split, orientation=orientation,
                                fragments=fragments, scale=scale or 1.0,
                                graphviz=GraphvizRun(engine, _timeout(timeout, argument_map),
                                                     worker))  # fmt: skip
        if verbose and drawn.messages:
            _echo(drawn.messages.rstrip(), err=True)
        if str(target) == "-":
            sys.stdout.buffer.write(drawn.files[0][1])
            return
        with progress(f"writing {target}"):
            drawn.write(argument_map.files())
    seconds = time.perf_counter() - started
    for name, data, label in drawn.files:
        size = "" if drawn.paged else f", {len(data) / 1024:.0f} KiB, {seconds:.2f} s"
        _echo(f"wrote {name} ({label}{size})", err=True)
    for note in drawn.notes:
        _echo(note, err=True)


@command()
def frames(
    file: MapArgument,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Folder for the numbered frames (created if missing).",
            metavar="DIR",
        ),
    ],
    output_format: Annotated[
        PageFormat,
        typer.Option("--format", "-f", help="Format of each frame.", metavar=_choices(PageFormat)),
    ] = "png",
    engine: EngineOption = "embedded",
    theme: ThemeOption = "light",
    direction: DirectionOption = "BT",
    preset: Annotated[
        PresetName,
        typer.Option(
            help="Slide or page size.", rich_help_panel=_LOOK, metavar=_choices(PresetName)
        ),
    ] = "slide-16x9",
    quotes: ShowQuotesOption = False,
    schemes: SchemesOption = False,
    transparent: TransparentOption = False,
    scale: ScaleOption = None,
    orientation: OrientationOption = "auto",
    timeout: TimeoutOption = None,
) -> None:
    """Write a slide build: numbered frames revealing each page step by step.

    The map is split into readable pages (by theme, then sub-argument); each page is
    revealed reasons first, each objection after what it attacks. Every element keeps its
    place in every frame of a page, and each frame is titled with what it shows.
    """
    from . import GraphvizRun, frame_build  # noqa: PLC0415

    with _user_errors(), ExitStack() as stack:
        worker = stack.enter_context(_warm(engine, output_format))
        argument_map = _read(file)
        options = _options(theme, direction, None, False, not quotes, schemes, transparent,
                           None, None)  # fmt: skip
        drawn = frame_build(argument_map, output, file.stem, output_format, preset=preset,
                            options=options, orientation=orientation, scale=scale or 1.0,
                            graphviz=GraphvizRun(engine, _timeout(timeout, argument_map),
                                                 worker))  # fmt: skip
        with folder(output):
            drawn.write(argument_map.files())
    for note in drawn.notes:
        _echo(note, err=True)


@command()
def deck(
    file: MapArgument,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The deck: NAME.pptx or NAME.pdf.", metavar=FILE),
    ],
    preset: Annotated[
        PresetName,
        typer.Option(help="Slide size, or a4/letter for a handout.", metavar=_choices(PresetName)),
    ] = "slide-16x9",
    pictures: Annotated[
        bool,
        typer.Option(
            "--pictures",
            help="PPTX: each page as one image (Google Slides, Keynote) instead of shapes.",
            metavar=FLAG,
        ),
    ] = False,
    theme: ThemeOption = "light",
    quotes: ShowQuotesOption = False,
    schemes: SchemesOption = False,
    no_split: NoSplitOption = False,
    orientation: OrientationOption = "auto",
    engine: EngineOption = "embedded",
    timeout: TimeoutOption = None,
    limit: Annotated[
        float | None,
        typer.Option(
            min=0,
            help="Stop the whole deck after this many seconds; 0 for no limit (default: "
            "120 + 0.1 per claim).",
            metavar="SECONDS",
        ),
    ] = None,
) -> None:
    """Write a deck: a title slide, then the map's readable pages.

    PPTX: native, editable shapes with connectors, a click-by-click build and speaker
    notes with each claim's quote and the source. PDF: one page per slide (or sheet).
    """
    from . import deck as make_deck  # noqa: PLC0415
    from .decks import deck_format  # noqa: PLC0415

    with _user_errors(), ExitStack() as stack:
        suffix = deck_format(output)
        _writable(output)
        worker = stack.enter_context(_warm(engine, "svg"))
        argument_map = _read(file)
        started = time.perf_counter()
        options = _options(theme, "BT", None, False, not quotes, schemes, False,
                           None, None)  # fmt: skip
        data = make_deck(argument_map, suffix, preset=preset,
                         options=options, pictures=pictures, split=not no_split,
                         orientation=orientation, worker=worker, limit=limit,
                         timeout=_timeout(timeout, argument_map))  # fmt: skip
        write_atomic(output, data, inputs=argument_map.files())
        seconds = time.perf_counter() - started
        _echo(f"wrote {output} ({suffix}, {len(data) / 1024:.0f} KiB, {seconds:.2f} s)", err=True)


def _writable(output: Path) -> None:
    """Fail before any work when the output's folder is missing (write_atomic says more)."""
    if not output.parent.is_dir():
        raise OutputError(f"{output}: the folder {output.parent} does not exist; create it first")


@command("html")
def html_command(
    file: MapArgument,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The page; '-' for standard output (default: the map's name, .html).",
            metavar=FILE,
        ),
    ] = None,
    engine: EngineOption = "embedded",
    timeout: TimeoutOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Write the reader: one offline HTML page with the diagram beside the source text.

    Click a claim to see its passage, try accepting or rejecting claims, follow what
    depends on what, search, and present the argument step by step. The page loads
    nothing from anywhere: e-mail it, or open it from a USB stick.
    """
    from . import load  # noqa: PLC0415
    from .reader import page  # noqa: PLC0415

    with _user_errors(), ExitStack() as stack:
        worker = stack.enter_context(_warm(engine, "svg"))  # Graphviz starts while we read
        argument_map = load(file)
        target = output or file.with_suffix(".html")
        started = time.perf_counter()
        data, messages = page(argument_map, timeout=_timeout(timeout, argument_map), worker=worker)
        if verbose and messages:
            _echo(messages.rstrip(), err=True)
        if str(target) == "-":
            sys.stdout.buffer.write(data)
            return
        write_atomic(target, data, inputs=argument_map.files())
        seconds = time.perf_counter() - started
        _echo(f"wrote {target} (html, {len(data) / 1024:.0f} KiB, {seconds:.2f} s)", err=True)


@command()
def evaluate(
    file: MapArgument,
    reject: Annotated[
        list[str] | None,
        typer.Option("--reject", "-r", help="A claim to reject (repeatable).", metavar=ID),
    ] = None,
    accept: Annotated[
        list[str] | None,
        typer.Option("--accept", "-a", help="A claim to accept as given (repeatable).", metavar=ID),
    ] = None,
    output_format: FormatOption = "text",
    weak: Annotated[
        bool,
        typer.Option(
            "--weak-points",
            help="Also find the smallest sets of premises and assumptions whose rejection "
            "makes the main conclusion fall.",
            metavar=FLAG,
        ),
    ] = False,
    max_size: Annotated[
        int,
        typer.Option(
            min=1,
            max=8,
            help="Largest set of claims the searches try (weak points, and the critic's "
            "points that bring the conclusion down); the searches are exponential.",
            metavar="N",
        ),
    ] = 3,
    time_limit: Annotated[
        float,
        typer.Option(
            min=0.1,
            max=3600,
            help="Seconds each search may take before it stops and says so.",
            metavar="SECONDS",
        ),
    ] = 10.0,
    view: Annotated[
        ViewChoice,
        typer.Option(
            help="both: the author's argument on its own terms beside what the critic's "
            "points do; author or critic: one of them.",
            metavar=_choices(ViewChoice),
        ),
    ] = "both",
) -> None:
    """Label every claim IN, OUT or UNDECIDED (grounded semantics) and say why.

    By default two views side by side: the author's argument on its own terms (the
    analyst's claims set aside), and with the critic's points standing, with the smallest
    sets of them that bring the main conclusion down.
    """
    from . import evaluation_report, load  # noqa: PLC0415

    with _user_errors():
        text = evaluation_report(
            load(file), view=view, reject=reject or (), accept=accept or (), weak=weak,
            max_size=max_size, seconds=time_limit,
            json_output=output_format == "json",
        )  # fmt: skip
    if output_format == "json":
        typer.echo(text)  # safe to print as it is (see `json_text`), and still JSON
    else:
        _echo(text)


@command()
def analyse(
    file: MapArgument,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Exit with status 1 if there are warnings.", metavar=FLAG),
    ] = False,
    output_format: FormatOption = "text",
) -> None:
    """Warn where a critical reader would push back, and print the map's statistics."""
    from . import analyse as run_analysis  # noqa: PLC0415
    from . import load  # noqa: PLC0415

    with _user_errors():
        analysis = run_analysis(load(file))
    if output_format == "json":
        typer.echo(json_text(analysis.to_dict()))
    else:
        _echo(analysis.report())
    if strict and analysis.warnings:
        raise typer.Exit(1)


@command()
def questions(
    file: MapArgument,
    inference: Annotated[
        str | None,
        typer.Option("--inference", "-i", help="Only this inference.", metavar=ID),
    ] = None,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only the questions still open.", metavar=FLAG)
    ] = False,
) -> None:
    """List each inference's critical questions, in its own words, answered or open."""
    from . import load, questions_report  # noqa: PLC0415

    with _user_errors():
        _echo(questions_report(load(file), inference, open_only=open_only))


@command()
def schemes(
    file: Annotated[
        Path | None,
        typer.Argument(help="A map whose own catalogue to include.", readable=False, metavar=FILE),
    ] = None,
) -> None:
    """List the argumentation schemes: premise forms, conclusion and critical questions."""
    from . import load, schemes_report  # noqa: PLC0415

    with _user_errors():
        _echo(schemes_report(load(file) if file else None))


@command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the schema to this file (default: print it).",
            metavar=FILE,
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of the map format (for editors: completion, checking, hover).

    Maps name it in their first line, `# yaml-language-server: $schema=PATH`, as
    `argmap new` writes it; VS Code's YAML extension and other editors then check as you type.
    """
    from . import schema_text  # noqa: PLC0415

    with _user_errors():
        _emit(schema_text(), output, [])


@command()
def new(
    source: Annotated[
        Path,
        typer.Argument(
            help="The source text (plain text or Markdown).", readable=False, metavar=FILE
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The map to write; '-' for standard output (default: the source's name "
            "with .yaml).",
            metavar=FILE,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing file.", metavar=FLAG)
    ] = False,
    schema_location: Annotated[
        str | None,
        typer.Option(
            "--schema",
            help="The JSON Schema's URL or path for the editor line (default: the copy "
            "installed with argmap).",
            metavar="URL",
        ),
    ] = None,
) -> None:
    """Write a starting map for a source text: its source block, a theme for each heading,
    and commented examples of every element. It validates as written."""
    from . import new_map  # noqa: PLC0415

    with _user_errors():
        target, text = new_map(source, output, force=force, schema=schema_location)
    if str(target) == "-":
        _echo(text, nl=False)
    else:
        _echo(f"wrote {target}; check it with: argmap validate {target}", err=True)


@command()
def exercise(
    file: Annotated[
        Path,
        typer.Argument(help="The teacher's map (YAML or JSON).", readable=False, metavar=FILE),
    ],
    kind: Annotated[
        ExerciseKind,
        typer.Option(
            "--kind",
            "-k",
            help="What the worksheet asks: structure, roles, missing-premise, "
            "critical-questions or evaluate.",
            metavar="KIND",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The worksheet: .md, .html or .pdf.", metavar=FILE),
    ],
    answers: Annotated[
        list[Path] | None,
        typer.Option(
            "--answers",
            help="The answer key: .md, .html or .pdf to read, or .yaml for `argmap grade "
            "--key` (repeatable).",
            metavar=FILE,
        ),
    ] = None,
    seed: Annotated[
        int,
        typer.Option(
            help="Shuffles the statements; the same seed gives the same sheet.", metavar="N"
        ),
    ] = 1,
    count: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="This many items, chosen by the seed: slots to fill (structure; the other "
            "boxes show their statement), blanks, steps or scenarios (default: all; "
            "evaluate: 5 scenarios).",
            metavar="N",
        ),
    ] = None,
    theme: Annotated[
        str | None,
        typer.Option(
            help="Only the part of the map in this theme (every kind but evaluate).",
            rich_help_panel=_PART,
            metavar=ID,
        ),
    ] = None,
    focus: Annotated[
        str | None,
        typer.Option(
            help="Only the part of the map around this claim (every kind but evaluate).",
            rich_help_panel=_PART,
            metavar=ID,
        ),
    ] = None,
    depth: DepthOption = 1,
    paper: Annotated[
        Paper, typer.Option(help="Paper size for PDF.", metavar=_choices(Paper))
    ] = "a4",
    engine: EngineOption = "embedded",
    timeout: TimeoutOption = None,
) -> None:
    """Write a worksheet for students, and its answer key, from a map.

    Markdown worksheets link their diagrams as SVG files written beside them. The
    worksheet and its keys are all written, or none.
    """
    from . import write_exercise  # noqa: PLC0415

    with _user_errors():
        written = write_exercise(
            file, kind, output, answers or [], seed=seed, count=count, theme=theme,
            focus=focus, depth=depth, paper=paper, engine=engine, timeout=timeout,
        )  # fmt: skip
    for path in written:
        _echo(f"wrote {path}", err=True)


@command()
def grade(
    students: Annotated[
        list[Path],
        typer.Argument(
            help="A student's map, or several maps or folders of maps (a batch).",
            readable=False,
            metavar="FILE|DIR",
        ),
    ],
    key: Annotated[
        Path,
        typer.Option(
            "--key",
            help="The key map (e.g. from exercise --answers).",
            readable=False,
            metavar=FILE,
        ),
    ],
    output_format: Annotated[
        GradeFormat,
        typer.Option(
            "--format",
            "-f",
            help="One student's report: text, markdown or json.",
            metavar=_choices(GradeFormat),
        ),
    ] = "text",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report (or a batch's CSV) to this file (default: standard output).",
            metavar=FILE,
        ),
    ] = None,
    feedback: Annotated[
        Path | None,
        typer.Option(
            help="Batch: also write each student's report (--format) into this folder.",
            metavar="DIR",
        ),
    ] = None,
    weights: Annotated[
        str | None,
        typer.Option(
            help="Points per part, e.g. 'schemes=0,supports=40' (parts: roles, supports, "
            "grouping, objections, assumptions, schemes).",
            metavar="PART=POINTS,...",
        ),
    ] = None,
) -> None:
    """Grade students' maps against the key: a score, its breakdown, and feedback.

    One file gives a report; several files or a folder give a CSV, one row per submission.
    A batch writes its CSV and feedback files all together, or none.

    Exit: 0 graded; 1 a map had problems or was not graded; 2 a file or the key is unreadable.
    """
    from . import grade_paths  # noqa: PLC0415

    with _user_errors():
        grading = grade_paths(students, key, weights=weights or "", output=output,
                              feedback=feedback, output_format=output_format)  # fmt: skip
    if grading.text is not None:
        _echo(grading.text, nl=False)
    for message in grading.messages:
        _echo(message, err=True)
    raise typer.Exit(grading.status)


def _print_data(text: str) -> None:
    """A file's contents on stdout: exact into a pipe or a file, defused on a terminal
    (where map text may not send escape sequences)."""
    if sys.stdout.isatty():
        _echo(text, nl=False)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))


@command("export")
def export_command(
    file: MapArgument,
    to: Annotated[
        ExportFormat,
        typer.Option(
            "--to",
            "-t",
            help="aif (AIF JSON for OVA, AIFdb, arguebuf), argdown, or mermaid.",
            metavar=_choices(ExportFormat),
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Output file; '-' for standard output (default: the map's "
            "name with .aif.json, .argdown or .mmd).",
            metavar=FILE,
        ),
    ] = None,
) -> None:
    """Write a map for another tool: AIF JSON, Argdown text, or a Mermaid flowchart.

    AIF and Argdown keep what they have no place for in their own metadata, so
    `argmap import` reads the map back whole. docs/formats.md says what each format holds.
    """
    from . import export, load  # noqa: PLC0415
    from .formats import SUFFIXES  # noqa: PLC0415

    with _user_errors():
        argument_map = load(file)
        text = export(argument_map, to)
        target = output or file.with_suffix(SUFFIXES[to])
        if str(target) == "-":
            _print_data(text)
            return
        write_atomic(target, text.encode("utf-8"), inputs=argument_map.files())
        _echo(f"wrote {target} ({to})", err=True)


@command("import")
def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="AIF or OVA JSON, Argdown (.argdown, or the JSON `argdown json` writes), or a "
            "Kialo export (.txt).",
            readable=False,
            metavar=FILE,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The map file to write (YAML); '-' for stdout.", metavar=FILE
        ),
    ],
    source_format: Annotated[
        ImportFormat | None,
        typer.Option(
            "--from",
            "-f",
            help="The file's format (default: from the extension, and for .json from the content).",
            metavar=_choices(ImportFormat),
        ),
    ] = None,
    conclusion: Annotated[
        str | None,
        typer.Option(
            help="The main conclusion, as the file names it (a node id, a statement's title, a "
            "Kialo number), when the file argues for several.",
            metavar="KEY",
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            help="Also write the whole report as JSON, every element named (the terminal "
            "shows the first 20 of each note); '-' for stdout.",
            metavar=FILE,
        ),
    ] = None,
) -> None:
    """Make a map from another tool's file, and report every choice made on the way.

    The map validates as written. What it cannot hold (dialogue nodes, preferences,
    claims outside the argument for its main conclusion) is reported, never dropped.

    Exit status: 0 imported, 1 the file holds no map, 2 it cannot be read.
    """
    from . import import_map  # noqa: PLC0415

    with _user_errors():
        if str(report) == "-" == str(output):
            raise OutputError("-o - and --report - both name standard output; send one to a file")
        imported = import_map(file, format=source_format, conclusion=conclusion)
        text = imported.yaml()
        for note in imported.notes:
            _echo(f"argmap: {file}: {note.text(keys=20)}", err=True)
        data = json_text(imported.report_data()) + "\n" if report is not None else ""
        with Outputs([file]) as outputs:  # both files or neither; one named twice is refused
            for path, content in ((report, data), (output, text)):
                if path is not None and str(path) != "-":
                    outputs.add(path, content.encode("utf-8"))
        if str(report) == "-":
            _echo(data, nl=False)  # json_text escapes whatever would act on a terminal
        if str(output) == "-":
            _print_data(text)
            return
        counts = (
            f"{len(imported.map.claims)} claims, {len(imported.map.inferences)} inferences, "
            f"{len(imported.map.objections)} objections"
        )
        _echo(f"wrote {output} ({counts}; {len(imported.notes)} notes above)", err=True)


@command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    rich_help_panel="Live",
)
def watch(
    context: typer.Context,
    command: Annotated[
        WatchedCommand,
        typer.Argument(
            help="The command to rerun (render), followed by its own arguments and options "
            "(as you would type them after 'argmap').",
            metavar="COMMAND [ARGS]...",
        ),
    ],
    serve: Annotated[
        bool,
        typer.Option(
            "--serve",
            help="Also serve the output on 127.0.0.1 with live reload, the map's problems "
            "shown in the page.",
            metavar=FLAG,
        ),
    ] = False,
    port: Annotated[
        int,
        typer.Option(
            min=0, max=65535, help="Port for --serve; 0 picks a free one.", metavar="PORT"
        ),
    ] = 8765,
) -> None:
    """Rerun a command whenever the map, its source text or its catalogue is saved.

    argmap watch render maps/iraq-militias.yaml -o build/map.svg --serve

    A map saved with errors keeps the last good output; its problems are printed (and
    shown in the page with --serve). Ctrl-C stops.
    """
    from . import WatchSession, rerun, watch_command  # noqa: PLC0415

    args = [command, *context.args]
    session = WatchSession()
    with _user_errors():
        file, output = _watched_paths(args)
        rebuild = rerun(command, output, _runner(args, session), session)
        watch_command(file, output, rebuild, session, say=functools.partial(_echo, err=True),
                      port=port if serve else None)  # fmt: skip


def _watched_paths(args: list[str]) -> tuple[Path, Path]:
    """The map and the output of a command line for `watch` (parsed as that command would)."""
    name, rest = args[0], args[1:]
    command = typer.main.get_command(app)
    assert isinstance(command, typer.core.TyperGroup)
    try:
        parsed = command.commands[name].make_context(name, list(rest), resilient_parsing=True)
    except typer.exceptions.TyperException as error:
        raise OutputError(f"argmap {name}: {error}") from None
    file = parsed.params.get("file")
    if not isinstance(file, Path):
        raise OutputError(f"argmap watch {name}: give the map file to watch")
    output = parsed.params.get("output")
    if not isinstance(output, Path) or str(output) == "-":
        raise OutputError(
            f"argmap watch {name}: give the output file with -o (watching rewrites it on "
            "every save)"
        )
    return file, output


def _runner(args: list[str], session: WatchSession) -> Callable[[], int]:
    """The command line `args` as a function to run again in this (warm) process, with
    the watch's session; it returns the exit status."""
    command = typer.main.get_command(app)

    def run() -> int:
        # Not standalone: the command's exit status is returned, nothing exits. The
        # global options are given again, or the rerun would reset them.
        again = ["--debug", *args] if _debug else list(args)
        token = _watching.set(session)
        try:
            status = command.main(again, "argmap", standalone_mode=False)
        except typer.exceptions.TyperException as error:  # a usage error in its options
            _echo(f"argmap {args[0]}: {error}", err=True)
            return 2
        finally:
            _watching.reset(token)
        return int(status or 0)

    return run


def _emit(text: str, output: Path | None, inputs: list[Path]) -> None:
    if output is None or str(output) == "-":
        _echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"), inputs=inputs)
        _echo(f"wrote {output}", err=True)


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status; internal errors print one line
    (status 3) unless --debug is given.

    SIGTERM, SIGHUP and SIGINT (Ctrl-C) stop the command at once, with any Graphviz
    worker it started, and leave none of its outputs; argmap then ends by that signal,
    as a program that did not catch it would (status 128 + its number in a shell).
    """
    from . import Stopped, stopped_by_signals  # noqa: PLC0415

    # Pydantic looks for plugins (such as tracing) in every installed package's metadata,
    # about 20 ms per run; argmap's own process has no use for them.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    arguments = sys.argv[1:] if argv is None else argv
    try:
        with stopped_by_signals():
            _app_for(arguments)(args=arguments, prog_name="argmap")
    except Stopped as stop:
        sys.stdout.flush()
        sys.stderr.flush()
        signal.signal(stop.signum, signal.SIG_DFL)
        os.kill(os.getpid(), stop.signum)
        return 128 + stop.signum  # if the signal is blocked, say so all the same
    except SystemExit as stopped:
        code = stopped.code
        return code if isinstance(code, int) else 0 if code is None else 1
    except Exception as error:
        if _debug:
            traceback.print_exc()
        else:
            _echo(
                f"argmap: internal error: {type(error).__name__}: {error}\n"
                "This is a bug in argmap; run again with --debug for details and report it.",
                err=True,
            )
        return 3
    return 0


def _app_for(arguments: list[str]) -> typer.Typer:
    """The app to run these arguments with. typer builds the options of every command it
    has before it runs one (17 ms for argmap's commands, a tenth of a render), so a
    command line that names a command gets an app that holds that command alone, with the
    same global options; anything else (no command, `--help`, a typo) gets them all."""
    name = next((word for word in arguments if not word.startswith("-")), None)
    chosen = [info for info in app.registered_commands if _name(info) == name]
    if not chosen:
        return app
    single = copy.copy(app)
    single.registered_commands = chosen
    return single


def _name(info: typer.models.CommandInfo) -> str | None:
    """A registered command's name, as typer gives it."""
    if info.name:
        return info.name
    return typer.main.get_command_name(info.callback.__name__) if info.callback else None


def main(argv: list[str] | None = None) -> None:
    """Run the command line and exit with its status (for embedding; the `argmap`
    executable is `argmap._main`)."""
    sys.exit(run(argv))
