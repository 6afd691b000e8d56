"""Writing outputs: all at once, never over an input, with messages a user can act on.

Every output argmap writes goes through `Outputs` (or `write_atomic` for one file):

- A regular file (or a name not yet taken) is written to a temporary file beside it and
  renamed into place once every output of the command has been written, so a reader sees
  the old files or the new, never half of one, and a command that fails leaves nothing.
- A symbolic link is followed: the file it points to is written, and the link stays.
  A link that points back to itself is refused.
- A name for one of argmap's own streams (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`) is
  written to that stream, as `-` is, so that a shell's `>` and `>>` behave as they should.
- Anything else that is not a regular file (a device such as `/dev/null`, a named pipe)
  is written straight into when everything else is in place; it is never replaced.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from ._issues import ArgmapError, visible


class OutputError(ArgmapError):
    """An output cannot be written where asked (a usage problem: exit status 2)."""

    exit_code = 2


def write_atomic(path: Path, data: bytes, *, inputs: Iterable[Path] = ()) -> None:
    """Write `data` to `path` all at once: a reader sees the old file or the new, never half.

    Raises:
        OutputError: the path is an input, its folder is missing, or it is not writable.
    """
    write_all({path: data}, inputs=inputs)


def write_all(files: Mapping[Path, bytes], *, inputs: Iterable[Path] = ()) -> None:
    """Write several files, all or none (see `Outputs`).

    Raises:
        OutputError: a path is an input or given twice, a folder is missing, or a file
            cannot be written; then none is written.
    """
    with Outputs(inputs) as outputs:
        for path, data in files.items():
            outputs.add(path, data)


class Outputs:
    """Files written together: each is made aside as it is added, and all are put in
    place when the `with` block ends without an error; otherwise none is.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with Outputs() as outputs:
    ...     outputs.add(folder / "a.txt", b"a")
    ...     outputs.add(folder / "b.txt", b"b")
    >>> sorted(p.name for p in folder.iterdir())
    ['a.txt', 'b.txt']
    """

    def __init__(self, inputs: Iterable[Path] = ()) -> None:
        self.inputs = list(inputs)
        self.made: list[tuple[Path, Path]] = []
        """Temporary files, and the files they are to become."""
        self.direct: list[tuple[Path, int | None, bytes]] = []
        """Outputs written straight into (a stream's descriptor, or a device's path)."""
        self.taken: dict[object, Path] = {}

    def add(self, path: Path, data: bytes) -> None:
        """Make one output ready to be put in place.

        Raises:
            OutputError: see `write_all`.
        """
        path = Path(path)
        refuse_input(path, self.inputs)
        descriptor = _stream(path)
        if descriptor is not None:
            self.claim(("stream", descriptor), path)
            self.direct.append((path, descriptor, data))
            return
        target = _target(path)
        try:
            mode: int | None = target.stat().st_mode
        except FileNotFoundError:
            mode = None
        except OSError as error:
            raise OutputError(f"{_shown(path)}: cannot be written: {error.strerror}") from None
        if mode is not None and stat.S_ISDIR(mode):
            raise OutputError(f"{_shown(path)}: is a directory; give a file name")
        if mode is not None and not stat.S_ISREG(mode):  # a device or a pipe: never replaced
            self.claim(os.path.realpath(path), path)
            self.direct.append((path, None, data))
            return
        self.claim(os.path.realpath(target), path)
        folder = target.parent
        if not folder.is_dir():
            where = "" if target == path else " (where it links to)"
            raise OutputError(
                f"{_shown(path)}: the folder {_shown(folder)}{where} does not exist; create it "
                "first"
            )
        try:
            handle, temporary = tempfile.mkstemp(
                dir=folder, prefix=f".{target.name}.", suffix=".tmp"
            )
        except OSError as error:
            raise OutputError(
                f"{_shown(path)}: cannot write in {_shown(folder)}: {error.strerror}"
            ) from None
        self.made.append((Path(temporary), target))
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            Path(temporary).chmod(0o644)
        except OSError as error:
            raise OutputError(f"{_shown(path)}: cannot be written: {error.strerror}") from None

    def claim(self, identity: object, path: Path) -> None:
        """Refuse a second output to the same file (by any name)."""
        if identity in self.taken:
            raise OutputError(
                f"{_shown(self.taken[identity])} and {_shown(path)} are the same file; give "
                "each output a name of its own"
            )
        self.taken[identity] = path

    def __enter__(self) -> Outputs:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is not None:  # whatever stopped the command (a signal too): nothing is left
            self.discard()
            return
        try:
            for temporary, target in self.made:
                temporary.replace(target)
        except OSError as failure:
            self.discard()
            raise OutputError(f"{_shown(target)}: cannot be written: {failure.strerror}") from None
        for path, descriptor, data in self.direct:
            try:
                if descriptor is None:
                    with path.open("wb") as stream:
                        stream.write(data)
                else:
                    _write_fully(descriptor, data)
            except OSError as failure:
                raise OutputError(
                    f"{_shown(path)}: cannot be written: {failure.strerror}"
                ) from None

    def discard(self) -> None:
        """Remove the temporary files of outputs not yet in place."""
        for temporary, _ in self.made:
            with contextlib.suppress(OSError):
                temporary.unlink()
        self.made = []


def _write_fully(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


_STREAM = re.compile(rf"/dev/(stdin|stdout|stderr)|/(?:dev|proc/self|proc/{os.getpid()})/fd/(\d+)")
_STREAMS = {"stdin": 0, "stdout": 1, "stderr": 2}


def _stream(path: Path) -> int | None:
    """The descriptor of an open stream of this process that `path` names, through any
    links (`/dev/stdout`, `/dev/fd/3`), or None."""
    name = Path(os.path.normpath(path.absolute()))
    for _ in range(40):  # the kernel's own limit on links followed
        match = _STREAM.fullmatch(str(name))
        if match:
            return _STREAMS[match[1]] if match[1] else int(match[2])
        if not name.is_symlink():
            return None
        name = Path(os.path.normpath(name.parent / name.readlink()))
    return None


def _target(path: Path) -> Path:
    """The file an output path names: itself, or the file its link points to.

    Raises:
        OutputError: the link cannot be followed (it goes round in a loop).
    """
    if not path.is_symlink():
        return path
    try:
        path.stat()
    except FileNotFoundError:
        pass  # a link to a file not yet made: it is made
    except OSError as error:
        reason = error.strerror.lower() if error.strerror else "a loop"
        raise OutputError(
            f"{_shown(path)}: is a symbolic link that cannot be followed ({reason}); remove "
            "it or choose another name"
        ) from None
    return Path(os.path.realpath(path))


@contextlib.contextmanager
def folder(path: Path, option: str = "-o") -> Iterator[None]:
    """A folder for outputs, created if missing, and removed again (if still empty) when
    the command fails: all or nothing, the folder too."""
    if str(path) == "-":
        raise OutputError(f"{option} -: give a folder to write into")
    if path.exists() and not path.is_dir():
        raise OutputError(f"{option} {visible(str(path))}: is a file; give a folder")
    made = [parent for parent in (path, *path.parents) if not parent.exists()]
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"{option} {visible(str(path))}: cannot create the folder: {error.strerror}"
        ) from None
    try:
        yield
    except BaseException:
        for parent in made:  # innermost first
            try:
                parent.rmdir()
            except OSError:
                break
        raise


def refuse_directory(path: Path, example: str) -> None:
    """Refuse a folder named where a file is wanted, before a format is read from the
    extension a folder lacks: the message `write_atomic` gives, with a name to use.

    Raises:
        OutputError: `path` is a directory.
    """
    if path.is_dir():
        raise OutputError(
            f"{_shown(path)}: is a directory; give a file name, such as {_shown(path / example)}"
        )


Format = TypeVar("Format")


def format_of(
    path: Path,
    formats: Mapping[str, Format],
    hint: str,
    *,
    example: str | None = None,
    error: type[ArgmapError] = OutputError,
) -> Format:
    """The format a file name's extension names, from `formats` (by lower-case extension):
    the one guess from a name that `render`, decks, worksheets and imports make.

    >>> format_of(Path("map.PNG"), {".svg": "svg", ".png": "png"}, "use .svg or .png")
    'png'

    Raises:
        OutputError: an output (`example`, a name to suggest, given) is a folder.
        error: the extension is none of `formats`; the message ends with `hint`.
    """
    found = formats.get(path.suffix.lower())
    if found is None:
        if example is not None:
            refuse_directory(path, example)
        raise error(
            f"{_shown(path)}: cannot tell the format from '{path.suffix or 'no extension'}'; {hint}"
        )
    return found


def refuse_input(path: Path, inputs: Iterable[Path]) -> None:
    """Raise OutputError if `path` is one of the inputs (the same file by any name)."""
    for source in inputs:
        if same_file(path, source):
            raise OutputError(
                f"{_shown(path)}: refusing to overwrite the input file {_shown(source)}; choose "
                "another output"
            )


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through links too; never an error)."""
    try:
        if os.path.realpath(a) == os.path.realpath(b):
            return True
        descriptor = _stream(Path(a))
        first = os.fstat(descriptor) if descriptor is not None else Path(a).stat()
        second = Path(b).stat()
    except OSError:
        return False
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


def _shown(path: object) -> str:
    return visible(os.fspath(path) if isinstance(path, os.PathLike) else str(path), lines=False)
