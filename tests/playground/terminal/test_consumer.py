"""The terminal websocket with the embedded executor: broadcasts, isolation, errors, limits."""

from __future__ import annotations

import json
from typing import Any

import pytest
from channels.testing import WebsocketCommunicator

from engine.facade import Engine
from playground.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://testserver")


async def connect(
    cookie: tuple[bytes, bytes], origin: tuple[bytes, bytes] = ORIGIN
) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, "/ws/terminal/", headers=[origin, cookie])
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def receive(communicator: WebsocketCommunicator, timeout: float = 2) -> dict[str, Any]:
    return json.loads(await communicator.receive_from(timeout=timeout))


async def until(communicator: WebsocketCommunicator, kind: str) -> dict[str, Any]:
    while True:
        message = await receive(communicator)
        if message["type"] == kind:
            return message


def expected_output(line: str) -> str:
    return Engine().execute(line, tty="t1").output


async def test_input_is_broadcast_to_every_socket_of_the_session_in_order(
    session_cookie: Any,
) -> None:
    cookie = await session_cookie()
    a, b = await connect(cookie), await connect(cookie)
    seen: list[int] = []
    for n in range(3):
        await a.send_json_to({"type": "input", "tty": "t1", "id": f"c{n}", "line": f"echo {n}"})
        for socket in (a, b):
            outcome = await receive(socket)
            assert outcome["type"] == "outcome"
            assert outcome["id"] == f"c{n}"
            assert outcome["input"] == f"echo {n}"
            assert "".join(f["text"] for f in outcome["frames"]) == expected_output(f"echo {n}")
            assert outcome["prompt"] == "$ "
            assert set(outcome) >= {"exit_code", "mode", "clear", "events", "narration"}
            diagrams = await receive(socket)
            assert diagrams["type"] == "diagrams"
            assert diagrams["seq"] == outcome["seq"] + 1
            if socket is a:
                seen += [outcome["seq"], diagrams["seq"]]
    assert seen == list(range(1, 7))
    await a.disconnect()
    await b.disconnect()


async def test_a_second_session_never_sees_the_first(session_cookie: Any) -> None:
    a = await connect(await session_cookie())
    other = await connect(await session_cookie())
    await a.send_json_to({"type": "input", "tty": "t1", "id": "x", "line": "echo secret"})
    assert (await receive(a))["type"] == "outcome"
    assert await other.receive_nothing(timeout=0.3)
    await other.send_json_to({"type": "sync"})
    sync = await receive(other)
    assert sync == {"type": "sync", "ttys": {"t1": {"prompt": "$ ", "mode": "shell"}}, "seq": 0}
    await a.disconnect()
    await other.disconnect()


async def test_wrong_origin_is_rejected(session_cookie: Any) -> None:
    communicator = WebsocketCommunicator(
        application,
        "/ws/terminal/",
        headers=[(b"origin", b"http://evil.example"), await session_cookie()],
    )
    connected, _ = await communicator.connect()
    assert not connected


@pytest.mark.parametrize(
    "frame",
    [
        "{not json",
        "[1, 2]",
        json.dumps({"type": "launch"}),
        json.dumps({"type": "input", "tty": "t1", "id": "a", "line": 42}),
        json.dumps({"type": "input", "tty": "../x", "id": "a", "line": "ls"}),
        json.dumps({"type": "signal", "tty": "t1", "signal": "kill"}),
    ],
)
async def test_malformed_frames_get_an_error_and_the_socket_stays_usable(
    frame: str, session_cookie: Any
) -> None:
    a = await connect(await session_cookie())
    await a.send_to(text_data=frame)
    error = await receive(a)
    assert error == {
        "type": "error",
        "code": "bad_frame",
        "message": "Malformed message: it was ignored.",
    }
    await a.send_json_to({"type": "input", "tty": "t1", "id": "ok", "line": "echo still"})
    assert (await receive(a))["id"] == "ok"
    await a.disconnect()


async def test_oversized_frame_gets_a_localised_error_then_close_1009(session_cookie: Any) -> None:
    a = await connect(await session_cookie(lang="zh-hans"))
    await a.send_json_to({"type": "input", "tty": "t1", "id": "big", "line": "x" * (16 * 1024)})
    error = await receive(a)
    assert error == {
        "type": "error",
        "code": "too_large",
        "message": "消息过大：每条消息最多 16 KB。",
    }
    assert await a.receive_output(timeout=1) == {"type": "websocket.close", "code": 1009}


async def test_long_command_line_is_refused_but_the_socket_stays(session_cookie: Any) -> None:
    a = await connect(await session_cookie())
    await a.send_json_to({"type": "input", "tty": "t1", "id": "long", "line": "x" * (8 * 1024 + 1)})
    error = await receive(a)
    assert error == {
        "type": "error",
        "code": "line_too_long",
        "message": "Command line too long: the limit is 8 KB.",
    }
    await a.send_json_to({"type": "sync"})
    assert (await receive(a))["type"] == "sync"
    await a.disconnect()


async def test_rate_limit_answers_rate_limited_after_the_burst(session_cookie: Any) -> None:
    a = await connect(await session_cookie())
    for n in range(80):
        await a.send_json_to({"type": "complete", "tty": "t1", "id": f"k{n}", "line": "doc"})
    codes = []
    while "rate_limited" not in codes and len(codes) < 80:
        message = await receive(a)
        codes.append(message.get("code") or message["type"])
    assert codes[:50] == ["completion"] * 50  # the burst
    assert codes[-1] == "rate_limited"
    assert len(codes) < 80
    await a.disconnect()


async def test_a_flood_closes_the_socket_with_1008(session_cookie: Any) -> None:
    a = await connect(await session_cookie())
    for _ in range(260):
        await a.send_to(text_data="[]")
    closed = False
    for _ in range(400):
        output = await a.receive_output(timeout=2)
        if output["type"] == "websocket.close":
            closed = output["code"] == 1008
            break
    assert closed


async def test_complete_answers_this_socket_only(session_cookie: Any) -> None:
    cookie = await session_cookie()
    a, b = await connect(cookie), await connect(cookie)
    await a.send_json_to({"type": "complete", "tty": "t1", "id": "q", "line": "docker ru"})
    answer = await receive(a)
    assert answer == {
        "type": "completion",
        "tty": "t1",
        "id": "q",
        "candidates": Engine().complete("docker ru", "t1"),
    }
    assert await b.receive_nothing(timeout=0.2)
    await a.disconnect()
    await b.disconnect()


async def test_interrupt_is_an_outcome_for_every_socket(session_cookie: Any) -> None:
    cookie = await session_cookie()
    a, b = await connect(cookie), await connect(cookie)
    await a.send_json_to({"type": "signal", "tty": "t2", "signal": "interrupt"})
    for socket in (a, b):
        outcome = await until(socket, "outcome")
        assert outcome["tty"] == "t2"
        assert outcome["input"] == "^C"
        assert outcome["exit_code"] == 130
    await a.send_json_to({"type": "sync"})
    sync = await receive(a)
    while sync["type"] != "sync":
        sync = await receive(a)
    assert sync["ttys"]["t2"] == {"prompt": "$ ", "mode": "shell"}
    await a.disconnect()
    await b.disconnect()


async def test_sync_sends_state_and_diagrams_to_this_socket(session_cookie: Any) -> None:
    a = await connect(await session_cookie())
    await a.send_json_to({"type": "sync"})
    assert (await receive(a))["type"] == "sync"
    diagrams = await receive(a)
    assert diagrams["type"] == "diagrams"
    assert set(diagrams) == {"type", "seq", "html"}
    assert isinstance(diagrams["html"], str)
    await a.disconnect()


async def test_retried_command_id_is_not_applied_twice(session_cookie: Any) -> None:
    a = await connect(await session_cookie())
    for _ in range(2):
        await a.send_json_to({"type": "input", "tty": "t1", "id": "same", "line": "echo once"})
    first = await until(a, "outcome")
    again = await until(a, "outcome")
    assert again["seq"] == first["seq"]  # a resend of the same reply, which clients drop
    await a.send_json_to({"type": "sync"})
    assert (await until(a, "sync"))["seq"] == 2
    await a.disconnect()


async def test_an_engine_crash_is_reported_and_the_state_kept(
    session_cookie: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = await connect(await session_cookie(lang="zh-hans"))
    await a.send_json_to(
        {"type": "input", "tty": "t1", "id": "v", "line": "docker volume create v1"}
    )
    await until(a, "diagrams")

    def broken(self: Engine, line: str, tty: str = "main") -> None:
        self.execute_original(line, tty)  # type: ignore[attr-defined]
        raise RuntimeError("engine bug")

    monkeypatch.setattr(Engine, "execute_original", Engine.execute, raising=False)
    monkeypatch.setattr(Engine, "execute", broken)
    await a.send_json_to(
        {"type": "input", "tty": "t1", "id": "b", "line": "docker volume create v2"}
    )
    outcome = await until(a, "outcome")
    assert (
        outcome["frames"][0]["text"] == "playground：执行这条命令时发生内部错误；状态没有改变。\n"
    )
    assert outcome["exit_code"] == 1
    monkeypatch.undo()
    await a.send_json_to({"type": "input", "tty": "t1", "id": "l", "line": "docker volume ls -q"})
    listed = await until(a, "outcome")
    assert "".join(f["text"] for f in listed["frames"]) == "v1\n"
    await a.disconnect()
