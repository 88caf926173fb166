"""Run parsed shell source against a filesystem: expansion, redirections, pipelines, lookup."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

from engine.fs import MAX_FILE_BYTES, FsError, UnionFS, normpath
from engine.io import BufferStream, NullStream, Stream
from engine.process import Machine, Process, Utility
from engine.shell import expand
from engine.shell.messages import message
from engine.shell.parser import (
    NAME,
    AndOr,
    Arith,
    CaseClause,
    CaseItem,
    CmdSub,
    Command,
    CommandList,
    ForLoop,
    FunctionDef,
    Group,
    IfClause,
    Lexer,
    Lit,
    Param,
    Part,
    Pipeline,
    Redirect,
    ShellSyntaxError,
    Simple,
    Tilde,
    WhileLoop,
    Word,
    parse,
    word_text,
)
from engine.shell.utilities.common import PIPE_LIMIT, PREFIX_READERS, PipePrefix

MAX_COMMANDS = 2000  # simple commands per run: `while true` or a fork bomb ends here
MAX_DEPTH = 12  # nesting of $(...), sourced files and scripts
MAX_LOOP = 1000  # iterations of one loop
MAX_EXPANDED_BYTES = 1_000_000  # one command's words and assignments after expansion
MAX_FUNCTION_DEPTH = 25  # calls of shell functions inside each other: `f(){ f|f; };f` ends here
# busybox ash refuses to define functions named like its special builtins ("bad function name")
ASH_SPECIAL_BUILTINS = frozenset(
    [
        "break",
        ":",
        ".",
        "continue",
        "eval",
        "exec",
        "exit",
        "export",
        "readonly",
        "return",
        "set",
        "shift",
        "trap",
        "unset",
    ]
)
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@dataclass
class ShellSession:
    """A shell's memory between lines; the caller owns it (a ``model.ShellFrame`` maps onto it)."""

    cwd: str
    env: dict[str, str]  # exported variables
    kind: Literal["bash", "sh"]
    history: list[str]
    last_status: int = 0
    variables: dict[str, str] = field(default_factory=dict)  # set but not exported
    aliases: dict[str, str] = field(default_factory=dict)
    functions: dict[str, str] = field(default_factory=dict)  # name -> the body's source text


@dataclass
class ShellResult:
    exit_code: int
    exited: bool = False  # the `exit` builtin ran: the caller pops this shell
    exit_status: int = 0
    clear: bool = False  # `clear` ran: wipe the terminal before showing output


class ShellContext(Protocol):
    fs: UnionFS
    machine: Machine
    hostname: str
    user: str
    uid: int
    container: str
    stdout: Stream
    stderr: Stream

    def external(self, name: str) -> Utility | None: ...


class ExitShell(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Budget(Exception):
    """The run used up a budget: commands (a runaway loop) or expanded size (``x=$x$x`` doubling)."""

    def __init__(self, key: str = "budget") -> None:
        super().__init__(key)
        self.key = key  # the message in engine/shell/messages.py


class FunctionReturn(Exception):
    """`return N`: leaves the running function (or sourced file) with status N."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


# A variable's value before `local` shadowed it: where it lived ("env", "var" or "" for
# unset) and its value.
Saved = tuple[str, str | None]


class LoopControl(Exception):
    def __init__(self, kind: str, levels: int) -> None:
        super().__init__(kind)
        self.kind = kind
        self.levels = levels


@dataclass
class Io:
    stdin: str
    out: Stream
    err: Stream


Builtin = Callable[["Shell", Process], int]


class Shell:
    """One run of a shell over one session. Subshells are copies with their own session."""

    def __init__(self, session: ShellSession, ctx: ShellContext, *, depth: int = 0) -> None:
        self.session = session
        self.ctx = ctx
        self.depth = depth
        self.commands = 0
        self.clear = False
        self.exited = False
        self.positional: list[str] = []
        self.arg0 = ""  # a script's path, for `$0` (the shell's own name otherwise)
        self.jobs = 0
        self.budget_parent: Shell | None = None
        self.function_depth = 0  # shell functions running inside each other
        self.sourcing = 0  # `.`/`source` files running (`return` may leave them too)
        self.locals: list[dict[str, Saved]] = []  # one frame per running function

    # -- naming -----------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.session.kind

    def error_prefix(self) -> str:
        return f"{self.name}: "

    # -- variables --------------------------------------------------------------------------

    def get_var(self, name: str) -> str | None:
        s = self.session
        if name == "?":
            return str(s.last_status)
        if name == "$":
            return "1" if self.ctx.container else "4242"
        if name == "#":
            return str(len(self.positional))
        if name == "0":
            return self.arg0 or s.kind
        if name.isdigit():
            i = int(name)
            return self.positional[i - 1] if i <= len(self.positional) else None
        if name in ("@", "*"):
            return " ".join(self.positional)
        if name == "!":
            return None
        if name == "-":
            return "hB" if s.kind == "bash" else ""
        if name == "PWD":
            return s.env.get("PWD", s.cwd)
        if name in s.variables:
            return s.variables[name]
        return s.env.get(name)

    def set_var(self, name: str, value: str) -> None:
        if name in self.session.env:
            self.session.env[name] = value
        else:
            self.session.variables[name] = value

    # -- entry ------------------------------------------------------------------------------

    def run_source(self, source: str, io: Io) -> int:
        parsed = parse(source)
        status = self.session.last_status
        for item in parsed.items:
            if isinstance(item, ShellSyntaxError):
                io.err.write(item.message(self.name) + "\n")
                status = 2
                self.session.last_status = status
                continue
            status = self.exec_list(item, io)
        for doc in parsed.unterminated_heredocs:
            if self.name == "bash":
                io.err.write(
                    "bash: warning: here-document at line 1 delimited by end-of-file "
                    f"(wanted `{doc.delimiter}')\n"
                )
        return status

    # -- structure --------------------------------------------------------------------------

    def exec_list(self, cl: CommandList, io: Io) -> int:
        status = self.session.last_status
        for node, background in cl.items:
            if background:
                self.jobs += 1
                io.err.write(f"[{self.jobs}] {400 + self.commands}\n")
            status = self.exec_and_or(node, io)
        return status

    def exec_and_or(self, node: AndOr, io: Io) -> int:
        status = self.exec_pipeline(node.first, io)
        for op, pipe in node.rest:
            if (op == "&&" and status == 0) or (op == "||" and status != 0):
                status = self.exec_pipeline(pipe, io)
        return status

    def exec_pipeline(self, pipe: Pipeline, io: Io) -> int:
        stdin = io.stdin
        status = 0
        for i, cmd in enumerate(pipe.commands):
            last = i == len(pipe.commands) - 1
            out: Stream = io.out if last else BufferStream(limit=PIPE_LIMIT)
            status = self.exec_command(cmd, Io(stdin, out, io.err))
            if not last:
                assert isinstance(out, BufferStream)
                stdin = PipePrefix(out.getvalue()) if out.overflow else out.getvalue()
        if pipe.negate:
            status = int(status == 0)
        self.session.last_status = status
        return status

    def exec_command(self, cmd: Command, io: Io) -> int:
        if isinstance(cmd, Simple):
            return self.exec_simple(cmd, io)
        if isinstance(cmd, FunctionDef):
            return self.define_function(cmd, io)
        return self.with_redirects(cmd.redirects, io, lambda inner: self.exec_compound(cmd, inner))

    def exec_compound(self, cmd: Command, io: Io) -> int:
        if isinstance(cmd, Group):
            if not cmd.subshell:
                return self.exec_list(cmd.body, io)
            sub = self.subshell()
            try:
                return sub.exec_list(cmd.body, io)
            except (ExitShell, FunctionReturn) as ex:
                return ex.status
            finally:
                self.commands = sub.commands
        if isinstance(cmd, CaseClause):
            return self.exec_case(cmd, io)
        if isinstance(cmd, IfClause):
            for cond, body in cmd.branches:
                if self.exec_list(cond, io) == 0:
                    return self.exec_list(body, io)
            return self.exec_list(cmd.otherwise, io) if cmd.otherwise else 0
        if isinstance(cmd, ForLoop):
            values = (
                self.positional
                if cmd.words is None
                else [v for w in cmd.words for v in self.expand_word(w, io)]
            )
            status = 0
            for value in values[:MAX_LOOP]:
                self.set_var(cmd.var, value)
                try:
                    status = self.exec_list(cmd.body, io)
                except LoopControl as lc:
                    if lc.levels > 1:
                        raise LoopControl(lc.kind, lc.levels - 1) from None
                    if lc.kind == "break":
                        break
            return status
        if isinstance(cmd, WhileLoop):
            status = 0
            for turn in range(MAX_LOOP + 1):
                if turn == MAX_LOOP:
                    raise Budget()  # a loop that never ends on its own
                ok = self.exec_list(cmd.condition, io) == 0
                if ok == cmd.until:
                    break
                try:
                    status = self.exec_list(cmd.body, io)
                except LoopControl as lc:
                    if lc.levels > 1:
                        raise LoopControl(lc.kind, lc.levels - 1) from None
                    if lc.kind == "break":
                        break
            return status
        return 0

    def exec_case(self, cmd: CaseClause, io: Io) -> int:
        try:
            subject = self.expand_string(cmd.word, io)
        except expand.ExpansionError as ex:
            io.err.write(f"{self.name}: {ex}\n")
            return 1
        status = 0
        falling = False  # the branch before ended in `;&`: run this one without testing it
        for item in cmd.items:
            if not (falling or self.case_matches(item, subject, io)):
                continue
            status = self.exec_list(item.body, io) if item.body is not None else 0
            if item.end == ";;":
                break
            falling = item.end == ";&"
        return status

    def case_matches(self, item: CaseItem, subject: str, io: Io) -> bool:
        for word in item.patterns:
            try:
                pattern = self.expand_pattern(word, io)
            except expand.ExpansionError as ex:
                io.err.write(f"{self.name}: {ex}\n")
                continue
            if expand.pattern_regex(pattern).match(subject):
                return True
        return False

    def expand_pattern(self, word: Word, io: Io) -> str:
        """A case pattern: expanded, with quoted text escaped so it matches only itself."""
        out: list[str] = []
        for part in word:
            if isinstance(part, Lit):
                out.append(expand.escape_glob(part.text) if part.quoted else part.text)
            elif isinstance(part, Tilde):
                out.append(expand.escape_glob(self.tilde(part.user)))
            else:
                value = self.expand_part(part, io)
                out.append(expand.escape_glob(value) if part.quoted else value)
        return "".join(out)

    # -- functions --------------------------------------------------------------------------

    def define_function(self, fn: FunctionDef, io: Io) -> int:
        if fn.simple_body and self.name == "bash":
            first = Lexer(fn.source).next().value
            io.err.write(ShellSyntaxError("token", first).message("bash") + "\n")
            return 2
        if self.name == "sh" and (not NAME.fullmatch(fn.name) or fn.name in ASH_SPECIAL_BUILTINS):
            io.err.write(ShellSyntaxError("name", fn.name).message("sh") + "\n")
            return 2
        self.session.functions[fn.name] = fn.source
        return 0

    def call_function(self, source: str, argv: list[str], io: Io) -> int:
        if self.function_depth >= MAX_FUNCTION_DEPTH:
            raise RecursionError("function nesting")
        saved = self.positional
        self.positional = argv[1:]
        self.function_depth += 1
        self.locals.append({})
        try:
            return self.run_source(source, io)
        except FunctionReturn as ret:
            return ret.status
        finally:
            self.restore_locals(self.locals.pop())
            self.function_depth -= 1
            self.positional = saved

    def make_local(self, name: str, value: str | None) -> None:
        """`local name[=value]`: the old value comes back when the function returns."""
        s = self.session
        frame = self.locals[-1]
        if name not in frame:
            if name in s.env:
                frame[name] = ("env", s.env[name])
            elif name in s.variables:
                frame[name] = ("var", s.variables[name])
            else:
                frame[name] = ("", None)
        if value is not None:
            self.set_var(name, value)
        elif self.name == "bash":  # bash starts a local unset; ash keeps the outer value
            s.env.pop(name, None)
            s.variables.pop(name, None)

    def restore_locals(self, frame: dict[str, Saved]) -> None:
        s = self.session
        for name, (where, value) in frame.items():
            s.env.pop(name, None)
            s.variables.pop(name, None)
            if where == "env" and value is not None:
                s.env[name] = value
            elif where == "var" and value is not None:
                s.variables[name] = value

    def subshell(self) -> Shell:
        s = self.session
        copy = ShellSession(
            s.cwd,
            dict(s.env),
            s.kind,
            s.history,
            s.last_status,
            dict(s.variables),
            dict(s.aliases),
            dict(s.functions),
        )
        sub = Shell(copy, self.ctx, depth=self.depth + 1)
        sub.commands = self.commands
        sub.positional = list(self.positional)
        sub.arg0 = self.arg0
        sub.function_depth = self.function_depth
        sub.sourcing = self.sourcing
        sub.locals = [{}] if self.function_depth else []  # `local` works in `( ... )` in a function
        if sub.depth > MAX_DEPTH:
            raise RecursionError("shell nesting")
        return sub

    # -- expansion --------------------------------------------------------------------------

    def expand_word(self, word: Word, io: Io, *, split: bool = True) -> list[str]:
        """Fields of one word after brace expansion, expansion, splitting and globbing."""
        # Plain text (most words): one field, unless bash braces or globbing could apply.
        if (
            word
            and all(type(p) is Lit for p in word)
            and not any(not p.quoted and _SPECIAL.search(p.text) for p in word)
        ):
            return ["".join(p.text for p in word)]
        if split and self.name == "bash":
            words = _brace_expand(word)
            if len(words) > 1:
                return [f for w in words for f in self._expand_one(w, io, split=split)]
        return self._expand_one(word, io, split=split)

    def _expand_one(self, word: Word, io: Io, *, split: bool = True) -> list[str]:
        fields: list[tuple[str, str]] = []  # (text, glob pattern)
        text: list[str] = []
        pattern: list[str] = []
        started = False

        def finish() -> None:
            nonlocal started
            if started:
                fields.append(("".join(text), "".join(pattern)))
            text.clear()
            pattern.clear()
            started = False

        for part in word:
            if isinstance(part, Lit):
                text.append(part.text)
                pattern.append(expand.escape_glob(part.text) if part.quoted else part.text)
                started = True
                continue
            if isinstance(part, Tilde):
                value = self.tilde(part.user)
                text.append(value)
                pattern.append(expand.escape_glob(value))
                started = True
                continue
            if (
                isinstance(part, Param)
                and part.name == "@"
                and not part.op
                and part.quoted
                and split
            ):
                # "$@": one field per positional parameter (none when there are none)
                for i, arg in enumerate(self.positional):
                    if i:
                        finish()
                    text.append(arg)
                    pattern.append(expand.escape_glob(arg))
                    started = True
                continue
            value = self.expand_part(part, io)
            if part.quoted or not split:
                text.append(value)
                pattern.append(expand.escape_glob(value))
                started = True
                continue
            lead, pieces, trail = expand.split_fields(value, self.get_var("IFS") or " \t\n")
            if lead:
                finish()
            for i, piece in enumerate(pieces):
                if i:
                    finish()
                text.append(piece)
                pattern.append(piece)
                started = True
            if trail:
                finish()
        finish()
        out: list[str] = []
        for value, pat in fields:
            if split and expand.has_magic(pat):
                matches = expand.glob(self.ctx.fs, self.session.cwd, pat)
                if matches:
                    out.extend(matches)
                    continue
            out.append(value)
        return out

    def expand_string(self, word: Word, io: Io) -> str:
        """One string, no splitting or globbing (assignments, redirection targets)."""
        return "".join(
            p.text
            if isinstance(p, Lit)
            else self.tilde(p.user)
            if isinstance(p, Tilde)
            else self.expand_part(p, io)
            for p in word
        )

    def tilde(self, user: str) -> str:
        if user == "":
            return self.get_var("HOME") or "/root"
        if user == "root":
            return "/root"
        return f"~{user}"

    def expand_part(self, part: Part, io: Io) -> str:
        if isinstance(part, CmdSub):
            return self.substitute(part.source, io)
        if isinstance(part, Arith):
            try:
                word = _arith_word(part.source)
            except ShellSyntaxError:
                raise expand.ExpansionError(f"{part.source}: syntax error in expression") from None
            inner = self.expand_string(word, io)
            return str(expand.arithmetic(inner, lambda n: self.get_var(n) or "0"))
        if isinstance(part, Param):
            return self.expand_param(part, io)
        return ""

    def expand_param(self, p: Param, io: Io) -> str:
        if p.op == "bad":
            raise expand.ExpansionError(f"${{{p.name}}}: bad substitution")
        value = self.get_var(p.name)
        if p.op == "len":
            return str(len(value or ""))
        if p.op in (":-", "-", ":=", "=", ":+", "+", ":?", "?"):
            unset = value is None or (p.op.startswith(":") and value == "")
            if p.op in (":+", "+"):
                return "" if unset else self.expand_string(p.arg, io)
            if not unset:
                return value or ""
            arg = self.expand_string(p.arg, io)
            if p.op in (":=", "="):
                self.set_var(p.name, arg)
            if p.op in (":?", "?"):
                raise expand.ExpansionError(f"{p.name}: {arg or 'parameter null or not set'}")
            return arg
        if p.op in ("#", "##", "%", "%%"):
            value = value or ""
            pat = self.expand_string(p.arg, io)
            rx = expand.pattern_regex(pat)
            spans = range(len(value) + 1)
            if p.op in ("#", "##"):
                order = spans if p.op == "#" else reversed(spans)
                for i in order:
                    if rx.match(value[:i]):
                        return value[i:]
            else:
                order = reversed(spans) if p.op == "%" else spans
                for i in order:
                    if rx.match(value[i:]):
                        return value[:i]
            return value
        return value or ""

    def substitute(self, source: str, io: Io) -> str:
        sub = self.subshell()
        out = BufferStream(limit=MAX_EXPANDED_BYTES)
        try:
            status = sub.run_source(source, Io("", out, io.err))
        except (ExitShell, FunctionReturn) as ex:
            status = ex.status
        finally:
            self.commands = sub.commands
        if out.overflow:  # the text was cut short: using it would be silently wrong
            raise Budget("too_large")
        self.session.last_status = status
        return out.getvalue().rstrip("\n")

    # -- simple commands --------------------------------------------------------------------

    def charge(self) -> None:
        self.commands += 1
        if self.commands > MAX_COMMANDS:
            raise Budget()

    def exec_simple(self, cmd: Simple, io: Io) -> int:
        self.charge()
        try:
            assigns = [
                (name, self.expand_string(value, io), append) for name, value, append in cmd.assigns
            ]
            argv: list[str] = []
            for w in cmd.words:
                argv.extend(self.expand_word(w, io))
            argv = self.apply_alias(cmd, argv, io)
        except expand.ExpansionError as ex:
            io.err.write(f"{self.name}: {ex}\n")
            return 1
        if sum(map(len, argv)) + sum(len(value) for _, value, _ in assigns) > MAX_EXPANDED_BYTES:
            raise Budget("too_large")
        if not argv:
            status = self.session.last_status if cmd.assigns else 0
            for name, value, append in assigns:
                self.set_var(name, (self.get_var(name) or "") + value if append else value)
            if cmd.redirects:
                status = self.with_redirects(cmd.redirects, io, lambda _io: status)
            return status
        env = dict(self.session.env)
        for name, value, append in assigns:
            env[name] = (env.get(name, "") + value) if append else value
        return self.with_redirects(cmd.redirects, io, lambda inner: self.dispatch(argv, env, inner))

    def apply_alias(self, cmd: Simple, argv: list[str], io: Io) -> list[str]:
        if not argv or not self.session.aliases or not cmd.words:
            return argv
        first = word_text(cmd.words[0])
        value = self.session.aliases.get(first) if first == argv[0] else None
        if value is None:
            return argv
        parsed = parse(value)
        words: list[str] = []
        for item in parsed.items[:1]:
            if isinstance(item, ShellSyntaxError):
                return argv
            first_cmd = item.items[0][0].first.commands[0]
            if isinstance(first_cmd, Simple):
                for w in first_cmd.words:
                    words.extend(self.expand_word(w, io))
        return words + argv[1:] if words else argv

    # -- redirections -----------------------------------------------------------------------

    def with_redirects(self, redirects: list[Redirect], io: Io, body: Callable[[Io], int]) -> int:
        if not redirects:
            return body(io)
        fds: dict[int, Stream] = {1: io.out, 2: io.err}
        stdin = io.stdin
        files: list[tuple[str, BufferStream, bool]] = []
        fs, cwd = self.ctx.fs, self.session.cwd
        for r in redirects:
            try:
                if r.heredoc is not None:
                    doc = r.heredoc
                    stdin = doc.body if doc.quoted else self.expand_string(doc.parts, io)
                    continue
                target = self.expand_string(r.target, io)
            except expand.ExpansionError as ex:
                io.err.write(f"{self.name}: {ex}\n")
                return 1
            if r.op == "<<<":
                stdin = target + "\n"
                continue
            if r.op in (">&", "<&") and ((target.isascii() and target.isdigit()) or target == "-"):
                src_fd = r.fd if r.fd is not None else (1 if r.op == ">&" else 0)
                if target == "-":
                    fds[src_fd] = NullStream()
                elif int(target) in fds:
                    fds[src_fd] = fds[int(target)]
                elif int(target) != 0:
                    io.err.write(f"{self.name}: {target}: Bad file descriptor\n")
                    return 1
                continue
            if r.op in ("<", "<>"):
                if target == "/dev/null":
                    stdin = ""
                    continue
                try:
                    stdin = fs.read(target, cwd)
                except FsError as e:
                    io.err.write(self.open_error(target, e, reading=True))
                    return 1
                continue
            # output: >, >>, >|, &>, &>>, >& file
            append = r.op in (">>", "&>>")
            both = r.op in ("&>", "&>>") or (r.op == ">&" and r.fd is None)
            fd = r.fd if r.fd is not None else 1
            stream: Stream
            if target == "/dev/null":
                stream = NullStream()
            elif target in ("/dev/stdout", "/dev/fd/1"):
                stream = fds[1]
            elif target in ("/dev/stderr", "/dev/fd/2"):
                stream = fds[2]
            elif target == "/dev/tty":
                stream = self.ctx.stdout
            else:
                try:
                    if fs.is_dir(target, cwd):
                        raise FsError("EISDIR", target)
                    if not append or not fs.exists(target, cwd):
                        fs.write(target, "", cwd)
                except FsError as e:
                    io.err.write(self.open_error(target, e, reading=False))
                    return 1
                buf = BufferStream(limit=MAX_FILE_BYTES)
                files.append((target, buf, True))
                stream = buf
            if both:
                fds[1] = fds[2] = stream
            else:
                fds[fd] = stream
        inner = Io(stdin, fds[1], fds[2])
        try:
            status = body(inner)
        finally:
            for target, buf, _ in files:
                try:
                    if buf.overflow:  # a file holds at most 1 MB: say so rather than cut it
                        raise FsError("EFBIG", target)
                    fs.write(target, buf.getvalue(), cwd, append=True)
                except FsError as e:
                    io.err.write(self.open_error(target, e, reading=False))
                    status = 1
        return status

    def open_error(self, target: str, e: FsError, *, reading: bool) -> str:
        if self.name == "sh":
            if reading:
                return f"sh: can't open '{target}': {e.strerror}\n"
            reason = "nonexistent directory" if e.errno == "ENOENT" else e.strerror
            return f"sh: can't create {target}: {reason}\n"
        return f"bash: {target}: {e.strerror}\n"

    # -- lookup and dispatch ----------------------------------------------------------------

    def process(self, argv: list[str], env: dict[str, str], io: Io) -> Process:
        ctx = self.ctx
        return Process(
            argv=argv,
            stdin=io.stdin,
            stdout=io.out,
            stderr=io.err,
            fs=ctx.fs,
            cwd=self.session.cwd,
            env=env,
            machine=ctx.machine,
            hostname=ctx.hostname,
            user=ctx.user,
            uid=ctx.uid,
            container=ctx.container,
            shell=self.session.kind,
            state={"shell": self},
        )

    def find_in_path(self, name: str, env: dict[str, str] | None = None) -> str | None:
        found = self.ctx.fs.which(name, (env or self.session.env).get("PATH", DEFAULT_PATH))
        return found[0] if found is not None else None

    def dispatch(self, argv: list[str], env: dict[str, str], io: Io) -> int:
        from engine.shell.builtins import BUILTINS
        from engine.shell.utilities import UTILITIES

        name = argv[0]
        function = self.session.functions.get(name)
        if function is not None:
            return self.call_function(function, argv, io)
        if isinstance(io.stdin, PipePrefix) and posixpath.basename(name) not in PREFIX_READERS:
            raise Budget("pipe")  # its input was cut short: any answer would be wrong
        proc = self.process(argv, env, io)
        builtin = BUILTINS.get(name)
        if builtin is not None:
            return builtin(self, proc)
        fs = self.ctx.fs
        if "/" in name:
            node = fs.stat(name, self.session.cwd)
            if node is None:
                return self.fail(io, f"{name}: No such file or directory", 127)
            if node.kind == "dir":
                if self.name == "sh":
                    return self.fail(io, f"{name}: Permission denied", 126)
                return self.fail(io, f"{name}: Is a directory", 126)
            if not node.mode & 0o111:
                return self.fail(io, f"{name}: Permission denied", 126)
            if node.text is not None:
                return self.run_script(name, node.text, argv, env, io)
            path = normpath(name, self.session.cwd)
        else:
            hit = fs.which(name, (env or self.session.env).get("PATH", DEFAULT_PATH))
            if hit is None:
                external = self.ctx.external(name)
                if external is not None:
                    return _call(external, proc)
                if self.name == "sh":
                    return self.fail(io, f"{name}: not found", 127)
                return self.fail(io, f"{name}: command not found", 127)
            path, node = hit
            if node is not None and node.text is not None and node.text.startswith("#!"):
                script = self.run_script(path, node.text, argv, env, io)
                return script
        base = posixpath.basename(path)
        util = UTILITIES.get(base) or self.ctx.external(base)
        if util is None:
            # A program of the image that is not simulated: succeed (Dockerfiles RUN useradd,
            # ldconfig ...) but say so, rather than silently print nothing.
            io.err.write(f"{base}: {message('not_simulated', self.ctx)}\n")
            return 0
        return _call(util, proc)

    def fail(self, io: Io, message: str, status: int) -> int:
        io.err.write(f"{self.name}: {message}\n")
        return status

    def run_script(self, path: str, text: str, argv: list[str], env: dict[str, str], io: Io) -> int:
        first = text.split("\n", 1)[0]
        if first.startswith("#!") and not any(s in first for s in ("sh", "bash")):
            # A script for another interpreter (python, node): run the program by name.
            from engine.shell.utilities import UTILITIES

            program = first[2:].split()[-1].rsplit("/", 1)[-1] if first[2:].split() else ""
            # `npm` is a node script on disk, but the simulation is the npm utility itself.
            own = UTILITIES.get(posixpath.basename(argv[0])) if argv else None
            if own is not None:
                return _call(own, self.process(argv, env, io))
            util = UTILITIES.get(program) or self.ctx.external(program)
            return _call(util, self.process([program, *argv], env, io)) if util else 0
        sub = self.subshell()
        sub.session.env = dict(env)
        sub.session.functions = {}  # a script is a new process: the caller's functions stay
        sub.positional = argv[1:]
        sub.arg0 = path
        sub.function_depth = sub.sourcing = 0
        try:
            return sub.run_source(text, io)
        except (ExitShell, FunctionReturn) as ex:
            return ex.status
        finally:
            self.commands = sub.commands


_SPECIAL = re.compile(r"[{*?\[]")  # unquoted text that brace expansion or globbing may change


def _call(util: Utility, proc: Process) -> int:
    try:
        return int(util(proc))
    except (Budget, ExitShell, LoopControl):
        raise
    except FsError as e:
        proc.err(f"{proc.name}: {e.path}: {e.strerror}\n")
        return 1


def _brace_expand(word: Word, limit: int = expand.MAX_BRACE_WORDS) -> list[Word]:
    """bash's ``{a,b}`` and ``{1..3}`` in unquoted literal text (busybox sh has none).

    ``limit`` bounds the words produced, and so the work: every call yields at least one;
    going past it stops the line rather than drop words silently.
    """
    if limit <= 0:
        raise Budget("braces")
    for index, part in enumerate(word):
        if isinstance(part, Lit) and not part.quoted and "{" in part.text:
            found = expand.brace_alternatives(part.text)
            if found is None:
                continue
            before, alternatives, after = found
            out: list[Word] = []
            for alt in alternatives:
                new = (*word[:index], Lit(before + alt + after), *word[index + 1 :])
                out.extend(_brace_expand(new, limit - len(out)))
            return out
    return [word]


def _arith_word(source: str) -> Word:
    from engine.shell.parser import Lexer

    return Lexer(source).heredoc_parts()


def run(source: str, session: ShellSession, ctx: ShellContext, stdin: str = "") -> ShellResult:
    """Run one line (or a pasted block) in ``session``; output goes to ``ctx``'s streams and
    ``stdin`` is what was piped in (`echo x | docker exec -i c cat`)."""
    return _run(source, session, ctx, stdin)


def _run(source: str, session: ShellSession, ctx: ShellContext, stdin: str = "") -> ShellResult:
    shell = Shell(session, ctx)
    io = Io(stdin, ctx.stdout, ctx.stderr)
    if source.strip():
        session.history.append(source.rstrip("\n"))
        del session.history[:-1000]
    try:
        status = shell.run_source(source, io)
    except ExitShell as ex:
        session.last_status = ex.status
        return ShellResult(ex.status, exited=True, exit_status=ex.status, clear=shell.clear)
    except Budget as stop:
        ctx.stderr.write(f"{session.kind}: {message(stop.key, ctx)}\n")
        status = 1
    except LoopControl:
        status = 0
    except FunctionReturn as ret:  # busybox ash: `return` outside a function ends the line
        status = ret.status
    except RecursionError:
        ctx.stderr.write(f"{session.kind}: {message('nesting', ctx)}\n")
        status = 1
    except Exception as exc:  # a bug must not take the terminal down; say so and carry on
        ctx.stderr.write(f"{session.kind}: {message('internal', ctx)} ({type(exc).__name__})\n")
        status = 1
    session.last_status = status
    return ShellResult(status, clear=shell.clear)
