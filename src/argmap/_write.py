"""Writing outputs: atomically, never over an input, with messages a user can act on."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ._issues import ArgmapError


class OutputError(ArgmapError):
    """An output cannot be written where asked (a usage problem: exit status 2)."""

    exit_code = 2


def write_atomic(path: Path, data: bytes, *, inputs: Iterable[Path] = ()) -> None:
    """Write `data` to `path` all at once: a reader sees the old file or the new, never half.

    Raises:
        OutputError: the path is an input, its folder is missing, or it is not writable.
    """
    refuse_input(path, inputs)
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder {folder} does not exist; create it first")
    if path.is_dir():
        raise OutputError(f"{path}: is a directory; give a file name")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"{path}: cannot write in {folder}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise OutputError(f"{path}: cannot be written: {error.strerror}") from None


def refuse_input(path: Path, inputs: Iterable[Path]) -> None:
    """Raise OutputError if `path` is one of the inputs (the same file by any name)."""
    for source in inputs:
        if _same_file(path, source):
            raise OutputError(
                f"{path}: refusing to overwrite the input file {source}; choose another output"
            )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and a.samefile(b))
    except OSError:
        return False
