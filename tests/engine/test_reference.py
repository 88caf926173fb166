"""Image references and name rules (reference §2.8, §2.9, §4.1)."""

import pytest

from engine.reference import (
    HexReference,
    InvalidReferenceFormat,
    ReferenceError,
    UppercaseReference,
    container_name_error,
    is_image_id,
    is_valid_container_name,
    parse_reference,
    volume_name_error,
)


@pytest.mark.parametrize(
    ("text", "familiar", "name", "full", "path", "defaulted"),
    [
        ("nginx", "nginx:latest", "nginx", "docker.io/library/nginx:latest", "library/nginx", True),
        (
            "nginx:1.25",
            "nginx:1.25",
            "nginx",
            "docker.io/library/nginx:1.25",
            "library/nginx",
            False,
        ),
        (
            "bitnami/redis",
            "bitnami/redis:latest",
            "bitnami/redis",
            "docker.io/bitnami/redis:latest",
            "bitnami/redis",
            True,
        ),
        (
            "myregistry/nginx:v1.0",
            "myregistry/nginx:v1.0",
            "myregistry/nginx",
            "docker.io/myregistry/nginx:v1.0",
            "myregistry/nginx",
            False,
        ),
        (
            "localhost:5000/app:v1",
            "localhost:5000/app:v1",
            "localhost:5000/app",
            "localhost:5000/app:v1",
            "app",
            False,
        ),
        (
            "localhost/app",
            "localhost/app:latest",
            "localhost/app",
            "localhost/app:latest",
            "app",
            True,
        ),
        (
            "ghcr.io/org/tool:2",
            "ghcr.io/org/tool:2",
            "ghcr.io/org/tool",
            "ghcr.io/org/tool:2",
            "org/tool",
            False,
        ),
        (
            "docker.io/library/node:18-alpine",
            "node:18-alpine",
            "node",
            "docker.io/library/node:18-alpine",
            "library/node",
            False,
        ),
        (
            "index.docker.io/ubuntu",
            "ubuntu:latest",
            "ubuntu",
            "docker.io/library/ubuntu:latest",
            "library/ubuntu",
            True,
        ),
    ],
)
def test_normalisation(
    text: str, familiar: str, name: str, full: str, path: str, defaulted: bool
) -> None:
    ref = parse_reference(text)
    assert (ref.familiar, ref.name, ref.full, ref.path, ref.tag_was_default) == (
        familiar,
        name,
        full,
        path,
        defaulted,
    )


def test_digest_reference() -> None:
    digest = "sha256:748e1e0239955172c421269430a03a533fb8d593d7a7e817a2a9e1f8c37305b8"
    ref = parse_reference(f"nginx@{digest}")
    assert ref.tag is None and ref.digest == digest
    assert ref.familiar == f"nginx@{digest}"
    assert ref.full == f"docker.io/library/nginx@{digest}"
    assert not ref.tag_was_default


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Nginx", "invalid reference format: repository name (library/Nginx) must be lowercase"),
        (
            "library/Nginx:1",
            "invalid reference format: repository name (library/Nginx) must be lowercase",
        ),
        ("nginx:", "invalid reference format"),
        ("nginx::1", "invalid reference format"),
        ("my image", "invalid reference format"),
        ("nginx:a/b", "invalid reference format"),
        ("", "invalid reference format"),
        ("-nginx", "invalid reference format"),
        ("nginx@sha256:abc", "invalid reference format"),
        (
            "a" * 64,
            f"invalid repository name ({'a' * 64}), cannot specify 64-byte hexadecimal strings",
        ),
    ],
)
def test_errors(text: str, message: str) -> None:
    with pytest.raises(ReferenceError) as info:
        parse_reference(text)
    assert info.value.message == message
    assert str(info.value) == message


def test_error_classes() -> None:
    with pytest.raises(UppercaseReference):
        parse_reference("Nginx")
    with pytest.raises(InvalidReferenceFormat):
        parse_reference("nginx:")
    with pytest.raises(HexReference):
        parse_reference("f" * 64)


def test_uppercase_namespace_is_taken_as_a_registry() -> None:
    # distribution/reference treats an upper-case first component as a registry host,
    # so only the part after it is reported.
    with pytest.raises(UppercaseReference) as info:
        parse_reference("MyOrg/App")
    assert info.value.message == "invalid reference format: repository name (App) must be lowercase"


def test_image_ids() -> None:
    assert is_image_id("a" * 64)
    assert is_image_id("sha256:" + "0" * 64)
    assert not is_image_id("nginx")


def test_container_names() -> None:
    assert is_valid_container_name("web")
    assert is_valid_container_name("/web-1.a_b")
    assert not is_valid_container_name("w")
    assert not is_valid_container_name("my web")
    assert not is_valid_container_name("-web")
    assert container_name_error("web") is None
    assert container_name_error("my web") == (
        "Invalid container name (my web), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
    )


def test_volume_names() -> None:
    assert volume_name_error("mydata") is None
    assert volume_name_error("my data") == (
        'create my data: "my data" includes invalid characters for a local volume name, '
        'only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. '
        "If you intended to pass a host directory, use absolute path"
    )
