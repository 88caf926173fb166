"""Shell functions in bash and busybox sh: definition, arguments, return, local, limits."""

from __future__ import annotations

import time

import pytest

from engine.model import ShellFrame
from engine.shell.parser import FunctionDef, needs_more, parse
from engine.shell.testing import Box
from tests.engine.cmd_support import Sh


def test_define_then_call_on_a_later_line(each_shell: Box) -> None:
    assert each_shell.run('greet() { echo "hello $1"; }') == ("", "", 0)
    assert each_shell.run("greet world") == ("hello world\n", "", 0)
    assert each_shell.session.functions == {"greet": '{ echo "hello $1"; }'}


def test_positional_parameters_inside_and_restored_after(each_shell: Box) -> None:
    each_shell.run('show() { echo "$# [$1] [$2] [$@]"; }')
    assert each_shell.run("set -- outer; show a 'b c' d; echo $1 $#")[0] == (
        "3 [a] [b c] [a b c d]\nouter 1\n"
    )
    assert each_shell.run("show")[0] == "0 [] [] []\n"


def test_return_sets_the_status_and_stops_the_body(each_shell: Box) -> None:
    each_shell.run('check() { [ "$1" = ok ] && return 0; echo failing; return 3; echo never; }')
    assert each_shell.run("check ok; echo $?")[0] == "0\n"
    assert each_shell.run("check no; echo $?")[0] == "failing\n3\n"
    assert each_shell.run("last() { false; return; }; last; echo $?")[0] == "1\n"
    assert each_shell.run("f() { true; }; false; f; echo $?")[0] == "0\n"


def test_multi_line_definition_and_newline_before_the_body(each_shell: Box) -> None:
    assert each_shell.run("add()\n{\n  echo $(( $1 + $2 ))\n}\nadd 2 3") == ("5\n", "", 0)


def test_functions_come_before_commands_and_builtins(each_shell: Box) -> None:
    each_shell.run("ls() { echo mine; }; echo() { printf 'E:%s\\n' \"$*\"; }")
    assert each_shell.run("ls /; echo a b") == ("E:mine\nE:a b\n", "", 0)


def test_redirection_on_the_definition_applies_to_each_call(each_shell: Box) -> None:
    each_shell.run('log() { echo "$1"; } >> /tmp/log')
    each_shell.run("log one; log two")
    assert each_shell.run("cat /tmp/log")[0] == "one\ntwo\n"


def test_recursion_and_command_substitution(each_shell: Box) -> None:
    each_shell.run(
        "fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }"
    )
    assert each_shell.run("fact 5")[0] == "120\n"


def test_functions_in_a_subshell_stay_there(each_shell: Box) -> None:
    out, err, status = each_shell.run("(inner() { echo in; }; inner); inner")
    assert out == "in\n"
    assert status == 127
    assert err == (
        "bash: inner: command not found\n"
        if each_shell.session.kind == "bash"
        else "sh: inner: not found\n"
    )


def test_unset_f_and_unset_without_a_variable(each_shell: Box) -> None:
    each_shell.run("f() { echo f; }; g() { echo g; }")
    each_shell.run("unset -f f; unset g")
    assert each_shell.run("f; g")[2] == 127
    assert each_shell.session.functions == {}


def test_local_restores_the_outer_value(each_shell: Box) -> None:
    each_shell.run("v=outer; f() { local v=inner w=new; echo $v $w; }")
    assert each_shell.run("f; echo $v ${w-unset}")[0] == "inner new\nouter unset\n"


def test_local_without_value_bash_starts_unset_ash_keeps(bash: Box, ash: Box) -> None:
    script = "v=outer; f() { local v; echo ${v-unset}; v=changed; }; f; echo $v"
    assert bash.run(script)[0] == "unset\nouter\n"
    assert ash.run(script)[0] == "outer\nouter\n"


def test_local_and_return_outside_a_function(bash: Box, ash: Box) -> None:
    assert bash.run("local x=1") == ("", "bash: local: can only be used in a function\n", 1)
    assert ash.run("local x=1") == ("", "sh: local: not in a function\n", 2)
    assert bash.run("return 4; echo after") == (
        "after\n",
        "bash: return: can only `return' from a function or sourced script\n",
        0,
    )
    assert ash.run("return 4; echo after") == ("", "", 4)


def test_return_with_a_bad_number(bash: Box, ash: Box) -> None:
    assert bash.run("f() { return x; }; f; echo $?") == (
        "2\n",
        "bash: return: x: numeric argument required\n",
        0,
    )
    assert ash.run("f() { return x; }; f") == ("", "sh: return: Illegal number: x\n", 2)


def test_return_leaves_a_sourced_file(each_shell: Box) -> None:
    each_shell.run("printf 'echo one\\nreturn 5\\necho two\\n' > /tmp/lib.sh")
    assert each_shell.run(". /tmp/lib.sh; echo $?")[0] == "one\n5\n"


def test_function_keyword(each_shell: Box) -> None:
    assert each_shell.run("function hi { echo hi $1; }; hi you")[0] == "hi you\n"
    assert each_shell.run("function hey() { echo hey; }; hey")[0] == "hey\n"


def test_body_must_be_compound_in_bash_not_in_ash(bash: Box, ash: Box) -> None:
    assert bash.run("f() echo hi") == ("", "bash: syntax error near unexpected token `echo'\n", 2)
    assert ash.run("f() echo hi; f") == ("hi\n", "", 0)


def test_ash_bad_function_names(ash: Box) -> None:
    assert ash.run("export() { :; }") == ("", "sh: syntax error: bad function name\n", 2)
    assert ash.run("my-fn() { :; }") == ("", "sh: syntax error: bad function name\n", 2)


def test_type_names_a_function(bash: Box, ash: Box) -> None:
    bash.run("f() { echo hi; }")
    ash.run("f() { echo hi; }")
    assert bash.run("type f") == ("f is a function\nf () \n{ \n    echo hi\n}\n", "", 0)
    assert ash.run("type f") == ("f is a function\n", "", 0)


def test_bash_type_reformats_simple_bodies(bash: Box) -> None:
    bash.run("f() {\n  cd /tmp&&ls -l|grep x   >> /tmp/o 2>&1\n  echo 'a  b' >&2; }")
    assert bash.run("type f")[0] == (
        "f is a function\n"
        "f () \n"
        "{ \n"
        "    cd /tmp && ls -l | grep x >> /tmp/o 2>&1;\n"
        "    echo 'a  b' >&2\n"
        "}\n"
    )


def test_fork_bomb_ends_with_a_clear_error(each_shell: Box) -> None:
    started = time.perf_counter()
    out, err, status = each_shell.run("f(){ f|f; };f; echo unreachable")
    assert time.perf_counter() - started < 2
    assert (out, status) == ("", 1)
    assert err == f"{each_shell.session.kind}: commands nested too deeply; stopped\n"
    assert each_shell.run("echo still here")[0] == "still here\n"


def test_wide_recursion_hits_the_command_budget(each_shell: Box) -> None:
    _, err, status = each_shell.run("w() { [ $1 -gt 0 ] && { w $(($1-1)); w $(($1-1)); }; }; w 20")
    assert status == 1
    assert err == f"{each_shell.session.kind}: too many commands in one line; stopped\n"


@pytest.mark.parametrize(
    "typed", ["f() {", "f()", "f() {\n  echo hi", "function g", "function g {\n  echo"]
)
def test_unfinished_definition_asks_for_more(typed: str) -> None:
    assert needs_more(typed)


def test_finished_definition_is_parsed_with_its_body_text() -> None:
    assert not needs_more("f() {\n  echo hi\n}")
    item = parse("f () {\n  echo hi\n} > /tmp/x").items[0]
    fn = item.items[0][0].first.commands[0]  # type: ignore[union-attr]
    assert fn == FunctionDef("f", "{\n  echo hi\n} > /tmp/x")


def test_unfinished_definition_errors(bash: Box, ash: Box) -> None:
    assert bash.run("f() {") == ("", "bash: syntax error: unexpected end of file\n", 2)
    assert ash.run("f() {") == ("", 'sh: syntax error: unexpected end of file (expecting "}")\n', 2)


def test_a_shell_frame_holds_no_functions_by_default() -> None:
    assert ShellFrame("host", "/", {}).functions == {}


def test_a_terminal_keeps_functions_between_lines(sh: Sh) -> None:
    assert sh("greet() {\n  echo hi $1\n}\ngreet you", ok=True).output == "hi you\n"
    assert sh("greet me", ok=True).output == "hi me\n"


def test_set_dash_dash_replaces_or_clears_the_positional_parameters(each_shell: Box) -> None:
    assert each_shell.run("set -- a -b c; echo $# $2; set --; echo $#") == ("3 -b\n0\n", "", 0)
