"""Which language a session speaks: the stored choice, else the browser's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header

LANG_SESSION_KEY = "lang"


def supported(code: str) -> str | None:
    try:
        return get_supported_language_variant(code.lower())
    except LookupError:
        return None


def lang_from_scope(scope: dict[str, Any]) -> str:
    chosen = scope["session"].get(LANG_SESSION_KEY)
    if isinstance(chosen, str) and supported(chosen):
        return supported(chosen) or settings.LANGUAGE_CODE
    cookies = scope.get("cookies", {})
    if cookies.get(settings.LANGUAGE_COOKIE_NAME) and supported(
        cookies[settings.LANGUAGE_COOKIE_NAME]
    ):
        return supported(cookies[settings.LANGUAGE_COOKIE_NAME]) or settings.LANGUAGE_CODE
    headers = dict(scope.get("headers", []))
    accept = headers.get(b"accept-language", b"").decode("latin-1")
    for code, _q in parse_accept_lang_header(accept):
        if code != "*" and (lang := supported(code)):
            return lang
    return settings.LANGUAGE_CODE
