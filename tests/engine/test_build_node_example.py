"""The source doc's Node example: build, edit app.js, rebuild; both builders; history; commit."""

from __future__ import annotations

import re

from engine import Engine

DOCKERFILE = """cat > Dockerfile <<'EOF'
FROM node:18-alpine
WORKDIR /app
COPY package*.json ./
RUN npm install
COPY . .
CMD ["node", "app.js"]
EOF"""
PACKAGE = """cat > package.json <<'EOF'
{"name": "myapp", "version": "1.0.0", "dependencies": {"express": "^4.18.2"}}
EOF"""
NODE_DIGEST = "sha256:b5b90f3915a8fc0aff8fef45cef6372d6d9e40ec5c4df80d6119c5d7e7a7f8bd"


def lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


def make_project(sh) -> None:
    sh("mkdir -p ~/myapp && cd ~/myapp", ok=True)
    sh(DOCKERFILE, ok=True)
    sh(PACKAGE, ok=True)
    sh("echo 'console.log(\"hello\")' > app.js", ok=True)


def build_layers(engine: Engine) -> list[str]:
    return engine.state.images[engine.state.tags["myapp:latest"]].layers


def image_id(sh, ref: str) -> str:
    return sh(f"docker images -q {ref}", ok=True).output.strip()


def test_buildkit_cold_build_prints_every_step(engine: Engine, sh) -> None:
    make_project(sh)
    built = sh("docker build -t myapp .", ok=True)
    out = lines(built.output)
    assert out[0] == '#0 building with "default" instance using docker driver'
    assert "#1 [internal] load build definition from Dockerfile" in out
    assert "#2 [internal] load metadata for docker.io/library/node:18-alpine" in out
    assert f"#4 [1/5] FROM docker.io/library/node:18-alpine@{NODE_DIGEST}" in out
    assert "#5 [internal] load build context" in out
    steps = [line for line in out if re.match(r"^#\d+ \[\d/5\] ", line)]
    assert [s.split(" ", 1)[1] for s in steps] == [
        f"[1/5] FROM docker.io/library/node:18-alpine@{NODE_DIGEST}",
        "[2/5] WORKDIR /app",
        "[3/5] COPY package*.json ./",
        "[4/5] RUN npm install",
        "[5/5] COPY . .",
    ]
    assert not any(line.endswith("CACHED") for line in out)
    assert any(
        re.match(r"^#8 \d+\.\d{3} added \d+ packages, and audited \d+ packages in \d+s$", line)
        for line in out
    )
    assert "#10 exporting to image" in out
    assert "#10 naming to docker.io/library/myapp:latest done" in out
    assert re.match(r"^#10 writing image sha256:[0-9a-f]{64} done$", out[-3])
    assert out[-1] == "#10 DONE 0.1s"
    assert all(f.stream == "stderr" for f in built.frames)  # BuildKit progress goes to stderr
    assert built.duration > 1.0  # the block grows in time, npm install takes a while

    table = lines(sh("docker images", ok=True).output)
    assert table[1].startswith("myapp        latest    ")
    history = lines(sh("docker history myapp", ok=True).output)
    # node:18-alpine has 9 history rows; the Dockerfile adds 5 (reference §6.4).
    assert len(history) == 1 + 14
    assert history[1].split("   ")[0] == image_id(sh, "myapp")
    assert 'CMD ["node" "app.js"]' in history[1] and history[1].endswith("buildkit.dockerfile.v0")
    assert "COPY . . # buildkit" in history[2]
    assert "RUN /bin/sh -c npm install # buildkit" in history[3]
    assert "COPY package*.json ./ # buildkit" in history[4]
    assert "WORKDIR /app" in history[5] and history[6].startswith("<missing>")
    image = engine.state.images[engine.state.tags["myapp:latest"]]
    assert len(image.layers) == 8  # 4 base layers + WORKDIR, COPY, RUN, COPY
    npm_layer = engine.daemon.layer(image.layers[6])
    assert any(p.startswith("/app/node_modules/express") for p in npm_layer.entries)
    assert npm_layer.size > 100_000
    assert sh("docker run --rm myapp ls /app", ok=True).output.split() == [
        "Dockerfile",
        "app.js",
        "node_modules",
        "package-lock.json",
        "package.json",
    ]


def test_rebuild_after_editing_app_js_uses_the_cache_until_copy(engine: Engine, sh) -> None:
    make_project(sh)
    sh("docker build -t myapp .", ok=True)
    first = image_id(sh, "myapp")
    first_full = engine.state.tags["myapp:latest"]
    first_layers = list(engine.state.images[engine.state.tags["myapp:latest"]].layers)
    sh("echo 'console.log(\"hello again\")' > app.js", ok=True)
    rebuilt = sh("docker build -t myapp .", ok=True)
    out = lines(rebuilt.output)
    assert out[out.index("#6 [2/5] WORKDIR /app") + 1] == "#6 CACHED"
    assert out[out.index("#7 [3/5] COPY package*.json ./") + 1] == "#7 CACHED"
    assert out[out.index("#8 [4/5] RUN npm install") + 1] == "#8 CACHED"
    assert out[out.index("#9 [5/5] COPY . .") + 1] == "#9 DONE 0.1s"
    assert f"#4 [1/5] FROM docker.io/library/node:18-alpine@{NODE_DIGEST}" in out
    assert (
        out[out.index(f"#4 [1/5] FROM docker.io/library/node:18-alpine@{NODE_DIGEST}") + 1]
        == "#4 DONE 0.0s"
    )
    second = image_id(sh, "myapp")
    assert second != first
    layers = engine.state.images[engine.state.tags["myapp:latest"]].layers
    assert layers[:7] == first_layers[:7] and layers[7] != first_layers[7]
    # The old image lost its tag: dangling until `image prune` removes it.
    table = lines(sh("docker images", ok=True).output)
    assert any(row.startswith("<none>       <none>    " + first) for row in table)
    pruned = sh("docker image prune -f", ok=True).output
    assert f"deleted: {first_full}\n" in pruned
    assert "Total reclaimed space: " in pruned
    assert not any(row.startswith("<none>") for row in lines(sh("docker images", ok=True).output))
    # Nothing changed: every step is cached and the image id stays the same.
    again = lines(sh("docker build -t myapp .", ok=True).output)
    assert sum(1 for line in again if line.endswith(" CACHED")) == 4
    assert "#10 exporting layers done" in again
    assert image_id(sh, "myapp") == second


def test_view_and_events_describe_the_last_build(engine: Engine, sh) -> None:
    make_project(sh)
    sh("docker build -t myapp .", ok=True)
    sh("echo '// edit' >> app.js", ok=True)
    outcome = sh("docker build -t myapp .", ok=True)
    kinds = [e.kind for e in outcome.events]
    assert kinds[0] == "build.started" and kinds[-1] == "build.finished"
    steps = [e.data for e in outcome.events if e.kind == "build.step"]
    assert [(s["index"], s["total"], s["cached"]) for s in steps] == [
        (1, 6, True),
        (2, 6, True),
        (3, 6, True),
        (4, 6, True),
        (5, 6, False),
        (6, 6, False),
    ]
    assert steps[4]["instruction"] == "COPY . ." and len(str(steps[4]["layer"])) == 64
    build = engine.view()["build"]
    assert build["image"] == engine.state.tags["myapp:latest"]
    assert [s["instruction"] for s in build["steps"]][-1] == 'CMD ["node", "app.js"]'
    base = build["bases"][0]
    assert base["ref"] == "node:18-alpine" and base["layers"] == build_layers(engine)[:4]
    assert "image.built" in kinds and "image.tagged" in kinds
    # The state survives a dump and a load, cache included.
    loaded = Engine.load(engine.dump(), clock=engine.clock)
    again = lines(loaded.execute("cd ~/myapp && docker build -t myapp .").output)
    assert sum(1 for line in again if line.endswith(" CACHED")) == 4


def test_legacy_builder_output_and_cache(engine: Engine, sh) -> None:
    make_project(sh)
    built = sh("DOCKER_BUILDKIT=0 docker build -t myapp .", ok=True)
    assert built.output.startswith(
        "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n"
        "            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n"
        "            environment-variable.\n\n"
    )
    out = lines(built.output)
    assert out[4] == "Sending build context to Docker daemon  3.072kB"
    assert out[5] == "Step 1/6 : FROM node:18-alpine"
    assert "18-alpine: Pulling from library/node" in out
    assert [line for line in out if line.startswith("Step ")] == [
        "Step 1/6 : FROM node:18-alpine",
        "Step 2/6 : WORKDIR /app",
        "Step 3/6 : COPY package*.json ./",
        "Step 4/6 : RUN npm install",
        "Step 5/6 : COPY . .",
        'Step 6/6 : CMD ["node", "app.js"]',
    ]
    run = out.index("Step 4/6 : RUN npm install")
    assert re.match(r"^ ---> Running in [0-9a-f]{12}$", out[run + 1])
    container = out[run + 1].rsplit(" ", 1)[1]
    assert f" ---> Removed intermediate container {container}" in out
    assert re.match(r"^ ---> [0-9a-f]{12}$", out[out.index("Step 3/6 : COPY package*.json ./") + 1])
    assert re.match(r"^Successfully built [0-9a-f]{12}$", out[-2])
    assert out[-1] == "Successfully tagged myapp:latest"

    sh("echo 'console.log(2)' > app.js", ok=True)
    sh("export DOCKER_BUILDKIT=0", ok=True)
    again = lines(sh("docker build -t myapp .", ok=True).output)
    for step in (
        "Step 2/6 : WORKDIR /app",
        "Step 3/6 : COPY package*.json ./",
        "Step 4/6 : RUN npm install",
    ):
        assert again[again.index(step) + 1] == " ---> Using cache"
    assert again[again.index("Step 5/6 : COPY . .") + 1] != " ---> Using cache"
    assert again[again.index('Step 6/6 : CMD ["node", "app.js"]') + 1].startswith(
        " ---> Running in "
    )

    history = lines(sh("docker history myapp", ok=True).output)
    assert len(history) == 1 + 14
    assert '/bin/sh -c #(nop)  CMD ["node" "app.js"]' in history[1]
    assert "/bin/sh -c #(nop) COPY dir:" in history[2]
    assert "/bin/sh -c npm install" in history[3]
    assert "/bin/sh -c #(nop) COPY file:" in history[4]
    assert "/bin/sh -c #(nop) WORKDIR /app" in history[5]
    # Intermediate images are real images: their ids show instead of <missing> ...
    assert all(not row.startswith("<missing>") for row in history[1:7])
    assert not history[1].rstrip().endswith("buildkit.dockerfile.v0")
    # ... but `docker images` lists them only with -a.
    plain = lines(sh("docker images", ok=True).output)
    every = lines(sh("docker images -a", ok=True).output)
    assert len(every) > len(plain)
    quiet = sh("docker build -q -t myapp .", ok=True).output
    assert re.match(r"^sha256:[0-9a-f]{64}\n$", quiet)


def test_commit_example_then_build_from_the_committed_image(engine: Engine, sh) -> None:
    sh("docker run --name webserver -d -p 8080:80 nginx", ok=True)
    sh(
        "docker exec webserver sh -c 'echo \"<h1>Hello, Docker!</h1>\" > /usr/share/nginx/html/index.html'",
        ok=True,
    )
    committed = sh('docker commit -a "learner" -m "custom page" webserver nginx:v2', ok=True).output
    assert re.match(r"^sha256:[0-9a-f]{64}\n$", committed)
    history = lines(sh("docker history nginx:v2", ok=True).output)
    assert history[1].endswith("custom page")
    sh("docker run -d -p 8081:80 --name web2 nginx:v2", ok=True)
    assert sh("curl -s localhost:8081", ok=True).output == "<h1>Hello, Docker!</h1>\n"
    sh("mkdir site && cd site && printf 'FROM nginx:v2\\nEXPOSE 80\\n' > Dockerfile", ok=True)
    built = lines(sh("docker build -t nginx:v3 .", ok=True).output)
    assert "#2 [internal] load metadata for docker.io/library/nginx:v2" in built
    assert "#4 [1/1] FROM docker.io/library/nginx:v2" in built
    sh("docker run -d -p 8082:80 nginx:v3", ok=True)
    assert sh("curl -s localhost:8082", ok=True).output == "<h1>Hello, Docker!</h1>\n"


def test_tty_progress_redraws_the_building_block(sh) -> None:
    make_project(sh)
    sh("docker build -t myapp .", ok=True)
    sh("echo 'console.log(3)' > app.js", ok=True)
    outcome = sh("docker build --progress=tty -t myapp .", ok=True)
    out = lines(outcome.output)
    assert re.match(r"^\[\+\] Building \d+\.\ds \(10/10\) FINISHED +docker:default$", out[0])
    assert all(len(line) == 81 for line in out)
    assert out[9] == " => CACHED [2/5] WORKDIR /app".ljust(77) + "0.0s"
    assert out[11] == " => CACHED [4/5] RUN npm install".ljust(77) + "0.0s"
    assert out[12] == " => [5/5] COPY . .".ljust(77) + "0.1s"
    assert out[-1] == " => => naming to docker.io/library/myapp:latest".ljust(77) + "0.0s"
    headers = [f for f in outcome.frames if f.key == "build-header"]
    assert len(headers) > 5  # the header line is redrawn as vertices finish
