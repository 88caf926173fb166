"""docker save / load and export / import through files on the simulated host."""

from __future__ import annotations

import re

from engine import Engine


def test_save_and_load_a_built_image(engine: Engine, sh) -> None:
    sh(
        "mkdir -p ~/s && cd ~/s && printf 'FROM alpine\\nRUN echo saved > /proof\\n' > Dockerfile",
        ok=True,
    )
    sh("docker build -q -t myapp:1.0 .", ok=True)
    image_id = engine.state.tags["myapp:1.0"]
    assert sh("docker save myapp:1.0").output == (
        "cowardly refusing to save to a terminal. Use the -o flag or redirect\n"
    )
    sh("docker save -o myapp.tar myapp:1.0", ok=True)
    listing = sh("ls -l myapp.tar", ok=True).output
    size = int(listing.split()[4])
    assert 7_000_000 < size < 8_000_000  # alpine's 7.38MB layer plus the RUN layer and tar overhead
    sh("docker rmi myapp:1.0", ok=True)
    assert image_id not in engine.state.images
    loaded = sh("docker load -i myapp.tar", ok=True)
    out = loaded.output.split("\n")
    assert re.match(r"^[0-9a-f]{12}: Loading layer \[=+>\]\s+\S+/\S+$", out[0])
    assert "Loaded image: myapp:1.0" in out
    assert engine.state.tags["myapp:1.0"] == image_id
    assert [e.kind for e in loaded.events][-1] == "image.loaded"
    assert sh("docker run --rm myapp:1.0 cat /proof", ok=True).output == "saved\n"
    assert sh("docker load -i nope.tar").output == "open nope.tar: no such file or directory\n"
    sh("echo hello > not-a.tar", ok=True)
    assert (
        sh("docker load -i not-a.tar").output
        == "Error response from daemon: archive/tar: invalid tar header\n"
    )


def test_save_through_a_redirect_and_load_from_stdin(engine: Engine, sh) -> None:
    sh("docker pull -q busybox", ok=True)
    sh("docker save busybox > bb.tar", ok=True)
    sh("docker rmi busybox", ok=True)
    assert sh("docker load < bb.tar", ok=True).output.endswith("Loaded image: busybox:latest\n")


def test_export_and_import_flatten_a_container(engine: Engine, sh) -> None:
    sh("docker run --name box alpine sh -c 'echo inside > /note'", ok=True)
    assert sh("docker export box").exit_code == 1
    sh("docker export -o box.tar box", ok=True)
    imported = sh("docker import box.tar flat:v1", ok=True).output
    assert re.match(r"^sha256:[0-9a-f]{64}\n$", imported)
    image = engine.state.images[imported.strip()]
    assert len(image.layers) == 1
    assert sh("docker run --rm flat:v1 cat /note", ok=True).output == "inside\n"
    history = sh("docker history flat:v1", ok=True).output.split("\n")
    assert history[1].rstrip().endswith("Imported from box.tar")
    changed = sh('docker import -c \'CMD ["cat", "/note"]\' box.tar flat:v2', ok=True)
    assert changed.exit_code == 0
    assert sh("docker run --rm flat:v2", ok=True).output == "inside\n"
