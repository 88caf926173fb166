"""Typing `node`, `python3`, `mysql ...` or `redis-cli` in a container's shell enters the REPL,
and leaving it returns to that shell (engine/binaries.py + engine/repl/)."""

from __future__ import annotations

from engine import Engine, repl
from tests.engine.cmd_support import Sh


def current_prompt(engine: Engine) -> str:
    frame = engine.state.terminals["main"].stack[-1]
    return repl.prompt(frame.shell, frame) if frame.shell not in ("bash", "sh") else engine.prompt()


def test_node_from_sh(sh: Sh, engine: Engine) -> None:
    sh("docker run -dit --name n1 node:18-alpine", ok=True)
    sh("docker exec -it n1 sh", ok=True)
    assert sh("node", ok=True).output.startswith("Welcome to Node.js v18.20.2.\n")
    assert sh("1 + 2", ok=True).output == "3\n"
    sh(".exit", ok=True)
    assert current_prompt(engine) == "/ # "
    assert sh("echo back", ok=True).output == "back\n"


def test_node_with_piped_input_stays_a_script(sh: Sh, engine: Engine) -> None:
    sh("docker run -dit --name n1 node:18-alpine", ok=True)
    sh("docker exec -it n1 sh", ok=True)
    assert sh("echo 'console.log(6*7)' | node", ok=True).output == "42\n"
    assert current_prompt(engine) == "/ # "


def test_python_from_bash_of_main_process(sh: Sh, engine: Engine) -> None:
    sh("docker run -it --name p1 python:3.12-slim bash", ok=True)
    assert sh("python3", ok=True).output.startswith("Python 3.12.12 ")
    assert sh("2 ** 10", ok=True).output == "1024\n"
    sh("exit()", ok=True)
    # back in the container's own bash, which is still running
    assert current_prompt(engine).endswith(":/# ")
    assert engine.state.containers[engine.state.terminals["main"].stack[-1].container].running


def test_mysql_and_redis_from_bash(sh: Sh, engine: Engine) -> None:
    sh("docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret mysql:8.0", ok=True)
    sh("docker exec -it db bash", ok=True)
    assert "Welcome to the MySQL monitor." in sh("mysql -uroot -psecret", ok=True).output
    assert current_prompt(engine) == "mysql> "
    assert sh("exit", ok=True).output == "Bye\n"
    assert current_prompt(engine).endswith(":/# ")
    sh("exit", ok=True)
    sh("docker run -d --name r1 redis:7", ok=True)
    sh("docker exec -it r1 bash", ok=True)
    sh("redis-cli", ok=True)
    assert current_prompt(engine) == "127.0.0.1:6379> "
    assert sh("PING", ok=True).output == "PONG\n"
    sh("quit", ok=True)
    assert current_prompt(engine).endswith(":/data# ")


def test_pasted_block_continues_in_the_repl(sh: Sh, engine: Engine) -> None:
    sh("docker run -dit --name n1 node:18-alpine", ok=True)
    sh("docker exec -it n1 sh", ok=True)
    out = sh("node\nlet x = 5\nx * 2")
    assert out.output.endswith("undefined\n10\n")
