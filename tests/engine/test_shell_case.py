"""`case ... esac` in bash and busybox sh: matching, fall-through, syntax errors, continuation."""

from __future__ import annotations

import pytest

from engine.shell.parser import CaseClause, CommandList, needs_more, parse
from engine.shell.testing import Box
from tests.engine.cmd_support import Sh, stderr


def test_first_matching_branch_runs(each_shell: Box) -> None:
    script = "case $1 in start) echo starting;; st*) echo prefix;; *) echo other;; esac"
    assert each_shell.run(f"set -- start; {script}") == ("starting\n", "", 0)
    assert each_shell.run(f"set -- stop; {script}") == ("prefix\n", "", 0)
    assert each_shell.run(f"set -- x; {script}") == ("other\n", "", 0)


def test_alternatives_classes_and_leading_paren(each_shell: Box) -> None:
    script = "case $v in (y|Y|yes) echo yes;; [0-9]) echo digit;; ?) echo one;; esac"
    assert each_shell.run(f"v=Y; {script}")[0] == "yes\n"
    assert each_shell.run(f"v=7; {script}")[0] == "digit\n"
    assert each_shell.run(f"v=q; {script}")[0] == "one\n"
    assert each_shell.run(f"v=qq; {script}")[0] == ""


def test_quoted_pattern_characters_match_only_themselves(each_shell: Box) -> None:
    assert each_shell.run("case '*' in '*') echo star;; esac")[0] == "star\n"
    assert each_shell.run("case abc in '*') echo star;; *) echo any;; esac")[0] == "any\n"
    assert each_shell.run("p='a*'; case abc in $p) echo glob;; esac")[0] == "glob\n"
    assert each_shell.run("p='a*'; case abc in \"$p\") echo glob;; *) echo literal;; esac")[0] == (
        "literal\n"
    )


def test_status_is_the_branch_status_or_zero(each_shell: Box) -> None:
    assert each_shell.run("case a in a) false;; esac; echo $?")[0] == "1\n"
    assert each_shell.run("false; case a in b) echo b;; esac; echo $?")[0] == "0\n"
    assert each_shell.run("case a in a) ;; esac; echo $?")[0] == "0\n"
    assert each_shell.run("case x in esac; echo $?")[0] == "0\n"


def test_multi_line_block_with_newlines_everywhere(each_shell: Box) -> None:
    block = 'case "hello world" in\n  hello*)\n    echo hi\n    echo there\n    ;;\n  *)\n    echo no\nesac\n'
    assert each_shell.run(block) == ("hi\nthere\n", "", 0)


def test_last_branch_needs_no_double_semicolon_and_semicolon_before_it(each_shell: Box) -> None:
    assert each_shell.run("case a in b) echo b;; a) echo a; esac")[0] == "a\n"
    assert each_shell.run("case a in a) echo a; ;; esac")[0] == "a\n"


def test_reserved_words_as_arguments_and_patterns(each_shell: Box) -> None:
    assert each_shell.run("echo case esac in")[0] == "case esac in\n"
    assert each_shell.run("case in in in) echo in;; esac")[0] == "in\n"


def test_case_in_a_loop_and_with_redirects(each_shell: Box) -> None:
    each_shell.run("for f in a.txt b.log c.txt; do case $f in *.txt) echo $f;; esac; done > /tmp/t")
    assert each_shell.run("cat /tmp/t")[0] == "a.txt\nc.txt\n"


def test_bash_fall_through_and_continue_testing(bash: Box) -> None:
    assert bash.run("case a in a) echo 1 ;& b) echo 2 ;; c) echo 3;; esac")[0] == "1\n2\n"
    assert bash.run("case ab in a*) echo 1 ;;& *b) echo 2 ;;& c) echo 3;; esac")[0] == "1\n2\n"


@pytest.mark.parametrize(
    ("source", "expected_bash", "expected_sh"),
    [
        (
            "esac",
            "bash: syntax error near unexpected token `esac'\n",
            'sh: syntax error: unexpected "esac"\n',
        ),
        (
            "case x in a echo;; esac",
            "bash: syntax error near unexpected token `echo'\n",
            'sh: syntax error: unexpected word (expecting ")")\n',
        ),
        (
            "case x in a) echo a b) echo b;; esac",
            "bash: syntax error near unexpected token `)'\n",
            'sh: syntax error: unexpected ")" (expecting ";;")\n',
        ),
        (
            ";;",
            "bash: syntax error near unexpected token `;;'\n",
            'sh: syntax error: unexpected ";;"\n',
        ),
        (
            "case x y",
            "bash: syntax error near unexpected token `y'\n",
            'sh: syntax error: unexpected word (expecting "in")\n',
        ),
        (
            "case",
            "bash: syntax error near unexpected token `newline'\n",
            "sh: syntax error: unexpected newline (expecting word)\n",
        ),
    ],
)
def test_syntax_error_wording(
    bash: Box, ash: Box, source: str, expected_bash: str, expected_sh: str
) -> None:
    assert bash.run(f"{source}\necho next") == ("next\n", expected_bash, 0)
    assert ash.run(source) == ("", expected_sh, 2)


def test_unfinished_case_at_end_of_script(bash: Box, ash: Box) -> None:
    assert bash.run("case x in a) echo a") == (
        "",
        "bash: syntax error: unexpected end of file\n",
        2,
    )
    assert ash.run("case x in a) echo a") == (
        "",
        'sh: syntax error: unexpected end of file (expecting ";;")\n',
        2,
    )


@pytest.mark.parametrize(
    "typed",
    [
        "case $x in",
        "case $x\n",
        "case $x in\n  a)",
        "case $x in\n  a) echo a",
        "case $x in\n  a) echo a\n  ;;",
        "case $x in a) echo a;;",
    ],
)
def test_unfinished_case_asks_for_more(typed: str) -> None:
    assert needs_more(typed)


def test_finished_case_runs() -> None:
    assert not needs_more("case $x in\n  a) echo a\n  ;;\nesac")
    item = parse("case $x in a) echo a;; esac").items[0]
    assert isinstance(item, CommandList)
    assert isinstance(item.items[0][0].first.commands[0], CaseClause)


def test_pasted_block_in_a_terminal(sh: Sh) -> None:
    block = "x=web\ncase $x in\n  web|api)\n    echo service\n    ;;\n  *)\n    echo other\nesac"
    out = sh(block, ok=True)
    assert out.output == "service\n"
    assert stderr(out) == ""


def test_pasted_block_in_a_busybox_container(sh: Sh) -> None:
    sh("docker run -dit --name each_shell alpine", ok=True)
    out = sh(
        "docker exec each_shell sh -c 'case $(cat /etc/hostname) in\n*[0-9a-f]*) echo id;;\nesac'"
    )
    assert (out.output, out.exit_code) == ("id\n", 0)


def test_case_inside_command_substitution(each_shell: Box) -> None:
    assert each_shell.run("v=$(case x in x) echo yes;; esac); echo $v")[0] == "yes\n"
    assert each_shell.run('echo "$(case y in x) echo no;; *) (echo sub);; esac)" after')[0] == (
        "sub after\n"
    )
    assert each_shell.run("echo $(echo case) $(echo esac)")[0] == "case esac\n"
