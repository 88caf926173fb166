"""Apply one command to a session's record: the part both executors share.

`apply` is pure with respect to storage: it takes what the store loaded and returns the commit to
write plus the messages to broadcast once the write succeeded. Sequence numbers are taken from the
record, so they are gap-free and survive a change of worker.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext as _

from engine.facade import Engine
from engine.io import Frame, Outcome
from playground.terminal.record import SessionRecord
from playground.terminal.sessions import Commit, Loaded

if TYPE_CHECKING:
    from playground.web.diagrams import RenderedDiagrams

log = logging.getLogger(__name__)

Message = dict[str, Any]
DEFAULT_TTY = "t1"


def frame_dicts(frames: list[Frame]) -> list[dict[str, Any]]:
    return [{"text": f.text, "stream": f.stream, "at": f.at, "key": f.key} for f in frames]


def narrate(events: list[dict[str, Any]], lang: str) -> list[str]:
    try:
        from playground.web.narration import narrate as web_narrate
    except ImportError:  # the UI app is optional for the runtime
        return []
    try:
        return web_narrate(events, lang)
    except Exception:  # a narration bug must not cost the learner the command's output
        log.exception("narration failed")
        return []


def render_panels(
    view: dict[str, Any], events: list[dict[str, Any]], lang: str
) -> RenderedDiagrams | None:
    """The diagrams' panels; None on failure."""
    try:
        from playground.web.diagrams import render_panels as web_render
    except ImportError:
        return None
    try:
        return web_render(view, events, lang)
    except Exception:  # likewise: the terminal keeps working without diagrams
        log.exception("rendering the diagrams failed")
        return None


def section_html(rendered: RenderedDiagrams, lang: str) -> str:
    from playground.web.diagrams import section_html as web_section

    return web_section(rendered, lang)


class PanelMemory:
    """Per session, the panel digests of the last diagrams broadcast, tagged with the state
    version they were rendered for.

    Process memory. The embedded executor is the only sender of its sessions; a Celery worker
    replaces a session's entry with the one stored beside the state when it takes the session's
    lock (see drain.py). An entry is trusted only for the broadcast that follows it directly (its
    version is the one the next command starts from) and only for a while (far less than a
    session's idle expiry), so a step without diagrams, a failed send or a recreated session costs
    a full message, never a stale panel.
    """

    def __init__(self, size: int = 1024, lifetime: float = 600.0) -> None:
        self.size = size
        self.lifetime = lifetime
        self._sent: OrderedDict[str, tuple[int, float, dict[str, bytes]]] = OrderedDict()
        self._lock = threading.Lock()  # Celery threads or sync_to_async may share a process

    def swap(
        self, sid: str, since: int, version: int, digests: dict[str, bytes]
    ) -> dict[str, bytes]:
        """Remember ``digests`` as broadcast for ``version``; returns what the session's sockets
        hold from the broadcast of ``since`` (empty when that is not known)."""
        with self._lock:
            previous = self._sent.pop(sid, None)
            self._put(sid, version, digests)
        if previous is None:
            return {}
        known_version, at, known = previous
        if known_version != since or time.monotonic() - at > self.lifetime:
            return {}
        return known

    def restore(self, sid: str, version: int, digests: dict[str, bytes]) -> None:
        """Take ``digests`` as what the sockets were last sent (for ``version``) by anyone."""
        with self._lock:
            self._sent.pop(sid, None)
            self._put(sid, version, digests)

    def held(self, sid: str, version: int) -> dict[str, bytes] | None:
        """The digests remembered for ``version`` of the session, if that is what is known."""
        entry = self._sent.get(sid)
        return entry[2] if entry is not None and entry[0] == version else None

    def forget(self, sid: str) -> None:
        with self._lock:
            self._sent.pop(sid, None)

    def _put(self, sid: str, version: int, digests: dict[str, bytes]) -> None:
        self._sent[sid] = (version, time.monotonic(), digests)
        while len(self._sent) > self.size:
            self._sent.popitem(last=False)


PANELS_SENT = PanelMemory()


class EngineCache:
    """Live engines of recently used sessions, keyed by the record version they match.

    Saves an `Engine.load` per command when the same process serves a session's next command.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._engines: OrderedDict[str, tuple[int, Engine]] = OrderedDict()
        # World digests by session and version: the "before" of the next command is free.
        self._digests: dict[str, tuple[int, bytes]] = {}

    def get(self, sid: str, record: SessionRecord) -> Engine:
        cached = self._engines.pop(sid, None)
        if cached is not None and cached[0] == record.version:
            engine = cached[1]
            engine.lang = record.lang
            return engine
        return engine_from(record.dump, record.lang)

    def put(self, sid: str, version: int, engine: Engine) -> None:
        self._engines[sid] = (version, engine)
        self._engines.move_to_end(sid)
        while len(self._engines) > self.size:
            self._engines.popitem(last=False)

    def drop(self, sid: str) -> None:
        self._engines.pop(sid, None)
        self._digests.pop(sid, None)

    def digest(self, sid: str, version: int, engine: Engine) -> bytes | None:
        """The world digest of ``engine`` (which matches ``version``), cached."""
        cached = self._digests.get(sid)
        if cached is not None and cached[0] == version:
            return cached[1]
        digest = world_digest(engine)
        if digest is not None:
            self.remember_digest(sid, version, digest)
        return digest

    def remember_digest(self, sid: str, version: int, digest: bytes) -> None:
        self._digests[sid] = (version, digest)
        if len(self._digests) > 2 * self.size:
            self._digests = {s: self._digests[s] for s in self._engines if s in self._digests}


def world_digest(engine: Engine) -> bytes | None:
    """The engine's fingerprint of the world minus terminals; None on an engine without one."""
    digest = getattr(engine, "world_digest", None)
    return digest() if digest is not None else None


def engine_from(dump: bytes, lang: str) -> Engine:
    if not dump:
        return Engine(clock=time.time, lang=lang)
    return Engine.load(dump, clock=time.time, lang=lang)


def new_record(lang: str = "en") -> SessionRecord:
    return SessionRecord(version=0, dump=Engine(clock=time.time, lang=lang).dump(), lang=lang)


@dataclass(slots=True)
class Step:
    """What a command did: the commit to write and the messages to send after it.

    Call ``seal()`` before using ``commit``: it takes the engine dump (deferred so the embedded
    executor can send the outcome first). ``seal(decide_undo=False)`` also leaves the undo
    decision (a world digest) for after the send: see ``deferred_undo`` and ``changed``.
    """

    commit: Commit | None  # None: nothing to write (a duplicate command)
    messages: list[Message] = field(default_factory=list)
    engine: Engine | None = None
    # What seal() runs. It gets the step as an argument rather than closing over it: a step that
    # referred to itself would be garbage only the cycle collector frees, a pause every few
    # commands on a worker.
    sealer: Callable[[Step, bool], None] = field(default=lambda step, decide_undo: None)
    # With seal(decide_undo=False): the undo value to push if changed() says the world changed.
    deferred_undo: bytes | None = None
    changed: Callable[[], bool] = field(default=lambda: False)

    def seal(self, decide_undo: bool = True) -> None:
        self.sealer(self, decide_undo)


def tty_state(record: SessionRecord, engine: Engine) -> dict[str, dict[str, str]]:
    ttys = dict(record.ttys) or {
        DEFAULT_TTY: {"prompt": engine.prompt(DEFAULT_TTY), "mode": "shell"}
    }
    return {
        tty: {"prompt": engine.prompt(tty), "mode": st.get("mode", "shell")}
        for tty, st in ttys.items()
    }


def sync_message(record: SessionRecord, engine: Engine, seq: int) -> Message:
    return {"type": "sync", "ttys": tty_state(record, engine), "seq": seq}


def diagrams_placeholder(
    seq: int, events: list[dict[str, Any]], sid: str = "", since: int = -1
) -> Message:
    """The diagrams of a step, rendered only when sent (the HTML is derived from the state, so it
    is not stored). With ``sid``, the step turns version ``since`` into ``since + 1`` and only the
    panels that changed since the session's previous broadcast are sent."""
    placeholder: Message = {"type": "diagrams", "seq": seq, "events": events}
    if sid:
        placeholder.update(sid=sid, since=since)
    return placeholder


def diagrams_message(placeholder: Message, view: dict[str, Any], lang: str) -> Message:
    """A placeholder rendered: every panel as the whole section (``html``), or, after a broadcast
    this process made, only the changed ones (``panels``, keyed by tab; the others are omitted)."""
    seq = placeholder["seq"]
    sid = str(placeholder.get("sid") or "")
    rendered = render_panels(view, placeholder["events"], lang)
    if rendered is None:
        if sid:
            PANELS_SENT.forget(sid)
        return {"type": "diagrams", "seq": seq, "html": ""}
    if sid:
        since = int(placeholder["since"])
        digests = {panel.tab: panel.digest for panel in rendered.panels}
        held = PANELS_SENT.swap(sid, since, since + 1, digests)
        if held:
            changed = {p.tab: str(p.html) for p in rendered.panels if held.get(p.tab) != p.digest}
            return {"type": "diagrams", "seq": seq, "focus": rendered.focus, "panels": changed}
    return {"type": "diagrams", "seq": seq, "html": section_html(rendered, lang)}


def finish(messages: list[Message], engine: Engine, lang: str) -> list[Message]:
    """Turn diagram placeholders into the messages the protocol describes."""
    done: list[Message] = []
    for message in messages:
        if message["type"] == "diagrams" and "events" in message:
            done.append(diagrams_message(message, engine.view(), lang))
        else:
            done.append(message)
    return done


def _outcome_messages(
    sid: str, record: SessionRecord, outcome: Outcome, tty: str, command_id: str
) -> list[Message]:
    events = [e.to_dict() for e in outcome.events]
    messages: list[Message] = [
        {
            "type": "outcome",
            "seq": record.next_seq(),
            "tty": tty,
            "id": command_id,
            "input": outcome.input,
            "frames": frame_dicts(outcome.frames),
            "exit_code": outcome.exit_code,
            "prompt": outcome.prompt,
            "mode": outcome.mode,
            "clear": outcome.clear,
            "events": events,
            "narration": narrate(events, record.lang),
        }
    ]
    for other, frames in outcome.elsewhere.items():
        if frames:
            messages.append(
                {
                    "type": "output",
                    "seq": record.next_seq(),
                    "tty": other,
                    "frames": frame_dicts(frames),
                }
            )
    messages.append(diagrams_placeholder(record.next_seq(), events, sid, record.version))
    return messages


def apply(sid: str, loaded: Loaded, command: dict[str, Any], engines: EngineCache) -> Step:
    """Apply ``command`` (an input, a signal or a control) to the loaded session state."""
    base = loaded.record or new_record(command.get("lang") or "en")
    command_id = str(command.get("id") or "")
    if command_id and command_id in base.applied:
        # Applied before (a retry after a lost reply or a dead worker): resend, never re-run.
        resend = base.outbox if base.outbox_id == command_id else []
        return Step(None, resend, engines.get(sid, base) if resend else None)

    record = base.copy()
    kind = command.get("kind")
    if kind == "control":
        return _control(sid, loaded, record, command, engines)

    engine = engines.get(sid, base)
    tty = str(command.get("tty") or DEFAULT_TTY)
    before = base.dump
    if kind == "http":
        return _http(sid, record, command, engine, engines, before)
    digest_before = engines.digest(sid, base.version, engine)
    try:
        if kind == "signal":
            signal = command.get("signal")
            outcome = engine.detach(tty) if signal == "detach" else engine.interrupt(tty)
        else:
            outcome = engine.execute(str(command.get("line", "")), tty=tty)
    except Exception:
        # An engine bug must neither kill the socket nor wedge the session's queue: report it,
        # and carry on from the state before the command (the engine may be half-changed).
        log.exception("engine failed on a command of session %s", sid)
        engines.drop(sid)
        engine = engine_from(before, base.lang)
        with translation.override(base.lang):
            text = _(
                "playground: internal error while running this command; the state is unchanged."
            )
        outcome = Outcome(
            input=str(command.get("line", "")),
            frames=[Frame(text + "\n", "stderr")],
            exit_code=1,
            prompt=engine.prompt(tty),
        )
    record.ttys = {**record.ttys, tty: {"prompt": outcome.prompt, "mode": outcome.mode}}
    messages = _outcome_messages(sid, record, outcome, tty, command_id)
    record.remember(command_id)
    record.outbox, record.outbox_id = messages, command_id
    committed_version = base.version + 1

    def world_changed() -> bool:
        digest_after = world_digest(engine)
        if digest_after is not None:
            engines.remember_digest(sid, committed_version, digest_after)
        return digest_before is None or digest_after != digest_before

    def seal(step: Step, decide_undo: bool) -> None:
        # The dump is the slow part of a step; the embedded executor sends the outcome first.
        record.dump = engine.dump()
        if record.dump == before:
            return
        # Only a change of the world is worth an undo step; a read-only command (docker ps, ls)
        # still changes the dump (shell history, prompt) and is saved, but not pushed.
        if not decide_undo:
            step.deferred_undo = before  # the caller decides with step.changed(), after sending
        elif world_changed():
            step.commit = Commit(record, undo="push", redo="clear", history_value=before)

    return Step(Commit(record), messages, engine, seal, changed=world_changed)


def _http(
    sid: str,
    record: SessionRecord,
    command: dict[str, Any],
    engine: Engine,
    engines: EngineCache,
    before: bytes,
) -> Step:
    """A request to a published port (the preview iframe): the response goes back to the caller in
    an ``http`` message, never broadcast; its side effects (log lines for `logs -f` terminals,
    `http.request` events for the diagrams) are saved and broadcast like any command's. A page
    view is not worth an undo step."""
    command_id = str(command.get("id") or "")
    port, path = int(command.get("port") or 0), str(command.get("path") or "/")
    events: list[dict[str, Any]] = []
    elsewhere: dict[str, list[Frame]] = {}
    try:
        reset_events(engine)
        status, headers, body = engine.http_get(port, path)
        events, elsewhere = http_side_effects(engine)
    except Exception:
        log.exception("engine failed on a port preview of session %s", sid)
        engines.drop(sid)
        engine = engine_from(before, record.lang)
        with translation.override(record.lang):
            body = _("playground: internal error while serving this request.") + "\n"
        status, headers = 502, {"Content-Type": "text/plain; charset=utf-8"}
    messages: list[Message] = [
        {"type": "http", "id": command_id, "status": status, "headers": headers, "body": body}
    ]
    for tty, frames in elsewhere.items():
        if frames:
            messages.append(
                {
                    "type": "output",
                    "seq": record.next_seq(),
                    "tty": tty,
                    "frames": frame_dicts(frames),
                }
            )
    if events:
        messages.append(diagrams_placeholder(record.next_seq(), events, sid, record.version))
    record.remember(command_id)
    record.outbox, record.outbox_id = messages, command_id
    committed_version = record.version + 1

    def seal(_step: Step, _decide_undo: bool) -> None:
        record.dump = engine.dump()
        digest = world_digest(engine)
        if digest is not None:
            engines.remember_digest(sid, committed_version, digest)

    return Step(Commit(record), messages, engine, seal)


def reset_events(engine: Engine) -> None:
    # Stopgap until the engine reports a request's side effects itself (see the round-2 report).
    daemon = getattr(engine, "daemon", None)
    if daemon is not None and hasattr(daemon, "events"):
        daemon.events = []


def http_side_effects(engine: Engine) -> tuple[list[dict[str, Any]], dict[str, list[Frame]]]:
    """The events and the new lines of `logs -f` terminals that the last request caused."""
    daemon = getattr(engine, "daemon", None)
    events = [e.to_dict() for e in getattr(daemon, "events", [])]
    feed = getattr(engine, "_feed_followers", None)
    elsewhere: dict[str, list[Frame]] = feed(None) if feed is not None else {}
    return events, elsewhere


def _control(
    sid: str, loaded: Loaded, record: SessionRecord, command: dict[str, Any], engines: EngineCache
) -> Step:
    op = command.get("op")
    before = record.dump
    undo: str = ""
    redo: str = ""
    history_value = b""
    if op == "lang":
        record.lang = str(command.get("lang") or record.lang)
    elif op in {"reset", "new"}:
        record.dump = Engine(clock=time.time, lang=record.lang).dump()
        record.ttys = {}
        if op == "reset":
            undo, redo, history_value = "push", "clear", before
        else:
            undo, redo = "clear", "clear"
    elif op == "load":
        record.dump = bytes.fromhex(str(command.get("dump", "")))
        record.lang = str(command.get("lang") or record.lang)
        record.ttys = {}
        undo, redo = "clear", "clear"
    elif op == "undo" and loaded.undo_top is not None:
        record.dump = loaded.undo_top
        undo, redo, history_value = "pop", "push", before
    elif op == "redo" and loaded.redo_top is not None:
        record.dump = loaded.redo_top
        undo, redo, history_value = "push", "pop", before
    engine = (
        engine_from(record.dump, record.lang)
        if record.dump != before
        else engines.get(sid, loaded.record or record)
    )
    engine.lang = record.lang
    record.ttys = tty_state(record, engine)
    messages = [
        sync_message(record, engine, record.next_seq()),
        diagrams_placeholder(record.next_seq(), [], sid, record.version),
    ]
    command_id = str(command.get("id") or "")
    record.remember(command_id)
    record.outbox, record.outbox_id = messages, command_id
    return Step(Commit(record, undo=undo, redo=redo, history_value=history_value), messages, engine)  # type: ignore[arg-type]
