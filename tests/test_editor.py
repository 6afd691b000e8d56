"""The schema in a real editor's hands: the YAML language server (VS Code's YAML extension,
and other editors' YAML support) finds it from a map's first line, checks and explains."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from argmap.cli import app

from .conftest import MAPS

SERVER = shutil.which("yaml-language-server")
pytestmark = pytest.mark.skipif(
    SERVER is None,
    reason="the YAML language server is not installed (npm install -g yaml-language-server@1.19.2)",
)


class LanguageServer:
    """A YAML language server over stdio (JSON-RPC with Content-Length headers)."""

    def __init__(self) -> None:
        assert SERVER is not None
        self.process = subprocess.Popen(
            [SERVER, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.next_id = 0
        self.request("initialize", {
            "processId": None, "rootUri": None, "workspaceFolders": None,
            "capabilities": {"textDocument": {"hover": {"contentFormat": ["plaintext"]}}},
        })  # fmt: skip
        self.notify("initialized", {})
        # No schema store: the machine may be offline, and the map names its own schema.
        settings = {"validate": True, "hover": True, "schemaStore": {"enable": False}}
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": settings}})

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        length = 0
        while (line := self.process.stdout.readline().strip()) != b"":
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        message: dict[str, Any] = json.loads(self.process.stdout.read(length))
        if "method" in message and "id" in message:  # the server asks: answer plainly
            self.send({"id": message["id"], "result": None})
        return message

    def messages(self) -> Iterator[dict[str, Any]]:
        while True:
            yield self.receive()

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        for message in self.messages():
            if message.get("id") == self.next_id and "method" not in message:
                return message.get("result")
        return None

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def open(self, path: Path, text: str | None = None) -> list[dict[str, Any]]:
        """Open a document; the diagnostics the server publishes for it."""
        uri = path.resolve().as_uri()
        content = path.read_text(encoding="utf-8") if text is None else text
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": content,
        }})  # fmt: skip
        for message in self.messages():
            params = message.get("params", {})
            if message.get("method") == "textDocument/publishDiagnostics" and (
                params.get("uri") == uri
            ):
                diagnostics: list[dict[str, Any]] = params["diagnostics"]
                return diagnostics
        return []

    def hover(self, path: Path, line: int, character: int) -> str:
        result = self.request("textDocument/hover", {
            "textDocument": {"uri": path.resolve().as_uri()},
            "position": {"line": line, "character": character},
        })  # fmt: skip
        if not result:
            return ""
        contents = result["contents"]
        return str(contents["value"] if isinstance(contents, dict) else contents)

    def close(self) -> None:
        self.request("shutdown", {})
        self.notify("exit", {})
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def server() -> Iterator[LanguageServer]:
    running = LanguageServer()
    yield running
    running.close()


@pytest.mark.parametrize("path", sorted(MAPS.rglob("*.yaml")), ids=lambda path: path.name)
def test_shipped_maps_pass_the_editors_check(server: LanguageServer, path: Path) -> None:
    assert server.open(path) == []


def test_the_editor_flags_what_argmap_refuses(server: LanguageServer, tmp_path: Path) -> None:
    original = (MAPS / "watchmaker.yaml").read_text(encoding="utf-8")
    text = original.replace("    role: premise\n", "    role: premise\n    kind: premise\n", 1)
    text = text.replace("basis: example", "basis: anecdote", 1)
    path = MAPS / "watchmaker-edited.yaml"  # beside the original: its schema line resolves
    diagnostics = server.open(path, text)
    found = {d["range"]["start"]["line"]: d["message"] for d in diagnostics}
    lines = text.splitlines()
    kind = next(n for n, line in enumerate(lines) if "kind: premise" in line)
    basis = next(n for n, line in enumerate(lines) if "basis: anecdote" in line)
    assert sorted(found) == sorted([kind, basis]), found
    assert "Property kind is not allowed" in found[kind]
    assert "Value is not accepted" in found[basis]
    assert "expert-opinion" in found[basis]


def test_hover_shows_the_field_descriptions(server: LanguageServer) -> None:
    path = MAPS / "watchmaker.yaml"
    server.open(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    role = next(n for n, line in enumerate(lines) if line.startswith("    role: "))
    assert "What the claim does" in server.hover(path, role, 5)
    date = next(n for n, line in enumerate(lines) if line.startswith("  date: "))
    assert "as precise as known" in server.hover(path, date, 3)


def test_a_new_map_finds_its_schema(server: LanguageServer, tmp_path: Path) -> None:
    source = tmp_path / "article.txt"
    source.write_bytes((MAPS / "iraq-militias-article.txt").read_bytes())
    result = CliRunner().invoke(app, ["new", str(source)])
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "article.yaml"
    assert server.open(path) == []
    lines = path.read_text(encoding="utf-8").splitlines()
    quote = next(n for n, line in enumerate(lines) if line.startswith("    quote: "))
    assert "The passage of the source" in server.hover(path, quote, 6)
