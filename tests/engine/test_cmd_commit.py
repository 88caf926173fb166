"""`docker commit` (reference §4.9): the printed id, the new layer and history row, errors."""

from __future__ import annotations

import re

from tests.engine.cmd_support import Sh, stderr


def test_commit_prints_prefixed_id_and_adds_a_layer(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    sh("docker exec web sh -c 'echo hi > /usr/share/nginx/html/index.html'", ok=True)
    out = sh("docker commit -m 'new page' web myweb:v1", ok=True).output
    assert re.fullmatch(r"sha256:[0-9a-f]{64}\n", out)
    layers = sh("docker image inspect -f '{{len .RootFS.Layers}}' myweb:v1", ok=True).output
    assert layers == "8\n"
    top = sh("docker history myweb:v1", ok=True).output.split("\n")[1]
    assert top.startswith(out[7:19] + "   ")
    assert "   /docker-entrypoint.sh nginx -g 'daemon off;'    " in top
    assert top.endswith("   new page")


def test_committed_image_carries_the_change(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    sh("docker exec web sh -c 'echo hi > /usr/share/nginx/html/index.html'", ok=True)
    sh("docker commit web myweb:v1", ok=True)
    sh("docker run -d --name web2 myweb:v1", ok=True)
    assert sh("docker exec web2 cat /usr/share/nginx/html/index.html", ok=True).output == "hi\n"


def test_untagged_commit_is_none(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    out = sh("docker commit web", ok=True).output
    rows = sh("docker images", ok=True).output
    assert f"<none>       <none>    {out[7:19]}" in rows


def test_change_flag(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    sh('docker commit -c \'CMD ["nginx", "-T"]\' web myweb:v2', ok=True)
    assert sh("docker image inspect -f '{{.Config.Cmd}}' myweb:v2", ok=True).output == (
        "[nginx -T]\n"
    )


def test_message_changes_the_image_id(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    first = sh("docker commit web", ok=True).output
    second = sh("docker commit -m other web", ok=True).output
    assert first != second


def test_unknown_container(sh: Sh) -> None:
    out = sh("docker commit nope")
    assert (out.exit_code, stderr(out)) == (
        1,
        "Error response from daemon: No such container: nope\n",
    )
