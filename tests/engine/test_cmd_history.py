"""`docker history` (reference §3.3): legacy and BuildKit rows, truncation, errors."""

from __future__ import annotations

from tests.engine.cmd_support import Sh, stderr


def test_legacy_nginx_rows(sh: Sh) -> None:
    sh("docker pull nginx:1.25", ok=True)
    rows = sh("docker history nginx:1.25", ok=True).output.split("\n")
    assert (
        rows[0]
        == "IMAGE          CREATED         CREATED BY                                      SIZE      COMMENT"
    )
    assert rows[1] == (
        'af62dd757b58   22 months ago   /bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon…   0B        '
    )
    assert rows[2] == (
        "<missing>      22 months ago   /bin/sh -c #(nop)  STOPSIGNAL SIGQUIT           0B        "
    )
    assert all(row.startswith("<missing>") for row in rows[2:] if row)


def test_buildkit_rows(sh: Sh) -> None:
    sh("docker pull hello-world", ok=True)
    assert sh("docker history hello-world", ok=True).output == (
        "IMAGE          CREATED        CREATED BY                SIZE      COMMENT\n"
        '74cc54e27dc4   4 months ago   CMD ["/hello"]            0B        buildkit.dockerfile.v0\n'
        "<missing>      4 months ago   COPY hello / # buildkit   10.1kB    buildkit.dockerfile.v0\n"
    )


def test_no_trunc_and_quiet(sh: Sh) -> None:
    sh("docker pull nginx:1.25", ok=True)
    sh("docker pull hello-world", ok=True)
    full = sh("docker history --no-trunc nginx:1.25", ok=True).output
    assert '/bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon off;"]' in full
    assert full.split("\n")[1].startswith(
        "sha256:af62dd757b583ccd39ad332fb77e57f90341453f626e141bf87949b37a309a7d   "
    )
    assert sh("docker history -q hello-world", ok=True).output == "74cc54e27dc4\n<missing>\n"


def test_missing_image(sh: Sh) -> None:
    out = sh("docker history foo")
    assert out.exit_code == 1
    assert stderr(out) == "Error response from daemon: No such image: foo:latest\n"
