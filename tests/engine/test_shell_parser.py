"""Parser: quoting, expansions kept for later, heredocs, continuations, syntax errors."""

from __future__ import annotations

import pytest

from engine.shell.parser import (
    CmdSub,
    CommandList,
    ForLoop,
    Lit,
    Param,
    ShellSyntaxError,
    Simple,
    needs_more,
    parse,
)


def simple(source: str, index: int = 0) -> Simple:
    item = parse(source).items[index]
    assert isinstance(item, CommandList)
    cmd = item.items[0][0].first.commands[0]
    assert isinstance(cmd, Simple)
    return cmd


def error(source: str) -> ShellSyntaxError:
    item = parse(source).items[-1]
    assert isinstance(item, ShellSyntaxError)
    return item


def test_quotes_and_escapes_become_quoted_literals() -> None:
    cmd = simple("echo 'a b' \"c d\" e\\ f")
    assert cmd.words[1] == (Lit("a b", True),)
    assert cmd.words[2] == (Lit("c d", True),)
    assert cmd.words[3] == (Lit("e", False), Lit(" ", True), Lit("f", False))


def test_expansions_are_parts() -> None:
    cmd = simple('echo "$HOME/x" ${A:-d} $(ls -l) `pwd` $?')
    assert cmd.words[1] == (Param("HOME", True), Lit("/x", True))
    assert cmd.words[2] == (Param("A", False, ":-", (Lit("d"),)),)
    assert cmd.words[3] == (CmdSub("ls -l"),)
    assert cmd.words[4] == (CmdSub("pwd"),)
    assert cmd.words[5] == (Param("?"),)


def test_nested_command_substitution_keeps_inner_source() -> None:
    cmd = simple('echo $(echo "$(echo a)")')
    assert cmd.words[1] == (CmdSub('echo "$(echo a)"'),)


def test_assignments_and_redirections() -> None:
    cmd = simple("A=1 B=2 env > out 2>&1")
    assert [a[0] for a in cmd.assigns] == ["A", "B"]
    assert [(r.op, r.fd) for r in cmd.redirects] == [(">", None), (">&", 2)]


def test_heredoc_body_comes_from_following_lines() -> None:
    parsed = parse("cat <<EOF\nhello $X\nEOF\necho after")
    assert len(parsed.items) == 2
    first = parsed.items[0]
    assert isinstance(first, CommandList)
    cmd = first.items[0][0].first.commands[0]
    assert isinstance(cmd, Simple)
    doc = cmd.redirects[0].heredoc
    assert doc is not None and doc.body == "hello $X\n" and not doc.quoted


def test_quoted_heredoc_and_tab_stripping() -> None:
    cmd = simple("cat <<-'END'\n\tkeep $X\n\tEND\n")
    doc = cmd.redirects[0].heredoc
    assert doc is not None and doc.quoted and doc.body == "keep $X\n"


def test_continuation_joins_lines() -> None:
    cmd = simple("docker run -d \\\n  --name web \\\n  nginx")
    assert len(cmd.words) == 6


def test_comments_are_ignored() -> None:
    cmd = simple("echo hi # not this")
    assert len(cmd.words) == 2


def test_pasted_block_gives_one_item_per_line() -> None:
    assert len(parse("echo a\necho b\n\necho c").items) == 3


def test_for_loop() -> None:
    item = parse("for i in 1 2; do echo $i; done").items[0]
    assert isinstance(item, CommandList)
    assert isinstance(item.items[0][0].first.commands[0], ForLoop)


@pytest.mark.parametrize(
    ("source", "bash", "sh"),
    [
        (
            "| ls",
            "bash: syntax error near unexpected token `|'",
            'sh: syntax error: unexpected "|"',
        ),
        (
            "ls && && ls",
            "bash: syntax error near unexpected token `&&'",
            'sh: syntax error: unexpected "&&"',
        ),
        (
            "echo >",
            "bash: syntax error near unexpected token `newline'",
            "sh: syntax error: unexpected newline",
        ),
        (
            'echo "abc',
            "bash: unexpected EOF while looking for matching `\"'",
            "sh: syntax error: unterminated quoted string",
        ),
        (
            "echo 'abc",
            "bash: unexpected EOF while looking for matching `''",
            "sh: syntax error: unterminated quoted string",
        ),
        (
            "ls |",
            "bash: syntax error: unexpected end of file",
            "sh: syntax error: unexpected end of file",
        ),
    ],
)
def test_syntax_error_wording(source: str, bash: str, sh: str) -> None:
    err = error(source)
    assert err.message("bash") == bash
    assert err.message("sh") == sh


def test_error_on_one_line_does_not_drop_the_next() -> None:
    items = parse("| bad\necho ok").items
    assert isinstance(items[0], ShellSyntaxError)
    assert isinstance(items[1], CommandList)


def test_needs_more() -> None:
    assert needs_more('echo "abc')
    assert needs_more("cat <<EOF\nline")
    assert needs_more("docker run \\")
    assert needs_more("ls &&")
    assert not needs_more("echo done")


def test_hostile_input_is_bounded() -> None:
    parsed = parse("a|" * 5000 + "b")
    assert isinstance(parsed.items[-1], ShellSyntaxError)
