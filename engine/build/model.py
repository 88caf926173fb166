"""The build's shared vocabulary: options, steps, RUN output, errors and the reporter protocol."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from engine.build.dockerfile import Instruction, Stage
from engine.model import Image


class BuildError(Exception):
    """A failed build. ``instr`` is the instruction to point at in BuildKit's error box."""

    def __init__(
        self,
        buildkit: str,
        legacy: str,
        *,
        instr: Instruction | None = None,
        exit_code: int = 1,
        vertex_error: str = "",
    ) -> None:
        super().__init__(buildkit)
        self.buildkit = buildkit
        self.legacy = legacy
        self.instr = instr
        self.exit_code = exit_code
        self.vertex_error = vertex_error  # `#8 ERROR: ...` line (BuildKit)


@dataclass
class Options:
    context_dir: str
    dockerfile_name: str  # as shown: "Dockerfile"
    tags: list[str]  # familiar references
    build_args: dict[str, str]
    target: str = ""
    no_cache: bool = False
    pull: bool = False
    legacy: bool = False
    quiet: bool = False
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class Step:
    """One instruction as the reporters and the diagrams see it."""

    stage: Stage
    instr: Instruction
    number: int  # legacy `Step N/M`
    total: int
    vertex: int  # BuildKit `[i/n]` (0 for metadata instructions)
    vertices: int
    prefix: str  # BuildKit stage label in multi-stage builds ("build", "stage-1")

    @property
    def name(self) -> str:
        """BuildKit's vertex name: `[2/5] WORKDIR /app`, `[build 2/4] ...`."""
        return self.label(self.instr.original)

    def label(self, text: str) -> str:
        width = len(str(self.vertices))
        stage = f"{self.prefix} " if self.prefix else ""
        return f"[{stage}{self.vertex:>{width}}/{self.vertices}] {text}"


@dataclass
class Output:
    """A RUN's captured output: (seconds since the step started, line)."""

    lines: list[tuple[float, str]]
    seconds: float


class Reporter(Protocol):
    def metadata(self, refs: list[str], error: BuildError | None) -> None: ...
    def base(self, step: Step, display: str, image: Image | None, fetched: list[Any]) -> None: ...
    def context(self, size: int) -> None: ...
    def begin(self, step: Step) -> None: ...
    def cached(self, step: Step, image_id: str) -> None: ...
    def ran(self, step: Step, output: Output | None, image_id: str, container: str) -> None: ...
    def failed(
        self, step: Step, error: BuildError, output: Output | None, container: str
    ) -> None: ...
    def finish(self, image: Image, tags: list[str], fresh: int) -> None: ...
    def error(self, error: BuildError, lines: list[str], dockerfile: str) -> None: ...
