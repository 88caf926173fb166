"""`docker system df` / `system prune` / `container prune` / `image prune` / info / version (§5)."""

from __future__ import annotations

from tests.engine.cmd_support import Sh, full_id

DF_EMPTY = (
    "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n"
    "Images          0         0         0B        0B\n"
    "Containers      0         0         0B        0B\n"
    "Local Volumes   0         0         0B        0B\n"
    "Build Cache     0         0         0B        0B\n"
)


def test_df_empty(sh: Sh) -> None:
    assert sh("docker system df", ok=True).output == DF_EMPTY


def test_df_counts_and_percentages(sh: Sh) -> None:
    sh("docker pull nginx:1.25", ok=True)
    sh("docker pull hello-world", ok=True)
    sh("docker run -d --name web -v mydata:/data nginx:1.25", ok=True)
    rows = sh("docker system df", ok=True).output.split("\n")
    assert rows[1].split() == ["Images", "2", "1", "186.6MB", "10.07kB", "(0%)"]
    assert rows[2].split()[:3] == ["Containers", "1", "1"]
    assert rows[3].split() == ["Local", "Volumes", "1", "1", "0B", "0B"]


def test_df_verbose_sections(sh: Sh) -> None:
    sh("docker pull nginx:1.25", ok=True)
    out = sh("docker system df -v", ok=True).output
    assert out.startswith("Images space usage:\n\nREPOSITORY   TAG       IMAGE ID       ")
    assert "\n\nContainers space usage:\n\nCONTAINER ID   IMAGE     COMMAND   LOCAL VOLUMES" in out
    assert "\n\nLocal Volumes space usage:\n\nVOLUME NAME   LINKS     SIZE\n" in out
    assert out.endswith(
        "\n\nBuild cache usage: 0B\n\n"
        "CACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED\n"
    )


def test_container_prune(sh: Sh) -> None:
    sh("docker pull hello-world", ok=True)
    sh("docker run --name h1 hello-world", ok=True)
    sh("docker create --name h2 hello-world", ok=True)
    ids = [full_id(sh, "h2"), full_id(sh, "h1")]
    assert sh("docker container prune", ok=True).output == (
        "WARNING! This will remove all stopped containers.\n"
        "Are you sure you want to continue? [y/N] "
    )
    out = sh("y", ok=True).output
    assert out.startswith("Deleted Containers:\n")
    assert sorted(out.split("\n")[1:3]) == sorted(ids)
    assert out.endswith("\n\nTotal reclaimed space: 0B\n")


def test_image_prune_prompts_and_dangling(sh: Sh) -> None:
    sh("docker pull hello-world", ok=True)
    assert sh("docker image prune", ok=True).output == (
        "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] "
    )
    assert sh("y", ok=True).output == "Total reclaimed space: 0B\n"
    assert sh("docker image prune -a", ok=True).output.startswith(
        "WARNING! This will remove all images without at least one container associated to them.\n"
    )
    out = sh("y", ok=True).output
    assert out.startswith("Deleted Images:\nuntagged: hello-world:latest\n")
    assert "\ndeleted: sha256:74cc54e27dc4" in out
    assert "\n\nTotal reclaimed space: " in out


def test_image_prune_answer_no(sh: Sh) -> None:
    sh("docker pull hello-world", ok=True)
    sh("docker image prune -a", ok=True)
    assert sh("N", ok=True).output == ""
    assert sh("docker images -q", ok=True).output == "74cc54e27dc4\n"


def test_system_prune(sh: Sh) -> None:
    sh("docker pull hello-world", ok=True)
    sh("docker run --name h1 hello-world", ok=True)
    sh("docker network create mynet", ok=True)
    cid = full_id(sh, "h1")
    assert sh("docker system prune", ok=True).output == (
        "WARNING! This will remove:\n"
        "  - all stopped containers\n"
        "  - all networks not used by at least one container\n"
        "  - all dangling images\n"
        "  - unused build cache\n\n"
        "Are you sure you want to continue? [y/N] "
    )
    out = sh("y", ok=True).output
    assert out.startswith(f"Deleted Containers:\n{cid}\n\nDeleted Networks:\nmynet\n\n")
    assert out.endswith("Total reclaimed space: 0B\n")


def test_info_and_version(sh: Sh) -> None:
    sh("docker pull hello-world", ok=True)
    info = sh("docker info", ok=True).output
    assert " Images: 1\n" in info and " Storage Driver: overlay2\n" in info
    version = sh("docker version", ok=True).output
    assert version.startswith("Client: Docker Engine - Community\n Version:           27.5.1\n")


def test_piped_answer_is_not_echoed(sh: Sh) -> None:
    sh("docker pull hello-world", ok=True)
    out = sh("echo y | docker image prune -a", ok=True).output
    assert out.startswith(
        "WARNING! This will remove all images without at least one container associated to them.\n"
        "Are you sure you want to continue? [y/N] Deleted Images:\nuntagged: hello-world:latest\n"
    )
    out = sh("echo n | docker container prune", ok=True).output
    assert out == (
        "WARNING! This will remove all stopped containers.\n"
        "Are you sure you want to continue? [y/N] "
    )


def test_version_and_info_formats(sh: Sh) -> None:
    assert sh("docker version --format '{{.Server.Version}}'", ok=True).output == "27.5.1\n"
    assert sh("docker version -f '{{.Client.Version}} {{.Server.Os}}/{{.Server.Arch}}'").output == (
        "27.5.1 linux/amd64\n"
    )
    sh("docker pull hello-world", ok=True)
    out = sh("docker info --format '{{.Containers}} {{.Images}} {{.Driver}} {{.ServerVersion}}'")
    assert out.output == "0 1 overlay2 27.5.1\n"
    assert sh("docker info --format '{{json .Swarm}}'", ok=True).output == (
        '{"LocalNodeState":"inactive"}\n'
    )
    assert sh("docker info -f '{{.Nope}}'").exit_code != 0
