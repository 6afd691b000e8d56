"""`watch`: rebuild an output whenever the map, its source text or its catalogue is saved.

The rebuild runs in this process, which keeps Python, pydantic and Graphviz warm, so a
save reaches the output in tens of milliseconds. A map saved with errors (or half
written) keeps the last good output and reports its problems. The folders of the inputs
are watched, not the files, so that an editor's atomic save (write a temporary file,
rename it over the map), a rename, or a file deleted and created again are all seen.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .._issues import ArgmapError, InvalidMapError, Issue
from .._write import write_atomic
from ..checks._load import load
from ..model import ArgumentMap


@dataclass(frozen=True)
class Built:
    """A rebuild that wrote the output."""

    output: Path
    seconds: float
    version: int
    """How many times the output has been written since the watch began."""


@dataclass(frozen=True)
class Failed:
    """A rebuild that could not be made: the last good output stays."""

    problems: tuple[str, ...]


Event = Built | Failed
Rebuild = Callable[[], "Built | Failed"]
"""One build of the output: written (`Built`, with its version left to the watcher), or
the problems that stopped it (`Failed`)."""


def inputs_of(path: Path, argument_map: ArgumentMap | None = None) -> set[Path]:
    """The files a build reads: the map, and (once it has been read) its source text and
    its catalogue, resolved; and the map's own name, in case a link takes its place.

    >>> import argmap
    >>> sorted(p.name for p in inputs_of(Path("maps/iraq-militias.yaml"),
    ...        argmap.load("maps/iraq-militias.yaml")))
    ['iraq-militias-article.txt', 'iraq-militias.yaml']
    """
    found = {Path(os.path.realpath(path)), Path(os.path.realpath(path.parent), path.name)}
    if argument_map is not None and argument_map.origin is not None:
        found |= {Path(os.path.realpath(file)) for file in argument_map.files()}
    return found


def writer(path: Path, output: Path, make: Callable[[ArgumentMap], bytes]) -> Rebuild:
    """A rebuild that loads the map, makes the output's bytes and writes them atomically
    (never over the map, its source text or its catalogue)."""

    def rebuild() -> Event:
        started = time.perf_counter()
        try:
            argument_map = load(path)
            data = make(argument_map)
            write_atomic(output, data, inputs=inputs_of(path, argument_map))
        except InvalidMapError as error:
            return Failed(tuple(str(issue) for issue in error.issues))
        except ArgmapError as error:
            issue = getattr(error, "issue", None)
            return Failed((str(issue) if isinstance(issue, Issue) else str(error),))
        return Built(output, time.perf_counter() - started, 0)

    return rebuild


@dataclass
class Watcher:
    """Runs `rebuild` now and after every save of the map at `path` or of the files it
    names, until `stop` is set; each outcome goes to `report`."""

    path: Path
    rebuild: Rebuild
    report: Callable[[Event], None]
    stop: threading.Event = field(default_factory=threading.Event)
    version: int = 0
    inputs: set[Path] = field(default_factory=set)
    last: Event | None = None

    def build(self) -> Event:
        """One rebuild, numbered when it writes; the files to watch are read again."""
        event = self.rebuild()
        if isinstance(event, Built):
            self.version += 1
            event = Built(event.output, event.seconds, self.version)
        try:
            self.inputs = inputs_of(self.path, load(self.path))
        except ArgmapError:  # a map that cannot be read: its last known files, and itself
            self.inputs = self.inputs | inputs_of(self.path)
        self.last = event
        self.report(event)
        return event

    def run(self) -> None:
        """Build, then rebuild after every save until `stop` is set (or Ctrl-C).

        The folders are watched before each build begins, so a save made while a build
        runs, or just after it, is never lost. The watched set follows the map: when it
        names other files (a new source text), those are watched, and the output is built
        again."""
        import watchfiles  # noqa: PLC0415  (only the watch command needs it)

        try:
            self.inputs = inputs_of(self.path, load(self.path))
        except ArgmapError:
            self.inputs = inputs_of(self.path)
        while True:  # the first build comes even when `stop` is already set
            watched = set(self.inputs)
            folders = sorted({str(p.parent) for p in watched if p.parent.is_dir()})
            if not folders:  # the map's folder itself is gone: wait for it
                if self.stop.wait(0.2):
                    return
                continue

            def wanted(_: object, name: str, watched: set[Path] = watched) -> bool:
                # realpath, not resolve(): a symlink loop in the folder is no error here
                return Path(name) in watched or Path(os.path.realpath(name)) in watched

            changes = watchfiles.watch(
                *folders,
                watch_filter=wanted,
                debounce=200,  # a burst of writes (an editor's save) becomes one rebuild,
                step=5,  # acted on after 5 ms of quiet
                stop_event=self.stop,
                recursive=False,
                rust_timeout=50,  # an empty batch every 50 ms: the watch is set up
                yield_on_timeout=True,
                raise_interrupt=True,
            )
            next(changes, None)  # from here on, every save is seen
            self.build()
            for batch in changes:
                if batch:
                    self.build()
                if self.inputs != watched:
                    break  # the map names other files now: watch those, and build again
            if self.stop.is_set():
                return


def watch(
    path: str | Path,
    output: str | Path,
    make: Callable[[ArgumentMap], bytes],
    *,
    report: Callable[[Event], None] = print,
    stop: threading.Event | None = None,
) -> None:
    """Write `make(map)` to `output` now and after every save of the map, its source text
    or its catalogue, until `stop` is set (or Ctrl-C). A map with problems keeps the last
    good output; every outcome (`Built` or `Failed`) goes to `report`.

    >>> import argmap, tempfile, threading
    >>> out = Path(tempfile.mkdtemp()) / "map.dot"
    >>> stop = threading.Event(); stop.set()  # build once, then stop at once
    >>> argmap.watch("maps/watchmaker.yaml", out, lambda m: argmap.render(m, "dot"),
    ...              report=lambda event: print(type(event).__name__), stop=stop)
    Built
    >>> out.read_text().splitlines()[0]
    'digraph argmap {'

    """
    path, output = Path(path), Path(output)
    watcher = Watcher(path, writer(path, output, make), report, stop or threading.Event())
    watcher.run()
