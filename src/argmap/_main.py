"""The `argmap` executable: the command line, started as cheaply as it can be.

`argmap --version` is answered before the command line (typer, and through it pydantic)
is imported. Every other command runs, flushes what it printed, and then leaves without
the interpreter's teardown of every module and object, which costs tens of milliseconds
and does nothing a command needs: argmap closes its files, workers and servers itself.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run `argmap` with the process's arguments and exit with the command's status."""
    arguments = sys.argv[1:]
    if arguments == ["--version"]:
        from . import __version__  # noqa: PLC0415

        sys.stdout.write(f"argmap {__version__}\n")
        sys.stdout.flush()
        return
    from .cli import run  # noqa: PLC0415

    status = run(arguments)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away (`argmap show | head`)
        status = status or 1
    os._exit(status)
