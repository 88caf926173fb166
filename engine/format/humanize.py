"""Human-readable durations, sizes, truncation and quoting, as the Docker CLI renders them.

The rules follow go-units (`HumanDuration`, `HumanSizeWithPrecision`, `BytesSize`) and the CLI's
`Ellipsis`/`strconv.Quote` use; see the reference §2.3-§2.5.
"""

import functools
import unicodedata
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal

ZERO_TIME = "0001-01-01T00:00:00Z"

_DECIMAL_UNITS = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")
_BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB")


def human_duration(seconds: float) -> str:
    """Docker's "3 minutes" / "About an hour" text for an elapsed time in seconds."""
    secs = int(seconds)  # Go truncates toward zero
    if secs < 1:
        return "Less than a second"
    if secs == 1:
        return "1 second"
    if secs < 60:
        return f"{secs} seconds"
    minutes = int(seconds / 60)
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = int(seconds / 3600 + 0.5)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{int(seconds / 3600) // 24 // 365} years"


def _scaled(n: float, base: float, units: tuple[str, ...], precision: int) -> str:
    value = float(n)
    i = 0
    while value >= base and i < len(units) - 1:
        value /= base
        i += 1
    # Python's %g matches Go's %g here, including the "1e+03MB" quirk.
    return f"{value:.{precision}g}{units[i]}"


def size3(n: float) -> str:
    """Decimal size, 3 significant digits (`docker images`, `ps -s`, `history`)."""
    return _scaled(n, 1000.0, _DECIMAL_UNITS, 3)


def size4(n: float) -> str:
    """Decimal size, 4 significant digits (`system df`, reclaimed space, pull counters)."""
    return _scaled(n, 1000.0, _DECIMAL_UNITS, 4)


def size_binary(n: float) -> str:
    """Binary size, 4 significant digits (`docker stats` memory)."""
    return _scaled(n, 1024.0, _BINARY_UNITS, 4)


def char_width(ch: str) -> int:
    """Display cells taken by one character: 2 for East-Asian wide, 0 for combining marks."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(s: str) -> int:
    """Display cells taken by a string on a terminal."""
    if s.isascii():
        return len(s)
    return _wide_width(s)


@functools.lru_cache(maxsize=4096)
def _wide_width(s: str) -> int:
    # Table cells repeat from command to command (`"/docker-entrypoint.…"`): measure them once.
    return sum(1 if ch.isascii() else char_width(ch) for ch in s)


def ellipsis(s: str, n: int) -> str:
    """Cut `s` to at most `n` display cells, the last one being `…` when anything was cut."""
    if n <= 0:
        return ""
    if display_width(s) <= n:
        return s
    out: list[str] = []
    used = 0
    for ch in s:
        w = char_width(ch)
        if used + w > n - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


_GO_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}


def go_quote(s: str) -> str:
    """Go's `strconv.Quote` (`%q`): double quotes, C-style escapes, printable Unicode kept."""
    parts = ['"']
    for ch in s:
        if ch in _GO_ESCAPES:
            parts.append(_GO_ESCAPES[ch])
        elif ch == " " or ch.isprintable():
            parts.append(ch)
        else:
            code = ord(ch)
            if code < 0x80:
                parts.append(f"\\x{code:02x}")
            elif code < 0x10000:
                parts.append(f"\\u{code:04x}")
            else:
                parts.append(f"\\U{code:08x}")
    parts.append('"')
    return "".join(parts)


def _split_epoch(epoch: float | int | Decimal) -> tuple[int, int]:
    """Whole seconds and nanoseconds; str() of a float keeps the digits the caller wrote."""
    total_ns = (Decimal(str(epoch)) * 1_000_000_000).quantize(Decimal(1), ROUND_HALF_EVEN)
    secs, ns = divmod(int(total_ns), 1_000_000_000)
    return secs, ns


def _stamp(secs: int) -> str:
    return datetime.fromtimestamp(secs, UTC).strftime("%Y-%m-%dT%H:%M:%S")


@functools.lru_cache(maxsize=4096, typed=True)  # pure; the same instants are shown again and again
def rfc3339_nano(epoch: float | int | Decimal) -> str:
    """UTC time with exactly 9 fractional digits (logs -t, inspect); zero time for 0."""
    if epoch == 0:
        return ZERO_TIME
    secs, ns = _split_epoch(epoch)
    return f"{_stamp(secs)}.{ns:09d}Z"


def rfc3339_nano_ns(ns: int) -> str:
    """`rfc3339_nano` for an integer count of nanoseconds since the epoch (no float rounding)."""
    if ns == 0:
        return ZERO_TIME
    secs, frac = divmod(ns, 1_000_000_000)
    return f"{_stamp(secs)}.{frac:09d}Z"


def rfc3339_nano_trimmed(epoch: float | int | Decimal) -> str:
    """Go's `time.RFC3339Nano`: trailing zeros of the fraction dropped (and `.` if none left)."""
    if epoch == 0:
        return ZERO_TIME
    secs, ns = _split_epoch(epoch)
    frac = f"{ns:09d}".rstrip("0")
    return f"{_stamp(secs)}{'.' + frac if frac else ''}Z"


def rfc3339(epoch: float | int | Decimal) -> str:
    """UTC time to the second (volume `CreatedAt`); zero time for 0."""
    if epoch == 0:
        return ZERO_TIME
    secs, _ = _split_epoch(epoch)
    return f"{_stamp(secs)}Z"
