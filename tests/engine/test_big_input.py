"""Big and hostile input: every command gives the real answer or stops with a sandbox message
and a non-zero exit, never nothing with exit 0 and never a wrong number."""

from __future__ import annotations

import tracemalloc

import pytest

from engine import Engine
from tests.engine.cmd_support import Sh
from tests.engine.conftest import Clock

PIPE_LIMIT = "bash: playground limit: a pipe may carry at most 1 MB; stopped\n"
TOO_LARGE = "bash: playground limit: a command may expand to at most 1 MB; stopped\n"
BRACES = "bash: playground limit: a brace expansion may make at most 10000 words; stopped\n"
PY_TRACEBACK = 'Traceback (most recent call last):\n  File "<string>", line 1, in <module>\n'
REPL_TRACEBACK = 'Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\n'
INT_DIGITS = (
    "ValueError: Exceeds the limit (4300 digits) for integer string conversion; "
    "use sys.set_int_max_str_digits() to increase the limit\n"
)
NUMBER_LIMIT = (
    "playground limit: a number may have at most 400000 bits (about 120000 digits); stopped\n"
)
SEQUENCE_LIMIT = "playground limit: a string or list may hold at most 10000 items; stopped\n"


def result(sh: Sh, line: str) -> tuple[int, str]:
    out = sh(line)
    return out.exit_code, out.output


@pytest.fixture
def py(sh: Sh) -> None:
    sh("docker run -d --name p1 python:3.12-slim sleep infinity", ok=True)


@pytest.fixture
def node(sh: Sh) -> None:
    sh("docker run -d --name n1 node:18-alpine sleep infinity", ok=True)


# -- pipes ---------------------------------------------------------------------------------------


def test_a_pipe_past_its_limit_stops_the_line(sh: Sh) -> None:
    assert result(sh, "seq 1 100000000 | tail -1") == (1, PIPE_LIMIT)


def test_head_answers_from_the_start_of_an_endless_pipe(sh: Sh) -> None:
    assert result(sh, "seq 1 100000000 | head -3") == (0, "1\n2\n3\n")
    assert result(sh, "yes | head -c 6") == (0, "y\ny\ny\n")


def test_head_past_what_the_pipe_carried_refuses(sh: Sh) -> None:
    assert result(sh, "seq 1 100000000 | head -n 50000000") == (1, PIPE_LIMIT)


def test_yes_into_a_counter_refuses_instead_of_a_made_up_count(sh: Sh) -> None:
    assert result(sh, "yes | wc -l") == (1, PIPE_LIMIT)


def test_a_pipe_under_its_limit_is_counted_exactly(sh: Sh) -> None:
    assert result(sh, "seq 100000 | wc -l") == (0, "100000\n")
    assert result(sh, "seq 100000 | tail -1") == (0, "100000\n")


def test_limit_message_speaks_the_learners_language(clock: Clock) -> None:
    engine = Engine(seed="test", clock=clock, lang="zh-hans")
    out = engine.execute("seq 1 100000000 | tail -1", "main")
    assert (out.exit_code, out.output) == (1, "bash: 练习场限制：一个管道最多传输 1 MB，已停止\n")


# -- printf, command substitution, redirections ---------------------------------------------------


def test_printf_width_past_the_limit_refuses_without_building_it(sh: Sh) -> None:
    tracemalloc.start()
    try:
        assert result(sh, "printf '%100000000s' x | wc -c") == (1, TOO_LARGE)
        assert tracemalloc.get_traced_memory()[1] < 50_000_000
    finally:
        tracemalloc.stop()


def test_command_substitution_keeps_up_to_1mb(sh: Sh) -> None:
    assert result(sh, "a=$(printf '%0999999d' 0); echo ${#a}") == (0, "999999\n")


def test_command_substitution_past_1mb_refuses(sh: Sh) -> None:
    assert result(sh, "a=$(seq 1000000); echo ${#a}") == (1, TOO_LARGE)


def test_a_file_past_1mb_is_too_large_not_empty(sh: Sh) -> None:
    assert result(sh, "seq 200000 > s") == (1, "bash: s: File too large\n")
    assert result(sh, "seq 100000 > s; wc -l s") == (0, "100000 s\n")


def test_printf_uses_its_format_for_every_argument(sh: Sh) -> None:
    assert result(sh, "printf '%s\\n' {1..1500} | tail -1") == (0, "1500\n")


def test_printf_reads_integers_as_c_does(sh: Sh) -> None:
    assert result(sh, "printf '%d %d %d\\n' 010 0x1f 99999999999999999999") == (
        0,
        "8 31 9223372036854775807\n",
    )


# -- expansion ------------------------------------------------------------------------------------


def test_brace_expansion_past_its_limit_refuses(sh: Sh) -> None:
    assert result(sh, "echo {1..10000000} | wc -c") == (1, BRACES)
    assert result(sh, "echo {a..z}{a..z}{a..z} | wc -w") == (1, BRACES)


def test_brace_expansion_under_its_limit_is_whole(sh: Sh) -> None:
    assert result(sh, "echo {1..5000} | wc -w") == (0, "5000\n")


def test_arithmetic_wraps_at_64_bits_like_bash(sh: Sh) -> None:
    line = "echo $((2**64)) $((3**100)) $((1<<64)) $((9223372036854775807/3)) $((99999999999999999999))"
    assert result(sh, line) == (
        0,
        "0 -2984622845537545263 1 3074457345618258602 7766279631452241919\n",
    )
    assert result(sh, "echo $((2**-1))") == (
        1,
        'bash: 2**-1: exponent less than 0 (error token is "1")\n',
    )


# -- utilities ------------------------------------------------------------------------------------


def test_xargs_refuses_rather_than_run_only_some(sh: Sh) -> None:
    assert result(sh, "seq 300 | xargs -n 1 echo | tail -1") == (
        1,
        "bash: playground limit: xargs may run a command at most 200 times; stopped\n",
    )


def test_awk_refuses_a_program_it_cannot_run(sh: Sh) -> None:
    subset = "awk: this terminal's awk only runs '{print ...}' programs: "
    assert result(sh, "echo 'a b' | awk '{print length($0)}'") == (
        2,
        subset + "{print length($0)}\n",
    )
    assert result(sh, "echo x | awk '{ s=$0; print s }'") == (2, subset + "{ s=$0; print s }\n")


def test_sed_last_line_address_and_a_last_line_without_newline(sh: Sh) -> None:
    assert result(sh, "seq 3 | sed -n '$p'") == (0, "3\n")
    assert result(sh, "printf 'a\\nb' | sed 's/a/A/' | wc -c") == (0, "3\n")


def test_seq_counts_in_exact_decimals(sh: Sh) -> None:
    assert result(sh, "seq 1 0.1 1.3") == (0, "1.0\n1.1\n1.2\n1.3\n")
    assert result(sh, "seq -s, 3") == (0, "1,2,3\n")


# -- python and node ------------------------------------------------------------------------------


def test_python_prints_an_int_too_long_as_python_refuses_it(py: None, sh: Sh) -> None:
    assert result(sh, "docker exec p1 python3 -c 'print(10**100000)'") == (
        1,
        PY_TRACEBACK + INT_DIGITS,
    )


def test_python_number_past_the_sandbox_refuses(py: None, sh: Sh) -> None:
    assert result(sh, "docker exec p1 python3 -c 'print(9**9**9)'") == (1, NUMBER_LIMIT)


def test_python_asking_for_more_memory_than_a_machine_has(py: None, sh: Sh) -> None:
    assert result(sh, "docker exec p1 python3 -c 'print(\"x\"*10**10)'") == (
        1,
        PY_TRACEBACK + "MemoryError\n",
    )


def test_python_big_list_or_range_refuses(py: None, sh: Sh) -> None:
    assert result(sh, "docker exec p1 python3 -c 'x=[1]*10**9'") == (1, SEQUENCE_LIMIT)
    assert result(sh, "docker exec p1 python3 -c 'print(sum(range(10**12)))'") == (
        1,
        SEQUENCE_LIMIT,
    )


def test_python_script_keeps_its_variables(py: None, sh: Sh) -> None:
    assert result(sh, "docker exec p1 python3 -c 'x = 5; print(x * 2)'") == (0, "10\n")


def test_python_repl_refuses_to_print_an_int_too_long_but_keeps_it(py: None, sh: Sh) -> None:
    sh("docker exec -it p1 python3", ok=True)
    assert result(sh, "10**100000") == (1, REPL_TRACEBACK + INT_DIGITS)
    assert result(sh, "x = 10**5000") == (0, "")
    assert result(sh, "x % 7") == (0, "2\n")


def test_node_numbers_are_doubles(node: None, sh: Sh) -> None:
    assert result(sh, "docker exec n1 node -e 'console.log(2**1e9, 2**64, -7 % 2)'") == (
        0,
        "Infinity 18446744073709552000 -1\n",
    )


def test_node_string_longer_than_v8_allows(node: None, sh: Sh) -> None:
    line = "docker exec n1 node -e 'console.log(\"x\".repeat(1e9).length)'"
    code, output = result(sh, line)
    assert code == 1
    assert "\nRangeError: Invalid string length\n" in output
    sh("docker exec -it n1 node", ok=True)
    assert result(sh, '"x".repeat(1e9)') == (1, "Uncaught RangeError: Invalid string length\n")
    assert result(sh, '"ab".repeat(3)') == (0, "'ababab'\n")


# -- redis and mysql ------------------------------------------------------------------------------


def test_redis_value_past_the_sandbox_is_refused_and_not_kept(sh: Sh) -> None:
    sh("docker run -d --name r1 redis:7", ok=True)
    assert result(sh, "docker exec r1 redis-cli SET big " + "x" * 5000) == (
        1,
        "playground limit: redis here holds at most 1000 keys of at most 4096 characters; "
        "the command was not applied\n",
    )
    assert result(sh, "docker exec r1 redis-cli SET a 1") == (0, "OK\n")  # the store still works


def test_redis_counter_stops_at_64_bits(sh: Sh) -> None:
    sh("docker run -d --name r1 redis:7", ok=True)
    sh("docker exec r1 redis-cli SET n 9223372036854775807", ok=True)
    assert result(sh, "docker exec r1 redis-cli INCR n") == (
        1,
        "ERR increment or decrement would overflow\n",
    )


def test_mysql_bigint_overflow_and_division_by_zero(sh: Sh, clock: Clock) -> None:
    sh("docker run -d --name db -e MYSQL_ROOT_PASSWORD=pw mysql:8.0", ok=True)
    clock.advance(60)
    query = "docker exec db mysql -uroot -ppw -e '{}'"
    warning = "mysql: [Warning] Using a password on the command line interface can be insecure.\n"
    assert result(sh, query.format("SELECT 9223372036854775807 + 1")) == (
        1,
        warning + "ERROR 1690 (22003) at line 1: "
        "BIGINT value is out of range in '(9223372036854775807 + 1)'\n",
    )
    assert result(sh, query.format("SELECT 1/0, -7 % 2")) == (
        0,
        warning + "1/0\t-7 % 2\nNULL\t-1\n",
    )
