"""Docker's tabwriter layout (reference §2.1), checked against the §3.1 and §4.3 tables."""

from engine.format.table import render_table


def test_images_table_from_rows() -> None:
    rows = [
        ["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"],
        ["nginx", "1.25", "af62dd757b58", "2 years ago", "187MB"],
        ["nginx", "latest", "af62dd757b58", "2 years ago", "187MB"],
        ["redis", "7", "6b8be92f31f3", "2 weeks ago", "117MB"],
        ["ubuntu", "22.04", "ca2b0f26964c", "2 years ago", "77.9MB"],
        ["node", "18-alpine", "b430f596d217", "18 months ago", "128MB"],
        ["alpine", "3.19", "dcb11b21f6dc", "12 months ago", "7.38MB"],
        ["hello-world", "latest", "74cc54e27dc4", "12 months ago", "10.1kB"],
        ["<none>", "<none>", "1b2c3d4e5f60", "5 minutes ago", "128MB"],
    ]
    assert render_table(rows) == (
        "REPOSITORY    TAG         IMAGE ID       CREATED         SIZE\n"
        "nginx         1.25        af62dd757b58   2 years ago     187MB\n"
        "nginx         latest      af62dd757b58   2 years ago     187MB\n"
        "redis         7           6b8be92f31f3   2 weeks ago     117MB\n"
        "ubuntu        22.04       ca2b0f26964c   2 years ago     77.9MB\n"
        "node          18-alpine   b430f596d217   18 months ago   128MB\n"
        "alpine        3.19        dcb11b21f6dc   12 months ago   7.38MB\n"
        "hello-world   latest      74cc54e27dc4   12 months ago   10.1kB\n"
        "<none>        <none>      1b2c3d4e5f60   5 minutes ago   128MB\n"
    )


def test_ps_table_with_empty_ports_cell() -> None:
    header = ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]
    rows = [
        header,
        ["c41e5a9f0b27", "ubuntu:22.04", '"/bin/bash"', "10 seconds ago",
         "Exited (0) 8 seconds ago", "", "eager_lamport"],
        ["3f9c2b7a1d4e", "nginx:1.25", '"/docker-entrypoint.…"', "3 minutes ago", "Up 3 minutes",
         "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp", "web"],
        ["d7a3e2f1c0b9", "hello-world", '"/hello"', "2 hours ago", "Exited (0) 2 hours ago", "",
         "festive_hopper"],
        ["5b8d9e0a1c2f", "nginx:1.25", '"/docker-entrypoint.…"', "2 hours ago", "Created", "",
         "web2"],
    ]  # fmt: skip
    assert render_table(rows) == (
        "CONTAINER ID   IMAGE          COMMAND                  CREATED          STATUS                     PORTS                                     NAMES\n"
        'c41e5a9f0b27   ubuntu:22.04   "/bin/bash"              10 seconds ago   Exited (0) 8 seconds ago                                             eager_lamport\n'
        '3f9c2b7a1d4e   nginx:1.25     "/docker-entrypoint.…"   3 minutes ago    Up 3 minutes               0.0.0.0:8080->80/tcp, [::]:8080->80/tcp   web\n'
        'd7a3e2f1c0b9   hello-world    "/hello"                 2 hours ago      Exited (0) 2 hours ago                                               festive_hopper\n'
        '5b8d9e0a1c2f   nginx:1.25     "/docker-entrypoint.…"   2 hours ago      Created                                                              web2\n'
    )


def test_empty_tables_print_the_header() -> None:
    header = ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]
    assert render_table([header]) == (
        "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n"
    )
    assert render_table([["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"]]) == (
        "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n"
    )
    assert render_table([]) == ""


def test_empty_last_cell_keeps_trailing_padding() -> None:
    rows = [["IMAGE", "SIZE", "COMMENT"], ["af62dd757b58", "0B", ""]]
    assert render_table(rows) == "IMAGE          SIZE      COMMENT\naf62dd757b58   0B        \n"


def test_wide_characters_count_two_cells() -> None:
    assert render_table([["名字", "x"], ["ab", "y"]]) == "名字      x\nab        y\n"


def test_top_uses_minimum_width_20() -> None:
    rows = [["UID", "PID", "CMD"], ["root", "24817", "nginx: master process"]]
    assert render_table(rows, minwidth=20) == (
        "UID                 PID                 CMD\n"
        "root                24817               nginx: master process\n"
    )
