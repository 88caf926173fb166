"""Random input never raises out of ``run``: only exit codes and messages."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.shell.interpreter import ShellResult
from engine.shell.testing import Box

PIECES = [
    "ls",
    "-l",
    "/etc",
    "echo",
    "cat",
    "grep",
    "a",
    "wc",
    "-l",
    "|",
    "||",
    "&&",
    ";",
    "&",
    ">",
    ">>",
    "<",
    "2>&1",
    "<<EOF",
    "EOF",
    "\n",
    "'",
    '"',
    "`",
    "$(",
    ")",
    "${",
    "}",
    "$X",
    "$?",
    "*",
    "?",
    "[",
    "]",
    "~",
    "\\",
    "#",
    "X=1",
    "for",
    "in",
    "do",
    "done",
    "while",
    "if",
    "then",
    "fi",
    "{",
    "(",
    "cd",
    "..",
    "rm",
    "-rf",
    "/tmp",
    "mkdir",
    "-p",
    "exit",
    "seq",
    "9",
    "yes",
    "head",
    "sort",
    "$((",
    "))",
    "1+",
    " ",
    "printf",
    "%s",
    "test",
    "-f",
    "[",
    "read",
    "export",
]

lines = st.lists(st.sampled_from(PIECES), max_size=25).map(" ".join) | st.text(max_size=60)


def _check(box: Box, line: str) -> None:
    _out, err, code = box.run(line)
    assert isinstance(box.last, ShellResult)
    assert isinstance(code, int) and 0 <= code <= 255
    assert "internal error" not in err


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines)
def test_random_lines_never_raise_bash(line: str) -> None:
    _check(Box.debian(), line)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines)
def test_random_lines_never_raise_sh(line: str) -> None:
    _check(Box.alpine(), line)


@pytest.mark.slow
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines)
def test_random_lines_never_raise_many(line: str) -> None:
    _check(Box.debian(), line)


@pytest.mark.parametrize(
    "line",
    [
        "$(" * 200 + ")" * 200,
        "echo " + "$(echo " * 40 + "x" + ")" * 40,
        "yes | yes | yes | head -1",
        "seq 1000000 | wc -l",
        "for i in $(seq 100000); do echo $i; done",
        "echo {a,b}" * 100,
        "echo " + "{a,b,c}" * 30,
        "echo {1..99999999}",
        "x=$(yes | head -100000); echo ${#x}",
        "cat /dev/zero",
        "echo $((2**64)) $((1/0))",
        "ls /" + "/*" * 12,
    ],
)
def test_hostile_lines_finish_quickly(line: str) -> None:
    box = Box.debian()
    start = time.perf_counter()
    box.run(line)
    assert time.perf_counter() - start < 2.0
