"""`docker inspect` (reference §2.10, §3.4, §4.12): JSON shape, templates and misses."""

from __future__ import annotations

import json

from tests.engine.cmd_support import Sh, full_id, stderr, stdout


def test_container_json_fields(sh: Sh) -> None:
    sh("docker run -d --name web -p 8080:80 -v mydata:/data nginx:1.25", ok=True)
    out = sh("docker inspect web", ok=True)
    text = stdout(out)
    assert text.startswith('[\n    {\n        "Id": "')
    assert text.endswith("    }\n]\n") and not text.endswith("\n\n")
    doc = json.loads(text)[0]
    assert doc["Name"] == "/web"
    assert doc["Path"] == "/docker-entrypoint.sh"
    assert doc["Args"] == ["nginx", "-g", "daemon off;"]
    assert doc["Config"]["Image"] == "nginx:1.25"
    assert doc["Config"]["Hostname"] == doc["Id"][:12]
    assert doc["Image"].startswith("sha256:af62dd757b58")
    assert doc["HostConfig"]["PortBindings"] == {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}
    assert doc["NetworkSettings"]["Ports"]["80/tcp"] == [
        {"HostIp": "0.0.0.0", "HostPort": "8080"},
        {"HostIp": "::", "HostPort": "8080"},
    ]
    assert doc["NetworkSettings"]["IPAddress"] == "172.17.0.2"
    assert doc["NetworkSettings"]["MacAddress"] == "02:42:ac:11:00:02"
    assert doc["Mounts"] == [
        {
            "Type": "volume",
            "Name": "mydata",
            "Source": "/var/lib/docker/volumes/mydata/_data",
            "Destination": "/data",
            "Driver": "local",
            "Mode": "z",
            "RW": True,
            "Propagation": "",
        }
    ]


def test_format_templates(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    assert sh("docker inspect -f '{{.State.Status}}' web", ok=True).output == "running\n"
    assert sh("docker inspect -f '{{.Config.Cmd}}' web", ok=True).output == (
        "[nginx -g daemon off;]\n"
    )
    assert sh("docker inspect -f '{{json .Config.ExposedPorts}}' web", ok=True).output == (
        '{"80/tcp":{}}\n'
    )
    assert (
        sh(
            "docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' web",
            ok=True,
        ).output
        == "172.17.0.2\n"
    )
    assert sh("docker image inspect -f '{{len .RootFS.Layers}}' nginx:1.25", ok=True).output == (
        "7\n"
    )
    assert (
        sh(
            "docker image inspect -f '{{index .Config.Labels \"maintainer\"}}' nginx:1.25", ok=True
        ).output
        == "NGINX Docker Maintainers <docker-maint@nginx.com>\n"
    )


def test_state_variants(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    fmt = "'{{.State.Status}} {{.State.Running}} {{.State.Paused}} {{.State.ExitCode}}'"
    sh("docker pause web", ok=True)
    assert sh(f"docker inspect -f {fmt} web", ok=True).output == "paused true true 0\n"
    sh("docker unpause web", ok=True)
    sh("docker kill web", ok=True)
    assert sh(f"docker inspect -f {fmt} web", ok=True).output == "exited false false 137\n"
    assert sh("docker inspect -f '{{json .NetworkSettings.Ports}}' web", ok=True).output == "{}\n"


def test_bind_and_anonymous_mounts(sh: Sh) -> None:
    sh("mkdir -p /srv/site", ok=True)
    sh("docker run -d --name web -v /srv/site:/usr/share/nginx/html:ro nginx:1.25", ok=True)
    mount = json.loads(sh("docker inspect -f '{{json .Mounts}}' web", ok=True).output)[0]
    assert mount == {
        "Type": "bind",
        "Source": "/srv/site",
        "Destination": "/usr/share/nginx/html",
        "Mode": "ro",
        "RW": False,
        "Propagation": "rprivate",
    }
    sh("docker run -d --name cache redis:7", ok=True)
    anon = json.loads(sh("docker inspect -f '{{json .Mounts}}' cache", ok=True).output)[0]
    assert anon["Type"] == "volume" and len(anon["Name"]) == 64 and anon["Mode"] == ""
    assert anon["Source"] == f"/var/lib/docker/volumes/{anon['Name']}/_data"
    ports = sh("docker inspect -f '{{json .NetworkSettings.Ports}}' cache", ok=True).output
    assert ports == '{"6379/tcp":null}\n'


def test_container_shadows_image(sh: Sh) -> None:
    sh("docker run -d --name nginx nginx:1.25", ok=True)
    cid = full_id(sh, "nginx")
    assert sh("docker inspect -f '{{.Id}}' nginx", ok=True).output == f"{cid}\n"


def test_generic_miss(sh: Sh) -> None:
    out = sh("docker inspect nope")
    assert out.exit_code == 1
    assert stdout(out) == "[]\n"
    assert stderr(out) == "Error: No such object: nope\n"


def test_typed_misses(sh: Sh) -> None:
    out = sh("docker container inspect nope")
    assert (out.exit_code, stdout(out), stderr(out)) == (
        1,
        "[]\n",
        "Error response from daemon: No such container: nope\n",
    )
    out = sh("docker image inspect foo")
    assert (stdout(out), stderr(out)) == (
        "[]\n",
        "Error response from daemon: No such image: foo:latest\n",
    )


def test_missing_key_in_template(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    out = sh("docker inspect -f '{{.Foo}}' web")
    assert out.exit_code != 0
    assert stderr(out).startswith('template parsing error: template: :1:2: executing "" at <.Foo>:')


def test_image_json_shape(sh: Sh) -> None:
    sh("docker pull nginx:1.25", ok=True)
    doc = json.loads(sh("docker image inspect nginx:1.25", ok=True).output)[0]
    assert list(doc)[:3] == ["Id", "RepoTags", "RepoDigests"]
    assert doc["Id"] == "sha256:af62dd757b583ccd39ad332fb77e57f90341453f626e141bf87949b37a309a7d"
    assert doc["RepoDigests"] == [
        "nginx@sha256:748e1e0239955172c421269430a03a533fb8d593d7a7e817a2a9e1f8c37305b8"
    ]
    assert doc["DockerVersion"] == "20.10.23"
    assert doc["Metadata"] == {"LastTagTime": "0001-01-01T00:00:00Z"}
    assert doc["Config"]["StopSignal"] == "SIGQUIT"
    assert "VirtualSize" not in doc


def test_size_flag_adds_sizes_before_mounts(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    fmt = "'{{.SizeRw}} {{.SizeRootFs}}'"
    assert sh(f"docker container inspect -s -f {fmt} web", ok=True).output == "1094 186639456\n"
    doc = json.loads(sh("docker inspect -s web", ok=True).output)[0]
    keys = list(doc)
    assert keys.index("SizeRw") + 2 == keys.index("Mounts")
    assert "SizeRw" not in json.loads(sh("docker inspect web", ok=True).output)[0]


def test_type_constraint_uses_the_inspectors_error(sh: Sh) -> None:
    sh("docker run -d --name web nginx:1.25", ok=True)
    out = sh("docker inspect --type image web")
    assert (out.exit_code, stdout(out), stderr(out)) == (
        1,
        "[]\n",
        "Error response from daemon: No such image: web:latest\n",
    )
    out = sh("docker inspect --type volume -f '{{.Name}}' nope")
    assert stderr(out) == "Error response from daemon: get nope: no such volume\n"
