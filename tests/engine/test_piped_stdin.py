"""Input piped into `docker exec -i` / `docker run -i` reaches the program; without -i it does not."""

from __future__ import annotations

from tests.engine.cmd_support import Sh, stderr, stdout


def test_exec_i_feeds_a_script_to_python_and_cat(sh: Sh) -> None:
    sh("docker run -d --name py python:3.12-slim sleep 1000", ok=True)
    assert sh("echo 'print(6*7)' | docker exec -i py python3", ok=True).output == "42\n"
    assert sh("echo hello | docker exec -i py cat", ok=True).output == "hello\n"
    assert sh("echo 'echo from sh' | docker exec -i py sh", ok=True).output == "from sh\n"
    assert sh("echo hello | docker exec py cat", ok=True).output == ""  # nothing attached
    assert sh("docker exec py true", ok=True).prompt == "$ "  # no REPL was entered


def test_a_sql_file_into_mysql(sh: Sh, clock) -> None:
    sh("docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret mysql:8.0", ok=True)
    clock.advance(30)
    sh("echo 'CREATE DATABASE shop;' > init.sql", ok=True)
    out = sh("docker exec -i db mysql -uroot -psecret < init.sql", ok=True)
    assert (
        stderr(out)
        == "mysql: [Warning] Using a password on the command line interface can be insecure.\n"
    )
    listed = sh("docker exec -i db mysql -uroot -psecret -e 'SHOW DATABASES;'", ok=True)
    assert "shop\n" in stdout(listed)


def test_run_i_feeds_the_main_process(sh: Sh) -> None:
    sh("docker pull -q alpine:3.19", ok=True)
    assert sh("echo hello | docker run -i --rm alpine:3.19 cat", ok=True).output == "hello\n"
    assert sh("echo hello | docker run --rm alpine:3.19 cat", ok=True).output == ""


def test_it_with_a_pipe_is_refused(sh: Sh) -> None:
    sh("docker run -d --name py python:3.12-slim sleep 1000", ok=True)
    for line in (
        "echo hi | docker exec -it py sh",
        "echo hi | docker run -it --rm python:3.12-slim sh",
    ):
        out = sh(line)
        assert (out.exit_code, out.output) == (1, "the input device is not a TTY\n")
