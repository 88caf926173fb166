"""Instruction semantics: config changes, RUN through the shell, COPY rules, context flags."""

from __future__ import annotations

import json

from engine import Engine


def dockerfile(sh, text: str, name: str = "Dockerfile") -> None:
    sh("mkdir -p ~/i && cd ~/i", ok=True)
    sh(f"cat > {name} <<'EOF'\n{text}\nEOF", ok=True)


def config(engine: Engine, ref: str) -> dict:
    return engine.state.images[engine.state.tags[ref]].config


def test_metadata_instructions_shape_the_config(engine: Engine, sh) -> None:
    dockerfile(
        sh,
        "FROM alpine\n"
        "ENV APP_HOME=/srv/app PORT=8080\n"
        "ENV LEGACY old style value\n"
        "WORKDIR $APP_HOME\n"
        "WORKDIR sub\n"
        'LABEL org.example.team="web team" version=1\n'
        "EXPOSE ${PORT} 53/udp\n"
        "VOLUME /data\n"
        "USER nobody\n"
        "STOPSIGNAL SIGQUIT\n"
        "HEALTHCHECK --interval=30s CMD wget -q -O- localhost || exit 1\n"
        "CMD node server.js",
    )
    sh("docker build --label built-by=test -t meta .", ok=True)
    c = config(engine, "meta:latest")
    assert c["Env"][-3:] == ["APP_HOME=/srv/app", "PORT=8080", "LEGACY=old style value"]
    assert c["WorkingDir"] == "/srv/app/sub"
    assert c["Labels"] == {"org.example.team": "web team", "version": "1", "built-by": "test"}
    assert c["ExposedPorts"] == {"8080/tcp": {}, "53/udp": {}}
    assert c["Volumes"] == {"/data": {}}
    assert c["User"] == "nobody" and c["StopSignal"] == "SIGQUIT"
    assert c["Healthcheck"]["Test"] == ["CMD-SHELL", "wget -q -O- localhost || exit 1"]
    assert c["Healthcheck"]["Interval"] == 30_000_000_000
    assert c["Cmd"] == ["/bin/sh", "-c", "node server.js"]
    history = sh("docker history --no-trunc meta", ok=True).output
    assert "EXPOSE map[53/udp:{} 8080/tcp:{}]" in history
    assert "ENV APP_HOME=/srv/app PORT=8080" in history
    assert "VOLUME [/data]" in history and "USER nobody" in history


def test_entrypoint_and_cmd_combine_with_run_arguments(engine: Engine, sh) -> None:
    dockerfile(sh, 'FROM alpine\nENTRYPOINT ["echo", "hello"]\nCMD ["world"]')
    sh("docker build -t greet .", ok=True)
    assert sh("docker run --rm greet", ok=True).output == "hello world\n"
    assert sh("docker run --rm greet docker", ok=True).output == "hello docker\n"
    # A new ENTRYPOINT resets the CMD inherited from the base image.
    dockerfile(sh, 'FROM greet\nENTRYPOINT ["echo", "bye"]')
    sh("docker build -t bye .", ok=True)
    assert config(engine, "bye:latest")["Cmd"] is None
    assert sh("docker run --rm bye", ok=True).output == "bye\n"


def test_run_uses_the_shell_and_package_managers(engine: Engine, sh) -> None:
    dockerfile(sh, "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y curl")
    sh("docker build -t fat .", ok=True)
    dockerfile(
        sh,
        "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*",
    )
    sh("docker build -t slim .", ok=True)
    assert sh("docker run --rm slim which curl", ok=True).output == "/usr/bin/curl\n"
    fat = engine.state.images[engine.state.tags["fat:latest"]]
    slim = engine.state.images[engine.state.tags["slim:latest"]]
    assert engine.daemon.layer(slim.layers[-1]).size < engine.daemon.layer(fat.layers[-1]).size
    assert sh("docker run --rm fat ls /var/lib/apt/lists", ok=True).output != ""


def test_run_forms_shell_user_and_build_args_in_history(engine: Engine, sh) -> None:
    dockerfile(
        sh,
        "FROM ubuntu:22.04\n"
        'SHELL ["/bin/bash", "-c"]\n'
        "ARG LEVEL=3\n"
        "RUN echo level $LEVEL > /level\n"
        'RUN ["touch", "/exec-form"]\n'
        "USER nobody\n"
        "RUN whoami > /tmp/who",
    )
    sh("docker build -t forms .", ok=True)
    history = sh("docker history --no-trunc --format '{{.CreatedBy}}' forms", ok=True).output.split(
        "\n"
    )
    assert history[0] == "RUN |1 LEVEL=3 /bin/bash -c whoami > /tmp/who # buildkit"
    assert history[2] == "RUN |1 LEVEL=3 touch /exec-form # buildkit"
    assert history[3] == "RUN |1 LEVEL=3 /bin/bash -c echo level $LEVEL > /level # buildkit"
    assert history[4] == "ARG LEVEL=3"
    assert history[5] == "SHELL [/bin/bash -c]"
    assert sh("docker run --rm forms cat /level /tmp/who", ok=True).output == "level 3\nnobody\n"
    assert "LEVEL=3" not in " ".join(
        config(engine, "forms:latest")["Env"]
    )  # ARG is build-time only


def test_copy_globs_directories_chown_and_dockerignore(sh) -> None:
    dockerfile(
        sh,
        "FROM alpine\n"
        "COPY *.txt /texts/\n"
        "COPY src /app/\n"
        "COPY --chown=1000:1000 src/main.js /owned.js\n"
        "COPY . /ctx/",
    )
    sh(
        "echo a > a.txt && echo b > b.txt && mkdir -p src/lib && echo m > src/main.js && echo l > src/lib/l.js",
        ok=True,
    )
    sh(
        "mkdir secrets && echo pw > secrets/pw && echo x > debug.log && echo keep > keep.log",
        ok=True,
    )
    sh("printf 'secrets\\n*.log\\n!keep.log\\n' > .dockerignore", ok=True)
    sh("docker build -t files .", ok=True)

    def ls(path: str) -> list[str]:
        return sh(f"docker run --rm files ls -A {path}", ok=True).output.split()

    assert ls("/texts") == ["a.txt", "b.txt"]
    assert ls("/app") == ["lib", "main.js"] and ls("/app/lib") == ["l.js"]
    assert ls("/ctx") == [".dockerignore", "Dockerfile", "a.txt", "b.txt", "keep.log", "src"]
    assert " 1000 " in sh("docker run --rm files ls -n /owned.js", ok=True).output
    several = sh(
        "printf 'FROM alpine\\nCOPY a.txt b.txt /dest\\n' > Dockerfile.many && docker build -f Dockerfile.many ."
    )
    assert several.exit_code == 1
    assert several.output.endswith(
        "ERROR: failed to solve: When using COPY with more than one source file, the destination must be a directory and end with a /\n"
    )


def test_file_flag_and_quiet(engine: Engine, sh) -> None:
    sh("mkdir -p ~/ctx ~/defs", ok=True)
    sh(
        "printf 'FROM alpine\\nCOPY hello /hello\\n' > ~/defs/app.Dockerfile && echo hi > ~/ctx/hello",
        ok=True,
    )
    out = sh("docker build -q -f ~/defs/app.Dockerfile -t viaf ~/ctx", ok=True)
    assert out.output == engine.state.tags["viaf:latest"] + "\n"
    assert sh("docker run --rm viaf cat /hello", ok=True).output == "hi\n"


def test_inspect_shows_the_built_config(sh) -> None:
    dockerfile(sh, 'FROM alpine\nENV A=1\nCMD ["sh"]')
    sh("docker build -t insp .", ok=True)
    data = json.loads(sh("docker image inspect insp", ok=True).output)[0]
    assert data["Config"]["Cmd"] == ["sh"]
    assert "A=1" in data["Config"]["Env"]
    assert len(data["RootFS"]["Layers"]) == 1


def test_heredocs_in_run_and_copy(sh) -> None:
    sh("mkdir -p ~/h && cd ~/h", ok=True)
    sh(
        "cat > Dockerfile <<'DF'\n"
        "FROM alpine\n"
        "RUN <<EOF\n"
        "echo one > /one\n"
        "echo two >> /one\n"
        "EOF\n"
        "COPY <<EOF /etc/greeting\n"
        "hello there\n"
        "EOF\n"
        'CMD ["cat", "/one", "/etc/greeting"]\n'
        "DF",
        ok=True,
    )
    out = sh("docker build -t here .", ok=True).output
    assert "#6 [2/3] RUN <<EOF\n" in out and "#7 [3/3] COPY <<EOF /etc/greeting\n" in out
    assert sh("docker run --rm here", ok=True).output == "one\ntwo\nhello there\n"


def test_dockerfile_from_stdin_and_iidfile(engine: Engine, sh) -> None:
    sh("mkdir -p ~/in && cd ~/in && echo hi > f", ok=True)
    piped = sh("printf 'FROM alpine\\nCOPY f /f\\n' | docker build -q -f- -t piped .", ok=True)
    assert piped.output == engine.state.tags["piped:latest"] + "\n"
    assert sh("docker run --rm piped cat /f", ok=True).output == "hi\n"
    sh(
        'docker build -q -t nocontext - <<EOF\nFROM alpine\nCMD ["echo", "no context"]\nEOF',
        ok=True,
    )
    assert sh("docker run --rm nocontext", ok=True).output == "no context\n"
    sh("printf 'FROM alpine\\n' > Dockerfile && docker build -q --iidfile id.txt .", ok=True)
    assert sh("cat id.txt", ok=True).output.startswith("sha256:")
    remote = sh("docker build https://github.com/docker/welcome.git")
    assert remote.exit_code == 1 and "not simulated" in remote.output
