"""Interpreter semantics: pipes, lists, redirections, expansions, variables, lookup, exit."""

from __future__ import annotations

import pytest

from engine.fs import file_node
from engine.shell.testing import Box


@pytest.fixture
def box() -> Box:
    return Box.debian()


@pytest.fixture
def sh() -> Box:
    return Box.alpine()


def test_pipeline_into_grep_head_tail_wc_sort(box: Box) -> None:
    assert box.run("printf 'b\\na\\nc\\n' | sort")[0] == "a\nb\nc\n"
    assert box.run("seq 10 | head -n 3 | tail -1")[0] == "3\n"
    assert box.run("ls /etc | grep host | wc -l")[0] == "2\n"
    assert box.run("seq 5 | sort -rn | head -2")[0] == "5\n4\n"


def test_and_or_and_sequence(box: Box) -> None:
    assert box.run("false && echo no || echo yes; echo end")[0] == "yes\nend\n"
    assert box.run("true && echo a && false || echo b")[0] == "a\nb\n"


def test_status_variable(box: Box) -> None:
    box.run("ls /nope")
    assert box.run("echo $?")[0] == "2\n"
    assert box.run("false; echo $?")[0] == "1\n"


def test_redirections(box: Box) -> None:
    box.run("echo one > /tmp/f; echo two >> /tmp/f")
    assert box.fs.read("/tmp/f") == "one\ntwo\n"
    out, err, code = box.run("cat /nope /tmp/f > /tmp/g 2>&1")
    assert (out, err, code) == ("", "", 1)
    assert box.fs.read("/tmp/g") == "cat: /nope: No such file or directory\none\ntwo\n"
    assert box.run("cat /nope 2>/dev/null")[1] == ""
    assert box.run("cat < /tmp/f | wc -l")[0] == "2\n"
    box.run("ls /nope &> /tmp/h")
    assert box.fs.read("/tmp/h") == "ls: cannot access '/nope': No such file or directory\n"


def test_redirect_into_missing_directory(box: Box, sh: Box) -> None:
    err = box.run('echo "important data" > /data/file.txt')[1]
    assert err == "bash: /data/file.txt: No such file or directory\n"
    assert sh.run("echo x > /data/f")[1] == "sh: can't create /data/f: nonexistent directory\n"


def test_stderr_to_stdout_order_matters(box: Box) -> None:
    out, err, _ = box.run("ls /nope 2>&1 >/dev/null")
    assert out == "ls: cannot access '/nope': No such file or directory\n" and err == ""


def test_command_substitution_and_backticks(box: Box) -> None:
    assert box.run('echo "host: $(cat /etc/hostname)"')[0] == "host: 3f9c2b7a1d4e\n"
    assert box.run("echo `echo a b`")[0] == "a b\n"
    assert box.run("X=$(echo nested $(echo deep)); echo $X")[0] == "nested deep\n"


def test_variables_export_and_env(box: Box) -> None:
    box.run("A=1")
    assert box.run("echo $A ${A} ${B:-dflt} ${#A}")[0] == "1 1 dflt 1\n"
    assert "A=1" not in box.run("env")[0]
    box.run("export A")
    assert "A=1\n" in box.run("env")[0]
    assert box.run("GREETING=hi env | grep GREETING")[0] == "GREETING=hi\n"
    assert box.run("echo ${GREETING:-gone}")[0] == "gone\n"


def test_word_splitting_and_quotes(box: Box) -> None:
    box.run('X="a   b"')
    assert box.run("printf '[%s]' $X")[0] == "[a][b]"
    assert box.run("printf '[%s]' \"$X\"")[0] == "[a   b]"
    assert box.run("printf '[%s]' '' x")[0] == "[][x]"


def test_globs(box: Box) -> None:
    out = box.run("echo /usr/share/nginx/html/*.html")[0]
    assert out == "/usr/share/nginx/html/50x.html /usr/share/nginx/html/index.html\n"
    assert box.run("echo /etc/host?")[0] == "/etc/hosts\n"
    assert box.run("echo /nothing/*.txt")[0] == "/nothing/*.txt\n"
    assert box.run("echo '/etc/*'")[0] == "/etc/*\n"


def test_tilde_and_cd(box: Box) -> None:
    assert box.run("cd ~ && pwd")[0] == "/root\n"
    assert box.run("cd /usr/share; cd ..; pwd")[0] == "/usr\n"
    assert box.run("cd -")[0] == "/usr/share\n"
    assert box.run("cd /nope")[1] == "bash: cd: /nope: No such file or directory\n"
    assert box.run("cd /etc/hosts")[1] == "bash: cd: /etc/hosts: Not a directory\n"


def test_cd_busybox_wording(sh: Box) -> None:
    assert sh.run("cd /nope")[1] == "sh: cd: can't cd to /nope: No such file or directory\n"


def test_command_lookup(box: Box, sh: Box) -> None:
    assert box.run("nosuch")[1:] == ("bash: nosuch: command not found\n", 127)
    assert sh.run("nosuch")[1:] == ("sh: nosuch: not found\n", 127)
    assert box.run("/etc")[1:] == ("bash: /etc: Is a directory\n", 126)
    assert box.run("./missing.sh")[1:] == ("bash: ./missing.sh: No such file or directory\n", 127)


def test_scripts_need_exec_bit_and_run_through_the_shell(box: Box) -> None:
    box.fs.write("/app/run.sh", "#!/bin/sh\necho from script $1\nexit 4\n")
    assert box.run("cd /app; ./run.sh")[1:] == ("bash: ./run.sh: Permission denied\n", 126)
    box.fs.put_node(
        "/app/run.sh", file_node("#!/bin/sh\necho from script $1\nexit 4\n", mode=0o755)
    )
    assert box.run("./run.sh arg")[0::2] == ("from script arg\n", 4)
    assert box.last is not None and not box.last.exited


def test_external_commands_are_consulted(box: Box) -> None:
    box.externals["docker"] = lambda p: p.out("docker " + " ".join(p.argv[1:]) + "\n") or 0
    assert box.run("docker ps | grep ps")[0] == "docker ps\n"


def test_exit_ends_the_shell(box: Box) -> None:
    _out, err, code = box.run("exit 3", terminal=True)
    assert code == 3 and err == "exit\n"
    assert box.last is not None and box.last.exited and box.last.exit_status == 3


def test_exit_inside_substitution_does_not_end_the_shell(box: Box) -> None:
    box.run("echo $(exit 5)")
    assert box.last is not None and not box.last.exited


def test_heredoc_feeds_stdin_with_expansion(box: Box) -> None:
    box.run("cat > /tmp/page.html <<EOF\n<h1>$HOSTNAME</h1>\nEOF")
    assert box.fs.read("/tmp/page.html") == "<h1>3f9c2b7a1d4e</h1>\n"
    box.run("cat > /tmp/raw <<'EOF'\n$HOME\nEOF")
    assert box.fs.read("/tmp/raw") == "$HOME\n"


def test_pasted_block_runs_in_order(box: Box) -> None:
    out = box.run("mkdir /tmp/d\ncd /tmp/d\ntouch a b\nls")[0]
    assert out == "a\nb\n"


def test_syntax_errors_exit_2(box: Box) -> None:
    assert box.run("| ls")[1:] == ("bash: syntax error near unexpected token `|'\n", 2)


def test_unterminated_heredoc_warns_like_bash(box: Box) -> None:
    out, err, _ = box.run("cat <<EOF\nabc")
    assert out == "abc\n"
    assert err == "bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\n"


def test_loops_and_if(box: Box) -> None:
    assert box.run("for f in a b; do echo $f; done")[0] == "a\nb\n"
    assert box.run("if [ -d /etc ]; then echo dir; else echo no; fi")[0] == "dir\n"
    assert box.run("i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i")[0] == "3\n"


def test_runaway_loops_are_stopped(box: Box) -> None:
    out, err, code = box.run("while true; do :; done; echo after")
    assert (out, err, code) == ("", "bash: too many commands in one line; stopped\n", 1)
    assert box.run("echo still here")[0] == "still here\n"
    box.lang = "zh-hans"
    assert box.run("while :; do :; done")[1] == "bash: 一行中执行的命令太多，已停止\n"
    assert box.run("yes | head -2")[0] == "y\ny\n"


def test_command_budget(box: Box) -> None:
    _, err, code = box.run("for i in $(seq 900); do for j in 1 2 3; do :; done; done")
    assert err == "bash: too many commands in one line; stopped\n" and code == 1


def test_alias_and_type(box: Box) -> None:
    box.run("alias ll='ls -l'")
    assert box.run("type ll")[0] == "ll is aliased to `ls -l'\n"
    assert box.run("ll /etc/hostname")[0].startswith("-rw-r--r-- 1 root root 13 ")
    assert box.run("type cd ls")[0] == "cd is a shell builtin\nls is /usr/bin/ls\n"


def test_history_and_clear(box: Box) -> None:
    box.run("echo a")
    assert box.run("history")[0] == "    1  echo a\n    2  history\n"
    box.run("clear", terminal=True)
    assert box.last is not None and box.last.clear
    assert box.run("clear > /tmp/c")[0] == "" and box.fs.read("/tmp/c") == "\x1b[H\x1b[2J\x1b[3J"


def test_read_builtin(box: Box) -> None:
    assert box.run("echo 'x y z' | { read a b; echo $b; }")[0] == "y z\n"


def test_test_builtin(box: Box) -> None:
    assert box.run("[ -f /etc/hosts ] && echo yes")[0] == "yes\n"
    assert box.run("[ 1 -eq 1")[1:] == ("bash: [: missing `]'\n", 2)
    assert box.run("test abc = abc; echo $?")[0] == "0\n"


def test_shell_state_survives_between_lines_of_a_terminal() -> None:
    from engine import Engine

    engine = Engine(seed="s", clock=lambda: 1.75e9)
    for line in ["X=5", "alias hi='echo hello'", "false"]:
        engine.execute(line)
    assert engine.execute("echo $? $X; hi").output == "1 5\nhello\n"
    assert engine.execute("env | grep -c X").output == "0\n"


def test_brace_expansion(box: Box, sh: Box) -> None:
    assert box.run("echo a{b,c}d {1..3} '{x,y}'")[0] == "abd acd 1 2 3 {x,y}\n"
    box.run("mkdir -p /app/{src,tests}")
    assert box.run("ls /app")[0] == "src\ntests\n"
    assert sh.run("echo {a,b}")[0] == "{a,b}\n"


def test_doubling_a_variable_stops_at_the_expansion_limit(box: Box) -> None:
    out, err, status = box.run("x=a; for i in $(seq 30); do x=$x$x; done; echo ${#x}")
    assert (out, err, status) == (
        "",
        "bash: playground limit: a command may expand to at most 1 MB; stopped\n",
        1,
    )
    assert box.run("echo still here")[0] == "still here\n"
