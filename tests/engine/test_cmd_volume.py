"""`docker volume …` (reference §5.2): create/ls/inspect/rm/prune and every volume error."""

from __future__ import annotations

import json
import re

from tests.engine.cmd_support import Sh, full_id, stderr, stdout


def test_create_prints_name_and_is_idempotent(sh: Sh) -> None:
    assert sh("docker volume create mydata", ok=True).output == "mydata\n"
    assert sh("docker volume create mydata", ok=True).output == "mydata\n"
    assert re.fullmatch(r"[0-9a-f]{64}\n", sh("docker volume create", ok=True).output)


def test_ls_table_and_quiet(sh: Sh) -> None:
    sh("docker volume create mydata", ok=True)
    assert sh("docker volume ls", ok=True).output == "DRIVER    VOLUME NAME\nlocal     mydata\n"
    assert sh("docker volume ls -q", ok=True).output == "mydata\n"


def test_inspect_document(sh: Sh) -> None:
    sh("docker volume create mydata", ok=True)
    out = sh("docker volume inspect mydata", ok=True).output
    assert out == (
        "[\n    {\n"
        '        "CreatedAt": "2025-06-15T15:06:40Z",\n'
        '        "Driver": "local",\n'
        '        "Labels": {},\n'
        '        "Mountpoint": "/var/lib/docker/volumes/mydata/_data",\n'
        '        "Name": "mydata",\n'
        '        "Options": {},\n'
        '        "Scope": "local"\n'
        "    }\n]\n"
    )


def test_auto_created_by_run_has_null_labels(sh: Sh) -> None:
    sh("docker run -d --name web -v auto:/data nginx:1.25", ok=True)
    doc = json.loads(sh("docker volume inspect auto", ok=True).output)[0]
    assert doc["Labels"] is None and doc["Options"] is None


def test_in_use_lists_every_container(sh: Sh) -> None:
    sh("docker run -d --name web -v mydata:/data nginx:1.25", ok=True)
    sh("docker create --name web2 -v mydata:/data nginx:1.25", ok=True)
    ids = [full_id(sh, "web"), full_id(sh, "web2")]
    out = sh("docker volume rm mydata")
    assert out.exit_code == 1
    assert stderr(out) == (
        f"Error response from daemon: remove mydata: volume is in use - [{', '.join(ids)}]\n"
    )


def test_missing(sh: Sh) -> None:
    out = sh("docker volume rm nosuchvol")
    assert (out.exit_code, stderr(out)) == (
        1,
        "Error response from daemon: get nosuchvol: no such volume\n",
    )
    out = sh("docker volume inspect nosuchvol")
    assert stdout(out) == "[]\n"
    assert stderr(out) == "Error response from daemon: get nosuchvol: no such volume\n"


def test_bad_name(sh: Sh) -> None:
    out = sh("docker volume create 'my vol'")
    assert out.exit_code == 1
    assert stderr(out) == (
        'Error response from daemon: create my vol: "my vol" includes invalid characters for a '
        'local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to '
        "pass a host directory, use absolute path\n"
    )


def test_rm_prints_names(sh: Sh) -> None:
    sh("docker volume create a1", ok=True)
    sh("docker volume create b1", ok=True)
    assert sh("docker volume rm a1 b1", ok=True).output == "a1\nb1\n"


def test_prune_prompt_anonymous_only(sh: Sh) -> None:
    sh("docker volume create named", ok=True)
    sh("docker run -d --name cache redis:7", ok=True)
    anon = sh("docker inspect -f '{{range .Mounts}}{{.Name}}{{end}}' cache", ok=True).output.strip()
    sh("docker rm -f cache", ok=True)
    prompt = sh("docker volume prune", ok=True)
    assert prompt.output == (
        "WARNING! This will remove anonymous local volumes not used by at least one container.\n"
        "Are you sure you want to continue? [y/N] "
    )
    out = sh("y", ok=True).output
    assert out.startswith(f"Deleted Volumes:\n{anon}\n\nTotal reclaimed space: ")
    assert sh("docker volume ls -q", ok=True).output == "named\n"


def test_prune_all_warning_and_decline(sh: Sh) -> None:
    sh("docker volume create named", ok=True)
    assert sh("docker volume prune -a", ok=True).output.startswith(
        "WARNING! This will remove all local volumes not used by at least one container.\n"
    )
    assert sh("n", ok=True).output == ""
    assert sh("docker volume ls -q", ok=True).output == "named\n"
    out = sh("docker volume prune -a -f", ok=True).output
    assert out == "Deleted Volumes:\nnamed\n\nTotal reclaimed space: 0B\n"


def test_data_survives_container_removal(sh: Sh) -> None:
    sh("docker run -d --name web -v mydata:/data nginx:1.25", ok=True)
    sh("docker exec web sh -c 'echo kept > /data/f'", ok=True)
    sh("docker rm -f web", ok=True)
    sh("docker run -d --name web2 -v mydata:/data nginx:1.25", ok=True)
    assert sh("docker exec web2 cat /data/f", ok=True).output == "kept\n"


def test_unknown_driver(sh: Sh) -> None:
    out = sh("docker volume create -d foo v3")
    assert (out.exit_code, stderr(out)) == (
        1,
        'Error response from daemon: create v3: error looking up volume plugin foo: plugin "foo" '
        "not found\n",
    )
    assert sh("docker volume create --driver local v4", ok=True).output == "v4\n"


def test_an_empty_volume_lists_as_empty(sh: Sh) -> None:
    sh("docker run -d --name cache redis:7", ok=True)  # an anonymous volume on /data
    assert sh("docker exec cache ls -a /data", ok=True).output == ".\n..\n"
    assert sh("docker exec cache ls /data", ok=True).output == ""
