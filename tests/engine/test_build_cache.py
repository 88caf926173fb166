"""The build cache rules of reference §6.5, each with a hit and a miss."""

from __future__ import annotations

import re

from engine import Engine


def write(sh, dockerfile: str) -> None:
    sh("mkdir -p ~/c && cd ~/c", ok=True)
    sh(f"cat > Dockerfile <<'EOF'\n{dockerfile}\nEOF", ok=True)


def build(sh, args: str = "") -> dict[str, bool]:
    """Vertex name -> cached?, for every `[i/n]` step BuildKit printed."""
    out = sh(f"docker build {args} -t c .", ok=True).output
    names = dict(re.findall(r"^#(\d+) (\[\s*\d+/\d+\] .*)$", out, re.M))
    cached = set(re.findall(r"^#(\d+) CACHED$", out, re.M))
    return {
        name.split("] ", 1)[1]: num in cached for num, name in names.items() if "FROM" not in name
    }


def test_run_hits_on_the_same_text_and_misses_on_one_changed_character(sh) -> None:
    write(sh, "FROM alpine\nRUN echo one > /one\nRUN echo two > /two")
    assert build(sh) == {"RUN echo one > /one": False, "RUN echo two > /two": False}
    assert build(sh) == {"RUN echo one > /one": True, "RUN echo two > /two": True}
    write(sh, "FROM alpine\nRUN echo One > /one\nRUN echo two > /two")
    # The first miss invalidates every later step, even an unchanged one.
    assert build(sh) == {"RUN echo One > /one": False, "RUN echo two > /two": False}


def test_run_result_is_not_checked(sh) -> None:
    write(sh, "FROM alpine\nRUN date > /built-at")
    build(sh)
    sh("sleep 3600", ok=True)
    assert build(sh) == {"RUN date > /built-at": True}


def test_copy_hits_on_same_content_and_misses_on_changed_content(sh) -> None:
    write(sh, "FROM alpine\nCOPY a.txt /a.txt\nRUN cat /a.txt")
    sh("echo hello > a.txt", ok=True)
    assert build(sh) == {"COPY a.txt /a.txt": False, "RUN cat /a.txt": False}
    # Rewriting the same bytes later changes only the timestamp: still a hit.
    sh("sleep 60 && echo hello > a.txt && touch a.txt", ok=True)
    assert build(sh) == {"COPY a.txt /a.txt": True, "RUN cat /a.txt": True}
    sh("echo changed > a.txt", ok=True)
    assert build(sh) == {"COPY a.txt /a.txt": False, "RUN cat /a.txt": False}


def test_copy_permissions_are_part_of_the_checksum(sh) -> None:
    write(sh, "FROM alpine\nCOPY run.sh /run.sh")
    sh("echo 'echo hi' > run.sh", ok=True)
    build(sh)
    assert build(sh) == {"COPY run.sh /run.sh": True}
    sh("chmod +x run.sh", ok=True)
    assert build(sh) == {"COPY run.sh /run.sh": False}


def test_unrelated_context_files_do_not_touch_the_cache_of_a_narrow_copy(sh) -> None:
    write(sh, "FROM alpine\nCOPY package.json /app/\nCOPY . /app/")
    sh("echo '{}' > package.json && echo v1 > app.js", ok=True)
    build(sh)
    sh("echo v2 > app.js", ok=True)
    assert build(sh) == {"COPY package.json /app/": True, "COPY . /app/": False}


def test_env_changes_the_key_of_later_steps_but_a_label_does_not(sh) -> None:
    write(sh, "FROM alpine\nENV MODE=dev\nLABEL owner=me\nRUN echo $MODE > /mode")
    build(sh)
    write(sh, "FROM alpine\nENV MODE=dev\nLABEL owner=you\nRUN echo $MODE > /mode")
    assert build(sh) == {"RUN echo $MODE > /mode": True}
    write(sh, "FROM alpine\nENV MODE=prod\nLABEL owner=you\nRUN echo $MODE > /mode")
    assert build(sh) == {"RUN echo $MODE > /mode": False}


def test_build_args_are_part_of_a_run_key(sh) -> None:
    write(sh, "FROM alpine\nARG FLAVOR=plain\nRUN echo $FLAVOR > /flavor")
    build(sh)
    assert build(sh) == {"RUN echo $FLAVOR > /flavor": True}
    assert build(sh, "--build-arg FLAVOR=spicy") == {"RUN echo $FLAVOR > /flavor": False}
    assert sh("docker run --rm c cat /flavor", ok=True).output == "spicy\n"


def test_from_hits_on_the_same_base_and_misses_on_another(sh) -> None:
    write(sh, "FROM alpine:3.19\nRUN echo hi > /hi")
    build(sh)
    assert build(sh) == {"RUN echo hi > /hi": True}
    write(sh, "FROM busybox\nRUN echo hi > /hi")
    assert build(sh) == {"RUN echo hi > /hi": False}


def test_no_cache_rebuilds_everything(sh) -> None:
    write(sh, "FROM alpine\nWORKDIR /w\nRUN echo hi > hi")
    build(sh)
    assert build(sh, "--no-cache") == {"WORKDIR /w": False, "RUN echo hi > hi": False}
    legacy = sh("DOCKER_BUILDKIT=0 docker build --no-cache -t c .", ok=True).output
    assert "Using cache" not in legacy
    assert legacy.count(" ---> Running in ") == 2


def test_legacy_cache_hits_and_misses(sh) -> None:
    write(sh, "FROM alpine\nRUN echo one > /one\nRUN echo two > /two")
    sh("export DOCKER_BUILDKIT=0", ok=True)
    sh("docker build -t c .", ok=True)
    again = sh("docker build -t c .", ok=True).output
    assert again.count(" ---> Using cache") == 2
    write(sh, "FROM alpine\nRUN echo one > /one\nRUN echo TWO > /two")
    changed = sh("docker build -t c .", ok=True).output.split("\n")
    assert changed[changed.index("Step 2/3 : RUN echo one > /one") + 1] == " ---> Using cache"
    assert changed[changed.index("Step 3/3 : RUN echo TWO > /two") + 1].startswith(
        " ---> Running in "
    )


def test_builder_prune_empties_the_buildkit_cache(engine: Engine, sh) -> None:
    write(sh, "FROM alpine\nRUN echo hi > /hi")
    build(sh)
    sh("docker rmi c", ok=True)
    df = sh("docker system df", ok=True).output
    assert re.search(r"^Build Cache     1         0         ", df, re.M)
    assert build(sh) == {"RUN echo hi > /hi": True}  # the cache outlives the image
    sh("docker rmi c", ok=True)
    pruned = sh("docker builder prune -f", ok=True).output
    assert pruned.startswith("ID\t\t\t\t\t\tRECLAIMABLE\tSIZE\t\tLAST ACCESSED\n")
    assert pruned.endswith("Total:\t3B\n")
    assert build(sh) == {"RUN echo hi > /hi": False}


def test_legacy_cache_lives_in_intermediate_images(engine: Engine, sh) -> None:
    write(sh, "FROM alpine\nRUN echo a > /a\nRUN echo b > /b")
    sh("export DOCKER_BUILDKIT=0", ok=True)
    sh("docker build -q -t c .", ok=True)
    write(sh, "FROM alpine\nRUN echo a > /a\nRUN echo B > /b")
    sh("docker build -q -t c .", ok=True)
    every = sh("docker images -a -q", ok=True).output.split()
    assert len(every) == 4  # alpine, the shared `/a` step, two `/b` steps (old one dangling)
    pruned = sh("docker image prune -f", ok=True).output
    assert pruned.count("deleted: sha256:") >= 1
    assert len(sh("docker images -a -q", ok=True).output.split()) == 3
    again = sh("docker build -t c .", ok=True).output
    assert again.count(" ---> Using cache") == 2
