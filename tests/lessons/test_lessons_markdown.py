"""Markdown rendering, runnable blocks, anchors and docs mode on the shipped sample docs."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playground.lessons import docs, markdown

SAMPLE = Path(__file__).resolve().parents[2] / "lessons" / "docs-sample"


def test_slugs_match_starlight() -> None:
    assert markdown.slugify("什么是镜像（Image）？") == "什么是镜像image"
    assert markdown.slugify("示例 1：从镜像创建多个容器") == "示例-1从镜像创建多个容器"
    assert markdown.slugify("写时复制（Copy-on-Write）") == "写时复制copy-on-write"
    assert markdown.slugify("1. 高效存储") == "1-高效存储"
    assert markdown.slugify("Tags & why not `latest`") == "tags--why-not-latest"


def test_extract_commands() -> None:
    code = "\n".join(
        [
            "# comment",
            "$ docker run -d \\",
            "  --name web \\",
            "  nginx",
            "",
            "docker images",
            "REPOSITORY   TAG   IMAGE ID",
            "nginx        latest af62dd757b58",
            "",
            "cat > f <<-'EOF'",
            "\thello",
            "\tEOF",
            "echo done",
        ]
    )
    assert markdown.extract_commands(code) == [
        "docker run -d --name web nginx",
        "docker images",
        "cat > f <<-'EOF'\n\thello\n\tEOF",
        "echo done",
    ]


def test_docs_sample_renders_with_runnable_blocks_and_admonitions() -> None:
    page = docs.render_page(SAMPLE, "basics/volumes", "zh-hans")
    assert page is not None and page.rendered is not None
    assert page.title == "卷与容器"
    rendered = page.rendered
    assert [b.commands for b in rendered.blocks] == [
        (
            "docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret -v db-data:/var/lib/mysql mysql:8.0",
            "docker ps",
        ),
        ("docker ps",),
        ("cat > Dockerfile <<'EOF'\nFROM alpine:3.19\nCMD [\"sh\"]\nEOF", "docker build -t demo ."),
    ]
    html = rendered.html
    assert (
        '<aside class="admonition admonition-caution"><p class="admonition-title">别忘了密码</p>'
        in html
    )
    assert '<aside class="admonition admonition-tip"><p class="admonition-title">提示</p>' in html
    assert '<p class="admonition-title">扩展阅读</p>' in html
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<table>" in html
    assert [h.anchor for h in rendered.headings] == [
        "启动一个数据库mysql",
        "写一个文件",
        "写一个文件-1",
    ]
    assert '<h2 id="启动一个数据库mysql">' in html
    match = re.search(r'data-block="0" data-commands="([^"]*)"', html)
    assert match is not None
    commands = json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert commands[1] == "docker ps"
    assert '<button type="button" data-action="run">运行</button>' in html
    assert "yaml" in html and html.count('class="runnable"') == 3


def test_docs_pages_are_listed_and_paths_stay_inside() -> None:
    paths = {page.path: page.title for page in docs.list_pages(SAMPLE)}
    assert paths == {"": "示例文档", "basics/volumes": "卷与容器"}
    assert docs.render_page(SAMPLE, "../../pyproject") is None
    assert docs.render_page(SAMPLE, "basics/nope") is None
