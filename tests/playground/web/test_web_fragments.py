"""The diagram fragment cache: same bytes as a fresh render, only changed fragments re-rendered."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.utils.safestring import SafeString
from sample_state import C1, C2, sample_view

from playground.web import fragments
from playground.web.bench_diagrams import diagram_bench
from playground.web.diagrams import render_diagrams
from playground.web.fragments import CACHE, FragmentCache


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    CACHE.clear()
    yield
    CACHE.clear()


def fresh_render(view: dict, lang: str = "en") -> str:
    CACHE.clear()
    return render_diagrams(view, [], lang)


def rendered_templates(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the templates rendered (cache misses) from now on."""
    names: list[str] = []
    put = CACHE.put

    def recording_put(key: tuple[str, str, bytes], html: SafeString) -> None:
        names.append(key[0])
        put(key, html)

    monkeypatch.setattr(CACHE, "put", recording_put)
    return names


def test_a_repeated_render_is_served_from_the_cache_byte_for_byte() -> None:
    first = render_diagrams(sample_view(), [], "en")
    misses = CACHE.misses
    assert render_diagrams(sample_view(), [], "en") == first
    assert CACHE.misses == misses
    assert CACHE.hits >= 6  # one per panel at least


def test_stopping_one_container_re_renders_only_what_shows_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    render_diagrams(sample_view(), [], "en")
    view = sample_view()
    web2 = next(c for c in view["containers"] if c["id"] == C2)
    web2["status"], web2["status_text"] = "exited", "Exited (0) 2 seconds ago"
    names = rendered_templates(monkeypatch)
    html = render_diagrams(view, [], "en")
    assert sorted(names) == [
        "diagrams/container_card.html",
        "diagrams/containers.html",
        "diagrams/inside.html",
        "diagrams/inside_card.html",
    ]
    assert html == fresh_render(view)
    assert "Exited (0) 2 seconds ago" in html


def test_a_copied_up_file_changes_that_containers_inside_card_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    render_diagrams(sample_view(), [], "en")
    view = copy.deepcopy(sample_view())
    web1 = next(c for c in view["containers"] if c["id"] == C1)
    web1["writable"]["changes"].append(
        {"path": "/tmp/new.txt", "change": "A", "kind": "file", "size": 3, "from_layer": None}
    )
    names = rendered_templates(monkeypatch)
    html = render_diagrams(view, [], "en")
    assert sorted(names) == ["diagrams/inside.html", "diagrams/inside_card.html"]
    assert html == fresh_render(view)
    assert f'id="inside-{C1[:12]}-A-_tmp_new.txt"' in html


def test_the_language_is_part_of_the_key() -> None:
    english = render_diagrams(sample_view(), [], "en")
    chinese = render_diagrams(sample_view(), [], "zh-hans")
    assert "可写层" in chinese and "可写层" not in english
    assert chinese == fresh_render(sample_view(), "zh-hans")
    assert english == fresh_render(sample_view(), "en")


def test_the_cache_keeps_to_its_budget_dropping_the_least_recently_used() -> None:
    cache = FragmentCache(budget_chars=10)
    cache.put(("a", "en", b"1"), SafeString("aaaa"))
    cache.put(("b", "en", b"1"), SafeString("bbbb"))
    assert cache.get(("a", "en", b"1")) == "aaaa"  # a is now the most recent
    cache.put(("c", "en", b"1"), SafeString("cccc"))
    assert cache.get(("b", "en", b"1")) is None
    assert cache.get(("a", "en", b"1")) == "aaaa"
    assert cache.used_chars == 8
    cache.put(("huge", "en", b"1"), SafeString("x" * 11))  # larger than the budget: not kept
    assert cache.get(("huge", "en", b"1")) is None
    assert cache.used_chars == 8


def test_threads_sharing_a_small_cache_render_what_a_fresh_render_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = {lang: fresh_render(sample_view(), lang) for lang in ("en", "zh-hans")}
    # A budget a few fragments big: entries are evicted while other threads read them.
    monkeypatch.setattr(fragments, "CACHE", FragmentCache(budget_chars=20_000))

    def render_in(lang: str) -> str:
        return render_diagrams(sample_view(), [], lang)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(render_in, ["en", "zh-hans"] * 40))
    assert results == [expected["en"], expected["zh-hans"]] * 40
    assert fragments.CACHE.used_chars <= 20_000


def test_a_fragment_sees_only_the_data_it_is_given() -> None:
    html = fragments.render("diagrams/build.html", {"build_steps": [], "build_image": ""})
    assert "No build yet." in html


def test_the_benchmark_reports_both_sessions() -> None:
    result = diagram_bench(rounds=1)
    assert set(result) == {"typical", "heavy_30_containers"}
    heavy = result["heavy_30_containers"]
    assert heavy["warm"]["n"] == heavy["no_cache"]["n"] == 10
    assert heavy["fragment_chars"] > result["typical"]["fragment_chars"] > 10_000
    assert heavy["warm"]["p50_ms"] > 0
