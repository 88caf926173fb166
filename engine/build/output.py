"""What a build prints: BuildKit's plain progress (stderr) or the legacy builder's steps (stdout).

Reference §6.1-§6.3. The web terminal plays the frames in time (``Stream.wait``), so the block grows
step by step as it does on a real machine.
"""

from __future__ import annotations

from typing import Any

from engine.build.dockerfile import Instruction
from engine.build.model import BuildError, Output, Step
from engine.format.humanize import size3, size4
from engine.io import Stream
from engine.model import Image
from engine.reference import parse_reference

MAX_STEP_ANIMATION_S = 1.5
LEGACY_DEPRECATION = (
    "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n"
    "            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n"
    "            environment-variable.\n\n"
)


def full_name(familiar: str) -> str:
    return parse_reference(familiar).full


def error_box(lines: list[str], instr: Instruction, name: str) -> str:
    """BuildKit's excerpt of the Dockerfile around the failing instruction."""
    source = list(lines)
    while source and not source[-1].strip():
        source.pop()
    first, last = max(1, instr.line - 2), min(len(source), instr.end + 2)
    where = (
        f"{name}:{instr.line}" if instr.end == instr.line else f"{name}:{instr.line}-{instr.end}"
    )
    out = [where, "-" * 20]
    for n in range(first, last + 1):
        mark = ">>> " if instr.line <= n <= instr.end else "    "
        out.append(f"{n:>4} | {mark}{source[n - 1]}")
    out.append("-" * 20)
    return "\n".join(out) + "\n"


class PlainReporter:
    """`--progress=plain`: numbered vertices, `CACHED`, `DONE 0.1s` (BuildKit's printer.go)."""

    def __init__(
        self, err: Stream, dockerfile: str, dockerfile_size: int, ignore_size: int
    ) -> None:
        self.s = err
        self.n = 0
        self.current = 0
        self.failed_vertex = ""
        self.failed_lines: list[str] = []
        self.s.write('#0 building with "default" instance using docker driver\n\n')
        v = self.vertex()
        self.s.write(f"#{v} [internal] load build definition from {dockerfile}\n")
        self.s.write(
            f"#{v} transferring dockerfile: {size3(dockerfile_size)} done\n#{v} DONE 0.0s\n\n"
        )
        self.ignore_size = ignore_size

    def vertex(self) -> int:
        self.n += 1
        return self.n

    def metadata(self, refs: list[str], error: BuildError | None) -> None:
        for index, ref in enumerate(refs):
            v = self.vertex()
            self.s.write(f"#{v} [internal] load metadata for {ref}\n")
            self.s.wait(0.4)
            if error is not None and index == len(refs) - 1:
                self.s.write(f"#{v} ERROR: {error.vertex_error or error.buildkit}\n\n")
                self.failed_vertex = f"[internal] load metadata for {ref}"
                return
            self.s.write(f"#{v} DONE 0.4s\n\n")
        v = self.vertex()
        self.s.write(f"#{v} [internal] load .dockerignore\n")
        self.s.write(
            f"#{v} transferring context: {size3(self.ignore_size)} done\n#{v} DONE 0.0s\n\n"
        )

    def base(self, step: Step, display: str, image: Image | None, fetched: list[Any]) -> None:
        if image is None:
            return
        v = self.current = self.vertex()
        self.s.write(f"#{v} {step.label('FROM ' + display)}\n")
        seconds = 0.0
        if fetched:
            self.s.write(f"#{v} resolve {display} done\n")
            for layer in fetched:
                size = max(layer.download_size, 1)
                took = min(0.9, 0.1 + size / 40_000_000)
                self.s.wait(took)
                seconds += took
                self.s.write(
                    f"#{v} sha256:{layer.digest} {size4(size)} / {size4(size)} {took:.1f}s done\n"
                )
            for layer in fetched:
                took = min(0.6, 0.1 + layer.size / 120_000_000)
                self.s.wait(took)
                seconds += took
                self.s.write(f"#{v} extracting sha256:{layer.digest} {took:.1f}s done\n")
        self.s.write(f"#{v} DONE {seconds:.1f}s\n\n")

    def context(self, size: int) -> None:
        v = self.vertex()
        self.s.write(f"#{v} [internal] load build context\n")
        self.s.write(f"#{v} transferring context: {size3(size)} done\n#{v} DONE 0.0s\n\n")

    def begin(self, step: Step) -> None:
        if not step.vertex or step.instr.keyword == "FROM":
            return  # FROM vertices are printed by ``base`` once the image is known
        self.current = self.vertex()
        self.s.write(f"#{self.current} {step.name}\n")

    def cached(self, step: Step, image_id: str) -> None:
        if step.vertex:
            self.s.write(f"#{self.current} CACHED\n\n")

    def _lines(self, output: Output | None) -> float:
        if output is None:
            return 0.0
        waited = 0.0
        for at, line in output.lines:
            if at > waited:
                pause = min(at - waited, MAX_STEP_ANIMATION_S)
                self.s.wait(pause)
                waited = at
            self.s.write(f"#{self.current} {at:.3f} {line}\n")
        return output.seconds

    def ran(self, step: Step, output: Output | None, image_id: str, container: str) -> None:
        if not step.vertex:
            return
        seconds = self._lines(output)
        seconds = max(seconds + 0.1, 0.1) if step.instr.keyword in ("RUN", "COPY", "ADD") else 0.0
        self.s.wait(min(0.1, seconds))
        self.s.write(f"#{self.current} DONE {seconds:.1f}s\n\n")

    def failed(self, step: Step, error: BuildError, output: Output | None, container: str) -> None:
        self._lines(output)
        self.s.write(f"#{self.current} ERROR: {error.vertex_error or error.buildkit}\n\n")
        self.failed_vertex = step.name
        self.failed_lines = [f"{at:.3f} {line}" for at, line in (output.lines if output else [])][
            -6:
        ]

    def finish(self, image: Image, tags: list[str], fresh: int) -> None:
        v = self.vertex()
        self.s.write(f"#{v} exporting to image\n")
        self.s.wait(0.1)
        self.s.write(
            f"#{v} exporting layers 0.1s done\n" if fresh else f"#{v} exporting layers done\n"
        )
        self.s.write(f"#{v} writing image {image.id} done\n")
        for tag in tags:
            self.s.write(f"#{v} naming to {full_name(tag)} done\n")
        self.s.write(f"#{v} DONE 0.1s\n")

    def error(self, error: BuildError, lines: list[str], dockerfile: str) -> None:
        failing = error.instr
        if failing is not None and not self.failed_vertex and error.vertex_error:
            self.failed_vertex = ""
        if self.failed_vertex:
            self.s.write(f"------\n > {self.failed_vertex}:\n")
            self.s.write("".join(line + "\n" for line in self.failed_lines))
            self.s.write("------\n")
        if failing is not None:
            self.s.write(error_box(lines, failing, dockerfile))
        self.s.write(f"ERROR: failed to solve: {error.buildkit}\n")


class LegacyReporter:
    """`DOCKER_BUILDKIT=0`: `Step N/M : ...`, ` ---> Using cache`, `Successfully built`."""

    def __init__(self, out: Stream, err: Stream, context_size: int) -> None:
        self.o = out
        self.e = err
        self.e.write(LEGACY_DEPRECATION)
        self.o.write(f"Sending build context to Docker daemon  {size4(context_size)}\n")

    def metadata(self, refs: list[str], error: BuildError | None) -> None:
        return None

    def base(self, step: Step, display: str, image: Image | None, fetched: list[Any]) -> None:
        self.o.write(
            f" ---> {image.short_id if image is not None else display}\n"
            if image is not None
            else ""
        )

    def context(self, size: int) -> None:
        return None

    def begin(self, step: Step) -> None:
        self.o.wait(0.05)
        self.o.write(f"Step {step.number}/{step.total} : {step.instr.original}\n")

    def cached(self, step: Step, image_id: str) -> None:
        self.o.write(f" ---> Using cache\n ---> {image_id.removeprefix('sha256:')[:12]}\n")

    def _lines(self, output: Output | None) -> None:
        if output is None:
            return
        waited = 0.0
        for at, line in output.lines:
            if at > waited:
                self.o.wait(min(at - waited, MAX_STEP_ANIMATION_S))
                waited = at
            self.o.write(line + "\n")

    def ran(self, step: Step, output: Output | None, image_id: str, container: str) -> None:
        if container:
            self.o.write(f" ---> Running in {container}\n")
            self._lines(output)
            self.o.write(f" ---> Removed intermediate container {container}\n")
        self.o.write(f" ---> {image_id.removeprefix('sha256:')[:12]}\n")

    def failed(self, step: Step, error: BuildError, output: Output | None, container: str) -> None:
        if container:
            self.o.write(f" ---> Running in {container}\n")
        self._lines(output)

    def finish(self, image: Image, tags: list[str], fresh: int) -> None:
        self.o.write(f"Successfully built {image.short_id}\n")
        for tag in tags:
            self.o.write(f"Successfully tagged {tag}\n")

    def error(self, error: BuildError, lines: list[str], dockerfile: str) -> None:
        self.e.write(error.legacy + "\n")


class QuietReporter:
    """`-q`: nothing but the image id (printed by the command) or the error."""

    def __init__(self, err: Stream, legacy: bool) -> None:
        self.e = err
        self.legacy = legacy

    def metadata(self, refs: list[str], error: BuildError | None) -> None:
        return None

    def base(self, step: Step, display: str, image: Image | None, fetched: list[Any]) -> None:
        return None

    def context(self, size: int) -> None:
        return None

    def begin(self, step: Step) -> None:
        return None

    def cached(self, step: Step, image_id: str) -> None:
        return None

    def ran(self, step: Step, output: Output | None, image_id: str, container: str) -> None:
        return None

    def failed(self, step: Step, error: BuildError, output: Output | None, container: str) -> None:
        return None

    def finish(self, image: Image, tags: list[str], fresh: int) -> None:
        return None

    def error(self, error: BuildError, lines: list[str], dockerfile: str) -> None:
        self.e.write(
            error.legacy + "\n" if self.legacy else f"ERROR: failed to solve: {error.buildkit}\n"
        )


WIDTH = 81  # BuildKit's tty block on an 80-column terminal (reference §6.2)


def _row(prefix: str, name: str, seconds: float | None) -> str:
    timer = f"{seconds:.1f}s" if seconds is not None else ""
    room = WIDTH - len(prefix) - len(timer) - 2
    if len(name) > room:
        name = name[:room]
    return (prefix + name).ljust(WIDTH - len(timer)) + timer


class TtyReporter:
    """`--progress=tty`: the `[+] Building` block, each line redrawn in place as steps finish."""

    def __init__(
        self, err: Stream, dockerfile: str, dockerfile_size: int, ignore_size: int
    ) -> None:
        self.s = err
        self.elapsed = 0.0
        self.done = 0
        self.total = 0
        self.n = 0
        self.current = ""
        self.failed_vertex = ""
        self.failed_lines: list[str] = []
        self.ignore_size = ignore_size
        self.names: dict[str, str] = {}
        self.subs: dict[str, int] = {}
        self.header()
        v = self.vertex("[internal] load build definition from " + dockerfile)
        self.sub(v, f"transferring dockerfile: {size3(dockerfile_size)}", 0.0)
        self.finish_vertex(v, 0.0)

    def header(self, finished: bool = False) -> None:
        left = f"[+] Building {self.elapsed:.1f}s ({self.done}/{self.total})"
        left += " FINISHED" if finished else ""
        self.s.progress(
            "build-header", left.ljust(WIDTH - len("docker:default")) + "docker:default"
        )

    def vertex(self, name: str) -> str:
        self.n += 1
        self.total += 1
        key = f"v{self.n}"
        self.names[key] = name
        self.subs[key] = 0
        self.s.progress(key, _row(" => ", name, 0.0))
        self.header()
        return key

    def sub(self, key: str, name: str, seconds: float) -> None:
        self.subs[key] += 1
        self.s.progress(f"{key}.{self.subs[key]}", _row(" => => ", name, seconds))

    def finish_vertex(self, key: str, seconds: float, prefix: str = "") -> None:
        self.s.wait(min(seconds, MAX_STEP_ANIMATION_S))
        self.elapsed += seconds
        self.done += 1
        self.s.progress(key, _row(" => ", prefix + self.names[key], seconds))
        self.header()

    def metadata(self, refs: list[str], error: BuildError | None) -> None:
        for index, ref in enumerate(refs):
            v = self.vertex(f"[internal] load metadata for {ref}")
            if error is not None and index == len(refs) - 1:
                self.finish_vertex(v, 0.4, "ERROR ")
                self.failed_vertex = f"[internal] load metadata for {ref}"
                return
            self.finish_vertex(v, 0.4)
        v = self.vertex("[internal] load .dockerignore")
        self.sub(v, f"transferring context: {size3(self.ignore_size)}", 0.0)
        self.finish_vertex(v, 0.0)

    def base(self, step: Step, display: str, image: Image | None, fetched: list[Any]) -> None:
        if image is None:
            return
        v = self.vertex(step.label("FROM " + display))
        seconds = 0.0
        if fetched:
            self.sub(v, f"resolve {display}", 0.0)
            for layer in fetched:
                size = max(layer.download_size, 1)
                took = min(0.9, 0.1 + size / 40_000_000)
                seconds += took
                self.s.wait(took)
                self.sub(v, f"sha256:{layer.digest} {size4(size)} / {size4(size)}", took)
            for layer in fetched:
                took = min(0.6, 0.1 + layer.size / 120_000_000)
                seconds += took
                self.sub(v, f"extracting sha256:{layer.digest}", took)
        self.finish_vertex(v, seconds)

    def context(self, size: int) -> None:
        v = self.vertex("[internal] load build context")
        self.sub(v, f"transferring context: {size3(size)}", 0.0)
        self.finish_vertex(v, 0.0)

    def begin(self, step: Step) -> None:
        if step.vertex and step.instr.keyword != "FROM":
            self.current = self.vertex(step.name)

    def cached(self, step: Step, image_id: str) -> None:
        if step.vertex:
            self.finish_vertex(self.current, 0.0, "CACHED ")

    def ran(self, step: Step, output: Output | None, image_id: str, container: str) -> None:
        if not step.vertex:
            return
        seconds = (output.seconds if output else 0.0) + 0.1
        if step.instr.keyword == "WORKDIR":
            seconds = 0.0
        self.finish_vertex(self.current, seconds)

    def failed(self, step: Step, error: BuildError, output: Output | None, container: str) -> None:
        self.finish_vertex(self.current, output.seconds if output else 0.0, "ERROR ")
        self.failed_vertex = step.name
        self.failed_lines = [f"{at:.3f} {line}" for at, line in (output.lines if output else [])][
            -6:
        ]

    def finish(self, image: Image, tags: list[str], fresh: int) -> None:
        v = self.vertex("exporting to image")
        self.sub(v, "exporting layers", 0.1 if fresh else 0.0)
        self.sub(v, f"writing image {image.id[:19]}…", 0.0)
        for tag in tags:
            self.sub(v, f"naming to {full_name(tag)}", 0.0)
        self.finish_vertex(v, 0.1)
        self.header(finished=True)

    def error(self, error: BuildError, lines: list[str], dockerfile: str) -> None:
        self.header(finished=True)
        if self.failed_vertex:
            self.s.write(f"------\n > {self.failed_vertex}:\n")
            self.s.write("".join(line + "\n" for line in self.failed_lines))
            self.s.write("------\n")
        if error.instr is not None:
            self.s.write(error_box(lines, error.instr, dockerfile))
        self.s.write(f"ERROR: failed to solve: {error.buildkit}\n")
