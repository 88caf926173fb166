"""Durations, sizes, ellipsis, Go quoting and timestamps: reference §2.3-§2.5, §4.5."""

import pytest

from engine.format.humanize import (
    ellipsis,
    go_quote,
    human_duration,
    rfc3339,
    rfc3339_nano,
    rfc3339_nano_ns,
    rfc3339_nano_trimmed,
    size3,
    size4,
    size_binary,
)

MINUTE, HOUR, DAY = 60, 3600, 86400


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "Less than a second"),
        (0.99, "Less than a second"),
        (-5, "Less than a second"),
        (1, "1 second"),
        (2, "2 seconds"),
        (59, "59 seconds"),
        (60, "About a minute"),
        (119, "About a minute"),
        (120, "2 minutes"),
        (59 * MINUTE + 59, "59 minutes"),
        (5399, "About an hour"),
        (5400, "2 hours"),
        (36 * HOUR, "36 hours"),
        (47 * HOUR + 29 * MINUTE, "47 hours"),
        (2 * DAY, "2 days"),
        (13 * DAY, "13 days"),
        (14 * DAY, "2 weeks"),
        (20 * DAY, "2 weeks"),
        (59 * DAY, "8 weeks"),
        (61 * DAY, "2 months"),
        (400 * DAY, "13 months"),
        (729 * DAY, "24 months"),
        (730 * DAY, "2 years"),
    ],
)
def test_human_duration_boundaries(seconds: float, text: str) -> None:
    assert human_duration(seconds) == text


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (7_380_000, "7.38MB"),
        (77_900_000, "77.9MB"),
        (186_640_000, "187MB"),
        (1_090, "1.09kB"),
        (0, "0B"),
        (13_256, "13.3kB"),
        (999, "999B"),
        (999_600_000, "1e+03MB"),
        (381_500_000, "382MB"),
        (10_100, "10.1kB"),
    ],
)
def test_size3(n: int, text: str) -> None:
    assert size3(n) == text


def test_size4_and_binary() -> None:
    assert size4(381_500_000) == "381.5MB"
    assert size4(194_900_000) == "194.9MB"
    assert size4(1_093) == "1.093kB"
    assert size4(0) == "0B"
    assert size_binary(7_740_000) == "7.381MiB"
    assert size_binary(8_232_000_000) == "7.667GiB"
    assert size_binary(512) == "512B"


def test_ellipsis_and_quote_of_nginx_command() -> None:
    command = "/docker-entrypoint.sh nginx -g 'daemon off;'"
    assert go_quote(ellipsis(command, 20)) == '"/docker-entrypoint.…"'
    assert len(ellipsis(command, 20)) == 20
    assert go_quote(command) == "\"/docker-entrypoint.sh nginx -g 'daemon off;'\""
    assert go_quote(ellipsis("docker-entrypoint.sh redis-server", 20)) == '"docker-entrypoint.s…"'
    assert ellipsis("/bin/bash", 20) == "/bin/bash"
    assert ellipsis("12345678901234567890", 20) == "12345678901234567890"


def test_ellipsis_counts_wide_characters_twice() -> None:
    assert ellipsis("中文中文中文", 5) == "中文…"
    assert ellipsis("中文", 4) == "中文"


def test_go_quote_escapes() -> None:
    assert go_quote('say "hi"\\') == '"say \\"hi\\"\\\\"'
    assert go_quote("a\tb\nc\x00\x7f") == '"a\\tb\\nc\\x00\\x7f"'
    assert go_quote("é…") == '"é…"'
    assert go_quote("\u200b") == '"\\u200b"'


def test_timestamps() -> None:
    assert rfc3339_nano_ns(1_714_557_600_123_456_789) == "2024-05-01T10:00:00.123456789Z"
    assert rfc3339_nano(1_714_557_600) == "2024-05-01T10:00:00.000000000Z"
    assert rfc3339_nano(1_714_557_600.5) == "2024-05-01T10:00:00.500000000Z"
    assert rfc3339_nano_trimmed(1_714_557_600.5) == "2024-05-01T10:00:00.5Z"
    assert rfc3339_nano_trimmed(1_714_557_600) == "2024-05-01T10:00:00Z"
    assert rfc3339(1_714_557_600.9) == "2024-05-01T10:00:00Z"
    assert rfc3339_nano(0) == "0001-01-01T00:00:00Z"
    assert rfc3339(0) == "0001-01-01T00:00:00Z"
    assert rfc3339_nano_ns(0) == "0001-01-01T00:00:00Z"
