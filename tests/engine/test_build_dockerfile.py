"""The Dockerfile parser: continuations, comments, directives, forms, stages and errors."""

from __future__ import annotations

import pytest

from engine.build.dockerfile import DockerfileError, expand, heredocs, parse, split_pairs

NODE = """FROM node:18-alpine
WORKDIR /app
COPY package*.json ./
RUN npm install
COPY . .
CMD ["node", "app.js"]
"""


def test_node_example_parses_into_one_stage() -> None:
    df = parse(NODE)
    assert len(df.stages) == 1
    stage = df.stages[0]
    assert stage.base == "node:18-alpine" and stage.name == ""
    assert [i.keyword for i in stage.steps] == ["WORKDIR", "COPY", "RUN", "COPY", "CMD"]
    assert [i.line for i in stage.steps] == [2, 3, 4, 5, 6]
    assert stage.steps[-1].json == ["node", "app.js"]
    assert stage.steps[2].json is None and stage.steps[2].args == "npm install"
    assert df.instruction_count == 6


def test_continuations_comments_and_case() -> None:
    df = parse(
        "# a comment\n"
        "from alpine\n"
        "run apk add \\\n"
        "    # comments inside a continuation are dropped\n"
        "    curl \\\n"
        "\n"
        "    git\n"
        "Cmd sh\n"
    )
    run = df.stages[0].steps[0]
    assert run.keyword == "RUN" and run.line == 3 and run.end == 7
    assert run.args.split() == ["apk", "add", "curl", "git"]
    assert df.stages[0].steps[1].original == "CMD sh"


def test_escape_directive_changes_the_continuation_character() -> None:
    df = parse("# escape=`\nFROM alpine\nRUN echo a `\n    b\n")
    assert df.escape == "`"
    assert df.stages[0].steps[0].args.split() == ["echo", "a", "b"]


def test_arg_before_from_and_named_stages() -> None:
    df = parse(
        "ARG V=18\nFROM node:${V}-alpine AS Build\nRUN true\nFROM alpine\nCOPY --from=build /x /x\n"
    )
    assert [a.args for a in df.global_args] == ["V=18"]
    assert df.stages[0].name == "build" and df.stages[1].label == "stage-1"
    assert df.stage("build") is df.stages[0] and df.stage("1") is df.stages[1]
    copy = df.stages[1].steps[0]
    assert copy.flags == {"from": "build"} and copy.args == "/x /x"
    assert df.instruction_count == 5


@pytest.mark.parametrize(
    ("source", "message", "line"),
    [
        ("FROM alpine\nRUNN echo hi\n", "unknown instruction: RUNN", 2),
        ("FROM alpine as\n", "FROM requires either one or three arguments", 1),
        (
            "FROM alpine\nCOPY app.js\n",
            "COPY requires at least two arguments, but only one was provided. Destination could not be determined.",
            2,
        ),
        ("FROM alpine\nWORKDIR\n", "WORKDIR requires exactly one argument", 2),
        ("FROM alpine\nENV ONLYKEY\n", "ENV must have two arguments", 2),
        ("RUN echo hi\n", "no build stage in current context", 1),
        ("# just a comment\n\n", "file with no instructions", 0),
    ],
)
def test_errors_are_worded_as_buildkit_words_them(source: str, message: str, line: int) -> None:
    with pytest.raises(DockerfileError) as caught:
        parse(source)
    assert caught.value.message == message
    assert caught.value.line == line


def test_expansion_and_env_pairs() -> None:
    scope = {"APP": "/srv/app", "EMPTY": ""}
    assert expand("$APP/bin ${APP}/lib", scope) == "/srv/app/bin /srv/app/lib"
    assert expand("${NOPE:-fallback} ${EMPTY:-x} ${APP:+set}", scope) == "fallback x set"
    assert expand(r"\$APP", scope) == "$APP"
    assert split_pairs('A=1 B="two words"') == [("A", "1"), ("B", "two words")]
    assert split_pairs("LEGACY value with spaces") == [("LEGACY", "value with spaces")]


def test_heredocs_belong_to_their_instruction() -> None:
    df = parse(
        "FROM alpine\nRUN <<EOF\necho one\n# not a comment here\nEOF\nCOPY <<-END /x\n\tbody\n\tEND\nCMD sh\n"
    )
    run, copy, cmd = df.stages[0].steps
    assert run.original == "RUN <<EOF" and (run.line, run.end) == (2, 5)
    assert heredocs(run.args) == ("<<EOF", [("EOF", "echo one\n# not a comment here\n")])
    assert copy.words() == ["<<-END", "/x"] and heredocs(copy.args)[1] == [("END", "body\n")]
    assert cmd.line == 9
