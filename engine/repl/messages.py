"""The REPLs' own words (not python's or node's): the sandbox's limits, in en and zh-hans."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "number": {
        "en": "playground limit: a number may have at most 400000 bits (about 120000 digits); "
        "stopped",
        "zh-hans": "练习场限制：一个数最多 400000 个二进制位（约 120000 位十进制数字），已停止",
    },
    "sequence": {
        "en": "playground limit: a string or list may hold at most 10000 items; stopped",
        "zh-hans": "练习场限制：一个字符串或列表最多 10000 项，已停止",
    },
    "steps": {
        "en": "playground limit: a line may run at most 10000 steps; stopped",
        "zh-hans": "练习场限制：一行最多执行 10000 步，已停止",
    },
    "depth": {
        "en": "playground limit: functions may call each other at most 40 deep; stopped",
        "zh-hans": "练习场限制：函数最多嵌套调用 40 层，已停止",
    },
    "names": {
        "en": "playground limit: a session may hold at most 200 variables; stopped",
        "zh-hans": "练习场限制：一个会话最多 200 个变量，已停止",
    },
    "redis": {
        "en": "playground limit: redis here holds at most 1000 keys of at most 4096 characters; "
        "the command was not applied",
        "zh-hans": "练习场限制：这里的 redis 最多保存 1000 个键，每个值最多 4096 个字符；该命令未执行",
    },
}


def message(key: str, lang: str = "en") -> str:
    """The text for ``key`` in ``lang`` (English when the language has none)."""
    table = MESSAGES[key]
    return table.get(lang, table["en"])
