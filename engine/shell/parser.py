"""Parse shell source into a small syntax tree (no expansion happens here).

Words keep their quoting as ``Part`` objects so the interpreter can expand variables, command
substitutions and globs later with the right quoting rules. Heredoc bodies are read from the lines
that follow the command, as bash reads a pasted block.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Literal

MAX_TOKENS = 4000  # a hostile 8 KB line cannot produce more than this
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(\+?)=")
META = " \t\n|&;<>()"
OPERATORS = (
    "&>>",
    "<<<",
    "<<-",
    ";;&",
    "&&",
    "||",
    ";;",
    ";&",
    ">>",
    "<<",
    ">&",
    "<&",
    ">|",
    "&>",
    "<>",
    "|",
    "&",
    ";",
    "<",
    ">",
    "(",
    ")",
)
REDIRECTS = {">", ">>", "<", "<<", "<<-", "<<<", ">&", "<&", ">|", "&>", "&>>", "<>"}
SPECIAL_PARAMS = "?$#!@*-0123456789"


# -- syntax tree ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lit:
    text: str
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class Param:
    """``$name`` / ``${name op arg}``; ``op`` is "" or one of ``:- - := = :+ + :? ? # len bad``."""

    name: str
    quoted: bool = False
    op: str = ""
    arg: tuple[Part, ...] = ()


@dataclass(frozen=True, slots=True)
class CmdSub:
    source: str
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class Arith:
    source: str
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class Tilde:
    user: str


Part = Lit | Param | CmdSub | Arith | Tilde
Word = tuple[Part, ...]


@dataclass(slots=True)
class Heredoc:
    delimiter: str
    strip_tabs: bool
    quoted: bool  # a quoted delimiter means the body is taken literally
    body: str = ""
    parts: Word = ()  # the body parsed for expansion when not quoted


@dataclass(slots=True)
class Redirect:
    op: str
    fd: int | None
    target: Word = ()
    heredoc: Heredoc | None = None


@dataclass(slots=True)
class Simple:
    assigns: list[tuple[str, Word, bool]]  # (name, value, append)
    words: list[Word]
    redirects: list[Redirect]


@dataclass(slots=True)
class Pipeline:
    commands: list[Command]
    negate: bool = False


@dataclass(slots=True)
class AndOr:
    first: Pipeline
    rest: list[tuple[str, Pipeline]] = field(default_factory=list)


@dataclass(slots=True)
class CommandList:
    items: list[tuple[AndOr, bool]]  # (and-or list, run in background)


@dataclass(slots=True)
class ForLoop:
    var: str
    words: list[Word] | None
    body: CommandList
    redirects: list[Redirect] = field(default_factory=list)


@dataclass(slots=True)
class WhileLoop:
    condition: CommandList
    body: CommandList
    until: bool = False
    redirects: list[Redirect] = field(default_factory=list)


@dataclass(slots=True)
class IfClause:
    branches: list[tuple[CommandList, CommandList]]
    otherwise: CommandList | None = None
    redirects: list[Redirect] = field(default_factory=list)


@dataclass(slots=True)
class Group:
    body: CommandList
    subshell: bool
    redirects: list[Redirect] = field(default_factory=list)


@dataclass(slots=True)
class CaseItem:
    patterns: list[Word]
    body: CommandList | None  # None: an empty branch (`a) ;;`)
    end: str = ";;"  # bash also has `;&` (fall through) and `;;&` (test the next patterns)


@dataclass(slots=True)
class CaseClause:
    word: Word
    items: list[CaseItem]
    redirects: list[Redirect] = field(default_factory=list)


@dataclass(slots=True)
class FunctionDef:
    """``name() body``; ``source`` is the body's text, which is what a shell frame stores."""

    name: str
    source: str
    simple_body: bool = False  # `f() echo hi`: a syntax error in bash, fine in busybox ash


Command = Simple | ForLoop | WhileLoop | IfClause | Group | CaseClause | FunctionDef
CASE_ENDS = (";;", ";&", ";;&")


class ShellSyntaxError(Exception):
    """``kind``: token (unexpected token), eof (unexpected end of file), quote (unterminated),
    name (busybox's "bad function name").

    ``expecting`` is what busybox ash names after the unexpected token, as ash shows it
    (``"fi"`` quoted, ``word`` bare);
    ``plain_word`` marks a token ash reports as ``word`` rather than by its text."""

    def __init__(
        self,
        kind: Literal["token", "eof", "quote", "name"],
        token: str = "",
        *,
        expecting: str = "",
        plain_word: bool = False,
    ) -> None:
        super().__init__(f"{kind}: {token}")
        self.kind = kind
        self.token = token
        self.expecting = expecting
        self.plain_word = plain_word

    def message(self, shell: str) -> str:
        if shell == "sh":
            if self.kind == "quote":
                return "sh: syntax error: unterminated quoted string"
            if self.kind == "name":
                return "sh: syntax error: bad function name"
            if self.kind == "eof":
                shown = "end of file"
            elif self.token == "newline" or self.plain_word:
                shown = "newline" if self.token == "newline" else "word"
            else:
                shown = f'"{self.token}"'
            tail = f" (expecting {self.expecting})" if self.expecting else ""
            return f"sh: syntax error: unexpected {shown}{tail}"
        if self.kind == "quote":
            return f"bash: unexpected EOF while looking for matching `{self.token}'"
        if self.kind == "name":
            return f"bash: `{self.token}': not a valid identifier"
        if self.kind == "eof":
            return "bash: syntax error: unexpected end of file"
        return f"bash: syntax error near unexpected token `{self.token}'"


Item = CommandList | ShellSyntaxError


@dataclass(slots=True)
class Token:
    kind: Literal["word", "op", "newline", "eof", "io"]
    value: str = ""  # operator text, raw word text, io number
    word: Word = ()
    heredoc: Heredoc | None = None
    start: int = 0  # where the token's text starts and ends in the source
    end: int = 0


# -- lexer ------------------------------------------------------------------------------------


def _merge(parts: list[Part]) -> Word:
    out: list[Part] = []
    texts: list[str] = []  # the literal being built, joined once (linear in the word's length)
    quoted = False
    for p in parts:
        if isinstance(p, Lit) and texts and p.quoted == quoted:
            texts.append(p.text)
            continue
        if texts:
            out.append(Lit("".join(texts), quoted))
            texts = []
        if isinstance(p, Lit):
            texts, quoted = [p.text], p.quoted
        else:
            out.append(p)
    if texts:
        out.append(Lit("".join(texts), quoted))
    if len(out) > 1:  # an empty "" only matters when it is the whole word
        out = [p for p in out if not (isinstance(p, Lit) and p.text == "" and p.quoted)]
    return tuple(out)


CASE_WORD = re.compile(r"(case|esac)(?=[\s;)]|$)")


def _find_closing(src: str, i: int, close: str) -> int:
    """Index of the ``close`` that ends a ``$(``/``${`` opened just before ``i``, or -1."""
    depth = 1
    opener = "(" if close == ")" else "{"
    n = len(src)
    cases = 0  # `case` commands open at this level: their `pat)` closes no parenthesis
    begin = i
    while i < n:
        c = src[i]
        if close == ")" and c in "ce" and (m := CASE_WORD.match(src, i)):
            if _at_command_start(src, begin, i):
                cases = max(0, cases + (1 if m.group(1) == "case" else -1))
            i = m.end()
            continue
        if c == ")" and depth == 1 and cases:
            i += 1
            continue
        if c == "\\":
            i += 2
            continue
        if c == "'":
            j = src.find("'", i + 1)
            if j < 0:
                return -1
            i = j + 1
            continue
        if c == '"':
            i += 1
            while i < n and src[i] != '"':
                i += 2 if src[i] == "\\" else 1
            if i >= n:
                return -1
            i += 1
            continue
        if c == opener:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _at_command_start(src: str, begin: int, i: int) -> bool:
    """Whether a word at ``i`` starts a command (``case``/``esac`` as keywords, not arguments)."""
    before = src[begin:i].rstrip(" \t")
    return not before or before[-1] in "\n;&|()"


class Lexer:
    def __init__(self, src: str) -> None:
        self.src = src
        self.pos = 0
        self.pending: list[Heredoc] = []
        self.expect_delimiter: tuple[bool] | None = None  # (strip_tabs,) after << / <<-
        self.count = 0
        self.warnings: list[Heredoc] = []  # heredocs ended by end of input

    # Characters, honouring backslash-newline continuations everywhere outside quotes.
    def _peek(self, k: int = 0) -> str:
        i = self.pos + k
        return self.src[i] if i < len(self.src) else ""

    def _skip_continuations(self) -> None:
        while self.src.startswith("\\\n", self.pos):
            self.pos += 2

    def next(self) -> Token:
        self.count += 1
        if self.count > MAX_TOKENS:
            raise ShellSyntaxError("token", self._peek() or "newline")
        while True:
            self._skip_continuations()
            c = self._peek()
            if c in (" ", "\t", "\r"):
                self.pos += 1
                continue
            if c == "#":
                end = self.src.find("\n", self.pos)
                self.pos = len(self.src) if end < 0 else end
                continue
            break
        start = self.pos
        tok = self._token()
        tok.start = start
        tok.end = max(self.pos, start) if tok.kind != "newline" else start + 1
        return tok

    def _token(self) -> Token:
        c = self._peek()
        if c == "":
            if self.pending:
                for doc in self.pending:
                    self.warnings.append(doc)
                self.pending = []
            return Token("eof")
        if c == "\n":
            self.pos += 1
            self._read_heredocs()
            return Token("newline", "\n")
        for op in OPERATORS:
            if self.src.startswith(op, self.pos):
                self.pos += len(op)
                if op in ("<<", "<<-"):
                    self.expect_delimiter = (op == "<<-",)
                return Token("op", op)
        start = self.pos
        word = self._word()
        raw = self.src[start : self.pos]
        if raw.isascii() and raw.isdigit() and self._peek() in ("<", ">"):
            return Token("io", raw)
        tok = Token("word", raw, word)
        if self.expect_delimiter is not None:
            quoted = any(isinstance(p, Lit) and p.quoted for p in word)
            text = "".join(p.text for p in word if isinstance(p, Lit))
            doc = Heredoc(text, self.expect_delimiter[0], quoted)
            self.pending.append(doc)
            tok.heredoc = doc
            self.expect_delimiter = None
        return tok

    def _read_heredocs(self) -> None:
        for doc in self.pending:
            lines: list[str] = []
            found = False
            while self.pos < len(self.src):
                end = self.src.find("\n", self.pos)
                line = self.src[self.pos : end if end >= 0 else len(self.src)]
                self.pos = end + 1 if end >= 0 else len(self.src)
                if doc.strip_tabs:
                    line = line.lstrip("\t")
                if line == doc.delimiter:
                    found = True
                    break
                lines.append(line + "\n")
            doc.body = "".join(lines)
            if not found:
                self.warnings.append(doc)
            if not doc.quoted:
                doc.parts = Lexer(doc.body).heredoc_parts()
        self.pending = []

    def heredoc_parts(self) -> Word:
        parts: list[Part] = []
        while self.pos < len(self.src):
            c = self.src[self.pos]
            if c == "\\" and self._peek(1) in ("$", "`", "\\", "\n"):
                nxt = self._peek(1)
                self.pos += 2
                if nxt != "\n":
                    parts.append(Lit(nxt, True))
            elif c == "$":
                parts.append(self._dollar(True))
            elif c == "`":
                parts.append(self._backtick(True))
            else:
                parts.append(Lit(c, True))
                self.pos += 1
        return _merge(parts)

    def _word(self) -> Word:
        parts: list[Part] = []
        at_start = True
        while self.pos < len(self.src):
            c = self.src[self.pos]
            if c in META:
                break
            if c == "\\":
                nxt = self._peek(1)
                self.pos += 2
                if nxt and nxt != "\n":
                    parts.append(Lit(nxt, True))
            elif c == "'":
                end = self.src.find("'", self.pos + 1)
                if end < 0:
                    raise ShellSyntaxError("quote", "'")
                parts.append(Lit(self.src[self.pos + 1 : end], True))
                self.pos = end + 1
            elif c == '"':
                self.pos += 1
                parts.extend(self._double_quoted())
            elif c == "$":
                parts.append(self._dollar(False))
            elif c == "`":
                parts.append(self._backtick(False))
            elif c == "~" and at_start:
                m = re.compile(r"~([A-Za-z0-9_.-]*)").match(self.src, self.pos)
                assert m is not None
                after = self.src[m.end()] if m.end() < len(self.src) else ""
                if after in ("", "/") or after in META:
                    parts.append(Tilde(m.group(1)))
                    self.pos = m.end()
                else:
                    parts.append(Lit("~"))
                    self.pos += 1
            else:
                parts.append(Lit(c))
                self.pos += 1
            at_start = False
        return _merge(parts)

    def _double_quoted(self) -> list[Part]:
        parts: list[Part] = [Lit("", True)]  # "" is still a word
        while True:
            if self.pos >= len(self.src):
                raise ShellSyntaxError("quote", '"')
            c = self.src[self.pos]
            if c == '"':
                self.pos += 1
                return parts
            if c == "\\":
                nxt = self._peek(1)
                if nxt in ("$", "`", '"', "\\", "\n"):
                    self.pos += 2
                    if nxt != "\n":
                        parts.append(Lit(nxt, True))
                    continue
                parts.append(Lit("\\", True))
                self.pos += 1
            elif c == "$":
                parts.append(self._dollar(True))
            elif c == "`":
                parts.append(self._backtick(True))
            else:
                parts.append(Lit(c, True))
                self.pos += 1

    def _backtick(self, quoted: bool) -> CmdSub:
        i = self.pos + 1
        out: list[str] = []
        while i < len(self.src) and self.src[i] != "`":
            if self.src[i] == "\\" and i + 1 < len(self.src) and self.src[i + 1] in "`\\$":
                out.append(self.src[i + 1])
                i += 2
                continue
            out.append(self.src[i])
            i += 1
        if i >= len(self.src):
            raise ShellSyntaxError("quote", "`")
        self.pos = i + 1
        return CmdSub("".join(out), quoted)

    def _dollar(self, quoted: bool) -> Part:
        src, i = self.src, self.pos + 1
        c = src[i] if i < len(src) else ""
        if src.startswith("((", i):
            end = _find_closing(src, i + 2, ")")
            if end < 0 or not src.startswith("))", end):
                raise ShellSyntaxError("quote", ")")
            self.pos = end + 2
            return Arith(src[i + 2 : end], quoted)
        if c == "(":
            end = _find_closing(src, i + 1, ")")
            if end < 0:
                raise ShellSyntaxError("quote", ")")
            self.pos = end + 1
            return CmdSub(src[i + 1 : end], quoted)
        if c == "{":
            end = _find_closing(src, i + 1, "}")
            if end < 0:
                raise ShellSyntaxError("quote", "}")
            self.pos = end + 1
            return _brace_param(src[i + 1 : end], quoted)
        m = NAME.match(src, i)
        if m:
            self.pos = m.end()
            return Param(m.group(0), quoted)
        if c and c in SPECIAL_PARAMS:
            self.pos = i + 1
            return Param(c, quoted)
        self.pos = i
        return Lit("$", quoted)


def _brace_param(inner: str, quoted: bool) -> Param:
    if inner.startswith("#") and (NAME.fullmatch(inner[1:]) or inner[1:] in ("?", "@")):
        return Param(inner[1:], quoted, "len")
    m = NAME.match(inner)
    if m:
        name, rest = m.group(0), inner[m.end() :]
    elif inner[:1] and inner[:1] in SPECIAL_PARAMS:
        name, rest = inner[:1], inner[1:]
    else:
        return Param(inner, quoted, "bad")
    if not rest:
        return Param(name, quoted)
    for op in (":-", ":=", ":+", ":?", "##", "%%", "-", "=", "+", "?", "#", "%"):
        if rest.startswith(op):
            arg = Lexer(rest[len(op) :])
            parts = arg.heredoc_parts() if quoted else arg._word_all()
            return Param(name, quoted, op, parts)
    return Param(inner, quoted, "bad")


def _word_all(self: Lexer) -> Word:
    """The whole source as one word (spaces kept): the ``arg`` of ``${x:-a b}``."""
    parts: list[Part] = []
    while self.pos < len(self.src):
        if self.src[self.pos] in META:
            parts.append(Lit(self.src[self.pos]))
            self.pos += 1
        else:
            parts.extend(self._word())
    return _merge(parts)


Lexer._word_all = _word_all  # type: ignore[attr-defined]


# -- parser -----------------------------------------------------------------------------------

RESERVED_END = {"do", "done", "then", "fi", "elif", "else", "esac", "}"}
FUNCTION_PARENS = re.compile(r"[ \t]*\([ \t]*\)")
FUNCTION_NAME = re.compile(r"[^\s'\"\\$`=|&;<>()]+")  # a plain word, as bash accepts


class Parser:
    def __init__(self, src: str) -> None:
        self.lexer = Lexer(src)
        self.tok = self.lexer.next()
        self.last_end = 0  # where the last consumed token ended: a function body's span

    def advance(self) -> Token:
        tok = self.tok
        self.last_end = tok.end
        self.tok = self.lexer.next()
        return tok

    def is_word(self, *values: str) -> bool:
        return self.tok.kind == "word" and self.tok.value in values

    def is_op(self, *values: str) -> bool:
        return self.tok.kind == "op" and self.tok.value in values

    def unexpected(self, expecting: str = "", *, plain_word: bool = False) -> ShellSyntaxError:
        if self.tok.kind == "eof":
            return ShellSyntaxError("eof", expecting=expecting)
        if self.tok.kind == "newline":
            return ShellSyntaxError("token", "newline", expecting=expecting)
        plain = plain_word and self.tok.kind == "word"
        return ShellSyntaxError("token", self.tok.value, expecting=expecting, plain_word=plain)

    def skip_newlines(self) -> None:
        while self.tok.kind == "newline":
            self.advance()

    def program(self) -> list[Item]:
        items: list[Item] = []
        while True:
            try:
                self.skip_newlines()
                if self.tok.kind == "eof":
                    break
                cl = self.command_list(top=True)
                if self.tok.kind not in ("newline", "eof"):
                    raise self.unexpected()
                items.append(cl)
            except ShellSyntaxError as err:
                items.append(err)
                if err.kind != "token":
                    break
                # bash drops the rest of the bad line and goes on with the next one
                end = self.lexer.src.find("\n", self.lexer.pos)
                if self.tok.kind == "newline":
                    end = self.lexer.pos - 1
                if end < 0:
                    break
                self.lexer.pos = end
                self.lexer.pending = []
                self.lexer.expect_delimiter = None
                try:
                    self.tok = self.lexer.next()
                except ShellSyntaxError as again:
                    items.append(again)
                    break
        return items

    def command_list(
        self, *, top: bool = False, stop: tuple[str, ...] = (), eof_expecting: str = ""
    ) -> CommandList:
        items: list[tuple[AndOr, bool]] = []
        while True:
            if not top:
                blank = self.tok.kind == "newline"
                self.skip_newlines()
                if self.tok.kind == "eof":
                    # ash names the closing word unless an empty list ran into newlines first
                    named = items or not blank
                    raise ShellSyntaxError("eof", expecting=eof_expecting if named else "")
                ends = self.is_word(*stop) or self.is_op(")", *CASE_ENDS)
                if ends and items:
                    break
            node = self.and_or()
            background = False
            if self.tok.kind == "op" and self.tok.value in (";", "&"):
                background = self.advance().value == "&"
                items.append((node, background))
                if top and self.tok.kind in ("newline", "eof"):
                    break
                continue
            items.append((node, background))
            if top or self.tok.kind != "newline":
                break
        return CommandList(items)

    def and_or(self) -> AndOr:
        node = AndOr(self.pipeline())
        while self.tok.kind == "op" and self.tok.value in ("&&", "||"):
            op = self.advance().value
            self.skip_newlines()
            node.rest.append((op, self.pipeline()))
        return node

    def pipeline(self) -> Pipeline:
        negate = False
        if self.is_word("!"):
            self.advance()
            negate = True
        cmds = [self.command()]
        while self.tok.kind == "op" and self.tok.value == "|":
            self.advance()
            self.skip_newlines()
            cmds.append(self.command())
        return Pipeline(cmds, negate)

    def command(self) -> Command:
        if self.tok.kind == "word":
            v = self.tok.value
            if v == "for":
                return self.with_redirects(self.for_loop())
            if v in ("while", "until"):
                return self.with_redirects(self.while_loop())
            if v == "if":
                return self.with_redirects(self.if_clause())
            if v == "case":
                return self.with_redirects(self.case_clause())
            if v == "{":
                self.advance()
                body = self.command_list(stop=("}",), eof_expecting='"}"')
                self.expect_word("}")
                return self.with_redirects(Group(body, False))
            if v in RESERVED_END:
                raise self.unexpected()
            if v == "function":
                return self.function_keyword()
            if FUNCTION_NAME.fullmatch(v) and FUNCTION_PARENS.match(self.lexer.src, self.tok.end):
                name = self.advance().value
                self.advance()
                self.advance()
                return self.function_body(name)
        if self.tok.kind == "op" and self.tok.value == "(":
            self.advance()
            body = self.command_list()
            if not (self.tok.kind == "op" and self.tok.value == ")"):
                raise self.unexpected()
            self.advance()
            return self.with_redirects(Group(body, True))
        return self.simple()

    def with_redirects(self, cmd: ForLoop | WhileLoop | IfClause | Group | CaseClause) -> Command:
        while self.tok.kind == "io" or (self.tok.kind == "op" and self.tok.value in REDIRECTS):
            cmd.redirects.append(self.redirect())
        return cmd

    def expect_word(self, value: str, *, named: bool = True) -> None:
        """Consume the reserved word ``value``; busybox names it in the error when ``named``."""
        if not self.is_word(value):
            raise self.unexpected(f'"{value}"' if named else "")
        self.advance()

    def for_loop(self) -> ForLoop:
        self.advance()
        if self.tok.kind != "word" or not NAME.fullmatch(self.tok.value):
            raise self.unexpected()
        var = self.advance().value
        words: list[Word] | None = None
        self.skip_newlines()
        if self.is_word("in"):
            self.advance()
            words = []
            while self.tok.kind == "word":
                words.append(self.advance().word)
        separated = self.tok.kind == "newline" or self.is_op(";")
        if self.is_op(";"):
            self.advance()
        self.skip_newlines()
        self.expect_word("do", named=separated)  # ash: `for i in a b` + EOF names nothing
        body = self.command_list(stop=("done",), eof_expecting='"done"')
        self.expect_word("done")
        return ForLoop(var, words, body)

    def while_loop(self) -> WhileLoop:
        until = self.advance().value == "until"
        cond = self.command_list(stop=("do",), eof_expecting='"do"')
        self.expect_word("do")
        body = self.command_list(stop=("done",), eof_expecting='"done"')
        self.expect_word("done")
        return WhileLoop(cond, body, until)

    def if_clause(self) -> IfClause:
        self.advance()
        branches: list[tuple[CommandList, CommandList]] = []
        otherwise: CommandList | None = None
        while True:
            cond = self.command_list(stop=("then",), eof_expecting='"then"')
            self.expect_word("then")
            body = self.command_list(stop=("elif", "else", "fi"), eof_expecting='"fi"')
            branches.append((cond, body))
            if self.is_word("elif"):
                self.advance()
                continue
            if self.is_word("else"):
                self.advance()
                otherwise = self.command_list(stop=("fi",), eof_expecting='"fi"')
            self.expect_word("fi")
            return IfClause(branches, otherwise)

    def case_clause(self) -> CaseClause:
        self.advance()
        if self.tok.kind != "word":
            if self.tok.kind == "eof":  # `case` then Enter: bash and ash both refuse the newline
                raise ShellSyntaxError("token", "newline", expecting="word")
            raise self.unexpected("word")
        word = self.advance().word
        self.skip_newlines()
        if not self.is_word("in"):
            raise self.unexpected('"in"', plain_word=True)
        self.advance()
        items: list[CaseItem] = []
        while True:
            self.skip_newlines()
            if self.is_word("esac"):
                self.advance()
                return CaseClause(word, items)
            if self.is_op("("):
                self.advance()
            patterns = [self.case_pattern()]
            while self.is_op("|"):
                self.advance()
                patterns.append(self.case_pattern())
            if not self.is_op(")"):
                raise self.unexpected('")"', plain_word=True)
            self.advance()
            self.skip_newlines()
            if self.tok.kind == "eof":
                raise ShellSyntaxError("eof", expecting='";;"')
            body = None
            if not (self.is_op(*CASE_ENDS) or self.is_word("esac")):
                body = self.command_list(stop=("esac",), eof_expecting='";;"')
            if self.is_op(*CASE_ENDS):
                items.append(CaseItem(patterns, body, self.advance().value))
                continue
            items.append(CaseItem(patterns, body))
            if not self.is_word("esac"):
                raise self.unexpected('";;"')
            self.advance()
            return CaseClause(word, items)

    def case_pattern(self) -> Word:
        if self.tok.kind != "word":
            raise self.unexpected('")"' if self.tok.kind == "eof" else "")
        return self.advance().word

    def function_keyword(self) -> FunctionDef:
        """``function name { ...; }`` (parentheses optional): bash's form, which Alpine's busybox
        ash (built with its bash compatibility) accepts too."""
        self.advance()
        if self.tok.kind != "word" or not FUNCTION_NAME.fullmatch(self.tok.value):
            raise self.unexpected("word")
        name = self.advance().value
        if self.is_op("("):
            self.advance()
            if not self.is_op(")"):
                raise self.unexpected('")"')
            self.advance()
        return self.function_body(name)

    def function_body(self, name: str) -> FunctionDef:
        self.skip_newlines()
        if self.tok.kind == "eof":
            raise ShellSyntaxError("eof")
        start = self.tok.start
        body = self.command()
        source = self.lexer.src[start : self.last_end]
        if isinstance(body, Simple | FunctionDef):
            # bash wants a compound command here; busybox ash takes any command.
            return FunctionDef(name, source, simple_body=True)
        return FunctionDef(name, source)

    def redirect(self) -> Redirect:
        fd = int(self.advance().value) if self.tok.kind == "io" else None
        if self.tok.kind != "op" or self.tok.value not in REDIRECTS:
            raise self.unexpected()
        op = self.advance().value
        if self.tok.kind == "eof":
            raise ShellSyntaxError("token", "newline")
        if self.tok.kind != "word":
            raise self.unexpected()
        tok = self.advance()
        return Redirect(op, fd, tok.word, tok.heredoc)

    def simple(self) -> Simple:
        cmd = Simple([], [], [])
        while True:
            if self.tok.kind == "io" or (self.tok.kind == "op" and self.tok.value in REDIRECTS):
                cmd.redirects.append(self.redirect())
                continue
            if self.tok.kind != "word":
                break
            if not cmd.words:
                assign = _assignment(self.tok.word)
                if assign is not None:
                    cmd.assigns.append(assign)
                    self.advance()
                    continue
            cmd.words.append(self.advance().word)
        if not (cmd.words or cmd.assigns or cmd.redirects):
            raise self.unexpected()
        return cmd


def _assignment(word: Word) -> tuple[str, Word, bool] | None:
    if not word or not isinstance(word[0], Lit) or word[0].quoted:
        return None
    m = ASSIGNMENT.match(word[0].text)
    if not m:
        return None
    rest = word[0].text[m.end() :]
    value: Word = ((Lit(rest),) if rest else ()) + word[1:]
    return m.group(1), value, m.group(2) == "+"


@dataclass(slots=True)
class Parsed:
    items: list[Item]
    unterminated_heredocs: list[Heredoc]


@functools.lru_cache(maxsize=1024)
def parse(source: str) -> Parsed:
    """Parse a line or a pasted block. Syntax errors become items, in the order they occur.

    Cached: learners repeat lines (`docker ps`) and parse trees are never modified."""
    parser_or_error: Parser | ShellSyntaxError
    try:
        parser_or_error = Parser(source)
    except ShellSyntaxError as err:
        return Parsed([err], [])
    items = parser_or_error.program()
    return Parsed(items, parser_or_error.lexer.warnings)


def word_text(word: Word) -> str:
    """A word's literal text when it has no expansions (aliases, keywords); else ""."""
    if all(isinstance(p, Lit) for p in word):
        return "".join(p.text for p in word if isinstance(p, Lit))
    return ""


def needs_more(source: str) -> bool:
    """Whether an interactive shell would ask for another line (``> `` prompt) before running."""
    if source.endswith("\\") and not source.endswith("\\\\"):
        return True
    parsed = parse(source)
    if parsed.unterminated_heredocs:
        return True
    return any(isinstance(i, ShellSyntaxError) and i.kind in ("eof", "quote") for i in parsed.items)
