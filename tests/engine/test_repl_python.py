"""The python REPL (`docker exec -it p1 python3`, `docker run -it python:3.12-slim`)."""

from __future__ import annotations

import pytest

from engine import Engine, repl
from engine.io import BufferStream
from tests.engine.cmd_support import Sh

TRACEBACK = 'Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\n'


def current_prompt(engine: Engine) -> str:
    frame = engine.state.terminals["main"].stack[-1]
    return repl.prompt(frame.shell, frame) if frame.shell not in ("bash", "sh") else "$ "


@pytest.fixture
def python(sh: Sh) -> None:
    sh("docker run -dit --name p1 python:3.12-slim", ok=True)
    out = sh("docker exec -it p1 python3", ok=True)
    assert out.output == (
        "Python 3.12.12 (main, Jan 13 2026, 03:08:51) [GCC 14.2.0] on linux\n"
        'Type "help", "copyright", "credits" or "license" for more information.\n'
    )


def test_values_and_variables(python: None, sh: Sh, engine: Engine) -> None:
    assert current_prompt(engine) == ">>> "
    assert sh("x = 2", ok=True).output == ""
    assert sh("x * 3", ok=True).output == "6\n"
    assert sh("x += 1", ok=True).output == ""
    assert sh("print('x is', x)", ok=True).output == "x is 3\n"
    assert sh("'a' * 3", ok=True).output == "'aaa'\n"
    assert sh("[1, 2] + [3]", ok=True).output == "[1, 2, 3]\n"
    assert sh("7 / 2", ok=True).output == "3.5\n"
    assert sh("None", ok=True).output == ""
    assert sh("len('hello')", ok=True).output == "5\n"


def test_errors_as_python_words_them(python: None, sh: Sh) -> None:
    assert sh("y").output == TRACEBACK + "NameError: name 'y' is not defined\n"
    assert sh("1 / 0").output == TRACEBACK + "ZeroDivisionError: division by zero\n"
    assert sh("'a' + 1").output == (
        TRACEBACK + 'TypeError: can only concatenate str (not "int") to str\n'
    )
    assert sh("1 +").output == (
        '  File "<stdin>", line 1\n    1 +\n       ^\nSyntaxError: invalid syntax\n'
    )


def test_blocks_span_lines(python: None, sh: Sh, engine: Engine) -> None:
    assert sh("for i in range(3):", ok=True).output == ""
    assert current_prompt(engine) == "... "
    assert sh("    print(i * 2)", ok=True).output == ""
    assert sh("", ok=True).output == "0\n2\n4\n"
    assert current_prompt(engine) == ">>> "
    sh("total = (1 +", ok=True)
    assert current_prompt(engine) == "... "
    sh("2)", ok=True)
    assert sh("total", ok=True).output == "3\n"


def test_ctrl_c_and_exit(python: None, sh: Sh, engine: Engine) -> None:
    frame = engine.state.terminals["main"].stack[-1]
    ctx = repl.ReplContext(engine.daemon, engine.state.containers[frame.container], frame)
    out = BufferStream()
    assert not repl.interrupt("python", out, ctx).exited
    assert out.getvalue() == "KeyboardInterrupt\n"
    assert sh("exit()", ok=True).output == ""
    assert current_prompt(engine) == "$ "


def test_runaway_loop_is_cut(python: None, sh: Sh) -> None:
    sh("while True:", ok=True)
    sh("    pass", ok=True)
    assert sh("", ok=True).output == ""  # stopped by the step budget, quietly
    assert sh("1 + 1", ok=True).output == "2\n"


def test_exit_without_parentheses_explains(python: None, sh: Sh, engine: Engine) -> None:
    assert sh("exit", ok=True).output == "Use exit() or Ctrl-D (i.e. EOF) to exit\n"
    assert current_prompt(engine) == ">>> "
    assert sh("help", ok=True).output == (
        "Type help() for interactive help, or help(object) for help about object.\n"
    )


def test_session_size_is_bounded(python: None, sh: Sh, engine: Engine) -> None:
    sh("a = list(range(5000))", ok=True)
    out = sh("b = a + a")
    assert (out.exit_code, out.output) == (1, TRACEBACK + "MemoryError\n")
    assert sh("len(a)", ok=True).output == "5000\n"
    assert len(engine.dump()) < 200_000


def test_variables_survive_dump_and_load(python: None, sh: Sh, engine: Engine, clock) -> None:
    sh("greeting = 'hi'", ok=True)
    restored = Engine.load(engine.dump(), clock=clock)
    assert restored.execute("greeting * 2").output == "'hihi'\n"
