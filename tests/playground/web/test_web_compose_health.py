"""Container cards: the health badge and the Compose project tag, and the fragment cache."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils.safestring import SafeString
from sample_state import C1, C2, sample_view

from playground.web.diagrams import build_context, render_diagrams
from playground.web.fragments import CACHE


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    CACHE.clear()


def compose_view(health: str = "healthy") -> dict[str, Any]:
    view = sample_view()
    for ctr in view["containers"]:
        if ctr["id"] == C1:
            ctr.update(health=health, project="shop", service="web")
        if ctr["id"] == C2:
            ctr.update(project="shop", service="cache")
    return view


def card(html: str, cid: str) -> str:
    found = re.search(rf'<li class="ctr-card[^>]*id="ctr-{cid[:12]}".*?</li>', html, re.S)
    assert found is not None
    return found.group(0)


def test_context_carries_health_and_project() -> None:
    context = build_context(compose_view(), [])
    cards = {c["short"]: c for g in context["groups"] for c in g["containers"]}
    assert (cards[C1[:12]]["health"], cards[C1[:12]]["project"]) == ("healthy", "shop")
    assert cards[C2[:12]]["health"] == ""
    assert context["projects"] == [
        {
            "name": "shop",
            "containers": sorted(c["name"] for c in context["containers"] if c["project"]),
            "refs": "shop "
            + " ".join(sorted(c["name"] for c in context["containers"] if c["project"])),
        }
    ]


def test_unknown_health_draws_no_badge() -> None:
    context = build_context(compose_view("none"), [])
    assert all(c["health"] == "" for c in context["containers"])


@pytest.mark.parametrize("health", ["healthy", "unhealthy", "starting"])
def test_card_shows_a_badge_per_health(health: str) -> None:
    html = render_diagrams(compose_view(health), [], "en")
    first = card(html, C1)
    assert (
        f'<span class="health-badge health-badge--{health}" title="healthcheck: {health}">'
        f"{health}</span>"
    ) in first
    assert (
        '<span class="project-tag" data-refs="shop" title="Compose project shop, service web">'
        in first
    )
    assert "health-badge" not in card(html, C2)
    assert "Compose project shop: 2 containers" in html


def test_chinese_titles() -> None:
    html = render_diagrams(compose_view(), [], "zh-hans")
    assert 'title="健康检查：healthy"' in html
    assert 'title="Compose 项目 shop，服务 web"' in html
    assert "Compose 项目 shop：2 个容器" in html


def test_a_health_change_re_renders_the_card(monkeypatch: pytest.MonkeyPatch) -> None:
    render_diagrams(compose_view("starting"), [], "en")
    names: list[str] = []
    put = CACHE.put

    def recording_put(key: tuple[str, str, bytes], html: SafeString) -> None:
        names.append(key[0])
        put(key, html)

    monkeypatch.setattr(CACHE, "put", recording_put)
    html = render_diagrams(compose_view("healthy"), [], "en")
    assert names.count("diagrams/container_card.html") == 1
    assert "health-badge--healthy" in card(html, C1)
    assert "health-badge--starting" not in html


@pytest.mark.parametrize(("lang", "word"), [("en", ">healthy</span>"), ("zh-hans", ">健康</span>")])
def test_the_badge_speaks_the_learners_language(lang: str, word: str) -> None:
    assert word in card(render_diagrams(compose_view(), [], lang), C1)
