"""The build's own words (not Docker's), in en and zh-hans."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "build.remote_context": {
        "en": "playground: a build context here is a directory of this machine or `-` "
        "(URLs and git repositories are not simulated)",
        "zh-hans": "练习场：这里的构建上下文只能是本机的目录或 `-`（不模拟 URL 和 git 仓库）",
    },
    "registry.not_running": {
        "en": "playground: no registry listens on {address}; start one with "
        "`docker run -d -p 5000:5000 --name registry registry:2`",
        "zh-hans": "练习场：{address} 上没有镜像仓库在运行；可以用 "
        "`docker run -d -p 5000:5000 --name registry registry:2` 启动一个",
    },
}


def text(key: str, lang: str = "en", **values: object) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    template = entry.get(lang) or entry["en"]
    return template.format(**values) if values else template
