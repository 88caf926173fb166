"""render_diagrams: the #diagrams fragment built from a hand-made view."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from sample_state import C1, C2, L2, sample_view

from playground.web.diagrams import build_context, focus_tab, instruction_label, render_diagrams


@pytest.fixture(scope="module")
def html_en() -> str:
    return render_diagrams(sample_view(), [], "en")


def test_fragment_is_the_diagrams_section_with_every_panel(html_en: str) -> None:
    assert html_en.startswith('<section id="diagrams"')
    for tab in ("images", "containers", "inside", "volumes", "build", "disk"):
        assert f'id="panel-{tab}"' in html_en


def test_element_ids_are_unique_and_stable(html_en: str) -> None:
    ids = Counter(re.findall(r'\sid="([^"]+)"', html_en))
    assert [i for i, n in ids.items() if n > 1] == []
    # The oldest image holding a shared layer keeps the plain id; the newer one qualifies it.
    assert 'id="layer-648e0aadf75a"' in html_en
    assert 'id="layer-648e0aadf75a-in-5d1c0ffee123"' in html_en
    assert f'id="ctr-{C1[:12]}"' in html_en
    assert render_diagrams(sample_view(), [], "en") == html_en


def test_a_container_named_script_renders_as_text(html_en: str) -> None:
    assert "<script" not in html_en
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_en


def test_shared_layers_name_the_images_sharing_them(html_en: str) -> None:
    slab = re.search(
        r'<li class="slab slab--shared" id="layer-b0f2c5e1d3a4".*?</li>', html_en, re.S
    )
    assert slab is not None
    assert "my-custom-nginx:v1" in slab.group(0)
    assert "112MB" in slab.group(0)
    assert "RUN /bin/sh -c apt-get update &amp;&amp; apt-get install -y nginx" in slab.group(0)


def test_containers_fan_out_from_their_image_with_port_tags(html_en: str) -> None:
    fan = re.search(r'<li class="fan" id="fan-img-af62dd757b58">.*?</ul>\s*</li>', html_en, re.S)
    assert fan is not None
    names = re.findall(r'<span class="ctr-card__name">([^<]+)</span>', fan.group(0))
    assert names == ["web1", "web2", "&lt;script&gt;alert(1)&lt;/script&gt;"]
    assert 'class="ctr-card ctr--running"' in fan.group(0)
    assert 'class="ctr-card ctr--exited"' in fan.group(0)
    assert ">8001→80</button>" in fan.group(0)
    assert "Exited (0) 1 minute ago" in fan.group(0)


def test_inside_shows_copy_up_whiteout_and_an_empty_dashed_layer(html_en: str) -> None:
    web1 = re.search(rf'<li class="inside" id="inside-{C1[:12]}".*?</ol>', html_en, re.S)
    web2 = re.search(rf'<li class="inside" id="inside-{C2[:12]}".*?</ol>', html_en, re.S)
    assert web1 is not None and web2 is not None
    assert "copied up from " + L2[:12] in web1.group(0)
    assert "<s>/etc/nginx/conf.d/default.conf</s>" in web1.group(0)
    assert "whiteout" in web1.group(0)
    assert 'class="writable writable--empty"' in web2.group(0)
    assert "(empty)" in web2.group(0)
    # The container's own view of its image: slabs below its writable slab, top first.
    assert web1.group(0).index("writable layer") < web1.group(0).index("layer-c9d8e7f6a5b4")


def test_volumes_binds_build_and_disk(html_en: str) -> None:
    assert "site-data" in html_en and "web1:/data" in html_en
    assert "/host/website" in html_en and "host folder" in html_en
    assert html_en.count('class="step step--cached"') == 2
    assert html_en.count('class="step step--run"') == 1
    assert "cache hit" in html_en and "executed" in html_en
    assert "<td>186.6MB</td>" in html_en and "Local Volumes" in html_en
    assert 'style="width: 100.0%"' in html_en  # shared bytes dominate the bar


def test_chinese_strings() -> None:
    html = render_diagrams(sample_view(), [], "zh-hans")
    assert "镜像与分层" in html
    assert "共享于" in html
    assert "可写层" in html
    assert "从 " + L2[:12] + " 复制上来" in html


def test_empty_view_shows_hints() -> None:
    html = render_diagrams({"images": [], "layers": {}, "containers": [], "volumes": []}, [], "en")
    assert "No images yet. Try" in html
    assert "<code>docker pull nginx</code>" in html
    assert "No containers yet." in html


def test_the_most_significant_event_picks_the_tab_and_fresh_layers_stagger() -> None:
    assert focus_tab([]) == ""
    assert focus_tab([{"kind": "layer.pulled"}, {"kind": "container.created"}]) == "containers"
    assert focus_tab([{"kind": "file.copied_up"}]) == "inside"
    run = [
        "layer.pulled",
        "image.pulled",
        "container.created",
        "container.started",
        "file.copied_up",
    ]
    assert focus_tab([{"kind": k} for k in run]) == "containers"
    assert focus_tab([{"kind": "container.stopped"}]) == "containers"
    assert focus_tab([{"kind": "volume.created"}, {"kind": "volume.mounted"}]) == "volumes"
    assert focus_tab([{"kind": "build.step"}, {"kind": "build.finished"}]) == "build"
    events = [
        {"kind": "layer.pulled", "layer": L2},
        {"kind": "file.copied_up", "container": C1, "path": "/tmp/notes.txt"},
    ]
    html = render_diagrams(sample_view(), events, "en")
    assert 'data-focus-tab="images"' in html
    assert 'id="layer-b0f2c5e1d3a4" data-refs="b0f2c5e1d3a4" data-fresh style="--i: 0"' in html
    assert "chip chip--A chip--fresh" in html


def test_refs_name_what_the_terminal_prints() -> None:
    context = build_context(sample_view(), [])
    nginx = next(i for i in context["images"] if i["short"] == "af62dd757b58")
    assert nginx["refs"].split() == ["nginx:1.25", "nginx:latest", "nginx", "af62dd757b58"]
    assert context["containers"][0]["refs"] == f"web1 {C1[:12]}"


@pytest.mark.parametrize(
    ("created_by", "label"),
    [
        ('/bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon off;"]', 'CMD ["nginx" "-g" "daemon off;"]'),
        (
            "/bin/sh -c #(nop) COPY file:9e3b2b63db9f8fc7 in /docker-entrypoint.d ",
            "COPY file:9e3b2b63db9f8fc7 in /docker-entrypoint.d",
        ),
        ("/bin/sh -c set -x && groupadd --system nginx", "RUN set -x && groupadd --system nginx"),
        ("|2 NODE_ENV=production PORT=3000 /bin/sh -c npm ci", "RUN npm ci"),
        ("COPY . . # buildkit", "COPY . . # buildkit"),
    ],
)
def test_layer_labels_read_as_instructions(created_by: str, label: str) -> None:
    assert instruction_label(created_by) == label


def test_layers_are_named_by_the_short_id_docker_prints_not_the_diff_id() -> None:
    # `docker pull` prints distribution digests; the view's layer keys are diff ids.
    view = sample_view()
    view["layers"][L2]["short"] = "c00f8e87f8b6"
    html = render_diagrams(view, [{"kind": "layer.pulled", "layer": L2}], "en")
    assert 'id="layer-c00f8e87f8b6" data-refs="c00f8e87f8b6" data-fresh style="--i: 0"' in html
    assert "copied up from c00f8e87f8b6" in html
    assert f"layer-{L2[:12]}" not in html


def test_parent_folders_copied_up_are_counted_not_listed() -> None:
    view = sample_view()
    view["containers"][0]["writable"]["changes"][:0] = [
        {"path": p, "change": "C", "kind": "dir", "size": 0, "from_layer": L2}
        for p in ("/usr", "/usr/share", "/usr/share/nginx", "/usr/share/nginx/html")
    ]
    html = render_diagrams(view, [], "en")
    web1 = re.search(rf'<li class="inside" id="inside-{C1[:12]}".*?</ol>', html, re.S)
    assert web1 is not None
    assert ">/usr/share</span>" not in web1.group(0)
    assert "and 4 parent folders copied up with them" in web1.group(0)
    assert "以及随之复制上来的 4 个父目录" in render_diagrams(view, [], "zh-hans")
