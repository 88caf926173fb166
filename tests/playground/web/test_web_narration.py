"""Narration: one sentence per engine event kind, in en and zh-hans."""

from __future__ import annotations

import re

import pytest

from engine.events import KINDS
from playground.web.narration import SENTENCES, narrate, narrate_one

CTR = "3f9c2b7a1d4e" + "e" * 52
IMG = "sha256:" + "af62dd757b58" + "0" * 52


def test_copied_up_in_both_languages() -> None:
    event = {
        "kind": "file.copied_up",
        "container": CTR,
        "name": "web1",
        "path": "/app/config.json",
        "layer": "648e0aadf75a",
    }
    assert narrate([event], "en") == ["copied /app/config.json up into web1's writable layer"]
    assert narrate([event], "zh-hans") == ["已将 /app/config.json 复制到 web1 的可写层"]


def test_container_created_names_the_image_and_the_writable_layer() -> None:
    event = {"kind": "container.created", "container": CTR, "name": "web1", "image": IMG}
    assert narrate_one(event, "en") == (
        f"created container web1 from {IMG[7:19]}, with an empty writable layer on top"
    )


def test_pull_progress_collapses_and_sizes_are_humanised() -> None:
    events = [
        {
            "kind": "layer.pulling",
            "image": IMG,
            "layer": "a" * 64,
            "short": "aaaaaaaaaaaa",
            "size": 29_100_000,
            "index": 1,
            "total": 2,
        },
        {
            "kind": "layer.pulled",
            "image": IMG,
            "layer": "a" * 64,
            "short": "aaaaaaaaaaaa",
            "size": 29_100_000,
        },
        {"kind": "layer.exists", "image": IMG, "layer": "b" * 64, "short": "bbbbbbbbbbbb"},
        {"kind": "image.pulled", "image": IMG, "ref": "nginx:latest"},
    ]
    assert narrate(events, "en") == [
        "layer aaaaaaaaaaaa arrived (29.1MB)",
        "layer bbbbbbbbbbbb is already here, so it is shared instead of downloaded again",
        "image nginx:latest is ready",
    ]
    assert narrate(events, "zh-hans")[2] == "镜像 nginx:latest 已就绪"


def test_build_step_says_cache_hit_or_executed() -> None:
    hit = {
        "kind": "build.step",
        "index": 4,
        "total": 6,
        "instruction": "RUN npm install",
        "cached": True,
        "layer": "c" * 64,
    }
    run = {**hit, "index": 5, "instruction": "COPY . .", "cached": False}
    assert narrate([hit, run], "en") == [
        "step 4/6: RUN npm install (cache hit, layer reused)",
        "step 5/6: COPY . . (executed, new layer)",
    ]


def test_unknown_kinds_are_skipped_and_lang_variants_normalise() -> None:
    assert narrate([{"kind": "nope"}], "en") == []
    event = {"kind": "container.started", "container": CTR, "name": "web1"}
    assert narrate([event], "zh_Hans") == ["web1 正在运行"]
    assert narrate([event], "en-us") == ["web1 is running"]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_event_kind_has_a_full_sentence_in_both_languages(kind: str) -> None:
    assert kind in SENTENCES
    fields = [f.strip() for f in KINDS[kind].split(",")]
    samples: dict[str, object] = {
        "image": IMG,
        "layer": "d" * 64,
        "short": "dddddddddddd",
        "size": 1093,
        "index": 1,
        "total": 3,
        "ref": "nginx:latest",
        "refs": ["my-app:v2"],
        "container": CTR,
        "name": "web1",
        "old_name": "web0",
        "exit_code": 137,
        "signal": "SIGKILL",
        "path": "/app/config.json",
        "volume": "mysql-data",
        "anonymous": False,
        "destination": "/var/lib/mysql",
        "source": "/host/website",
        "network": "appnet",
        "ip": "172.18.0.2",
        "status": 200,
        "steps": 6,
        "instruction": "COPY . .",
        "cached": False,
        "registry": "localhost:5000",
    }
    event = {"kind": kind, **{f: samples[f] for f in fields}}
    for lang in ("en", "zh-hans"):
        sentence = narrate_one(event, lang)
        assert sentence, (kind, lang)
        assert "?" not in sentence and not re.search(r"[{}]", sentence), (kind, lang, sentence)
    assert narrate_one(event, "zh-hans") != narrate_one(event, "en")


def test_a_run_of_layer_arrivals_is_one_sentence() -> None:
    pulled = [
        {"kind": "layer.pulled", "image": IMG, "layer": c * 64, "short": c * 12, "size": size}
        for c, size in (("a", 74_800_000), ("b", 112_000_000), ("c", 1_620))
    ]
    events = [*pulled, {"kind": "image.pulled", "image": IMG, "ref": "nginx:latest"}]
    assert narrate(events, "en") == ["3 layers arrived (187MB)", "image nginx:latest is ready"]
    assert narrate(events, "zh-hans")[0] == "已下载 3 层（共 187MB）"
