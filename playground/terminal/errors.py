"""Our own error messages to the terminal (never Docker's): localised, one per protocol code."""

from __future__ import annotations

from django.utils.translation import gettext as _

from playground.terminal import limits


def error_message(code: str) -> str:
    """The message for an `error` frame, in the active language."""
    if code == "too_large":
        return _("Message too large: the limit is %(kb)d KB per message.") % {
            "kb": limits.MAX_FRAME_BYTES // 1024
        }
    if code == "line_too_long":
        return _("Command line too long: the limit is %(kb)d KB.") % {
            "kb": limits.MAX_LINE_BYTES // 1024
        }
    if code == "rate_limited":
        return _("Too many commands: slow down a little and try again.")
    if code == "flood":
        return _("Too many rejected messages: the connection was closed. Reload the page to go on.")
    if code == "busy":
        return _("The session is busy: too many commands are waiting. Try again in a moment.")
    return _("Malformed message: it was ignored.")
