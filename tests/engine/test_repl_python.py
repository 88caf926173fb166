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
    out = sh("")  # stopped by the step budget, and it says so
    assert (out.exit_code, out.output) == (
        1,
        "playground limit: a line may run at most 10000 steps; stopped\n",
    )
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


def test_functions_typed_over_lines_are_called(python: None, sh: Sh, engine: Engine) -> None:
    assert sh("def add(a, b):", ok=True).output == ""
    assert current_prompt(engine) == "... "
    assert sh("    return a + b", ok=True).output == ""
    assert current_prompt(engine) == "... "
    assert sh("", ok=True).output == ""
    assert current_prompt(engine) == ">>> "
    assert sh("add(1, 2)", ok=True).output == "3\n"
    assert sh("add", ok=True).output.startswith("<function add at 0x")
    assert sh("add(1)").output == (
        TRACEBACK + "TypeError: add() missing 1 required positional argument: 'b'\n"
    )
    assert sh("add()").output == (
        TRACEBACK + "TypeError: add() missing 2 required positional arguments: 'a' and 'b'\n"
    )
    assert sh("add(1, 2, 3)").output == (
        TRACEBACK + "TypeError: add() takes 2 positional arguments but 3 were given\n"
    )
    assert sh("square = lambda n: n * n", ok=True).output == ""
    assert sh("square(4)", ok=True).output == "16\n"
    sh("five = 5", ok=True)
    assert sh("five()").output == TRACEBACK + "TypeError: 'int' object is not callable\n"


def test_function_bodies_run_blocks_recursion_and_print(python: None, sh: Sh) -> None:
    for line in (
        "def fact(n):",
        "    if n <= 1:",
        "        return 1",
        "    return n * fact(n - 1)",
    ):
        sh(line, ok=True)
    sh("", ok=True)
    assert sh("fact(5)", ok=True).output == "120\n"
    sh("def hello(name):", ok=True)
    sh("    print('hi', name)", ok=True)
    sh("", ok=True)
    assert sh("result = hello('bob')", ok=True).output == "hi bob\n"
    assert sh("result", ok=True).output == ""  # None is not echoed
    assert sh("name").output == TRACEBACK + "NameError: name 'name' is not defined\n"
    sh("count = 0", ok=True)
    for line in ("def bump():", "    global count", "    count += 1", "    return count", ""):
        sh(line, ok=True)
    sh("bump()", ok=True)
    assert sh("bump()", ok=True).output == "2\n"
    assert sh("count", ok=True).output == "2\n"


def test_errors_inside_functions_show_their_frames(python: None, sh: Sh) -> None:
    for line in ("def broken():", "    x = 1", "    return missing", ""):
        sh(line, ok=True)
    for line in ("def outer():", "    return broken()", ""):
        sh(line, ok=True)
    assert sh("outer()").output == (
        TRACEBACK + '  File "<stdin>", line 2, in outer\n'
        '  File "<stdin>", line 3, in broken\n'
        "NameError: name 'missing' is not defined\n"
    )


def test_names_made_by_unmodelled_code_exist(python: None, sh: Sh) -> None:
    assert sh("import os", ok=True).output == ""
    assert "NameError" not in sh("os.getcwd()").output
    assert sh("config = {'port': 80}", ok=True).output == ""
    assert "NameError" not in sh("config['port']").output
    sh("class Box:", ok=True)
    sh("    pass", ok=True)
    sh("", ok=True)
    assert "NameError" not in sh("Box()").output


def test_functions_survive_dump_and_load(python: None, sh: Sh, engine: Engine, clock) -> None:
    sh("triple = lambda n: n * 3", ok=True)
    restored = Engine.load(engine.dump(), clock=clock)
    assert restored.execute("triple(3)").output == "9\n"
