"""Healthchecks: `--health-*` flags, Dockerfile HEALTHCHECK, the state machine in simulated time,
and what shows it (ps STATUS and filters, inspect State.Health, events)."""

from __future__ import annotations

import json

from engine import Engine
from tests.engine.cmd_support import Sh, stderr, stdout
from tests.engine.conftest import START, Clock

CURL = "curl -fs http://localhost/ > /dev/null"


def run(sh: Sh, flags: str, image: str = "nginx", name: str = "web") -> None:
    sh("docker pull -q nginx", ok=True)
    sh(f"docker run -d --name {name} {flags} {image}", ok=True)


def inspect(sh: Sh, template: str, name: str = "web") -> str:
    return sh(f"docker inspect -f '{template}' {name}", ok=True).output.rstrip("\n")


def health(sh: Sh, name: str = "web") -> dict:
    return json.loads(inspect(sh, "{{json .State.Health}}", name))


def status_column(sh: Sh) -> str:
    return sh("docker ps -a --format '{{.Names}} {{.Status}}'", ok=True).output


# -- configuration ------------------------------------------------------------------------


def test_run_flags_become_the_container_healthcheck(sh: Sh) -> None:
    run(
        sh,
        f"--health-cmd '{CURL}' --health-interval 1m30s --health-timeout 3s "
        "--health-retries 5 --health-start-period 10s --health-start-interval 2s",
    )
    assert inspect(sh, "{{json .Config.Healthcheck}}") == (
        '{"Test":["CMD-SHELL","curl -fs http://localhost/ > /dev/null"],'
        '"Interval":90000000000,"Timeout":3000000000,"StartPeriod":10000000000,'
        '"StartInterval":2000000000,"Retries":5}'
    )
    # Go's field order: Healthcheck sits between Cmd and Image in the container config.
    keys = list(json.loads(inspect(sh, "{{json .Config}}")))
    assert keys[keys.index("Cmd") + 1] == "Healthcheck"


def test_catalog_images_have_no_healthcheck(sh: Sh) -> None:
    run(sh, "")
    assert "Healthcheck" not in json.loads(inspect(sh, "{{json .Config}}"))
    out = sh("docker inspect -f '{{.State.Health.Status}}' web")
    assert out.exit_code == 64
    assert out.output == (
        'template parsing error: template: :1:2: executing "" at <.State.Health.Status>: '
        'map has no entry for key "Health"\n'
    )
    assert status_column(sh).startswith("web Up Less than a second\n")


def test_flag_errors_are_the_clis_and_the_daemons(sh: Sh) -> None:
    sh("docker pull -q nginx", ok=True)
    conflict = sh("docker run -d --no-healthcheck --health-cmd true nginx")
    assert (conflict.exit_code, stderr(conflict)) == (
        125,
        "docker: --no-healthcheck conflicts with --health-* options.\nSee 'docker run --help'.\n",
    )
    negative = sh("docker create --health-retries -1 nginx")
    assert stderr(negative) == (
        "docker: --health-retries cannot be negative.\nSee 'docker create --help'.\n"
    )
    tiny = sh("docker run -d --health-cmd true --health-timeout 10us nginx")
    assert (tiny.exit_code, stderr(tiny)) == (
        125,
        "docker: Error response from daemon: Timeout in Healthcheck cannot be less than 1ms.\n"
        "See 'docker run --help'.\n",
    )
    assert sh("docker ps -aq", ok=True).output == ""


def build(sh: Sh, dockerfile: str, tag: str = "hc") -> str:
    sh("mkdir -p ~/hc && cd ~/hc", ok=True)
    sh(f"cat > Dockerfile <<'EOF'\n{dockerfile}EOF", ok=True)
    return sh(f"docker build -q -t {tag} .").output


def test_dockerfile_healthcheck_is_stored_and_inherited(sh: Sh) -> None:
    sh("docker pull -q nginx", ok=True)
    build(
        sh,
        "FROM nginx\n"
        "HEALTHCHECK --interval=5s --timeout=3s --retries=3 CMD curl -f http://localhost/ || exit 1\n",
    )
    image = sh("docker image inspect -f '{{json .Config.Healthcheck}}' hc", ok=True).output
    assert image == (
        '{"Test":["CMD-SHELL","curl -f http://localhost/ || exit 1"],'
        '"Interval":5000000000,"Timeout":3000000000,"Retries":3}\n'
    )
    history = sh("docker history --no-trunc --format '{{.CreatedBy}}' hc", ok=True).output
    assert history.split("\n")[0] == (
        'HEALTHCHECK &{["CMD-SHELL" "curl -f http://localhost/ || exit 1"] '
        '"5s" "3s" "0s" "0s" \'\\x03\'}'
    )
    sh("docker run -d --name web hc", ok=True)
    assert inspect(sh, "{{json .Config.Healthcheck}}") + "\n" == image
    # A flag overrides one field; the rest still comes from the image.
    sh("docker run -d --name fast --health-interval 1s hc", ok=True)
    assert json.loads(inspect(sh, "{{json .Config.Healthcheck}}", "fast")) == {
        "Test": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"],
        "Interval": 1_000_000_000,
        "Timeout": 3_000_000_000,
        "Retries": 3,
    }
    # `--no-healthcheck` sends Test NONE; the daemon's merge still fills the other fields.
    sh("docker run -d --name off --no-healthcheck hc", ok=True)
    assert inspect(sh, "{{json .Config.Healthcheck}}", "off") == (
        '{"Test":["NONE"],"Interval":5000000000,"Timeout":3000000000,"Retries":3}'
    )
    assert status_column(sh).startswith(
        "off Up Less than a second\n"
        "fast Up Less than a second (health: starting)\n"
        "web Up Less than a second (health: starting)\n"
    )


def test_dockerfile_healthcheck_exec_form_and_none(sh: Sh) -> None:
    sh("docker pull -q nginx", ok=True)
    build(sh, 'FROM nginx\nHEALTHCHECK --start-period=1m30s CMD ["curl", "-f", "localhost"]\n')
    assert sh("docker image inspect -f '{{json .Config.Healthcheck}}' hc", ok=True).output == (
        '{"Test":["CMD","curl","-f","localhost"],"StartPeriod":90000000000}\n'
    )
    build(sh, "FROM hc\nHEALTHCHECK NONE\n", tag="quiet")
    history = sh("docker history --no-trunc --format '{{.CreatedBy}}' quiet", ok=True).output
    assert history.split("\n")[0] == 'HEALTHCHECK &{["NONE"] "0s" "0s" "0s" "0s" \'\\x00\'}'
    sh("docker run -d --name web quiet", ok=True)
    assert inspect(sh, "{{json .State}}").count("Health") == 0


def test_dockerfile_healthcheck_errors(sh: Sh) -> None:
    sh("docker pull -q nginx", ok=True)
    for line, message in (
        ("HEALTHCHECK FOO bar", 'Unknown type "FOO" in HEALTHCHECK (try CMD)'),
        ("HEALTHCHECK CMD", "Missing command after HEALTHCHECK CMD"),
        ("HEALTHCHECK NONE now", "HEALTHCHECK NONE takes no arguments"),
        ("HEALTHCHECK --interval=10us CMD true", 'Interval "interval" cannot be less than 1ms'),
        ("HEALTHCHECK --retries=-1 CMD true", "--retries cannot be negative (-1)"),
    ):
        output = build(sh, f"FROM nginx\n{line}\n", tag="bad")
        assert output.endswith(
            f"   2 | >>> {line}\n--------------------\n"
            f"ERROR: failed to solve: dockerfile parse error on line 2: {message}\n"
        ), output


# -- the state machine --------------------------------------------------------------------


def test_starting_then_healthy_after_the_interval(sh: Sh, clock: Clock) -> None:
    run(sh, f"--health-cmd '{CURL}' --health-interval 10s")
    assert inspect(sh, "{{.State.Health.Status}}") == "starting"
    assert health(sh) == {"Status": "starting", "FailingStreak": 0, "Log": []}
    clock.advance(9)
    assert status_column(sh) == "web Up 9 seconds (health: starting)\n"
    clock.advance(1)
    out = sh("docker ps --format '{{.Status}}'", ok=True)
    assert out.output == "Up 10 seconds (healthy)\n"
    cid = inspect(sh, "{{.Id}}")
    health_events = [e.data for e in out.events if e.kind == "container.health"]
    assert health_events == [{"container": cid, "name": "web", "status": "healthy"}]
    assert [e.kind for e in out.events] == ["container.health"]  # the probe's request is not
    assert health(sh) == {
        "Status": "healthy",
        "FailingStreak": 0,
        "Log": [
            {
                "Start": "2025-06-15T15:06:50.000000000Z",
                "End": "2025-06-15T15:06:50.030000000Z",
                "ExitCode": 0,
                "Output": "",
            }
        ],
    }
    # No change, no event.
    clock.advance(10)
    assert not [e for e in sh("docker ps", ok=True).events if e.kind == "container.health"]


def test_unhealthy_after_retries_consecutive_failures(sh: Sh, clock: Clock) -> None:
    run(sh, "--health-cmd 'exit 1' --health-interval 5s --health-retries 2")
    clock.advance(5)
    assert health(sh)["Status"] == "starting"
    assert health(sh)["FailingStreak"] == 1
    clock.advance(5)
    assert status_column(sh) == "web Up 10 seconds (unhealthy)\n"
    assert health(sh)["FailingStreak"] == 2


def test_host_sleep_moves_time_and_every_boundary_counts(sh: Sh) -> None:
    run(sh, "--health-cmd 'pg_isready' --health-interval 30s")
    sh("sleep 75", ok=True)  # probes at 30s and 60s
    state = health(sh)
    assert (state["Status"], state["FailingStreak"]) == ("starting", 2)
    assert [entry["Output"] for entry in state["Log"]] == ["sh: pg_isready: not found\n"] * 2
    assert {entry["ExitCode"] for entry in state["Log"]} == {127}
    sh("sleep 3600", ok=True)
    state = health(sh)
    assert (state["Status"], state["FailingStreak"]) == ("unhealthy", 122)
    # Docker keeps the last five results.
    assert [entry["Start"][11:19] for entry in state["Log"]] == [
        "16:05:40",
        "16:06:10",
        "16:06:40",
        "16:07:10",
        "16:07:40",
    ]


def test_one_probe_per_container_per_command(sh: Sh) -> None:
    run(sh, f"--health-cmd '{CURL}' --health-interval 30s")
    sh("sleep 300", ok=True)
    assert len(health(sh)["Log"]) == 5
    requests = [
        line for line in sh("docker logs web", ok=True).output.split("\n") if "GET /" in line
    ]
    assert len(requests) == 1  # ten boundaries passed, nginx saw one request


def test_exec_form_with_a_missing_program_cannot_start(sh: Sh, clock: Clock) -> None:
    sh("docker pull -q nginx", ok=True)
    build(sh, 'FROM nginx\nHEALTHCHECK --interval=2s --retries=1 CMD ["pg_isready"]\n')
    sh("docker run -d --name web hc", ok=True)
    clock.advance(2)
    state = health(sh)
    assert state["Status"] == "unhealthy"
    assert state["Log"][0]["ExitCode"] == -1
    assert state["Log"][0]["Output"] == (
        "OCI runtime exec failed: exec failed: unable to start container process: exec: "
        '"pg_isready": executable file not found in $PATH: unknown'
    )


def test_start_period_failures_do_not_count(sh: Sh, clock: Clock) -> None:
    run(
        sh,
        "--health-cmd 'exit 1' --health-interval 10s --health-retries 1 "
        "--health-start-period 30s --health-start-interval 2s",
    )
    clock.advance(29)
    state = health(sh)  # probes every 2s inside the start period, none counted
    assert (state["Status"], state["FailingStreak"], len(state["Log"])) == ("starting", 0, 5)
    assert state["Log"][-1]["Start"] == "2025-06-15T15:07:08.000000000Z"
    clock.advance(1)
    assert health(sh)["Status"] == "unhealthy"


def test_redis_and_mysql_probes_pass(sh: Sh, clock: Clock) -> None:
    sh("docker pull -q redis && docker pull -q mysql", ok=True)
    sh(
        "docker run -d --name cache --health-cmd 'redis-cli ping' --health-interval 1s redis",
        ok=True,
    )
    sh(
        "docker run -d --name db -e MYSQL_ROOT_PASSWORD=pw --health-interval 1s "
        "--health-cmd 'mysqladmin ping -h localhost' mysql",
        ok=True,
    )
    clock.advance(1)
    assert sh("docker ps --format '{{.Names}} {{.Status}}'", ok=True).output == (
        "db Up 1 second (healthy)\ncache Up 1 second (healthy)\n"
    )
    assert health(sh, "cache")["Log"][0]["Output"] == "PONG\n"


def test_stop_keeps_the_status_and_start_resets_it(sh: Sh, clock: Clock) -> None:
    run(sh, "--health-cmd true --health-interval 1s")
    clock.advance(1)
    sh("docker stop web", ok=True)
    assert status_column(sh) == "web Exited (0) Less than a second ago\n"
    assert health(sh)["Status"] == "healthy"
    assert sh("docker ps -a --filter health=healthy -q", ok=True).output != ""
    sh("docker start web", ok=True)
    state = health(sh)
    assert (state["Status"], len(state["Log"])) == ("starting", 1)  # the Log survives


def test_paused_containers_are_not_probed(sh: Sh, clock: Clock) -> None:
    run(sh, "--health-cmd true --health-interval 10s")
    sh("docker pause web", ok=True)
    clock.advance(60)
    assert status_column(sh) == "web Up About a minute (Paused)\n"
    sh("docker unpause web", ok=True)
    clock.advance(9)
    assert health(sh)["Status"] == "starting"
    clock.advance(1)
    assert health(sh)["Status"] == "healthy"


def test_ps_filter_by_health(sh: Sh, clock: Clock) -> None:
    run(sh, "--health-cmd true --health-interval 1s", name="good")
    sh("docker run -d --name bad --health-cmd false --health-interval 1s --health-retries 1 nginx")
    sh("docker run -d --name slow --health-cmd true nginx", ok=True)
    sh("docker run -d --name plain nginx", ok=True)
    clock.advance(1)
    names = {
        value: sh(f"docker ps --filter health={value} --format '{{{{.Names}}}}'", ok=True).output
        for value in ("healthy", "unhealthy", "starting", "none")
    }
    assert names == {
        "healthy": "good\n",
        "unhealthy": "bad\n",
        "starting": "slow\n",
        "none": "plain\n",
    }
    wrong = sh("docker ps --filter health=sick")
    assert (wrong.exit_code, wrong.output) == (
        1,
        "Error response from daemon: Unrecognised filter value for health: sick\n",
    )


def test_probe_output_is_capped_at_4096_bytes(sh: Sh, clock: Clock) -> None:
    run(sh, "--health-cmd 'seq 2000' --health-interval 1s")
    clock.advance(1)
    output = health(sh)["Log"][0]["Output"]
    full = "".join(f"{n}\n" for n in range(1, 2001))
    assert output == full[:4096] + "..."


def test_health_survives_dump_and_load(engine: Engine, sh: Sh, clock: Clock) -> None:
    run(sh, "--health-cmd true --health-interval 5s")
    clock.advance(5)
    sh("docker ps", ok=True)
    again = Engine.load(engine.dump(), clock=clock)
    out = again.execute("docker ps --format '{{.Status}}'", "main")
    assert stdout(out) == "Up 5 seconds (healthy)\n"
    assert (
        again.state.containers[next(iter(again.state.containers))].health["Log"][0]["Start"]
        == START + 5
    )


def test_a_probe_that_breaks_fails_without_breaking_commands(
    sh: Sh, clock: Clock, monkeypatch
) -> None:
    from engine.daemon import execs

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("shell bug")

    run(sh, "--health-cmd true --health-interval 1s --health-retries 1")
    monkeypatch.setattr(execs, "run_in_container", broken)
    clock.advance(1)
    assert status_column(sh) == "web Up 1 second (unhealthy)\n"
    assert health(sh)["Log"][0]["ExitCode"] == -1
