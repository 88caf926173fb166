"""A flood of malformed frames counts against the session's rate limit like commands do, and ends
with a localised `flood` error and a clean close 1008, with both executors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.test import override_settings

from playground.asgi import application
from playground.terminal import limits, redis_clients

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://testserver")
BURST = 50
RATE = 0.01  # tokens per second: none come back while the test runs
FRAMES = BURST + limits.FLOOD_REJECTIONS + 30

FLOOD_MESSAGES = {
    "en": "Too many rejected messages: the connection was closed. Reload the page to go on.",
    "zh-hans": "被拒绝的消息过多，连接已关闭。请刷新页面后继续。",
}


@pytest.fixture(params=["inprocess", "celery"])
def executor(request: pytest.FixtureRequest) -> Iterator[str]:
    """The embedded executor, or the Celery one (which folds a command's token into its push,
    the path malformed commands used to slip past) against a private redis-server."""
    limit = {"PLAYGROUND_RATE": RATE, "PLAYGROUND_BURST": BURST}
    if request.param == "inprocess":
        with override_settings(**limit):
            yield "inprocess"
        return
    redis_url = request.getfixturevalue("redis_url")
    layers = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": redis_url, "socket_timeout": None}]},
        }
    }
    celery = {"PLAYGROUND_EXECUTOR": "celery", "REDIS_URL": redis_url, "CHANNEL_LAYERS": layers}
    with override_settings(**limit, **celery):
        channel_layers.backends.clear()
        redis_clients.async_client.__globals__["_async"].clear()
        yield "celery"
        redis_clients.async_client.__globals__["_async"].clear()


async def outputs_until_close(communicator: WebsocketCommunicator) -> list[dict[str, Any]]:
    received: list[dict[str, Any]] = []
    while not received or received[-1]["type"] != "websocket.close":
        received.append(await communicator.receive_output(timeout=5))
    return received


@pytest.mark.parametrize(
    ("frame", "code", "lang"),
    [
        ("{not json", "bad_frame", "en"),
        (json.dumps({"type": ["input"]}), "bad_frame", "zh-hans"),
        (json.dumps({"type": "input", "tty": 7, "id": "a", "line": "ls"}), "bad_frame", "en"),
        (json.dumps({"type": "signal", "tty": "t1", "signal": ["kill"]}), "bad_frame", "zh-hans"),
        (
            json.dumps({"type": "input", "tty": "t1", "id": "a", "line": "x" * 9000}),
            "line_too_long",
            "zh-hans",
        ),
    ],
)
async def test_a_flood_of_malformed_frames_is_rate_limited_then_closed_with_1008(
    executor: str, frame: str, code: str, lang: str, session_cookie: Any
) -> None:
    communicator = WebsocketCommunicator(
        application, "/ws/terminal/", headers=[ORIGIN, await session_cookie(lang=lang)]
    )
    assert (await communicator.connect())[0]
    for _ in range(FRAMES):
        await communicator.send_to(text_data=frame)
    received = await outputs_until_close(communicator)

    assert received[-1] == {"type": "websocket.close", "code": 1008}
    errors = [json.loads(output["text"]) for output in received[:-1]]
    assert all(error["type"] == "error" for error in errors)
    codes = [error["code"] for error in errors]
    # Each malformed frame took a token: the burst is answered, then frames are refused (told
    # once a second) until FLOOD_REJECTIONS of them end it.
    assert codes == [code] * BURST + ["rate_limited", "flood"]
    assert errors[-1]["message"] == FLOOD_MESSAGES[lang]
    # Closed means closed: the frames still queued behind the flood get no answer.
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.wait()
