"""Running a Dockerfile: stages, steps, the cache, layers and the resulting image.

The builder is output-agnostic: it tells a ``Reporter`` (``engine.build.output``) what happens and
the reporter prints it in BuildKit's or the legacy builder's words.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from engine.build import cache
from engine.build.context import Context
from engine.build.copying import apply_copy, plan_copy
from engine.build.dockerfile import Dockerfile, Instruction, Stage, expand
from engine.build.instructions import (
    DEFAULT_SHELL,
    EXECUTION_METADATA,
    VERTICES,
    apply_metadata,
    arg_text,
    buildkit_created_by,
    command_form,
    env_dict,
    legacy_created_by,
    run_label,
    workdir,
)
from engine.build.layers import make_layer
from engine.build.model import BuildError, Options, Output, Reporter, Step
from engine.build.running import run_failure, run_instruction
from engine.daemon import images
from engine.daemon.core import MAX_IMAGES, Daemon, DaemonError, LimitError
from engine.fs import FsError, UnionFS
from engine.io import Stream
from engine.model import HistoryEntry, Image
from engine.reference import ReferenceError as RefError
from engine.reference import parse_reference

BUILDKIT_COMMENT = "buildkit.dockerfile.v0"
DOCKER_VERSION = "27.5.1"


@dataclass
class StageState:
    stage: Stage
    layers: list[str]
    config: dict[str, Any]
    history: list[HistoryEntry]
    key: str
    args: dict[str, str] = field(default_factory=dict)  # ARGs declared in this stage
    image_id: str = ""  # legacy: the current intermediate image
    created: float = 0.0

    def scope(self) -> dict[str, str]:
        return {**self.args, **env_dict(self.config)}

    def fs(self, d: Daemon) -> UnionFS:
        return UnionFS({}, [d.layer(lid) for lid in self.layers], clock=d.now)


@dataclass
class Result:
    image: Image
    steps: list[dict[str, Any]]
    fresh_layers: int


class Builder:
    def __init__(
        self,
        d: Daemon,
        dockerfile: Dockerfile,
        ctx: Context,
        options: Options,
        reporter: Reporter,
        out: Stream,
    ) -> None:
        self.d = d
        self.df = dockerfile
        self.ctx = ctx
        self.opt = options
        self.report = reporter
        self.out = out  # where legacy pulls print
        self.done: dict[int, StageState] = {}
        self.steps: list[dict[str, Any]] = []
        self.fresh = 0
        self.prefix = "l" if options.legacy else "b"
        self.global_scope: dict[str, str] = {}
        for instr in dockerfile.global_args:
            name, _, default = instr.args.partition("=")
            value = options.build_args.get(name, default if "=" in instr.args else None)
            if value is not None:
                self.global_scope[name] = expand(value, self.global_scope)
        self.used_args: set[str] = set()
        # Images the build read (FROM, COPY --from): BuildKit keeps them out of `docker images`,
        # so the diagrams and lesson checks learn about them here.
        self.bases: list[dict[str, Any]] = []

    # -- planning -------------------------------------------------------------------------

    def target(self) -> Stage:
        if not self.opt.target:
            return self.df.stages[-1]
        found = self.df.stage(self.opt.target)
        if found is None:
            raise BuildError(
                f'target stage "{self.opt.target}" could not be found',
                f"failed to reach build target {self.opt.target} in Dockerfile",
            )
        return found

    def stage_ref(self, stage: Stage, ref: str) -> Stage | None:
        found = self.df.stage(expand(ref, self.global_scope))
        return found if found is not None and found.index < stage.index else None

    def plan(self) -> list[Stage]:
        """Stages to build, in order. BuildKit skips stages the target does not need."""
        target = self.target()
        if self.opt.legacy:
            return self.df.stages[: target.index + 1]
        needed: set[int] = set()

        def need(stage: Stage) -> None:
            if stage.index in needed:
                return
            needed.add(stage.index)
            base = self.stage_ref(stage, stage.base)
            if base is not None:
                need(base)
            for instr in stage.steps:
                if instr.keyword in ("COPY", "ADD") and "from" in instr.flags:
                    ref = self.stage_ref(stage, instr.flags["from"])
                    if ref is not None:
                        need(ref)

        need(target)
        return [s for s in self.df.stages if s.index in needed]

    def external_bases(self, stages: list[Stage]) -> list[tuple[str, str, Instruction]]:
        """(full reference, name as written, instruction) of every image the build reads."""
        refs: list[tuple[str, str, Instruction]] = []
        for stage in stages:
            uses = [(stage.base, stage.from_line)] + [
                (i.flags["from"], i)
                for i in stage.steps
                if i.keyword in ("COPY", "ADD") and "from" in i.flags
            ]
            for name, instr in uses:
                if self.stage_ref(stage, name) is not None:
                    continue
                ref = expand(name, self.global_scope)
                if ref.lower() == "scratch" or ref.isdigit():
                    continue
                try:
                    full = parse_reference(ref).full
                except RefError:
                    full = ref
                if all(full != r[0] for r in refs):
                    refs.append((full, ref, instr))
        return refs

    def probe(self, name: str, instr: Instruction) -> None:
        """BuildKit's `load metadata`: does the registry (or the local store) know ``name``?"""
        ref = self.parse(name, instr)
        if not self.opt.pull and self.d.find_image(ref.familiar) is not None:
            return
        try:
            images.catalog_image(ref, None)
        except DaemonError as error:
            raise self.resolve_error(name, ref.full, error, instr) from None

    def parse(self, name: str, instr: Instruction) -> Any:
        try:
            return parse_reference(name)
        except RefError as error:
            raise BuildError(
                f'failed to parse stage name "{name}": {error.message}', error.message, instr=instr
            ) from None

    @staticmethod
    def resolve_error(name: str, full: str, error: DaemonError, instr: Instruction) -> BuildError:
        message = error.message
        if "pull access denied" in message:
            message = (
                "pull access denied, repository does not exist or may require authorization: "
                "server message: insufficient_scope: authorization failed"
            )
        elif "not found" in message:
            message = f"{full}: not found"
        return BuildError(
            f"{name}: failed to resolve source metadata for {full}: {message}",
            error.message,
            instr=instr,
            vertex_error=message,
        )

    # -- running --------------------------------------------------------------------------

    def run(self) -> Result:
        stages = self.plan()
        bases = self.external_bases(stages)
        probed: list[str] = []
        for full, name, instr in [] if self.opt.legacy else bases:
            probed.append(full)
            try:
                self.probe(name, instr)
            except BuildError as error:
                self.report.metadata(probed, error)
                raise
        self.report.metadata(probed, None)
        total = len(self.df.global_args) + sum(1 + len(s.steps) for s in stages)
        self.d.emit("build.started", steps=total)
        number = 0
        for instr in self.df.global_args:
            number += 1
            self.report.begin(Step(stages[0], instr, number, total, 0, 1, ""))
        uses_context = any(
            i.keyword in ("COPY", "ADD") and "from" not in i.flags for s in stages for i in s.steps
        )
        multi = len(self.df.stages) > 1
        for stage in stages:
            vertices = 1 + sum(1 for i in stage.steps if i.keyword in VERTICES)
            prefix = stage.label if multi else ""
            number += 1
            vertex = 1
            first = Step(stage, stage.from_line, number, total, vertex, vertices, prefix)
            state = self.start_stage(stage, first)
            if uses_context:
                uses_context = False  # BuildKit loads the context once, next to the first FROM
                self.report.context(self.ctx.content_size)
            for instr in stage.steps:
                number += 1
                if instr.keyword in VERTICES:
                    vertex += 1
                step = Step(
                    stage,
                    instr,
                    number,
                    total,
                    vertex if instr.keyword in VERTICES else 0,
                    vertices,
                    prefix,
                )
                self.run_step(state, step)
            self.done[stage.index] = state
        final = self.done[self.target().index]
        image = self.commit_image(final, final=True)
        return Result(image, self.steps, self.fresh)

    def record(self, step: Step, cached: bool, layer: str) -> None:
        entry = {
            "index": step.number,
            "total": step.total,
            "instruction": step.instr.original,
            "cached": cached,
            "layer": layer,
        }
        self.steps.append(entry)
        self.d.emit("build.step", **entry)

    def start_stage(self, stage: Stage, step: Step) -> StageState:
        self.report.begin(step)
        name = expand(stage.base, self.global_scope)
        parent = self.stage_ref(stage, stage.base)
        if parent is not None:
            src = self.done[parent.index]
            state = StageState(
                stage,
                list(src.layers),
                copy.deepcopy(src.config),
                list(src.history),
                src.key,
                image_id=src.image_id,
                created=src.created,
            )
            image = self.d.state.images.get(src.image_id) if self.opt.legacy else None
            self.report.base(step, parent.label, image, [])
            self.record(step, True, src.layers[-1] if src.layers else "")
            return state
        if name.lower() == "scratch":
            state = StageState(
                stage, [], {"Env": [DEFAULT_PATH_ENV]}, [], cache.chain(self.prefix, "scratch")
            )
            self.report.base(step, "scratch", None, [])
            self.record(step, True, "")
            return state
        image, display, fetched = self.resolve_image(name, stage.from_line, stage.platform)
        self.bases.append(
            {"ref": name, "stage": stage.label, "image": image.id, "layers": list(image.layers)}
        )
        config = copy.deepcopy(image.config)
        config.pop("OnBuild", None)
        state = StageState(
            stage,
            list(image.layers),
            config,
            list(image.history),
            cache.chain(self.prefix, "FROM", image.id),
            image_id=image.id,
            created=image.created,
        )
        self.report.base(step, display, image, fetched)
        self.record(step, not fetched, image.layers[-1] if image.layers else "")
        return state

    def resolve_image(
        self, name: str, instr: Instruction, platform: str = ""
    ) -> tuple[Image, str, list[Any]]:
        """A base (or `COPY --from`) image: local, or fetched from the catalog registry."""
        d = self.d
        ref = self.parse(name, instr)
        local = None if self.opt.pull else d.find_image(ref.familiar)
        if local is not None:
            digest = next((dg.split("@")[1] for dg in local.repo_digests), "")
            display = f"{ref.full}@{digest}" if digest else ref.full
            return local, display, []
        if self.opt.legacy:
            try:
                result = images.pull(
                    d, ref, self.out, platform=platform or None, quiet=self.opt.quiet
                )
            except DaemonError as error:
                raise BuildError(error.message, error.message, instr=instr) from None
            return result.image, ref.full, []
        try:
            item = images.catalog_image(ref, platform or None)
        except DaemonError as error:
            raise self.resolve_error(name, ref.full, error, instr) from None
        image = images.image_from_catalog(item)
        marker = cache.chain("fetched", item.id)
        have = {lid for img in d.state.images.values() for lid in img.layers}
        fetched = []
        if marker not in d.state.build_cache:
            fetched = [layer for layer in item.layers if layer.id not in have]
            cache.store(d, marker, "", d.now())
        return image, f"{ref.full}@{item.index_digest}", fetched

    def run_step(self, st: StageState, step: Step) -> None:
        instr = step.instr
        k = instr.keyword
        self.report.begin(step)
        if k == "ARG":
            self.declare_arg(st, instr)
        if k in ("RUN", "COPY", "ADD") or (k == "WORKDIR" and not self.opt.legacy):
            self.layer_step(st, step)
        else:
            self.metadata_step(st, step)

    def declare_arg(self, st: StageState, instr: Instruction) -> None:
        for word in instr.args.split():
            name, eq, default = word.partition("=")
            if name in self.opt.build_args:
                value: str | None = self.opt.build_args[name]
                self.used_args.add(name)
            elif eq:
                value = expand(default, st.scope())
            else:
                value = self.global_scope.get(name)
            if value is not None:
                st.args[name] = value
            else:
                st.args.pop(name, None)

    # -- metadata -------------------------------------------------------------------------

    def metadata_step(self, st: StageState, step: Step) -> None:
        d, instr = self.d, step.instr
        if instr.keyword == "ARG":
            names = [w.partition("=")[0] for w in instr.args.split()]
            text = "ARG " + " ".join(
                arg_text(n, st.args.get(n)).removeprefix("ARG ") for n in names
            )
        elif instr.keyword == "WORKDIR":  # legacy: a layer only when it had to create the directory
            self.legacy_workdir(st, step)
            return
        else:
            text = apply_metadata(instr, st.config, st.scope())
        if self.opt.legacy or instr.keyword in EXECUTION_METADATA:
            key = cache.chain(st.key, instr.keyword, text)
        else:
            key = st.key  # BuildKit: a LABEL or CMD does not change how later steps run
        own = cache.chain(st.key, "meta", instr.keyword, text)
        hit = None if self.opt.no_cache else cache.lookup(d, own)
        created = hit[1] if hit else d.now()
        by = (
            legacy_created_by(instr, text, st.config.get("Shell") or DEFAULT_SHELL)
            if self.opt.legacy
            else buildkit_created_by(instr, text)
        )
        st.history.append(
            HistoryEntry(created, by, True, "" if self.opt.legacy else BUILDKIT_COMMENT, 0)
        )
        st.key = key
        if self.opt.legacy:
            container = "" if hit else self.d.new_hex()[:12]
            image = self.intermediate(st, hit[2] if hit else "")
            if hit is None:
                cache.store(d, own, "", created, image.id)
            if hit:
                self.report.cached(step, image.id)
            else:
                self.report.ran(step, None, image.id, container)
        elif hit is None:
            cache.store(d, own, "", created)
        self.record(step, hit is not None, "")

    def legacy_workdir(self, st: StageState, step: Step) -> None:
        path = workdir(step.instr, st.config, st.scope())
        if st.fs(self.d).is_dir(path):
            st.config["WorkingDir"] = path
            self.metadata_like(st, step, f"WORKDIR {path}")
            return
        self.layer_step(st, step)

    def metadata_like(self, st: StageState, step: Step, text: str) -> None:
        d = self.d
        own = cache.chain(st.key, "meta", step.instr.keyword, text)
        hit = None if self.opt.no_cache else cache.lookup(d, own)
        created = hit[1] if hit else d.now()
        by = legacy_created_by(step.instr, text, st.config.get("Shell") or DEFAULT_SHELL)
        st.history.append(HistoryEntry(created, by, True, "", 0))
        st.key = cache.chain(st.key, step.instr.keyword, text)
        image = self.intermediate(st, hit[2] if hit else "")
        if hit:
            self.report.cached(step, image.id)
        else:
            cache.store(d, own, "", created, image.id)
            self.report.ran(step, None, image.id, d.new_hex()[:12])
        self.record(step, hit is not None, "")

    # -- filesystem steps -----------------------------------------------------------------

    def layer_step(self, st: StageState, step: Step) -> None:
        d, instr = self.d, step.instr
        k = instr.keyword
        scope = st.scope()
        build_args = {n: v for n, v in st.args.items() if n not in env_dict(st.config)}
        if k == "RUN":
            argv = command_form(instr, st.config)
            definition = run_label(argv, build_args)
        elif k == "WORKDIR":
            path = workdir(instr, st.config, scope)
            st.config["WorkingDir"] = path
            definition = path
        else:
            try:
                source, origin = self.source_fs(st, instr)
                plan = plan_copy(
                    instr, source, origin, scope, st.config.get("WorkingDir") or "/", d.state.seed
                )
            except BuildError as error:
                self.report.failed(step, error, None, "")
                raise
            flags = [instr.flags.get("chown", ""), instr.flags.get("chmod", "")]
            definition = json.dumps([*flags, plan.dest, plan.summary])
        key = cache.chain(st.key, k, definition, json.dumps(sorted(env_dict(st.config).items())))
        hit = None if self.opt.no_cache else cache.lookup(d, key)
        if hit is not None:
            layer_id, created = hit[0], hit[1]
            self.append_layer(st, step, layer_id, created, definition, cached=True)
            st.key = key
            image = self.intermediate(st, hit[2]) if self.opt.legacy else None
            self.report.cached(step, image.id if image else "")
            self.record(step, True, layer_id)
            return
        container = d.new_hex()[:12] if self.opt.legacy and k in ("RUN", "WORKDIR") else ""
        fs = st.fs(d)
        output: Output | None = None
        if k == "RUN":
            status, output = run_instruction(
                d,
                fs,
                st.config,
                instr,
                argv,
                build_args,
                hostname=container or "buildkitsandbox",
                start=0.0 if self.opt.legacy else 0.2,
            )
            if status != 0:
                error = run_failure(instr, argv, status)
                self.report.failed(step, error, output, container)
                raise error
        elif k == "WORKDIR":
            try:
                fs.mkdir(st.config["WorkingDir"], parents=True)
            except FsError as error:
                raise BuildError(str(error), str(error), instr=instr) from None
        else:
            apply_copy(instr, plan, fs)
        entries = fs.upper
        created = d.now()
        layer_id = ""
        if entries or not self.opt.legacy or k != "RUN":
            parent = st.layers[-1] if st.layers else ""
            layer = make_layer(entries, parent)
            d.state.local_layers.setdefault(layer.id, layer)
            layer_id = layer.id
            self.fresh += 1
        self.append_layer(st, step, layer_id, created, definition, cached=False)
        st.key = key
        image = self.intermediate(st, "") if self.opt.legacy else None
        cache.store(d, key, layer_id, created, image.id if image else "")
        self.report.ran(step, output, image.id if image else "", container)
        self.record(step, False, layer_id)

    def append_layer(
        self,
        st: StageState,
        step: Step,
        layer_id: str,
        created: float,
        definition: str,
        *,
        cached: bool,
    ) -> None:
        instr = step.instr
        if layer_id:
            st.layers.append(layer_id)
        size = self.d.layer(layer_id).size if layer_id else 0
        if self.opt.legacy:
            shell = st.config.get("Shell") or DEFAULT_SHELL
            if instr.keyword == "RUN":
                by = legacy_created_by(instr, "", shell, definition)
            elif instr.keyword == "WORKDIR":
                by = legacy_created_by(instr, f"WORKDIR {definition}", shell)
            else:
                data = json.loads(definition)
                by = legacy_created_by(instr, "", shell, f"{instr.keyword} {data[3]}")
            comment = ""
        else:
            text = f"WORKDIR {definition}" if instr.keyword == "WORKDIR" else ""
            by = buildkit_created_by(instr, text, definition.replace("\n", " "))
            comment = BUILDKIT_COMMENT
        st.history.append(HistoryEntry(created, by, not layer_id, comment, size))

    # -- COPY / ADD -----------------------------------------------------------------------

    def source_fs(self, st: StageState, instr: Instruction) -> tuple[UnionFS, str]:
        """Where COPY reads from: the context, an earlier stage, or an image (`--from`)."""
        ref = instr.flags.get("from")
        if not ref:
            return self.ctx.fs, ""
        stage = self.stage_ref(st.stage, ref)
        if stage is not None:
            return self.done[stage.index].fs(self.d), stage.label
        image, _display, _fetched = self.resolve_image(expand(ref, self.global_scope), instr)
        return UnionFS({}, [self.d.layer(lid) for lid in image.layers], clock=self.d.now), ref

    # -- images ---------------------------------------------------------------------------

    def intermediate(self, st: StageState, image_id: str) -> Image:
        """Legacy builder: every step leaves an image (the cache and `history` ids)."""
        if image_id and image_id in self.d.state.images:
            st.image_id = image_id
            return self.d.state.images[image_id]
        image = self.commit_image(st, final=False)
        st.image_id = image.id
        return image

    def commit_image(self, st: StageState, *, final: bool) -> Image:
        d = self.d
        config = copy.deepcopy(st.config)
        if final and self.opt.labels:
            config["Labels"] = {**(config.get("Labels") or {}), **self.opt.labels}
        legacy = self.opt.legacy
        parent = st.image_id if legacy and st.image_id != "" else ""
        if legacy and final:
            parent = self.done[st.stage.index].image_id if st.stage.index in self.done else parent
            existing = d.state.images.get(st.image_id)
            if existing is not None and not self.opt.labels:
                return existing
        created = max((h.created for h in st.history), default=d.now())
        doc = {
            "architecture": "amd64",
            "os": "linux",
            "config": config,
            "rootfs": st.layers,
            "history": [[h.created, h.created_by, h.empty_layer, h.comment] for h in st.history],
            "parent": parent if legacy else "",
        }
        image_id = (
            "sha256:"
            + hashlib.sha256(json.dumps(doc, sort_keys=True, default=str).encode()).hexdigest()
        )
        existing = d.state.images.get(image_id)
        if existing is not None:
            return existing
        if len(d.state.images) >= MAX_IMAGES:
            raise LimitError("limit.images")
        image = Image(
            id=image_id,
            layers=list(st.layers),
            config=config,
            history=list(st.history),
            created=created,
            parent=parent if legacy else "",
            docker_version=DOCKER_VERSION,
            builder="legacy" if legacy else "buildkit",
        )
        d.state.images[image_id] = image
        return image


DEFAULT_PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
