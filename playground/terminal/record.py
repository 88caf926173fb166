"""The state of one terminal session as stored between commands.

A record is small plain data: the engine dump plus what exactly-once delivery needs (the last
sequence number, the recently applied command ids, the messages of the last step until they are
known to be sent). Undo/redo dumps live beside it in the store, not inside it, so a command does
not rewrite the whole history.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

APPLIED_IDS_KEPT = 64


@dataclass(slots=True)
class SessionRecord:
    version: int = 0
    dump: bytes = b""
    lang: str = "en"
    seq: int = 0  # last seq used by a broadcast message of this session
    ttys: dict[str, dict[str, str]] = field(default_factory=dict)  # tty -> prompt, mode
    applied: list[str] = field(default_factory=list)  # ids of the last commands, oldest first
    outbox: list[dict[str, Any]] = field(default_factory=list)  # messages of the last step
    outbox_id: str = ""  # the command id that produced `outbox`

    def remember(self, command_id: str) -> None:
        if command_id:
            self.applied.append(command_id)
            del self.applied[:-APPLIED_IDS_KEPT]

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def to_json(self) -> str:
        return json.dumps(
            {
                "dump": base64.b64encode(self.dump).decode("ascii"),
                "lang": self.lang,
                "seq": self.seq,
                "ttys": self.ttys,
                "applied": self.applied,
                "outbox": self.outbox,
                "outbox_id": self.outbox_id,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str | bytes, version: int) -> SessionRecord:
        data = json.loads(text)
        return cls(
            version=version,
            dump=base64.b64decode(data["dump"]),
            lang=data.get("lang", "en"),
            seq=int(data.get("seq", 0)),
            ttys=data.get("ttys", {}),
            applied=list(data.get("applied", [])),
            outbox=list(data.get("outbox", [])),
            outbox_id=data.get("outbox_id", ""),
        )

    def copy(self) -> SessionRecord:
        # Messages in the outbox are never mutated once built, so a shallow list copy is enough.
        return SessionRecord(
            version=self.version,
            dump=self.dump,
            lang=self.lang,
            seq=self.seq,
            ttys={tty: dict(state) for tty, state in self.ttys.items()},
            applied=list(self.applied),
            outbox=list(self.outbox),
            outbox_id=self.outbox_id,
        )
