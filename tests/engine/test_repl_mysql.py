"""The mysql monitor (`docker exec -it db mysql ...`): engine/repl/mysql.py and engine/binaries.py."""

from __future__ import annotations

import pytest

from engine import Engine, repl
from engine.io import BufferStream
from tests.engine.cmd_support import Sh, stderr, stdout

BANNER_END = "Type 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.\n\n"


def current_prompt(engine: Engine) -> str:
    frame = engine.state.terminals["main"].stack[-1]
    return repl.prompt(frame.shell, frame) if frame.shell not in ("bash", "sh") else "$ "


@pytest.fixture
def db(sh: Sh) -> None:
    sh(
        "docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret -v dbdata:/var/lib/mysql mysql:8.0",
        ok=True,
    )


def test_monitor_banner_and_prompt(db: None, sh: Sh, engine: Engine) -> None:
    out = sh("docker exec -it db mysql -uroot -psecret", ok=True)
    assert stderr(out) == (
        "mysql: [Warning] Using a password on the command line interface can be insecure.\n"
    )
    text = stdout(out)
    assert text.startswith(
        "Welcome to the MySQL monitor.  Commands end with ; or \\g.\n"
        "Your MySQL connection id is 8\n"
        "Server version: 8.0.39 MySQL Community Server - GPL\n"
    )
    assert text.endswith(BANNER_END)
    assert current_prompt(engine) == "mysql> "
    assert sh("exit").output == "Bye\n"
    assert current_prompt(engine) == "$ "
    again = sh("docker exec -it db mysql -uroot -psecret", ok=True)
    assert "Your MySQL connection id is 9\n" in stdout(again)


def test_statements(db: None, sh: Sh, engine: Engine) -> None:
    sh("docker exec -it db mysql -uroot -psecret", ok=True)
    assert sh("SHOW DATABASES;", ok=True).output == (
        "+--------------------+\n"
        "| Database           |\n"
        "+--------------------+\n"
        "| information_schema |\n"
        "| mysql              |\n"
        "| performance_schema |\n"
        "| sys                |\n"
        "+--------------------+\n"
        "4 rows in set (0.00 sec)\n\n"
    )
    assert sh("CREATE DATABASE shop;", ok=True).output == (
        "Query OK, 1 row affected (0.01 sec)\n\n"
    )
    again = sh("CREATE DATABASE shop;")
    assert (again.exit_code, again.output) == (
        1,
        "ERROR 1007 (HY000): Can't create database 'shop'; database exists\n",
    )
    assert sh("USE shop;", ok=True).output == "Database changed\n"
    assert sh("USE nope;").output == "ERROR 1049 (42000): Unknown database 'nope'\n"
    assert sh("SELECT 1;", ok=True).output == (
        "+---+\n| 1 |\n+---+\n| 1 |\n+---+\n1 row in set (0.00 sec)\n\n"
    )
    assert "| shop       |" in sh("SELECT DATABASE();", ok=True).output
    assert sh("SHOW TABLES;", ok=True).output == "Empty set (0.00 sec)\n\n"
    assert sh("blah;").output == (
        "ERROR 1064 (42000): You have an error in your SQL syntax; check the manual that "
        "corresponds to your MySQL server version for the right syntax to use near 'blah' "
        "at line 1\n"
    )
    assert sh(";").output == "ERROR: \nNo query specified\n\n"
    assert sh("\\q").output == "Bye\n"


def test_statement_spanning_lines(db: None, sh: Sh, engine: Engine) -> None:
    sh("docker exec -it db mysql -uroot -psecret", ok=True)
    assert sh("SELECT", ok=True).output == ""
    assert current_prompt(engine) == "    -> "
    assert sh("1 + 1 AS two", ok=True).output == ""
    assert sh(";", ok=True).output == (
        "+-----+\n| two |\n+-----+\n|   2 |\n+-----+\n1 row in set (0.00 sec)\n\n"
    )
    assert current_prompt(engine) == "mysql> "
    sh("SELECT 1")
    assert sh("\\c").output == ""  # clears the statement being typed
    assert current_prompt(engine) == "mysql> "
    assert sh("quit").output == "Bye\n"


def test_password_asked_on_next_line(db: None, sh: Sh, engine: Engine) -> None:
    out = sh("docker exec -it db mysql -uroot -p", ok=True)
    assert out.output == "Enter password: "
    assert current_prompt(engine) == ""
    welcome = sh("secret", ok=True)
    assert welcome.output.startswith("Welcome to the MySQL monitor.")
    assert current_prompt(engine) == "mysql> "
    sh("exit", ok=True)
    sh("docker exec -it db mysql -uroot -p", ok=True)
    denied = sh("wrong")
    assert (denied.exit_code, denied.output) == (
        1,
        "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)\n",
    )
    assert current_prompt(engine) == "$ "


def test_wrong_password_returns_to_shell(db: None, sh: Sh, engine: Engine) -> None:
    out = sh("docker exec -it db mysql -uroot -pnope")
    assert out.exit_code == 1
    assert stderr(out).endswith(
        "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)\n"
    )
    assert current_prompt(engine) == "$ "
    assert engine.state.terminals["main"].stack[-1].kind == "host"


def test_databases_live_in_the_volume(db: None, sh: Sh, engine: Engine) -> None:
    sh("docker exec -it db mysql -uroot -psecret", ok=True)
    sh("CREATE DATABASE shop;", ok=True)
    sh("exit", ok=True)
    listing = sh("docker exec db ls /var/lib/mysql", ok=True).output.split()
    assert "shop" in listing
    sh("docker rm -f db", ok=True)
    sh(
        "docker run -d --name db2 -e MYSQL_ROOT_PASSWORD=secret -v dbdata:/var/lib/mysql mysql:8.0",
        ok=True,
    )
    shown = sh("docker exec db2 mysql -uroot -psecret -e 'SHOW DATABASES'", ok=True)
    assert stdout(shown) == ("Database\ninformation_schema\nmysql\nperformance_schema\nshop\nsys\n")


def test_drop_database(db: None, sh: Sh) -> None:
    sh("docker exec -it db mysql -uroot -psecret", ok=True)
    sh("CREATE DATABASE tmp;", ok=True)
    assert sh("DROP DATABASE tmp;", ok=True).output == "Query OK, 0 rows affected (0.01 sec)\n\n"
    assert sh("DROP DATABASE tmp;").output == (
        "ERROR 1008 (HY000): Can't drop database 'tmp'; database doesn't exist\n"
    )


def test_session_survives_dump_and_load(db: None, sh: Sh, engine: Engine, clock) -> None:
    sh("docker exec -it db mysql -uroot -psecret", ok=True)
    sh("USE mysql;", ok=True)
    sh("SELECT")
    restored = Engine.load(engine.dump(), clock=clock)
    out = restored.execute("DATABASE();")
    assert "| mysql      |" in out.output


def test_ctrl_c_clears_the_statement(db: None, sh: Sh, engine: Engine) -> None:
    sh("docker exec -it db mysql -uroot -psecret", ok=True)
    sh("SELECT")
    assert current_prompt(engine) == "    -> "
    frame = engine.state.terminals["main"].stack[-1]
    ctx = repl.ReplContext(engine.daemon, engine.state.containers[frame.container], frame)
    out = BufferStream()
    result = repl.interrupt("mysql", out, ctx)
    assert (result.exited, out.getvalue()) == (False, "")
    assert current_prompt(engine) == "mysql> "  # the monitor stays; the statement is gone
    assert sh("SELECT 2;", ok=True).output.endswith("1 row in set (0.00 sec)\n\n")
