"""redis-cli's prompt (`docker exec -it r1 redis-cli`): engine/repl/redis.py and engine/binaries.py."""

from __future__ import annotations

from engine import Engine, repl
from tests.engine.cmd_support import Sh


def current_prompt(engine: Engine) -> str:
    frame = engine.state.terminals["main"].stack[-1]
    return repl.prompt(frame.shell, frame) if frame.shell not in ("bash", "sh") else "$ "


def test_redis_cli_prompt(sh: Sh, engine: Engine) -> None:
    sh("docker run -d --name r1 redis:7", ok=True)
    assert sh("docker exec -it r1 redis-cli", ok=True).output == ""
    assert current_prompt(engine) == "127.0.0.1:6379> "
    assert sh("PING", ok=True).output == "PONG\n"
    assert sh("SET k v", ok=True).output == "OK\n"
    assert sh("GET k", ok=True).output == '"v"\n'
    assert sh("GET nope", ok=True).output == "(nil)\n"
    assert sh("INCR hits", ok=True).output == "(integer) 1\n"
    assert sh("INCR hits", ok=True).output == "(integer) 2\n"
    assert sh("KEYS *", ok=True).output == '1) "hits"\n2) "k"\n'
    assert sh("EXISTS k hits nope", ok=True).output == "(integer) 2\n"
    assert sh("DEL k", ok=True).output == "(integer) 1\n"
    unknown = sh("foo bar")
    assert (unknown.exit_code, unknown.output) == (
        1,
        "(error) ERR unknown command 'foo', with args beginning with: 'bar' \n",
    )
    assert sh('SET greeting "hello world"', ok=True).output == "OK\n"
    assert sh("exit", ok=True).output == ""
    assert current_prompt(engine) == "$ "
    # the same store as one-shot redis-cli
    assert sh("docker exec r1 redis-cli get hits", ok=True).output == "2\n"
    assert sh("docker exec r1 redis-cli get greeting", ok=True).output == "hello world\n"


def test_one_shot_on_a_tty_quotes(sh: Sh) -> None:
    sh("docker run -d --name r1 redis:7", ok=True)
    sh("docker exec r1 redis-cli set a b", ok=True)
    assert sh("docker exec -it r1 redis-cli get a", ok=True).output == '"b"\n'


def test_redis_cli_prompt_shows_remote_host(sh: Sh, engine: Engine) -> None:
    sh("docker network create app", ok=True)
    sh("docker run -d --name cache --network app redis:7", ok=True)
    sh("docker run -d --name cli --network app redis:7 sleep infinity", ok=True)
    sh("docker exec -it cli redis-cli -h cache", ok=True)
    assert current_prompt(engine) == "cache:6379> "
    assert sh("SET x 1", ok=True).output == "OK\n"
    sh("quit", ok=True)
    assert sh("docker exec cache redis-cli get x", ok=True).output == "1\n"


def test_redis_cli_refused_without_a_server(sh: Sh, engine: Engine) -> None:
    sh("docker run -d --name box redis:7 sleep infinity", ok=True)
    out = sh("docker exec -it box redis-cli")
    assert (out.exit_code, out.output) == (
        1,
        "Could not connect to Redis at 127.0.0.1:6379: Connection refused\n",
    )
    assert current_prompt(engine) == "$ "
