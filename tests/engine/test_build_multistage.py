"""Multi-stage builds: only the final stage's layers ship; `--target` stops early."""

from __future__ import annotations

import re

from engine import Engine

DOCKERFILE = """cat > Dockerfile <<'EOF'
FROM node:18-alpine AS build
WORKDIR /src
COPY package.json ./
RUN npm install
COPY app.js ./
RUN mkdir -p dist && cp app.js dist/app.js
FROM alpine:3.19
COPY --from=build /src/dist /app
CMD ["cat", "/app/app.js"]
EOF"""


def project(sh) -> None:
    sh("mkdir -p ~/ms && cd ~/ms", ok=True)
    sh(DOCKERFILE, ok=True)
    sh("""echo '{"dependencies": {"express": "^4.18.2"}}' > package.json""", ok=True)
    sh("echo 'console.log(1)' > app.js", ok=True)


def sizes(sh) -> dict[str, str]:
    rows = sh("docker images --format '{{.Repository}} {{.Size}}'", ok=True).output.split("\n")
    return dict(row.split(" ") for row in rows if row)


def test_final_image_holds_only_the_last_stage(engine: Engine, sh) -> None:
    project(sh)
    out = sh("docker build -t small .", ok=True).output
    names = [n for n in re.findall(r"^#\d+ (\[.*?\]) ", out, re.M) if n != "[internal]"]
    assert names == [
        "[build 1/6]",
        "[build 2/6]",
        "[build 3/6]",
        "[build 4/6]",
        "[build 5/6]",
        "[build 6/6]",
        "[stage-1 1/2]",
        "[stage-1 2/2]",
    ]
    assert "#2 [internal] load metadata for docker.io/library/node:18-alpine" in out
    assert "#3 [internal] load metadata for docker.io/library/alpine:3.19" in out
    sh("docker build --target build -t big .", ok=True)
    small = engine.state.images[engine.state.tags["small:latest"]]
    big = engine.state.images[engine.state.tags["big:latest"]]
    alpine_layers = 1
    assert len(small.layers) == alpine_layers + 1
    assert not set(small.layers) & set(big.layers[1:])
    assert sizes(sh) == {"small": "7.38MB", "big": "129MB"}
    assert sh("docker run --rm small", ok=True).output == "console.log(1)\n"
    history = sh("docker history small", ok=True).output
    assert "COPY --from=build /src/dist /app # buildkit" in history
    assert "npm install" not in history


def test_target_builds_only_what_the_stage_needs(sh) -> None:
    project(sh)
    out = sh("docker build --target build -t big .", ok=True).output
    assert "alpine:3.19" not in out
    assert "[build 6/6] RUN mkdir -p dist && cp app.js dist/app.js" in out
    missing = sh("docker build --target nope .")
    assert missing.exit_code == 1
    assert missing.output.endswith(
        'ERROR: failed to solve: target stage "nope" could not be found\n'
    )


def test_legacy_builder_runs_every_stage_and_counts_every_instruction(sh) -> None:
    project(sh)
    out = sh("DOCKER_BUILDKIT=0 docker build -t small .", ok=True).output.split("\n")
    steps = [line for line in out if line.startswith("Step ")]
    assert steps[0] == "Step 1/9 : FROM node:18-alpine AS build"
    assert steps[6] == "Step 7/9 : FROM alpine:3.19"
    assert steps[7] == "Step 8/9 : COPY --from=build /src/dist /app"
    assert out[-2] == "Successfully tagged small:latest"


def test_copy_from_an_image_and_global_args(sh) -> None:
    sh("mkdir -p ~/g && cd ~/g", ok=True)
    sh(
        "printf 'ARG BASE=alpine:3.19\\nFROM $BASE\\nCOPY --from=busybox /bin/busybox /bb\\n' > Dockerfile",
        ok=True,
    )
    out = sh("docker build -t g .", ok=True).output
    assert "load metadata for docker.io/library/busybox:latest" in out
    assert "[1/2] FROM docker.io/library/alpine:3.19@sha256:" in out
    assert sh("docker run --rm g ls -l /bb", ok=True).output.startswith("-rwxr-xr-x")
