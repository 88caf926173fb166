"""Container healthchecks: the `HEALTHCHECK` probe and Docker's health state machine.

A container whose config has a ``Healthcheck`` test gets ``Container.health`` when it starts:
Docker's ``State.Health`` ({Status, FailingStreak, Log}) plus ``next``, when the next probe is
due in simulated time. ``settle`` runs the probe only once simulated time has passed that
moment, and then at most once per container per call: the simulated world does not change
between two commands, so one probe's result stands for every interval boundary that passed
(each still gets its Log entry and counts towards the failing streak, as in moby's
``daemon/health.go``). Durations in configs are nanoseconds, as Docker stores them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from engine.daemon.core import DaemonError
from engine.io import BufferStream
from engine.messages import text
from engine.model import Container

if TYPE_CHECKING:
    from engine.daemon.core import Daemon

NS = 1_000_000_000
DEFAULT_INTERVAL = 30.0  # seconds between probes; also the wait before the first one
DEFAULT_START_INTERVAL = 5.0  # between probes during the start period
DEFAULT_RETRIES = 3
MAX_LOG = 5  # results kept in State.Health.Log
MAX_OUTPUT = 4096  # bytes of probe output kept; more is cut and "..." appended
PROBE_SECONDS = 0.03  # how long a simulated probe takes (Start to End in the Log)
MINIMUM = "1ms"  # moby's container.MinimumDuration, as its errors print it
FIELDS = ("Test", "Interval", "Timeout", "StartPeriod", "StartInterval", "Retries")
STATUSES = ("starting", "healthy", "unhealthy", "none")


# -- configs ------------------------------------------------------------------------------


def make_config(
    test: list[str] | None,
    *,
    interval: float = 0.0,
    timeout: float = 0.0,
    start_period: float = 0.0,
    start_interval: float = 0.0,
    retries: int = 0,
) -> dict[str, Any]:
    """A HealthConfig as the API stores it: durations in ns, zero fields left out (omitempty)."""
    values: dict[str, Any] = {
        "Test": test or None,
        "Interval": round(interval * NS),
        "Timeout": round(timeout * NS),
        "StartPeriod": round(start_period * NS),
        "StartInterval": round(start_interval * NS),
        "Retries": retries,
    }
    return {key: value for key, value in values.items() if value}


def merge(user: dict[str, Any] | None, image: dict[str, Any] | None) -> dict[str, Any] | None:
    """The daemon's merge at create: what the user left unset comes from the image."""
    if user is None:
        return dict(image) if image else None
    merged = {key: user.get(key) or (image or {}).get(key) for key in FIELDS}
    return {key: value for key, value in merged.items() if value}


def validate(check: dict[str, Any] | None) -> None:
    """moby's validateHealthCheck: nonzero durations of at least 1ms, retries not negative."""
    if not check:
        return
    for key in ("Interval", "Timeout"):
        if 0 < check.get(key, 0) < NS // 1000:
            raise DaemonError(f"{key} in Healthcheck cannot be less than {MINIMUM}")
    if check.get("Retries", 0) < 0:
        raise DaemonError("Retries in Healthcheck cannot be negative")
    for key in ("StartPeriod", "StartInterval"):
        if 0 < check.get(key, 0) < NS // 1000:
            raise DaemonError(f"{key} in Healthcheck cannot be less than {MINIMUM}")


def probe_test(container: Container) -> list[str] | None:
    """The test to run, or None: no healthcheck, `NONE`, or a type Docker does not know."""
    test = (container.config.get("Healthcheck") or {}).get("Test") or []
    if len(test) < 2 or test[0] not in ("CMD", "CMD-SHELL"):
        return None
    return list(test)


def go_duration(ns: int) -> str:
    """Go's time.Duration.String: `0s`, `500ms`, `1.5s`, `1m30s`, `1h0m0s`."""
    if ns == 0:
        return "0s"
    sign, size = ("-" if ns < 0 else ""), abs(ns)
    if size < NS:
        unit, scale = ("ns", 1) if size < 1000 else ("µs", 1000) if size < 10**6 else ("ms", 10**6)
        return sign + _decimal(size, scale) + unit
    hours, rest = divmod(size, 3600 * NS)
    minutes, seconds = divmod(rest, 60 * NS)
    secs = _decimal(seconds, NS) + "s"
    if hours:
        return f"{sign}{hours}h{minutes}m{secs}"
    return f"{sign}{minutes}m{secs}" if minutes else sign + secs


def _decimal(value: int, scale: int) -> str:
    whole, fraction = divmod(value, scale)
    if not fraction:
        return str(whole)
    digits = str(fraction).rjust(len(str(scale)) - 1, "0").rstrip("0")
    return f"{whole}.{digits}"


# -- the state machine --------------------------------------------------------------------


def _seconds(check: dict[str, Any], key: str, default: float) -> float:
    return check.get(key, 0) / NS or default


def _interval_after(container: Container, at: float) -> float:
    """moby's getInterval: the start interval while starting inside the start period."""
    check = container.config.get("Healthcheck") or {}
    probe = _seconds(check, "Interval", DEFAULT_INTERVAL)
    if at - container.started_at >= _seconds(check, "StartPeriod", 0.0):
        return probe
    if container.health.get("Status") == "starting":
        return _seconds(check, "StartInterval", DEFAULT_START_INTERVAL)
    return probe


def begin(container: Container) -> None:
    """A (re)start resets the status to starting; the Log survives, as Docker keeps it."""
    if probe_test(container) is None:
        return
    log = container.health.get("Log", [])
    container.health = {"Status": "starting", "FailingStreak": 0, "Log": log}
    container.health["next"] = container.started_at + _interval_after(
        container, container.started_at
    )


def resume(d: Daemon, container: Container) -> None:
    """Unpause starts a new monitor: the next probe is one interval from now."""
    if container.health and probe_test(container) is not None:
        container.health["next"] = d.now() + _interval_after(container, d.now())


def status_of(container: Container) -> str:
    """`docker ps --filter health=`: "none" for a container that never had a monitor."""
    return container.health.get("Status", "none") if container.health else "none"


def settle(d: Daemon) -> None:
    """Run the probes that simulated time has made due (before exits are applied)."""
    now = d.now()
    for container in list(d.state.containers.values()):
        if not container.health or container.status != "running":
            continue
        limit = now if container.exit_at is None else min(now, container.exit_at)
        if container.health["next"] <= limit:
            _advance(d, container, run_probe(d, container), limit)


def decide(d: Daemon, container: Container) -> str:
    """What a waiting client (Compose's `service_healthy`) finally sees, without moving the
    clock: a starting container's pending probes are taken until its status is decided."""
    if container.health.get("Status") == "starting" and container.status == "running":
        _advance(d, container, run_probe(d, container), math.inf, until_decided=True)
    return status_of(container)


def run_probe(d: Daemon, container: Container) -> tuple[int, str]:
    """(exit code, output) of one probe, run like `docker exec` with the container's user."""
    from engine.daemon.execs import run_in_container
    from engine.daemon.programs import find_executable

    test = probe_test(container)
    assert test is not None
    if test[0] == "CMD":
        argv = test[1:]
    else:
        image = d.state.images.get(container.image_id)
        shell = (image.config.get("Shell") if image else None) or ["/bin/sh", "-c"]
        argv = [*shell, test[1]]
    if find_executable(d.container_fs(container, events=False), argv[0], container) is None:
        return -1, (
            "OCI runtime exec failed: exec failed: unable to start container process: exec: "
            f'"{argv[0]}": executable file not found in $PATH: unknown'
        )
    mark = len(d.events)  # a probe is not something the learner did: no diagram events
    output = BufferStream("stdout")
    try:
        code = run_in_container(d, container, argv, stdout=output, stderr=output).exit_code
    except Exception:  # probes run before every command: a failing one must not break them
        return -1, text("internal", d.lang)
    finally:
        del d.events[mark:]
    captured = output.getvalue()
    data = captured.encode()
    if len(data) > MAX_OUTPUT:
        captured = data[:MAX_OUTPUT].decode(errors="ignore") + "..."
    return code, captured


def _advance(
    d: Daemon,
    container: Container,
    result: tuple[int, str],
    limit: float,
    *,
    until_decided: bool = False,
) -> None:
    """Apply ``result`` at every due probe time up to ``limit``, in runs of identical steps
    (so `sleep 86400` costs a few iterations, not one per interval)."""
    health = container.health
    while health["next"] <= limit:
        if until_decided and health["Status"] != "starting":
            return
        at = health["next"]
        steps, interval = _run_of_steps(container, result[0], at, limit)
        _record(d, container, result, at, interval, steps)
        health["next"] = at + steps * interval


def _run_of_steps(container: Container, code: int, at: float, limit: float) -> tuple[int, float]:
    """How many consecutive probes from ``at`` would change the state the same way, and the
    interval between them."""
    health = container.health
    check = container.config.get("Healthcheck") or {}
    status = health["Status"]
    start_period_end = _start_period_end(container)
    if code != 0 and status == "starting" and at < start_period_end:
        # failures inside the start period do not count: nothing changes until it is over
        interval = _seconds(check, "StartInterval", DEFAULT_START_INTERVAL)
        steps = math.ceil((start_period_end - at) / interval)
    else:
        interval = _seconds(check, "Interval", DEFAULT_INTERVAL)
        if code == 0:
            steps = 1 if status != "healthy" else math.inf
        else:
            retries = check.get("Retries") or DEFAULT_RETRIES
            steps = math.inf if status == "unhealthy" else max(retries - health["FailingStreak"], 1)
    if limit != math.inf:
        steps = min(steps, math.floor((limit - at) / interval + 1e-9) + 1)
    return max(int(steps), 1), interval


def _record(
    d: Daemon,
    container: Container,
    result: tuple[int, str],
    at: float,
    interval: float,
    steps: int,
) -> None:
    health = container.health
    code, output = result
    first_kept = max(steps - MAX_LOG, 0)
    for index in range(first_kept, steps):
        start = at + index * interval
        health["Log"].append(
            {"Start": start, "End": start + PROBE_SECONDS, "ExitCode": code, "Output": output}
        )
    del health["Log"][:-MAX_LOG]
    before = health["Status"]
    if code == 0:
        health["FailingStreak"] = 0
        health["Status"] = "healthy"
    elif not (before == "starting" and at < _start_period_end(container)):
        health["FailingStreak"] += steps
        retries = (container.config.get("Healthcheck") or {}).get("Retries") or DEFAULT_RETRIES
        if health["FailingStreak"] >= retries:
            health["Status"] = "unhealthy"
    if health["Status"] != before:
        d.emit(
            "container.health",
            container=container.id,
            name=container.name,
            status=health["Status"],
        )


def _start_period_end(container: Container) -> float:
    check = container.config.get("Healthcheck") or {}
    return container.started_at + _seconds(check, "StartPeriod", 0.0)


def health_json(container: Container) -> dict[str, Any]:
    """State.Health as `docker inspect` prints it."""
    from engine.format.humanize import rfc3339_nano

    health = container.health
    return {
        "Status": health["Status"],
        "FailingStreak": health["FailingStreak"],
        "Log": [
            {
                "Start": rfc3339_nano(entry["Start"]),
                "End": rfc3339_nano(entry["End"]),
                "ExitCode": entry["ExitCode"],
                "Output": entry["Output"],
            }
            for entry in health["Log"]
        ],
    }
