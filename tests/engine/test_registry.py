"""Sharing images: tag, login/logout, push and pull against Docker Hub and localhost:5000."""

from __future__ import annotations

import re

from engine import Engine

# The stock `registry:2` entrypoint script needs `case` in the simulated sh; start the binary.
REGISTRY = (
    "docker run -d -p 5000:5000 --name registry --entrypoint /bin/registry registry:2 "
    "serve /etc/docker/registry/config.yml"
)


def lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


def built_app(sh) -> None:
    sh(
        "mkdir -p ~/r && cd ~/r && printf 'FROM alpine\\nRUN echo v1 > /version\\n' > Dockerfile",
        ok=True,
    )
    sh("docker build -q -t myapp .", ok=True)


def test_push_to_localhost_5000_and_pull_back(engine: Engine, sh) -> None:
    built_app(sh)
    sh("docker tag myapp localhost:5000/myapp:v1", ok=True)
    refused = sh("docker push localhost:5000/myapp:v1")
    assert refused.exit_code == 1
    assert refused.output == (
        'Error response from daemon: Get "http://localhost:5000/v2/": dial tcp [::1]:5000: '
        "connect: connection refused\n"
    )
    sh(REGISTRY, ok=True)
    pushed = lines(sh("docker push localhost:5000/myapp:v1", ok=True).output)
    image = engine.state.images[engine.state.tags["myapp:latest"]]
    assert pushed[0] == "The push refers to repository [localhost:5000/myapp]"
    assert pushed[1:3] == [f"{image.layers[1][:12]}: Pushed", f"{image.layers[0][:12]}: Pushed"]
    assert re.match(r"^v1: digest: sha256:[0-9a-f]{64} size: \d+$", pushed[3])
    again = lines(sh("docker push localhost:5000/myapp:v1", ok=True).output)
    assert again[1:3] == [
        f"{image.layers[1][:12]}: Layer already exists",
        f"{image.layers[0][:12]}: Layer already exists",
    ]
    assert again[3] == pushed[3]
    digest = pushed[3].split(" ")[2]

    sh("docker rmi myapp localhost:5000/myapp:v1", ok=True)
    assert "myapp:latest" not in engine.state.tags
    pulled = lines(sh("docker pull localhost:5000/myapp:v1", ok=True).output)
    assert pulled[0] == "v1: Pulling from myapp"
    assert pulled[-3:] == [
        f"Digest: {digest}",
        "Status: Downloaded newer image for localhost:5000/myapp:v1",
        "localhost:5000/myapp:v1",
    ]
    assert sh("docker run --rm localhost:5000/myapp:v1 cat /version", ok=True).output == "v1\n"
    unknown = sh("docker pull localhost:5000/nope")
    assert unknown.output.endswith(
        "Error response from daemon: manifest for localhost:5000/nope:latest not found: "
        "manifest unknown: manifest unknown\n"
    )


def test_docker_hub_needs_login_and_your_own_namespace(engine: Engine, sh) -> None:
    built_app(sh)
    sh("docker tag myapp learner/myapp:1.0", ok=True)
    denied = sh("docker push learner/myapp:1.0")
    assert denied.exit_code == 1
    assert lines(denied.output)[0] == "The push refers to repository [docker.io/learner/myapp]"
    assert lines(denied.output)[-1] == "denied: requested access to the resource is denied"
    login = sh("docker login -u learner -p secret", ok=True).output
    assert (
        login
        == "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\nLogin Succeeded\n"
    )
    assert lines(sh("docker push learner/myapp:1.0", ok=True).output)[-1].startswith(
        "1.0: digest: sha256:"
    )
    other = sh("docker tag myapp someoneelse/myapp && docker push someoneelse/myapp")
    assert other.output.endswith("denied: requested access to the resource is denied\n")
    sh("docker rmi learner/myapp:1.0 myapp someoneelse/myapp", ok=True)
    pulled = lines(sh("docker pull learner/myapp:1.0", ok=True).output)
    assert pulled[0] == "1.0: Pulling from learner/myapp"
    assert pulled[-1] == "docker.io/learner/myapp:1.0"
    missing = sh("docker pull learner/other")
    assert (
        "Error response from daemon: pull access denied for learner/other, repository does not exist "
        "or may require 'docker login': denied: requested access to the resource is denied\n"
        in missing.output
    )
    assert (
        sh("docker logout", ok=True).output
        == "Removing login credentials for https://index.docker.io/v1/\n"
    )
    assert sh("docker logout", ok=True).output == "Not logged in to https://index.docker.io/v1/\n"


def test_push_errors_and_events(engine: Engine, sh) -> None:
    absent = sh("docker push localhost:5000/ghost")
    assert absent.output == (
        "Using default tag: latest\n"
        "Error response from daemon: An image does not exist locally with the tag: localhost:5000/ghost\n"
    )
    built_app(sh)
    sh(REGISTRY, ok=True)
    sh("docker tag myapp localhost:5000/myapp", ok=True)
    outcome = sh("docker push localhost:5000/myapp", ok=True)
    kinds = [e.kind for e in outcome.events]
    assert kinds[-1] == "image.pushed"
    # The registry keeps its layers even after every local image is gone; the dump keeps it too.
    sh("docker rm -f registry && docker rmi myapp localhost:5000/myapp", ok=True)
    loaded = Engine.load(engine.dump(), clock=engine.clock)
    loaded.execute(REGISTRY)
    assert loaded.execute("docker pull -q localhost:5000/myapp").exit_code == 0
