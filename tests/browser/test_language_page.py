"""Switching the page between English and Chinese."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_language_switch_changes_the_ui(page: Any) -> None:
    assert page.title() == "Docker Playground"
    with page.expect_navigation():
        page.select_option("#lang-select", "zh-hans")
    page.wait_for_selector("#conn-state[data-state=open]")
    assert page.title() == "Docker 练习场"
    assert page.inner_text("#tab-images") == "镜像与分层"
    assert page.get_attribute("html", "lang") == "zh-hans"
    with page.expect_navigation():
        page.select_option("#lang-select", "en")
    assert page.inner_text("#tab-images") == "Images & layers"
