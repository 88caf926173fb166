"""Build failures, worded as each builder words them (reference §6.3)."""

from __future__ import annotations

from engine import Engine

NODE_TYPO = """cat > Dockerfile <<'EOF'
FROM node:18-alpine
WORKDIR /app
COPY package*.json ./
RUN npm instal
COPY . .
CMD ["node", "app.js"]
EOF"""


def project(sh, dockerfile: str = NODE_TYPO) -> None:
    sh("mkdir -p ~/e && cd ~/e", ok=True)
    sh(dockerfile, ok=True)
    sh("echo '{}' > package.json && echo 'console.log(1)' > app.js", ok=True)


def test_failing_run_buildkit(engine: Engine, sh) -> None:
    project(sh)
    failed = sh("docker build -t myapp .")
    assert failed.exit_code == 1
    out = failed.output
    assert '#8 0.200 Unknown command: "instal"' in out
    assert (
        '#8 ERROR: process "/bin/sh -c npm instal" did not complete successfully: exit code: 1\n'
        in out
    )
    assert out.endswith(
        "------\n"
        " > [4/5] RUN npm instal:\n"
        '0.200 Unknown command: "instal"\n'
        "0.200 \n"
        "0.200 Did you mean this?\n"
        "0.200   npm install # Install a package\n"
        "0.200 To see a list of supported npm commands, run:\n"
        "0.200   npm help\n"
        "------\n"
        "Dockerfile:4\n"
        "--------------------\n"
        "   2 |     WORKDIR /app\n"
        "   3 |     COPY package*.json ./\n"
        "   4 | >>> RUN npm instal\n"
        "   5 |     COPY . .\n"
        '   6 |     CMD ["node", "app.js"]\n'
        "--------------------\n"
        'ERROR: failed to solve: process "/bin/sh -c npm instal" did not complete successfully: exit code: 1\n'
    )
    assert "myapp:latest" not in engine.state.tags
    assert engine.view()["build"]["error"] is True


def test_failing_run_legacy(sh) -> None:
    project(sh)
    failed = sh("DOCKER_BUILDKIT=0 docker build -t myapp .")
    assert failed.exit_code == 1
    lines = failed.output.rstrip("\n").split("\n")
    assert lines[-1] == "The command '/bin/sh -c npm instal' returned a non-zero code: 1"
    assert 'Unknown command: "instal"' in lines
    assert "Successfully built" not in failed.output
    other = sh(
        "printf 'FROM alpine\\nRUN exit 7\\n' > Dockerfile && DOCKER_BUILDKIT=0 docker build ."
    )
    assert other.exit_code == 7
    assert other.output.endswith("The command '/bin/sh -c exit 7' returned a non-zero code: 7\n")


def test_missing_copy_source(sh) -> None:
    project(sh, "printf 'FROM alpine\\nCOPY server.js /app/\\n' > Dockerfile")
    failed = sh("docker build .")
    assert failed.exit_code == 1
    assert (
        "#6 [2/2] COPY server.js /app/\n#6 ERROR: failed to calculate checksum of ref "
        in failed.output
    )
    last = failed.output.rstrip("\n").split("\n")[-1]
    assert last.startswith(
        "ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of ref "
    )
    assert last.endswith(': "/server.js": not found')
    legacy = sh("DOCKER_BUILDKIT=0 docker build .")
    assert legacy.exit_code == 1
    assert legacy.output.endswith(
        "COPY failed: file not found in build context or excluded by .dockerignore: stat server.js: file does not exist\n"
    )


def test_missing_base_image(sh) -> None:
    project(sh, "printf 'FROM nodee:18\\n' > Dockerfile")
    failed = sh("docker build .")
    assert failed.exit_code == 1
    assert failed.output.endswith(
        "ERROR: failed to solve: nodee:18: failed to resolve source metadata for docker.io/library/nodee:18: "
        "pull access denied, repository does not exist or may require authorization: server message: "
        "insufficient_scope: authorization failed\n"
    )
    legacy = sh("DOCKER_BUILDKIT=0 docker build .")
    assert legacy.output.endswith(
        "Step 1/1 : FROM nodee:18\n"
        "pull access denied for nodee, repository does not exist or may require 'docker login': "
        "denied: requested access to the resource is denied\n"
    )


def test_parse_errors_and_empty_files(sh) -> None:
    project(sh, "printf 'FROM alpine\\nRUNN echo hi\\n' > Dockerfile")
    failed = sh("docker build .")
    assert failed.output.endswith(
        "Dockerfile:2\n"
        "--------------------\n"
        "   1 |     FROM alpine\n"
        "   2 | >>> RUNN echo hi\n"
        "--------------------\n"
        "ERROR: failed to solve: dockerfile parse error on line 2: unknown instruction: RUNN\n"
    )
    legacy = sh("DOCKER_BUILDKIT=0 docker build .")
    assert legacy.output.endswith(
        "Error response from daemon: dockerfile parse error line 2: unknown instruction: RUNN\n"
    )
    sh("printf '# nothing\\n' > Dockerfile", ok=True)
    assert sh("docker build .").output.endswith(
        "ERROR: failed to solve: the Dockerfile cannot be empty\n"
    )
    empty = sh("DOCKER_BUILDKIT=0 docker build .")
    assert empty.output.endswith(
        "Error response from daemon: the Dockerfile (Dockerfile) cannot be empty\n"
    )


def test_missing_dockerfile_context_and_bad_tag(sh) -> None:
    sh("mkdir -p ~/none && cd ~/none", ok=True)
    missing = sh("docker build .")
    assert missing.exit_code == 1
    assert missing.output.endswith(
        "ERROR: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory\n"
    )
    legacy = sh("DOCKER_BUILDKIT=0 docker build .")
    assert legacy.output.endswith(
        "unable to prepare context: unable to evaluate symlinks in Dockerfile path: "
        "lstat /home/learner/none/Dockerfile: no such file or directory\n"
    )
    nowhere = sh("docker build ./nope")
    assert nowhere.output == 'ERROR: unable to prepare context: path "./nope" not found\n'
    bad = sh("docker build -t MyApp .")
    assert bad.exit_code == 125
    assert bad.output.startswith(
        'invalid argument "MyApp" for "-t, --tag" flag: invalid reference format: repository name '
        "(library/MyApp) must be lowercase\n"
    )
    usage = sh("docker build")
    assert usage.exit_code == 1
    assert usage.output.startswith('ERROR: "docker buildx build" requires exactly 1 argument.')
