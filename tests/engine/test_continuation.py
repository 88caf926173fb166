"""A command typed over several lines: the shell's `> ` prompt until the command is complete."""

from __future__ import annotations

from collections.abc import Callable

from engine import Engine, Outcome

Sh = Callable[..., Outcome]


def test_an_open_if_waits_for_fi(sh: Sh) -> None:
    first = sh("if true; then")
    assert (first.output, first.exit_code, first.prompt) == ("", 0, "> ")
    assert sh("  echo yes").prompt == "> "
    done = sh("fi")
    assert (done.output, done.prompt) == ("yes\n", "$ ")


def test_an_open_quote_keeps_the_newline(sh: Sh) -> None:
    assert sh('echo "one').prompt == "> "
    assert sh('two"').output == "one\ntwo\n"


def test_a_trailing_backslash_joins_the_next_line(sh: Sh) -> None:
    assert sh("docker run -d \\").prompt == "> "
    assert sh("  --name web1 nginx:1.25", ok=True).prompt == "$ "
    assert sh("docker ps --format '{{.Names}}'").output == "web1\n"


def test_ctrl_c_drops_the_unfinished_command(engine: Engine, sh: Sh) -> None:
    sh("for i in 1 2; do")
    assert engine.interrupt().prompt == "$ "
    assert sh("echo after").output == "after\n"


def test_a_container_shell_continues_too(sh: Sh) -> None:
    sh("docker run -it --rm alpine:3.19 sh", ok=True)
    assert sh("case b in").prompt == "> "
    assert sh("  a) echo A;; b) echo B;;").prompt == "> "
    done = sh("esac")
    assert (done.output, done.prompt) == ("B\n", "/ # ")


def test_a_function_defined_line_by_line_is_kept(sh: Sh) -> None:
    sh("greet() {")
    sh("  echo hi $1")
    assert sh("}").prompt == "$ "
    assert sh("greet you").output == "hi you\n"


def test_the_unfinished_command_survives_dump_and_load(engine: Engine, sh: Sh) -> None:
    sh("while false; do")
    again = Engine.load(engine.dump(), clock=engine.clock)
    assert again.prompt() == "> "
    assert again.execute("done").prompt == "$ "


def test_an_endless_continuation_is_bounded(sh: Sh) -> None:
    sh("cat <<EOF")
    for _ in range(9):
        out = sh("x" * 1000)
    assert out.exit_code == 1
    assert out.output == "playground limit: a command line may be at most 8 KB\n"
    assert out.prompt == "$ "
