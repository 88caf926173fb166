"""Image references (`nginx`, `bitnami/redis:7`, `localhost:5000/app:v1`, `nginx@sha256:…`).

Parsing and normalisation follow distribution/reference (`ParseNormalizedNamed`) as vendored by
the Docker CLI, so the error texts are the ones a learner sees on a real machine (reference §2.8).
Container and volume name rules (§2.9, §4.1) live here too: they are the other "is this a valid
name" questions the CLI and daemon ask.
"""

import functools
import re
from dataclasses import dataclass

DEFAULT_DOMAIN = "docker.io"
LEGACY_DEFAULT_DOMAIN = "index.docker.io"
OFFICIAL_PREFIX = "library/"
DEFAULT_TAG = "latest"
NAME_TOTAL_LENGTH_MAX = 255

_ALNUM = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_PATH_COMPONENT = rf"{_ALNUM}(?:{_SEPARATOR}{_ALNUM})*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN_NAME = rf"{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*"
_IPV6 = r"\[(?:[a-fA-F0-9:]+)\]"
_DOMAIN_AND_PORT = rf"(?:{_DOMAIN_NAME}|{_IPV6})(?::[0-9]+)?"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
_NAME = rf"(?:{_DOMAIN_AND_PORT}/)?{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*"
_REFERENCE_RE = re.compile(rf"({_NAME})(?::({_TAG}))?(?:@({_DIGEST}))?", re.ASCII)
_ANCHORED_ID_RE = re.compile(r"[a-f0-9]{64}")
_TAG_RE = re.compile(_TAG, re.ASCII)

_DIGEST_HEX_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}

# moby's RestrictedNameChars; names need at least two characters.
RESTRICTED_NAME_CHARS = "[a-zA-Z0-9][a-zA-Z0-9_.-]"
_CONTAINER_NAME_RE = re.compile(rf"/?{RESTRICTED_NAME_CHARS}+", re.ASCII)
_VOLUME_NAME_RE = re.compile(rf"{RESTRICTED_NAME_CHARS}+", re.ASCII)


class ReferenceError(ValueError):
    """A reference Docker refuses; `message` is the exact text the CLI prints."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidReferenceFormat(ReferenceError):
    def __init__(self) -> None:
        super().__init__("invalid reference format")


class UppercaseReference(ReferenceError):
    def __init__(self, repository: str) -> None:
        super().__init__(
            f"invalid reference format: repository name ({repository}) must be lowercase"
        )
        self.repository = repository


class HexReference(ReferenceError):
    """A bare 64-hex string: an image ID, never a repository name."""

    def __init__(self, value: str) -> None:
        super().__init__(
            f"invalid repository name ({value}), cannot specify 64-byte hexadecimal strings"
        )


class NameTooLong(ReferenceError):
    def __init__(self) -> None:
        super().__init__(
            f"repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters"
        )


class InvalidDigest(ReferenceError):
    pass


@dataclass(frozen=True, slots=True)
class Reference:
    """A normalised reference. `path` is e.g. `library/nginx`; `tag` is None only with a digest."""

    domain: str
    path: str
    tag: str | None
    digest: str | None
    tag_was_default: bool = False

    @property
    def repository(self) -> str:
        """Fully qualified name without tag: `docker.io/library/nginx`."""
        return f"{self.domain}/{self.path}"

    @property
    def name(self) -> str:
        """Familiar name without tag: `nginx`, `bitnami/redis`, `localhost:5000/app`."""
        if self.domain == DEFAULT_DOMAIN:
            path = self.path
            if path.startswith(OFFICIAL_PREFIX) and path.count("/") == 1:
                path = path[len(OFFICIAL_PREFIX) :]
            return path
        return self.repository

    def _suffix(self) -> str:
        tag = f":{self.tag}" if self.tag is not None else ""
        digest = f"@{self.digest}" if self.digest is not None else ""
        return tag + digest

    @property
    def familiar(self) -> str:
        """What Docker shows users: `nginx:latest`, `nginx@sha256:…`."""
        return self.name + self._suffix()

    @property
    def full(self) -> str:
        """`docker.io/library/nginx:latest`."""
        return self.repository + self._suffix()

    def __str__(self) -> str:
        return self.full


def _split_docker_domain(name: str) -> tuple[str, str]:
    first, sep, rest = name.partition("/")
    # A first component is a registry when it looks like a host or cannot be a Hub namespace.
    if not sep or (
        "." not in first and ":" not in first and first != "localhost" and first.lower() == first
    ):
        domain, remainder = DEFAULT_DOMAIN, name
    else:
        domain, remainder = first, rest
    if domain == LEGACY_DEFAULT_DOMAIN:
        domain = DEFAULT_DOMAIN
    if domain == DEFAULT_DOMAIN and "/" not in remainder:
        remainder = OFFICIAL_PREFIX + remainder
    return domain, remainder


def _check_digest(digest: str) -> None:
    algorithm, _, hexpart = digest.partition(":")
    expected = _DIGEST_HEX_LENGTHS.get(algorithm)
    if expected is None:
        raise InvalidDigest("unsupported digest algorithm")
    if len(hexpart) != expected:
        raise InvalidDigest("invalid checksum digest length")
    if hexpart != hexpart.lower():
        raise InvalidDigest("invalid checksum digest format")


@functools.lru_cache(maxsize=2048)  # pure, and the answer is frozen: safe to share
def parse_reference(s: str, default_tag: bool = True) -> Reference:
    """Parse and normalise an image reference as `docker pull`/`run`/`tag` do.

    With `default_tag` (the usual case), a reference without tag or digest gets `latest`
    and `tag_was_default` is set. Raises a `ReferenceError` subclass carrying Docker's message.
    """
    if _ANCHORED_ID_RE.fullmatch(s):
        raise HexReference(s)
    domain, remainder = _split_docker_domain(s)
    remote = remainder.split(":", 1)[0]
    if remote.lower() != remote:
        raise UppercaseReference(remote)
    full = f"{domain}/{remainder}"
    m = _REFERENCE_RE.fullmatch(full)
    if m is None:
        raise InvalidReferenceFormat()
    name, tag, digest = m.group(1), m.group(2), m.group(3)
    if len(name) > NAME_TOTAL_LENGTH_MAX:
        raise NameTooLong()
    if digest is not None:
        _check_digest(digest)
    # The matched name starts with the domain we put there; the rest is the path.
    path = name[len(domain) + 1 :]
    defaulted = tag is None and digest is None and default_tag
    if defaulted:
        tag = DEFAULT_TAG
    return Reference(domain=domain, path=path, tag=tag, digest=digest, tag_was_default=defaulted)


def is_image_id(s: str) -> bool:
    """A bare 64-hex string (optionally `sha256:`-prefixed) is an image ID, never a name."""
    return _ANCHORED_ID_RE.fullmatch(s.removeprefix("sha256:")) is not None


def is_valid_tag(tag: str) -> bool:
    """Tag grammar: a word character, then up to 127 of `[A-Za-z0-9_.-]`."""
    return _TAG_RE.fullmatch(tag) is not None


def is_valid_container_name(s: str) -> bool:
    """Container names: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`, an optional leading `/` allowed."""
    return _CONTAINER_NAME_RE.fullmatch(s) is not None


def container_name_error(s: str) -> str | None:
    """The daemon's message for an invalid container name (without the daemon prefix), or None."""
    if is_valid_container_name(s):
        return None
    return f"Invalid container name ({s}), only {RESTRICTED_NAME_CHARS} are allowed"


def is_valid_volume_name(s: str) -> bool:
    """Local volume names: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`."""
    return _VOLUME_NAME_RE.fullmatch(s) is not None


def volume_name_error(s: str) -> str | None:
    """The daemon's message for an invalid local volume name (without the prefix), or None."""
    if is_valid_volume_name(s):
        return None
    return (
        f'create {s}: "{s}" includes invalid characters for a local volume name, '
        f'only "{RESTRICTED_NAME_CHARS}" are allowed. '
        "If you intended to pass a host directory, use absolute path"
    )
