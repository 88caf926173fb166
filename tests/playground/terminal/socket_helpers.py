"""Helpers shared by the websocket tests of this app (plain functions; fixtures are in conftest)."""

from __future__ import annotations

import json
from typing import Any

from channels.testing import WebsocketCommunicator

ORIGIN = (b"origin", b"http://testserver")


async def until(socket: WebsocketCommunicator, kind: str) -> dict[str, Any]:
    """The next message of ``kind``, skipping the others."""
    while True:
        message = json.loads(await socket.receive_from(timeout=3))
        if message["type"] == kind:
            return message


async def run(socket: WebsocketCommunicator, line: str, command_id: str) -> str:
    """Type ``line`` into terminal t1; its output once the outcome and the diagrams arrived."""
    await socket.send_json_to({"type": "input", "tty": "t1", "id": command_id, "line": line})
    outcome = await until(socket, "outcome")
    assert outcome["id"] == command_id
    await until(socket, "diagrams")
    return "".join(f["text"] for f in outcome["frames"])
