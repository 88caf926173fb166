"""The engine's own words (not Docker's): sandbox limits and playground notes, in en and zh-hans."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "limit.containers": {
        "en": "playground limit: at most 100 containers per session; remove some with `docker rm`",
        "zh-hans": "练习场限制：每个会话最多 100 个容器；请先用 `docker rm` 删除一些",
    },
    "limit.images": {
        "en": "playground limit: at most 100 images per session; remove some with `docker rmi`",
        "zh-hans": "练习场限制：每个会话最多 100 个镜像；请先用 `docker rmi` 删除一些",
    },
    "limit.volumes": {
        "en": "playground limit: at most 50 volumes per session; remove some with `docker volume rm`",
        "zh-hans": "练习场限制：每个会话最多 50 个数据卷；请先用 `docker volume rm` 删除一些",
    },
    "limit.networks": {
        "en": "playground limit: at most 20 networks per session",
        "zh-hans": "练习场限制：每个会话最多 20 个网络",
    },
    "limit.line": {
        "en": "playground limit: a command line may be at most 8 KB",
        "zh-hans": "练习场限制：一条命令最长 8 KB",
    },
    "limit.state": {
        "en": "playground limit: this session's data would exceed 2 MB; the last command was undone",
        "zh-hans": "练习场限制：会话数据将超过 2 MB，上一条命令已撤销",
    },
    "limit.output": {
        "en": "[output truncated: more than 256 KB]",
        "zh-hans": "[输出已截断：超过 256 KB]",
    },
    "internal": {
        "en": "playground error: this command could not be simulated; nothing was changed",
        "zh-hans": "练习场错误：无法模拟这条命令；状态没有改变",
    },
    "host_exit": {
        "en": "(this is the playground's own shell: it stays open; use the reset button for a fresh start)",
        "zh-hans": "（这是练习场自己的 shell，不会关闭；想重新开始请点“重置”）",
    },
    "unsupported": {
        "en": "playground: `{what}` is not simulated here",
        "zh-hans": "练习场：这里没有模拟 `{what}`",
    },
    "hint.catalog": {
        "en": "playground: only these images can be pulled here: {names}",
        "zh-hans": "练习场：这里只能拉取这些镜像：{names}",
    },
    "hint.tags": {
        "en": "playground: the tags of this image here: {tags}",
        "zh-hans": "练习场：这里有该镜像的这些标签：{tags}",
    },
}


def text(key: str, lang: str = "en", **values: object) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    template = entry.get(lang) or entry["en"]
    return template.format(**values) if values else template
