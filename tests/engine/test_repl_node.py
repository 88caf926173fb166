"""The node REPL (`docker exec -it n1 node`, `docker run -it node`): engine/repl/node.py."""

from __future__ import annotations

import pytest

from engine import Engine, repl
from engine.io import BufferStream
from tests.engine.cmd_support import Sh


def current_prompt(engine: Engine) -> str:
    frame = engine.state.terminals["main"].stack[-1]
    return repl.prompt(frame.shell, frame) if frame.shell not in ("bash", "sh") else "$ "


@pytest.fixture
def node(sh: Sh) -> None:
    sh("docker run -dit --name n1 node:18-alpine", ok=True)
    out = sh("docker exec -it n1 node", ok=True)
    assert out.output == 'Welcome to Node.js v18.20.2.\nType ".help" for more information.\n'


def test_values_and_variables(node: None, sh: Sh, engine: Engine) -> None:
    assert current_prompt(engine) == "> "
    assert sh("let x = 2", ok=True).output == "undefined\n"
    assert sh("x * 3", ok=True).output == "6\n"
    assert sh("x = x + 1", ok=True).output == "3\n"
    assert sh("'a' + x", ok=True).output == "'a3'\n"
    assert sh("[1, 2, 3]", ok=True).output == "[ 1, 2, 3 ]\n"
    assert sh("7 / 2", ok=True).output == "3.5\n"
    assert sh("1 / 0", ok=True).output == "Infinity\n"
    assert sh("x === 3 && !false", ok=True).output == "true\n"
    assert sh("null", ok=True).output == "null\n"
    assert sh("'hello'.length", ok=True).output == "5\n"
    assert sh("console.log('hi', 1 + 1)", ok=True).output == "hi 2\nundefined\n"


def test_errors_as_node_words_them(node: None, sh: Sh) -> None:
    sh("let x = 2", ok=True)
    assert sh("y").output == "Uncaught ReferenceError: y is not defined\n"
    assert sh("let x = 3").output == (
        "Uncaught SyntaxError: Identifier 'x' has already been declared\n"
    )
    sh("const k = 1", ok=True)
    assert sh("k = 2").output == "Uncaught TypeError: Assignment to constant variable.\n"
    assert sh("y += 1").output == "Uncaught ReferenceError: y is not defined\n"
    assert sh("nope()").output == "Uncaught ReferenceError: nope is not defined\n"
    assert sh("require('http')", ok=True).output == "undefined\n"  # exists, not modelled


def test_multi_line_input(node: None, sh: Sh, engine: Engine) -> None:
    assert sh("const list = [", ok=True).output == ""
    assert current_prompt(engine) == "... "
    sh("  1,", ok=True)
    assert sh("  2]", ok=True).output == "undefined\n"
    assert current_prompt(engine) == "> "
    assert sh("list", ok=True).output == "[ 1, 2 ]\n"
    sh("function f() {", ok=True)
    assert sh(".break", ok=True).output == ""
    assert current_prompt(engine) == "> "


def test_dot_commands(node: None, sh: Sh, engine: Engine) -> None:
    help_text = sh(".help", ok=True).output
    assert help_text.startswith(".break    Sometimes you get stuck, this gets you out\n")
    assert help_text.endswith("Press Ctrl+C to abort current expression, Ctrl+D to exit the REPL\n")
    assert sh(".nope").output == "Invalid REPL keyword\n"
    assert sh(".exit", ok=True).output == ""
    assert current_prompt(engine) == "$ "
    assert engine.state.containers  # exec'd REPL leaves the container running
    assert sh("docker ps -q", ok=True).output.strip() != ""


def test_ctrl_c_twice_exits(node: None, sh: Sh, engine: Engine) -> None:
    terminal = engine.state.terminals["main"]
    frame = terminal.stack[-1]
    ctx = repl.ReplContext(engine.daemon, engine.state.containers[frame.container], frame)
    out = BufferStream()
    first = repl.interrupt("node", out, ctx)
    assert out.getvalue() == "(To exit, press Ctrl+C again or Ctrl+D or type .exit)\n"
    assert not first.exited
    assert repl.interrupt("node", BufferStream(), ctx).exited
    # typing something in between resets the count
    sh("1", ok=True)
    assert not repl.interrupt("node", BufferStream(), ctx).exited
    sh("1", ok=True)
    sh("[", ok=True)
    silent = BufferStream()
    assert not repl.interrupt("node", silent, ctx).exited  # aborts the expression only
    assert silent.getvalue() == ""
    assert current_prompt(engine) == "> "


def test_never_evaluates_python(node: None, sh: Sh) -> None:
    # names that exist in Python must not leak through the evaluator
    assert sh("__import__").output == "Uncaught ReferenceError: __import__ is not defined\n"
    assert sh("open('/etc/passwd')").output == "Uncaught ReferenceError: open is not defined\n"
    assert sh("2 ** 100000", ok=True).output == "Infinity\n"  # a double, as in node


def test_main_process_repl(sh: Sh, engine: Engine) -> None:
    sh("docker run -it --name n2 node:18-alpine", ok=True)
    assert current_prompt(engine) == "> "
    sh("let a = 4", ok=True)
    assert sh("a * a", ok=True).output == "16\n"


def test_functions_typed_over_lines_are_called(node: None, sh: Sh, engine: Engine) -> None:
    assert sh("function add(a, b) {", ok=True).output == ""
    assert current_prompt(engine) == "... "
    assert sh("  return a + b;", ok=True).output == ""
    assert current_prompt(engine) == "... "
    assert sh("}", ok=True).output == "undefined\n"
    assert current_prompt(engine) == "> "
    assert sh("add(1, 2)", ok=True).output == "3\n"
    assert sh("add", ok=True).output == "[Function: add]\n"
    assert sh("add(1)", ok=True).output == "NaN\n"  # b is undefined
    assert sh("const double = x => x * 2", ok=True).output == "undefined\n"
    assert sh("double(21)", ok=True).output == "42\n"
    assert sh("[double]", ok=True).output == "[ [Function: double] ]\n"
    assert sh("(a, b) => a", ok=True).output == "[Function (anonymous)]\n"
    assert sh("function () {}").output == (
        "Uncaught SyntaxError: Function statements require a function name\n"
    )


def test_function_bodies_see_and_set_the_sessions_variables(node: None, sh: Sh) -> None:
    sh("let total = 0", ok=True)
    sh("function bump(n) { let step = n; total += step; return total }", ok=True)
    assert sh("bump(5)", ok=True).output == "5\n"
    assert sh("bump(2)", ok=True).output == "7\n"
    assert sh("total", ok=True).output == "7\n"
    assert sh("step").output == "Uncaught ReferenceError: step is not defined\n"
    sh("const greet = (name) => {", ok=True)
    sh("  console.log('hi ' + name)", ok=True)
    assert sh("}", ok=True).output == "undefined\n"
    assert sh("greet('bob')", ok=True).output == "hi bob\nundefined\n"
    sh("function broken() { return missing }", ok=True)
    assert sh("broken()").output.startswith("Uncaught ReferenceError: missing is not defined\n")
    sh("let five = 5", ok=True)
    assert sh("five()").output == "Uncaught TypeError: five is not a function\n"


def test_assignment_without_let_creates_a_variable(node: None, sh: Sh) -> None:
    # the REPL runs sloppy-mode javascript (nodejs.org's REPL docs: `a = [1, 2, 3]`)
    assert sh("a = [1, 2, 3]", ok=True).output == "[ 1, 2, 3 ]\n"
    assert sh("a", ok=True).output == "[ 1, 2, 3 ]\n"


def test_names_made_by_unmodelled_code_exist(node: None, sh: Sh) -> None:
    assert sh("const http = require('http')", ok=True).output == "undefined\n"
    assert "ReferenceError" not in sh("http.createServer()").output
    assert sh("let config = { port: 80 }", ok=True).output == "undefined\n"
    assert "ReferenceError" not in sh("config").output


def test_functions_survive_dump_and_load(node: None, sh: Sh, engine: Engine, clock) -> None:
    sh("const triple = (n) => n * 3", ok=True)
    sh("const server = require('http')", ok=True)
    restored = Engine.load(engine.dump(), clock=clock)
    assert restored.execute("triple(3)").output == "9\n"
    assert "ReferenceError" not in restored.execute("server").output
