"""The pictures of the README and docs/, each made by one argmap command (`make docs`).

Each picture is made in a process of its own, which notes the files it was made from:
the map, and every argmap module the command loaded to draw it. `images.json` records,
beside the pictures, the command, those files and a hash of their contents (and of the
picture itself). `tests/test_docs.py` recomputes the hashes: when the map or the drawing
code changes, the committed picture is stale and the test says which command remakes
it. Modification times play no part (a checkout sets them all to now).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MANIFEST = DOCS / "images.json"
OUT = "{out}"  # where a command writes; the picture's path, or a PDF to rasterise

IMAGES: dict[str, list[str]] = {
    "iraq-militias.svg": ["render", "maps/iraq-militias.yaml", "--legend", "-o", OUT],
    "focus-T5-slide.png": [
        "render", "maps/iraq-militias.yaml", "--focus", "T5", "--preset", "slide-16x9",
        "-o", OUT,
    ],
    "evaluate-R0.png": [
        "render", "maps/iraq-militias.yaml", "--focus", "R0", "--evaluate", "--questions",
        "-o", OUT,
    ],
    "worksheet-structure.png": [
        "exercise", "maps/iraq-militias.yaml", "--kind", "structure", "--seed", "1", "-o", OUT,
    ],
}  # fmt: skip
"""Each picture's `argmap` command, run from the repository's root."""
PDF_PAGES = {"worksheet-structure.png": (5, 90)}
"""Pictures of a page of a PDF the command writes: the page, and the resolution (dpi)."""


def digest(command: list[str], inputs: list[str]) -> str:
    """A hash of what a picture is made from: its command and its input files' contents.

    >>> len(digest(["render"], ["maps/watchmaker.yaml"]))
    64
    """
    hashed = hashlib.sha256(json.dumps(command).encode())
    for name in sorted(inputs):
        hashed.update(name.encode() + b"\0" + (ROOT / name).read_bytes() + b"\0")
    return hashed.hexdigest()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make(name: str) -> dict[str, object]:
    """Make one picture in a new process; its manifest entry."""
    command = IMAGES[name]
    with tempfile.TemporaryDirectory() as folder:
        suffix = ".pdf" if name in PDF_PAGES else Path(name).suffix
        out = Path(folder) / f"out{suffix}"
        args = [part.replace(OUT, str(out)) for part in command]
        done = subprocess.run(
            [sys.executable, __file__, "--one", json.dumps(args)],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            sys.exit(f"argmap {' '.join(command)} failed:\n{done.stderr}")
        inputs = json.loads(done.stdout)
        if name in PDF_PAGES:
            out = _page_png(out, *PDF_PAGES[name])
        target = DOCS / name
        shutil.copyfile(out, target.with_suffix(".tmp"))
        target.with_suffix(".tmp").replace(target)
    print(f"made docs/{name}: argmap {' '.join(command)}", file=sys.stderr)
    return {
        "command": command,
        "inputs": inputs,
        "inputs_sha256": digest(command, inputs),
        "sha256": file_hash(DOCS / name),
    }


def _page_png(pdf: Path, page: int, dpi: int) -> Path:
    """One page of a PDF as PNG, by poppler's pdftoppm."""
    if shutil.which("pdftoppm") is None:
        sys.exit("make docs needs pdftoppm for worksheet pages: apt-get install poppler-utils")
    stem = pdf.with_name("page")
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
         "-singlefile", str(pdf), str(stem)],
        check=True,
    )  # fmt: skip
    return stem.with_suffix(".png")


def _one(args: list[str]) -> None:
    """In the child: run argmap's command, then print the files it was made from."""
    from argmap.cli import app  # noqa: PLC0415

    try:
        app(args, standalone_mode=False)
    except SystemExit as error:
        if error.code:
            raise
    maps = [part for part in args if part.endswith((".yaml", ".yml", ".json", ".txt"))]
    source = ROOT / "src" / "argmap"
    modules = {
        Path(str(module.__file__)).resolve()
        for name, module in sys.modules.items()
        if name.split(".")[0] == "argmap" and getattr(module, "__file__", None)
    }
    data = [path for path in source.rglob("*") if path.is_file() and "data" in path.parts]
    files = [*maps, *(str(p.relative_to(ROOT)) for p in sorted(modules | set(data)))]
    files += _sources(maps)
    print(json.dumps(sorted(set(files))))


def _sources(maps: list[str]) -> list[str]:
    """The source texts the maps quote (their quotes are drawn)."""
    import argmap  # noqa: PLC0415

    found = []
    for name in maps:
        argument_map = argmap.load(ROOT / name)
        if argument_map.source is not None and argument_map.source.path:
            path = ((ROOT / name).parent / argument_map.source.path).resolve()
            found.append(str(path.relative_to(ROOT)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="pictures to remake [default: all]")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a child: one command
    options = parser.parse_args()
    if options.one is not None:
        _one(json.loads(options.one))
        return
    manifest = json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}
    for name in options.names or IMAGES:
        manifest[name] = make(name)
    manifest = {name: manifest[name] for name in IMAGES if name in manifest}
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main()
