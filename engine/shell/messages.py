"""Our own words (not a real program's output), in every language the site speaks."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "budget": {
        "en": "too many commands in one line; stopped",
        "zh-hans": "一行中执行的命令太多，已停止",
    },
    "too_large": {
        "en": "playground limit: a command may expand to at most 1 MB; stopped",
        "zh-hans": "练习场限制：一条命令展开后最多 1 MB，已停止",
    },
    "pipe": {
        "en": "playground limit: a pipe may carry at most 1 MB; stopped",
        "zh-hans": "练习场限制：一个管道最多传输 1 MB，已停止",
    },
    "braces": {
        "en": "playground limit: a brace expansion may make at most 10000 words; stopped",
        "zh-hans": "练习场限制：花括号展开最多生成 10000 个词，已停止",
    },
    "not_simulated": {
        "en": "playground: this program is not simulated here; it did nothing",
        "zh-hans": "练习场：这里没有模拟此程序，它什么也没做",
    },
    "git_offline": {
        "en": "playground: there is no internet here, so git cannot fetch a repository; "
        "write the files with a heredoc instead, e.g. cat > package.json <<'EOF'",
        "zh-hans": "练习场：这里没有互联网，git 无法获取仓库；请改用 heredoc 写文件，"
        "例如 cat > package.json <<'EOF'",
    },
    "xargs": {
        "en": "playground limit: xargs may run a command at most 200 times; stopped",
        "zh-hans": "练习场限制：xargs 最多运行命令 200 次，已停止",
    },
    "nesting": {
        "en": "commands nested too deeply; stopped",
        "zh-hans": "命令嵌套太深，已停止",
    },
    "internal": {
        "en": "internal error in the simulated shell",
        "zh-hans": "模拟 shell 内部错误",
    },
    "awk_subset": {
        "en": "this terminal's awk only runs '{{print ...}}' programs",
        "zh-hans": "此终端的 awk 只支持 '{{print ...}}' 形式的程序",
    },
    "editor": {
        "en": "{name}: full-screen editors do not run in this terminal; "
        "write files with echo or a heredoc, e.g. cat > file <<'EOF'",
        "zh-hans": "{name}：此终端不支持全屏编辑器；请用 echo 或 heredoc 写文件，"
        "例如 cat > file <<'EOF'",
    },
    "interactive": {
        "en": "{name}: interactive programs are not available in this terminal",
        "zh-hans": "{name}：此终端不支持交互式程序",
    },
}


def message(key: str, ctx: object = None, **values: str) -> str:
    """The text for ``key`` in the context's language (``ctx.lang`` or ``LANGUAGE``; default en)."""
    lang = getattr(ctx, "lang", "en") if ctx is not None else "en"
    table = MESSAGES[key]
    return table.get(str(lang), table["en"]).format(**values)
