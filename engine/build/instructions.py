"""What each metadata instruction does to the image config, and how history records each step.

Reference §6.4 (config semantics) and §3.3 (`CREATED BY` in each builder's style).
"""

from __future__ import annotations

import json
from typing import Any

from engine.build.dockerfile import Instruction, expand, healthcheck_config, split_pairs
from engine.daemon.health import go_duration
from engine.fs import normpath

DEFAULT_SHELL = ["/bin/sh", "-c"]
# Instructions BuildKit turns into filesystem operations (the numbered `[i/n]` vertices).
VERTICES = ("FROM", "RUN", "COPY", "ADD", "WORKDIR")
# Metadata that changes how later steps execute, so it is part of their cache key in BuildKit.
EXECUTION_METADATA = ("ENV", "ARG", "USER", "SHELL", "WORKDIR")


def go_list(items: list[str]) -> str:
    """A string slice as Go's `%v` prints it inside a struct: `["node" "app.js"]`."""
    return "[" + " ".join(json.dumps(item) for item in items) + "]"


def command_form(instr: Instruction, config: dict[str, Any]) -> list[str]:
    """CMD/ENTRYPOINT/RUN arguments: exec form as given, shell form through the image's shell."""
    if instr.json is not None:
        return list(instr.json)
    return [*(config.get("Shell") or DEFAULT_SHELL), instr.args]


def env_dict(config: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in config.get("Env") or []:
        key, _, value = item.partition("=")
        out[key] = value
    return out


def set_env(config: dict[str, Any], key: str, value: str) -> None:
    env = [item for item in config.get("Env") or [] if item.partition("=")[0] != key]
    config["Env"] = [*env, f"{key}={value}"]


def healthcheck_text(check: dict[str, Any]) -> str:
    r"""Go's `%q` of the *HealthConfig, as both builders record it in history:
    `&{["CMD-SHELL" "curl -f localhost"] "30s" "3s" "0s" "0s" '\x03'}`."""
    durations = " ".join(
        '"' + go_duration(check.get(key, 0)) + '"'
        for key in ("Interval", "Timeout", "StartPeriod", "StartInterval")
    )
    return "&{" + go_list(check["Test"]) + f" {durations} {go_rune(check.get('Retries', 0))}}}"


GO_RUNE_ESCAPES = {7: "a", 8: "b", 9: "t", 10: "n", 11: "v", 12: "f", 13: "r", 39: "'", 92: "\\"}


def go_rune(number: int) -> str:
    r"""Go's `%q` of an integer: the character it codes, quoted (`'\x03'`, `'\n'`, `'A'`)."""
    if number in GO_RUNE_ESCAPES:
        return f"'\\{GO_RUNE_ESCAPES[number]}'"
    if number < 32 or number == 127:
        return f"'\\x{number:02x}'"
    return f"'{chr(number)}'"


def apply_metadata(instr: Instruction, config: dict[str, Any], scope: dict[str, str]) -> str:
    """Apply a metadata instruction to ``config``; returns its text for history (expanded)."""
    k = instr.keyword
    if k == "ENV":
        pairs = [(key, expand(value, scope)) for key, value in split_pairs(instr.args)]
        for key, value in pairs:
            set_env(config, key, value)
            scope[key] = value
        return "ENV " + " ".join(f"{key}={value}" for key, value in pairs)
    if k == "LABEL":
        pairs = [
            (expand(key, scope), expand(value, scope)) for key, value in split_pairs(instr.args)
        ]
        config["Labels"] = {**(config.get("Labels") or {}), **dict(pairs)}
        return "LABEL " + " ".join(f"{key}={value}" for key, value in pairs)
    if k == "MAINTAINER":
        return "MAINTAINER " + instr.args
    if k == "EXPOSE":
        ports = dict(config.get("ExposedPorts") or {})
        added = []
        for word in expand(instr.args, scope).split():
            port = word if "/" in word else word + "/tcp"
            ports[port] = {}
            added.append(port)
        config["ExposedPorts"] = ports
        return "EXPOSE map[" + " ".join(f"{p}:{{}}" for p in sorted(added)) + "]"
    if k == "CMD":
        config["Cmd"] = command_form(instr, config)
        return "CMD " + go_list(config["Cmd"])
    if k == "ENTRYPOINT":
        config["Entrypoint"] = command_form(instr, config)
        config["Cmd"] = None  # a new ENTRYPOINT resets an inherited CMD
        return "ENTRYPOINT " + go_list(config["Entrypoint"])
    if k == "USER":
        config["User"] = expand(instr.args, scope)
        return "USER " + config["User"]
    if k == "VOLUME":
        words = instr.json if instr.json is not None else expand(instr.args, scope).split()
        config["Volumes"] = {**(config.get("Volumes") or {}), **{w: {} for w in words}}
        return "VOLUME [" + " ".join(words) + "]"
    if k == "STOPSIGNAL":
        config["StopSignal"] = expand(instr.args, scope)
        return "STOPSIGNAL " + config["StopSignal"]
    if k == "SHELL":
        config["Shell"] = list(instr.json or [])
        return "SHELL [" + " ".join(config["Shell"]) + "]"
    if k == "HEALTHCHECK":
        config["Healthcheck"] = healthcheck_config(instr)
        return "HEALTHCHECK " + healthcheck_text(config["Healthcheck"])
    if k == "ONBUILD":
        config["OnBuild"] = [*(config.get("OnBuild") or []), instr.args]
        return "ONBUILD " + instr.args
    if k == "WORKDIR":
        config["WorkingDir"] = workdir(instr, config, scope)
        return "WORKDIR " + config["WorkingDir"]
    raise ValueError(k)


def workdir(instr: Instruction, config: dict[str, Any], scope: dict[str, str]) -> str:
    return normpath(expand(instr.args, scope), config.get("WorkingDir") or "/")


def arg_text(name: str, default: str | None) -> str:
    return f"ARG {name}" + (f"={default}" if default is not None else "")


def run_label(argv: list[str], build_args: dict[str, str]) -> str:
    """`|2 A=1 B=2 /bin/sh -c cmd`: the words both builders record for a RUN."""
    words = " ".join(argv)
    if not build_args:
        return words
    pairs = " ".join(f"{k}={v}" for k, v in sorted(build_args.items()))
    return f"|{len(build_args)} {pairs} {words}"


def legacy_created_by(instr: Instruction, text: str, shell: list[str], extra: str = "") -> str:
    """History `CREATED BY` in the legacy builder's words (moby `withCmdComment...`)."""
    prefix = " ".join(shell or DEFAULT_SHELL)
    if instr.keyword == "RUN":
        return extra
    if instr.keyword in ("COPY", "ADD"):
        return f"{prefix} #(nop) {extra}"
    if instr.keyword == "WORKDIR":
        return f"{prefix} #(nop) {text}"
    if instr.keyword in ("CMD", "ENTRYPOINT"):
        return f"{prefix} #(nop)  {text}"
    return f"{prefix} #(nop)  {text}"


def buildkit_created_by(instr: Instruction, text: str, extra: str = "") -> str:
    """History `CREATED BY` in BuildKit's words (`commitToHistory`)."""
    if instr.keyword == "RUN":
        return f"RUN {extra} # buildkit"
    if instr.keyword in ("COPY", "ADD"):
        return f"{instr.original} # buildkit"
    return text
