"""One localised sentence per engine event, for the page's ``aria-live`` region.

Sentences are ours (not Docker's output), so each exists in zh-hans and en. They are kept here as
data rather than in gettext catalogues because the language is an argument (the runtime narrates
for the session's language, not for the request being served).
"""

from __future__ import annotations

from collections.abc import Mapping

# kind -> (en, zh-hans); fields come from the event's data (see engine/events.py).
SENTENCES: dict[str, tuple[str, str]] = {
    "layer.pulling": (
        "downloading layer {short} ({index}/{total}) of {image_name}",
        "正在下载 {image_name} 的第 {index}/{total} 层 {short}",
    ),
    "layer.pulled": ("layer {short} arrived ({size_text})", "层 {short} 已下载（{size_text}）"),
    "layer.exists": (
        "layer {short} is already here, so it is shared instead of downloaded again",
        "层 {short} 本地已存在，直接共享，无需再次下载",
    ),
    "layer.removed": ("layer {short} was deleted", "层 {short} 已删除"),
    "image.pulled": ("image {ref} is ready", "镜像 {ref} 已就绪"),
    "image.tagged": ("tagged {image_short} as {ref}", "已为 {image_short} 打上标签 {ref}"),
    "image.untagged": ("removed the tag {ref}", "已移除标签 {ref}"),
    "image.removed": ("image {image_short} was deleted", "镜像 {image_short} 已删除"),
    "image.built": ("built image {refs_text}", "已构建镜像 {refs_text}"),
    "image.committed": (
        "saved {name}'s writable layer as a new read-only layer of image {image_short}",
        "已将 {name} 的可写层保存为镜像 {image_short} 的一个新只读层",
    ),
    "image.loaded": ("loaded image {refs_text}", "已载入镜像 {refs_text}"),
    "image.pushed": ("pushed {ref} to {registry}", "已将 {ref} 推送到 {registry}"),
    "container.created": (
        "created container {name} from {image_name}, with an empty writable layer on top",
        "已从 {image_name} 创建容器 {name}，并在镜像层之上加了一个空的可写层",
    ),
    "container.started": ("{name} is running", "{name} 正在运行"),
    "container.stopped": (
        "{name} stopped (exit code {exit_code})",
        "{name} 已停止（退出码 {exit_code}）",
    ),
    "container.died": (
        "{name}'s main process ended (exit code {exit_code})",
        "{name} 的主进程已结束（退出码 {exit_code}）",
    ),
    "container.killed": ("{name} was sent {signal}", "已向 {name} 发送 {signal}"),
    "container.paused": ("{name} is paused", "{name} 已暂停"),
    "container.unpaused": ("{name} is running again", "{name} 已恢复运行"),
    "container.restarted": ("{name} restarted", "{name} 已重启"),
    "container.renamed": ("{old_name} is now called {name}", "{old_name} 已改名为 {name}"),
    "container.health": (
        "{name}'s healthcheck now reports it {status}",
        "{name} 的健康检查结果变为 {status}",
    ),
    "container.removed": (
        "removed {name} together with its writable layer",
        "已删除 {name} 及其可写层",
    ),
    "file.copied_up": (
        "copied {path} up into {name}'s writable layer",
        "已将 {path} 复制到 {name} 的可写层",
    ),
    "file.added": ("{name} created {path} in its writable layer", "{name} 在可写层中新建了 {path}"),
    "file.changed": (
        "{name} changed {path} in its writable layer",
        "{name} 修改了可写层中的 {path}",
    ),
    "file.whiteout": (
        "{name} deleted {path}: a whiteout in the writable layer hides the image's copy",
        "{name} 删除了 {path}：可写层中的白障（whiteout）遮住了镜像里的文件",
    ),
    "volume.created": ("created volume {volume_name}", "已创建数据卷 {volume_name}"),
    "volume.mounted": (
        "mounted volume {volume_name} at {destination} in {name}",
        "已将数据卷 {volume_name} 挂载到 {name} 的 {destination}",
    ),
    "volume.removed": ("removed volume {volume_name}", "已删除数据卷 {volume_name}"),
    "bind.mounted": (
        "mounted host folder {source} at {destination} in {name}",
        "已将主机目录 {source} 挂载到 {name} 的 {destination}",
    ),
    "network.created": ("created network {network}", "已创建网络 {network}"),
    "network.removed": ("removed network {network}", "已删除网络 {network}"),
    "network.connected": (
        "connected {name} to network {network} at {ip}",
        "已将 {name} 接入网络 {network}，地址 {ip}",
    ),
    "network.disconnected": (
        "disconnected {name} from network {network}",
        "已将 {name} 从网络 {network} 断开",
    ),
    "http.request": (
        "{name} answered GET {path} with {status}",
        "{name} 以 {status} 响应了 GET {path}",
    ),
    "build.started": ("build started: {steps} steps", "开始构建：共 {steps} 步"),
    "build.step": (
        "step {index}/{total}: {instruction} {cache_text}",
        "第 {index}/{total} 步：{instruction} {cache_text}",
    ),
    "build.finished": ("build finished: {refs_text}", "构建完成：{refs_text}"),
}

_CACHE_TEXT = {
    ("en", True): "(cache hit, layer reused)",
    ("en", False): "(executed, new layer)",
    ("zh-hans", True): "（命中缓存，复用已有层）",
    ("zh-hans", False): "（已执行，生成新层）",
}
_UNTAGGED = {"en": "<untagged>", "zh-hans": "<无标签>"}
_ANONYMOUS = {"en": "an anonymous volume", "zh-hans": "一个匿名卷"}


def short_id(value: object) -> str:
    """``sha256:<hex>`` or a bare hex id -> the 12-character form Docker prints."""
    text = str(value or "")
    return text.split(":", 1)[-1][:12]


def normalize_lang(lang: str) -> str:
    return "zh-hans" if lang.lower().replace("_", "-").startswith("zh") else "en"


class _Fields(dict[str, str]):
    """Format fields; a field the event lacks renders as "?" rather than failing narration."""

    def __missing__(self, key: str) -> str:
        return "?"


def _fields(kind: str, data: Mapping[str, object], lang: str) -> _Fields:
    fields = _Fields({k: str(v) for k, v in data.items() if v is not None})
    image = data.get("image")
    fields["image_short"] = short_id(image)
    fields["image_name"] = str(data.get("ref") or data.get("image_name") or short_id(image))
    refs = data.get("refs")
    if isinstance(refs, list | tuple):
        fields["refs_text"] = ", ".join(str(r) for r in refs) or _UNTAGGED[lang]
    else:
        fields["refs_text"] = str(refs) if refs else short_id(image) or _UNTAGGED[lang]
    if "short" not in fields and data.get("layer"):
        fields["short"] = short_id(data.get("layer"))
    size = data.get("size")
    fields["size_text"] = _size_text(size) if isinstance(size, int | float) else "?"
    volume = str(data.get("volume") or "")
    anonymous = bool(data.get("anonymous")) or (len(volume) == 64 and kind.startswith("volume"))
    fields["volume_name"] = _ANONYMOUS[lang] if anonymous else volume
    fields["cache_text"] = _CACHE_TEXT[(lang, bool(data.get("cached")))]
    return fields


def _size_text(size: float) -> str:
    # Docker's units: decimal, 3 significant digits ("187MB", "29.1MB", "1.09kB").
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= scale:
            return f"{size / scale:.3g}{unit}"
    return f"{int(size)}B"


def narrate_one(event: Mapping[str, object], lang: str = "en") -> str | None:
    """The sentence for one event dict (``Event.to_dict()``), or None for an unknown kind."""
    lang = normalize_lang(lang)
    kind = str(event.get("kind", ""))
    pair = SENTENCES.get(kind)
    if pair is None:
        return None
    template = pair[0] if lang == "en" else pair[1]
    return template.format_map(_fields(kind, event, lang))


# A run of these (a pull of many layers) reads better as one sentence than as one per layer.
_GROUPED: dict[str, tuple[str, str]] = {
    "layer.pulled": ("{count} layers arrived ({size_text})", "已下载 {count} 层（共 {size_text}）"),
    "layer.exists": (
        "{count} layers are already here, so they are shared instead of downloaded again",
        "{count} 层本地已存在，直接共享，无需再次下载",
    ),
}


def _group_sentence(kind: str, run: list[Mapping[str, object]], lang: str) -> str:
    total = sum(int(e["size"]) for e in run if isinstance(e.get("size"), int | float))
    template = _GROUPED[kind][0 if lang == "en" else 1]
    return template.format(count=len(run), size_text=_size_text(total))


def narrate(events: list[dict[str, object]], lang: str = "en") -> list[str]:
    """One sentence per event, in order; consecutive layer arrivals collapse into one sentence."""
    lang = normalize_lang(lang)
    sentences: list[str] = []
    # A pull reports every layer twice (pulling, pulled); the learner needs the arrival only.
    kept = [e for e in events if e.get("kind") != "layer.pulling"]
    i = 0
    while i < len(kept):
        kind = str(kept[i].get("kind", ""))
        j = i
        while j < len(kept) and kept[j].get("kind") == kind:
            j += 1
        if kind in _GROUPED and j - i > 1:
            sentence: str | None = _group_sentence(kind, kept[i:j], lang)
            i = j
        else:
            sentence = narrate_one(kept[i], lang)
            i += 1
        if sentence and (not sentences or sentences[-1] != sentence):
            sentences.append(sentence)
    return sentences
