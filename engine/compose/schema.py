"""The Compose file's shape, checked the way compose-go's JSON schema checks it.

Messages follow compose-go's wording (`services.web Additional property foo is not allowed`,
`services.web.ports must be a list`); the caller prefixes `validating <file>: `.
Every property the Compose specification allows is accepted, even the ones the playground does
not act on, so a real tutorial's file never fails here for the wrong reason.
"""

from __future__ import annotations

from typing import Any

ROOT_KEYS = {"version", "name", "include", "services", "networks", "volumes", "secrets", "configs"}

SERVICE_KEYS = {
    "annotations", "attach", "build", "blkio_config", "cap_add", "cap_drop", "cgroup",
    "cgroup_parent", "command", "configs", "container_name", "cpu_count", "cpu_percent",
    "cpu_shares", "cpu_quota", "cpu_period", "cpu_rt_period", "cpu_rt_runtime", "cpus", "cpuset",
    "credential_spec", "depends_on", "deploy", "develop", "device_cgroup_rules", "devices", "dns",
    "dns_opt", "dns_search", "domainname", "entrypoint", "env_file", "environment", "expose",
    "extends", "external_links", "extra_hosts", "gpus", "group_add", "healthcheck", "hostname",
    "image", "init", "ipc", "isolation", "labels", "label_file", "links", "logging",
    "mac_address", "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit",
    "network_mode", "networks", "oom_kill_disable", "oom_score_adj", "pid", "pids_limit",
    "platform", "ports", "post_start", "pre_stop", "privileged", "profiles", "pull_policy",
    "read_only", "restart", "runtime", "scale", "secrets", "security_opt", "shm_size",
    "stdin_open", "stop_grace_period", "stop_signal", "storage_opt", "sysctls", "tmpfs", "tty",
    "ulimits", "user", "uts", "userns_mode", "volumes", "volumes_from", "working_dir",
}  # fmt: skip
BUILD_KEYS = {
    "context", "dockerfile", "dockerfile_inline", "entitlements", "args", "ssh", "labels",
    "cache_from", "cache_to", "no_cache", "additional_contexts", "network", "pull", "target",
    "shm_size", "extra_hosts", "isolation", "privileged", "secrets", "tags", "ulimits",
    "platforms",
}  # fmt: skip
NETWORK_KEYS = {
    "name", "driver", "driver_opts", "ipam", "external", "internal", "enable_ipv6", "attachable",
    "labels",
}  # fmt: skip
VOLUME_KEYS = {"name", "driver", "driver_opts", "external", "labels"}
HEALTHCHECK_KEYS = {
    "disable", "interval", "retries", "test", "timeout", "start_period", "start_interval",
}  # fmt: skip
HEALTHCHECK_TYPES: dict[str, tuple[str, ...]] = {
    "test": ("string", "list"),
    "interval": ("string",),
    "timeout": ("string",),
    "start_period": ("string",),
    "start_interval": ("string",),
    "retries": ("number",),
    "disable": ("boolean", "string"),
}
DEPENDS_KEYS = {"condition", "restart", "required"}
DEPENDS_CONDITIONS = ("service_started", "service_healthy", "service_completed_successfully")

# What each checked property may be: the type names compose-go prints after "must be a".
STRING = ("string",)
STRING_OR_LIST = ("string", "list")
LIST = ("list",)
MAPPING = ("mapping",)
LIST_OR_MAPPING = ("mapping", "list")  # compose-go's "list_or_dict" (oneOf, dict first)
STRING_OR_MAPPING = ("string", "mapping")
BOOLEAN = ("boolean",)

SERVICE_TYPES: dict[str, tuple[str, ...]] = {
    "image": STRING,
    "build": STRING_OR_MAPPING,
    "command": ("null", "string", "list"),
    "entrypoint": ("null", "string", "list"),
    "environment": LIST_OR_MAPPING,
    "env_file": STRING_OR_LIST,
    "ports": LIST,
    "volumes": LIST,
    "depends_on": LIST_OR_MAPPING,
    "networks": LIST_OR_MAPPING,
    "working_dir": STRING,
    "restart": STRING,
    "container_name": STRING,
    "hostname": STRING,
    "user": STRING,
    "labels": LIST_OR_MAPPING,
    "healthcheck": MAPPING,
    "expose": LIST,
    "tty": BOOLEAN,
    "stdin_open": BOOLEAN,
}


class SchemaError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    return "mapping" if isinstance(value, dict) else "string"


def must_be(path: str, allowed: tuple[str, ...]) -> SchemaError:
    shown = [t for t in allowed if t != "null"]
    words = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
    return SchemaError(f"{path} must be a {words}")


def check_type(path: str, value: Any, allowed: tuple[str, ...]) -> None:
    if type_name(value) not in allowed:
        raise must_be(path, allowed)


def check_keys(path: str, mapping: dict[str, Any], allowed: set[str]) -> None:
    for key in mapping:
        if str(key) not in allowed and not str(key).startswith("x-"):
            raise SchemaError(f"{path} Additional property {key} is not allowed")


def validate(document: Any) -> None:
    """Raise SchemaError for the first property compose-go's schema would refuse."""
    if not isinstance(document, dict):
        raise SchemaError("Top-level object must be a mapping")
    check_keys("(root)", document, ROOT_KEYS)
    services = document.get("services")
    if services is not None:
        check_type("services", services, MAPPING)
        for name, service in services.items():
            _validate_service(f"services.{name}", service)
    for section, keys in (("networks", NETWORK_KEYS), ("volumes", VOLUME_KEYS)):
        entries = document.get(section)
        if entries is None:
            continue
        check_type(section, entries, MAPPING)
        for key, entry in entries.items():
            if entry is None:
                continue
            check_type(f"{section}.{key}", entry, MAPPING)
            check_keys(f"{section}.{key}", entry, keys)


def _validate_service(path: str, service: Any) -> None:
    if service is None:
        return
    check_type(path, service, MAPPING)
    check_keys(path, service, SERVICE_KEYS)
    for key, allowed in SERVICE_TYPES.items():
        if key in service:
            check_type(f"{path}.{key}", service[key], allowed)
    build = service.get("build")
    if isinstance(build, dict):
        check_keys(f"{path}.build", build, BUILD_KEYS)
    healthcheck = service.get("healthcheck")
    if isinstance(healthcheck, dict):
        check_keys(f"{path}.healthcheck", healthcheck, HEALTHCHECK_KEYS)
        for key, allowed in HEALTHCHECK_TYPES.items():
            if key in healthcheck:
                check_type(f"{path}.healthcheck.{key}", healthcheck[key], allowed)
    depends = service.get("depends_on")
    if isinstance(depends, dict):
        for dep, spec in depends.items():
            if spec is None:
                continue
            check_type(f"{path}.depends_on.{dep}", spec, MAPPING)
            check_keys(f"{path}.depends_on.{dep}", spec, DEPENDS_KEYS)
            condition = spec.get("condition", DEPENDS_CONDITIONS[0])
            if condition not in DEPENDS_CONDITIONS:
                raise SchemaError(
                    f"{path}.depends_on.{dep}.condition must be one of the following: "
                    + ", ".join(f'"{c}"' for c in DEPENDS_CONDITIONS)
                )
    for index, item in enumerate(service.get("ports") or []):
        check_type(f"{path}.ports.{index}", item, ("number", "string", "mapping"))
    for index, item in enumerate(service.get("volumes") or []):
        check_type(f"{path}.volumes.{index}", item, STRING_OR_MAPPING)
