"""`argmap watch`: a command run again in this process on every save, until a signal.

The command line hands over how to run the command once (returning its exit status);
this module keeps what the rebuilds share (a `WatchSession`: the messages of the build
being made, one warm Graphviz worker per engine), reports each build, serves it if asked,
and turns Ctrl-C or a service manager's stop into the end of the watch.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path

from ..draw._engines import Stopped, Worker
from ..vocabulary import Engine
from ._serve import LiveServer
from ._watch import Built, Event, Failed, Rebuild, Watcher

STOPS = (signal.SIGINT, signal.SIGTERM)
"""The signals that end a watch as a way of stopping it (status 0)."""


class WatchSession:
    """What a watch's rebuilds share: what the build being made says on standard error
    (`messages`, None between builds), and one Graphviz worker per engine, kept warm."""

    def __init__(self) -> None:
        self.messages: list[str] | None = None
        self.workers: dict[Engine, Worker] = {}

    def worker(self, engine: Engine) -> Worker:
        """The warm worker of `engine`, started again if it died (a timeout kills it)."""
        kept = self.workers.get(engine)
        if kept is None or not kept.process.is_alive():
            kept = self.workers[engine] = Worker(engine)
        return kept

    def close(self) -> None:
        """Stop the workers."""
        for worker in self.workers.values():
            worker.close()
        self.workers.clear()


def rerun(name: str, output: Path, run: Callable[[], int], session: WatchSession) -> Rebuild:
    """A rebuild that runs the command `name` once (`run` returns its exit status) and
    collects what it says: a status other than 0 is a failed build, its messages the
    problems."""

    def rebuild() -> Built | Failed:
        started = time.perf_counter()
        session.messages = []
        try:
            status = run()
        finally:
            said, session.messages = session.messages, None
        if status:
            return Failed(tuple(said) or (f"argmap {name}: stopped with status {status}",))
        return Built(output, time.perf_counter() - started, 0)

    return rebuild


def watch_command(
    file: Path,
    output: Path,
    rebuild: Rebuild,
    session: WatchSession,
    *,
    say: Callable[[str], None],
    port: int | None = None,
) -> None:
    """Build now and after every save of the map `file` or the files it names, saying
    each outcome, until Ctrl-C or SIGTERM (then 'stopped', and the call returns); with a
    `port`, also serve `output` on 127.0.0.1 with live reload. The session's workers
    stop with the watch.

    Raises:
        ServeError: the server cannot listen on `port`.
        Stopped: another signal (SIGHUP), which ends argmap by it.
    """
    server = LiveServer(output, title=file.name, port=port) if port is not None else None

    def report(event: Event) -> None:
        if isinstance(event, Built):
            say(f"build {event.version}: {event.output} ({event.seconds:.2f} s)")
        else:
            for problem in event.problems:
                say(problem)
            say("argmap watch: the last good output stays; fix the map and save")
        if server is not None:
            server.publish(event)

    watcher = Watcher(file, rebuild, report)
    # `Stopped` is no KeyboardInterrupt, which a rebuilt command would take for its own
    # (a failed build); see `stopped_by_signals`.
    previous = {number: signal.signal(number, _interrupt) for number in STOPS}
    try:
        if server is not None:
            server.start()
            say(f"serving {server.url} (Ctrl-C to stop)")
        say(f"watching {file} and the files it names (Ctrl-C to stop)")
        watcher.run()
    except (KeyboardInterrupt, Stopped) as stop:
        if isinstance(stop, Stopped) and stop.signum not in STOPS:
            raise  # SIGHUP: argmap ends by it
        say("argmap watch: stopped")
    finally:
        watcher.stop.set()
        if server is not None:
            server.close()
        session.close()
        for number, handler in previous.items():
            signal.signal(number, handler)


def _interrupt(signum: int, _frame: object) -> None:
    raise Stopped(signum)
