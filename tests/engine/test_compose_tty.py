"""Compose's TTY progress: the `[+] Running n/m` block, redrawn in place as keyed frames."""

from __future__ import annotations

from engine.compose.progress import SPINNER, Line, render_line
from tests.engine.cmd_support import Sh, stderr

APP = (
    "services:\n"
    "  web:\n"
    "    image: nginx\n"
    "    depends_on: [cache]\n"
    "  cache:\n"
    "    image: redis:7\n"
    "    volumes: [cache-data:/data]\n"
    "volumes:\n"
    "  cache-data:\n"
)


def row(left: str, timer: str) -> str:
    """A block line as an 80-column terminal shows it: the timer (and its trailing space)
    flush with the right edge."""
    return left + " " * (80 - len(left) - len(timer) - 1) + timer + " \n"


def project(sh: Sh, *, pulled: bool = True) -> None:
    if pulled:
        sh("docker pull -q nginx && docker pull -q redis:7", ok=True)
    sh(f"mkdir shop && cd shop && cat > compose.yaml <<'EOF'\n{APP}EOF", ok=True)


def test_up_draws_the_running_block(sh: Sh) -> None:
    project(sh)
    out = sh("docker compose up -d", ok=True)
    assert out.output == (
        "[+] Running 4/4\n"
        + row(" ✔ Network shop_default      Created", "0.1s")
        + row(' ✔ Volume "shop_cache-data"  Created', "0.1s")
        + row(" ✔ Container shop-cache-1    Started", "0.5s")
        + row(" ✔ Container shop-web-1      Started", "0.7s")
    )
    assert stderr(out) == ""  # every line is a keyed frame, redrawn in place
    assert all(f.key and f.key.startswith("compose0") for f in out.frames)


def test_in_progress_frames_spin_then_finish(sh: Sh) -> None:
    project(sh)
    out = sh("docker compose up -d", ok=True)
    first = [f.text for f in out.frames if f.key == "compose0:Container shop-web-1"]
    glyph = first[0][1]
    assert glyph in SPINNER
    assert first[0] == row(f" {glyph} Container shop-web-1      Creating", "0.0s")
    assert first[-1].startswith(" ✔ Container shop-web-1      Started")
    headers = [f.text for f in out.frames if f.key == "compose0"]
    assert headers[0] == "[+] Running 0/1\n" and headers[-1] == "[+] Running 4/4\n"
    assert out.duration >= 0.7  # the frames play over the simulated durations


def test_stop_and_down_titles(sh: Sh) -> None:
    project(sh)
    sh("docker compose up -d", ok=True)
    stop = sh("docker compose stop", ok=True)
    assert stop.output.splitlines()[0] == "[+] Stopping 2/2"
    assert stop.output.splitlines()[1].startswith(" ✔ Container shop-web-1    Stopped   ")
    down = sh("docker compose down", ok=True)
    assert [line[:40].rstrip() for line in down.output.splitlines()] == [
        "[+] Running 3/3",
        " ✔ Container shop-web-1    Removed",
        " ✔ Container shop-cache-1  Removed",
        " ✔ Network shop_default    Removed",
    ]
    assert all(len(line) == 80 for line in down.output.splitlines()[1:])


def test_pull_lists_layers_under_their_service(sh: Sh) -> None:
    project(sh, pulled=False)
    out = sh("docker compose pull", ok=True)
    lines = out.output.splitlines()
    assert lines[0].startswith("[+] Pulling ")
    done, total = lines[0].removeprefix("[+] Pulling ").split("/")
    assert done == total == str(len(lines) - 1)
    services = [line.split()[1] for line in lines[1:] if not line.startswith("   ")]
    assert services == ["cache", "web"]
    assert lines[1].startswith(" ✔ cache Pulled ")
    layers = [line for line in lines[1:] if line.startswith("   ")]
    assert all(line.startswith("   ✔ ") and " Pull complete " in line for line in layers)
    # While the layers come down the service line shows their completion.
    texts = [f.text for f in out.frames if f.key == "compose0:web"]
    assert any(" layers [" in text and "Pulling" in text for text in texts)


def test_up_pulls_in_a_block_of_its_own(sh: Sh) -> None:
    project(sh, pulled=False)
    out = sh("docker compose up -d", ok=True)
    headers = [line for line in out.output.splitlines() if line.startswith("[+]")]
    assert headers[0].startswith("[+] Running ") and headers[1] == "[+] Running 4/4"
    assert {f.key.split(":")[0] for f in out.frames if f.key} == {"compose0", "compose1"}


def test_plain_when_not_a_terminal_or_asked(sh: Sh) -> None:
    project(sh)
    piped = sh("docker compose up -d 2>&1 | cat", ok=True)
    assert piped.output.startswith(
        " Network shop_default  Creating\n Network shop_default  Created\n"
    )
    sh("docker compose --progress plain down", ok=True)
    plain = sh("docker compose --progress=plain up -d", ok=True)
    assert stderr(plain).endswith(
        " Container shop-web-1  Starting\n Container shop-web-1  Started\n"
    )
    assert sh("docker compose --ansi never stop", ok=True).output.startswith(
        " Container shop-web-1  Stopping\n"
    )


def test_tty_forced_through_a_pipe_and_quiet(sh: Sh) -> None:
    project(sh)
    forced = sh("docker compose --progress tty up -d 2>&1 | cat", ok=True)
    assert forced.output.startswith("[+] Running 4/4\n ✔ Network shop_default")
    quiet = sh("docker compose --progress quiet down", ok=True)
    assert quiet.output == ""
    assert sh("docker ps -aq", ok=True).output == ""


def test_progress_values_checked_as_compose_checks_them(sh: Sh) -> None:
    project(sh)
    bad = sh("docker compose --progress fancy up -d")
    assert (bad.exit_code, bad.output) == (1, 'unsupported --progress value "fancy"\n')
    clash = sh("docker compose --progress tty --ansi never up -d")
    assert clash.output == "can't use --progress tty while ANSI support is disabled\n"
    forced = sh("docker compose --progress plain --ansi always up -d")
    assert forced.output == "can't use --progress plain while ANSI support is forced\n"


def test_failed_event_shows_a_cross(sh: Sh) -> None:
    sh("docker pull -q alpine:3.19", ok=True)
    sh(
        "mkdir app && cd app && printf 'services:\\n  db:\\n    image: alpine:3.19\\n"
        "    command: sleep 1000\\n  web:\\n    image: alpine:3.19\\n    depends_on:\\n"
        "      db:\\n        condition: service_healthy\\n' > compose.yaml",
        ok=True,
    )
    out = sh("docker compose up -d")
    assert out.exit_code == 1
    assert " ✘ Container app-db-1   Error " in out.output
    assert out.output.endswith(
        "dependency failed to start: container app-db-1 has no healthcheck configured\n"
    )


def test_long_status_is_cut_and_names_pad_to_the_longest() -> None:
    line = Line("Container x", "", "Error " + "e" * 80, "error", 0.0, 1.25)
    text = render_line(line, "", 20, 2.0, [])
    assert text.startswith(" ✘ Container x          Error ee")
    assert "eee... " in text and text.endswith(" 1.2s ") and len(text) == 80


def test_build_log_goes_between_two_blocks(sh: Sh) -> None:
    sh("docker pull -q alpine:3.19", ok=True)
    sh(
        "mkdir app && cd app && printf 'FROM alpine:3.19\\nRUN echo hi > /x\\n' > Dockerfile"
        " && printf 'services:\\n  web:\\n    build: .\\n    command: sleep 100\\n' > compose.yaml",
        ok=True,
    )
    out = sh("docker compose up -d", ok=True)
    text = out.output
    assert text.startswith("[+] Running 0/1\n" + row(" ⠋ Service web  Building", "0.0s"))
    log_at = text.index("#1 [web internal] load build definition from Dockerfile\n")
    block_at = text.index("[+] Running 3/3\n")
    assert log_at < block_at
    built = text[block_at:].splitlines()[1]
    assert built.startswith(" ✔ Service web          Built ")
    # The build's simulated time is the Built line's timer.
    assert float(built.split()[-1].removesuffix("s")) >= 0.5
