"""Writing outputs: all or none, never over an input, through links and into devices."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from argmap._write import OutputError, Outputs, write_all, write_atomic

from .conftest import MAPS


def _leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def test_all_or_none_when_a_later_file_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    with pytest.raises(OutputError, match="is a directory"):
        write_all({tmp_path / "a.txt": b"a", tmp_path / "taken": b"b"})
    with pytest.raises(OutputError, match="does not exist"):
        write_all({tmp_path / "a.txt": b"a", tmp_path / "nofolder" / "b.txt": b"b"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def _fails_half_way(folder: Path) -> None:
    with Outputs() as outputs:
        outputs.add(folder / "a.txt", b"a")
        raise RuntimeError("the command failed half-way")


def test_an_error_inside_the_block_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        _fails_half_way(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_two_outputs_to_one_file_are_refused(tmp_path: Path) -> None:
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    with pytest.raises(OutputError, match="are the same file"):
        write_all({tmp_path / "a.txt": b"a", tmp_path / "link.txt": b"b"})
    assert [p.name for p in tmp_path.iterdir()] == ["link.txt"]


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    (tmp_path / "real.svg").write_text("old")
    link = tmp_path / "link.svg"
    link.symlink_to("real.svg")
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert (tmp_path / "real.svg").read_bytes() == b"new"
    dangling = tmp_path / "dangling.svg"
    dangling.symlink_to("made.svg")
    write_atomic(dangling, b"made")
    assert dangling.is_symlink()
    assert (tmp_path / "made.svg").read_bytes() == b"made"


def test_a_symlink_loop_is_refused_with_a_message(tmp_path: Path) -> None:
    loop = tmp_path / "loop.svg"
    loop.symlink_to(loop)
    with pytest.raises(OutputError, match="symbolic link that cannot be followed"):
        write_atomic(loop, b"x")
    assert loop.is_symlink()
    assert _leftovers(tmp_path) == []


def test_an_input_is_never_written_by_any_name(tmp_path: Path) -> None:
    source = tmp_path / "map.yaml"
    source.write_text("keep")
    (tmp_path / "alias.yaml").symlink_to(source)
    for target in (source, tmp_path / "alias.yaml", tmp_path / "." / "map.yaml"):
        with pytest.raises(OutputError, match="refusing to overwrite the input file"):
            write_atomic(target, b"x", inputs=[source])
    assert source.read_text() == "keep"


def test_a_fifo_is_written_into_not_replaced(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("this system has no named pipes (FIFOs)")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, b"through the pipe")
    reader.join(10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_character_device_is_written_into_not_replaced(tmp_path: Path) -> None:
    """O2: as root, `-o /dev/null` used to replace the device with a regular file. The
    test makes a device of its own (the null device's numbers) rather than risk the
    system's."""
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        device.write_bytes(b"")  # a file system mounted nodev refuses to open devices
    except OSError as error:
        pytest.skip(f"cannot make or open a device node here: {error.strerror}")
    write_atomic(device, b"into the device")
    assert stat.S_ISCHR(device.stat().st_mode)
    assert _leftovers(tmp_path) == []


def test_dev_stdout_writes_to_the_stream_as_dash_does(tmp_path: Path) -> None:
    """O2: /dev/stdout (and /dev/fd/1) names the command's standard output, whatever it is:
    a pipe, and a file opened by the shell for appending, which must not be replaced."""
    command = [sys.executable, "-m", "argmap", "render", str(MAPS / "watchmaker.yaml")]
    piped = subprocess.run(
        [*command, "-f", "dot", "-o", "/dev/stdout"], capture_output=True, check=False
    )
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith(b"digraph argmap {")
    log = tmp_path / "log.txt"
    log.write_bytes(b"before\n")
    with log.open("ab") as appended:
        done = subprocess.run(
            [*command, "-f", "dot", "-o", "/dev/fd/1"], stdout=appended, check=False
        )
    assert done.returncode == 0
    assert log.read_bytes().startswith(b"before\ndigraph argmap {")
