"""A diagrams message with only the changed panels patches those; the others stay untouched."""

from __future__ import annotations

from typing import Any

import pytest
from browser_helpers import run

pytestmark = pytest.mark.browser

UNTOUCHED = ("images", "containers", "inside", "build")

# Records every diagrams message the socket hands to the page, and every DOM mutation under the
# panels the next command should leave alone.
WATCH = """(tabs) => {
    const socket = window.playground.socket;
    const deliver = socket.onMessage;
    window.diagramMessages = [];
    socket.onMessage = (msg) => {
        if (msg.type === "diagrams") window.diagramMessages.push(msg);
        deliver(msg);
    };
    window.kept = {
        panels: tabs.map((tab) => document.getElementById(`panel-${tab}`)),
        image: document.querySelector("#panel-images [id^='img-']"),
        volumes: document.getElementById("panel-volumes"),
        siteData: document.getElementById("vol-site-data"),
    };
    window.mutations = 0;
    const observer = new MutationObserver((records) => { window.mutations += records.length; });
    for (const panel of window.kept.panels) {
        observer.observe(panel, { subtree: true, childList: true, attributes: true, characterData: true });
    }
}"""

CHECK = """async (tabs) => {
    await window.playground.diagrams.chain;
    const kept = window.kept;
    return {
        sent: window.diagramMessages.map((m) => Object.keys(m.panels ?? { html: 1 }).sort()),
        samePanels: tabs.every((tab, i) => document.getElementById(`panel-${tab}`) === kept.panels[i]),
        imageKept: kept.image !== null && kept.image.isConnected,
        mutations: window.mutations,
        sameVolumes: document.getElementById("panel-volumes") === kept.volumes,
        siteDataKept: document.getElementById("vol-site-data") === kept.siteData,
        newVolumeIn: document.querySelector("#panel-volumes #vol-more-data") !== null,
    };
}"""


def test_a_partial_update_keeps_the_untouched_panels_nodes(page: Any) -> None:
    run(page, "docker pull alpine")
    page.wait_for_selector("#panel-images [data-refs~=alpine]", state="attached", timeout=15_000)
    run(page, "docker volume create site-data")
    page.wait_for_selector("#vol-site-data", state="attached", timeout=8000)
    page.evaluate("() => window.playground.diagrams.chain")
    page.evaluate(WATCH, list(UNTOUCHED))

    run(page, "docker volume create more-data")
    page.wait_for_selector("#vol-more-data", state="attached", timeout=8000)
    result = page.evaluate(CHECK, list(UNTOUCHED))

    assert result == {
        "sent": [["disk", "volumes"]],
        "samePanels": True,
        "imageKept": True,
        "mutations": 0,
        "sameVolumes": True,
        "siteDataKept": True,
        "newVolumeIn": True,
    }
    assert page.errors == []  # type: ignore[attr-defined]
