"""Rendering diagram fragments, each cached by the data it is rendered from.

A command changes one or two things in the picture; re-rendering thirty unchanged container cards
through Django templates was most of the diagrams' cost. A fragment's HTML is a pure function of its
template, its data and the active language, so a digest of the data's ``repr`` (plain str, int,
bool, None, lists and dicts built by ``diagrams.build_context``, whose repr spells out every value)
is a sound cache key: the same key always renders the same bytes, whichever session asked first.

Templates call ``{% fragment "diagrams/x.html" name=value %}``; the fragment template sees only the
values passed, so a key can never miss something the template reads.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from functools import cache
from pathlib import Path
from typing import Any

from django import template
from django.template import Context, Engine
from django.utils import translation
from django.utils.safestring import SafeString

register = template.Library()

# The cache holds characters of HTML, not entries: one "inside" fragment of a busy session weighs
# more than a hundred port tags. Shared by every session served by this process.
CACHE_BUDGET_CHARS = 8_000_000


class FragmentCache:
    """Least-recently-used map from fragment keys to rendered HTML, bounded by total length."""

    def __init__(self, budget_chars: int = CACHE_BUDGET_CHARS) -> None:
        self.budget_chars = budget_chars
        self.used_chars = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[tuple[str, str, bytes], SafeString] = OrderedDict()
        # Diagrams are rendered from several threads (sync_to_async, Celery): one lock, short holds.
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, bytes]) -> SafeString | None:
        with self._lock:
            html = self._entries.get(key)
            if html is None:
                self.misses += 1
                return None
            self.hits += 1
            self._entries.move_to_end(key)
            return html

    def put(self, key: tuple[str, str, bytes], html: SafeString) -> None:
        if len(html) > self.budget_chars:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:  # two threads rendered the same fragment at once
                self.used_chars -= len(old)
            self._entries[key] = html
            self.used_chars += len(html)
            while self.used_chars > self.budget_chars:
                _key, dropped = self._entries.popitem(last=False)
                self.used_chars -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.used_chars = self.hits = self.misses = 0


CACHE = FragmentCache()


@cache
def template_engine() -> Engine:
    # Our own template engine: the fragment must render the same whatever TEMPLATES says, and it is
    # also rendered outside any request (by the runtime, after each outcome).
    return Engine(
        dirs=[str(Path(__file__).parent / "templates")],
        libraries={"i18n": "django.templatetags.i18n", "fragments": "playground.web.fragments"},
        autoescape=True,
    )


def render_keyed(name: str, data: dict[str, Any]) -> tuple[bytes, SafeString]:
    """Template ``name`` rendered with ``data`` alone, in the active language, via the cache; with
    a digest of its cache key, which stands for the HTML (equal digests, equal bytes)."""
    # A digest rather than the repr itself keeps the cache's keys small.
    digest = hashlib.blake2b(repr(data).encode(), digest_size=16).digest()
    key = (name, translation.get_language() or "", digest)
    html = CACHE.get(key)
    if html is None:
        html = template_engine().get_template(name).render(Context(data))
        CACHE.put(key, html)
    return hashlib.blake2b(repr(key).encode(), digest_size=16).digest(), html


def render(name: str, data: dict[str, Any]) -> SafeString:
    """Template ``name`` rendered with ``data`` alone, in the active language, via the cache."""
    return render_keyed(name, data)[1]


@register.simple_tag(name="fragment")
def fragment_tag(name: str, **data: Any) -> SafeString:
    return render(name, data)
