"""Go text/template subset for --format and inspect -f (reference §2.10)."""

import pytest

from engine.format.templates import (
    MAX_OUTPUT,
    Struct,
    TemplateError,
    TemplateLimitError,
    expand_escapes,
    format_rows,
    go_print,
    render_template,
)

CONTAINER = {
    "Id": "3f9c2b7a1d4e",
    "Name": "/web",
    "State": {"Status": "running", "Running": True, "Pid": 24817, "ExitCode": 0},
    "Config": {
        "Cmd": ["nginx", "-g", "daemon off;"],
        "ExposedPorts": {"80/tcp": {}},
        "Labels": {"maintainer": "NGINX Docker Maintainers <docker-maint@nginx.com>"},
        "Env": ["PATH=/usr/bin", "NGINX_VERSION=1.25.2"],
    },
    "RootFS": {"Layers": [f"sha256:{i}" for i in range(7)]},
    "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.2"}}},
    "ExecIDs": None,
}


@pytest.mark.parametrize(
    ("template", "output"),
    [
        ("{{.State.Status}}", "running"),
        ("{{.Config.Cmd}}", "[nginx -g daemon off;]"),
        ("{{json .Config.ExposedPorts}}", '{"80/tcp":{}}'),
        ("{{len .RootFS.Layers}}", "7"),
        (
            '{{index .Config.Labels "maintainer"}}',
            "NGINX Docker Maintainers <docker-maint@nginx.com>",
        ),
        ("{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "172.17.0.2"),
        ("{{.State.Running}} {{.State.Pid}}", "true 24817"),
        ("{{.ExecIDs}}", "<no value>"),
        ('{{index .Config.Labels "nope"}}', "<no value>"),
        ("{{.Config.Labels}}", "map[maintainer:NGINX Docker Maintainers <docker-maint@nginx.com>]"),
        ("{{.Config.Cmd | json}}", '["nginx","-g","daemon off;"]'),
        ('{{join .Config.Cmd ","}}', "nginx,-g,daemon off;"),
        (
            "{{range $i, $e := .Config.Env}}{{$i}}={{$e}};{{end}}",
            "0=PATH=/usr/bin;1=NGINX_VERSION=1.25.2;",
        ),
        (
            "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}:{{$v.IPAddress}}{{end}}",
            "bridge:172.17.0.2",
        ),
        ("{{if .State.Running}}up{{else}}down{{end}}", "up"),
        ("{{if .ExecIDs}}x{{else if .Name}}{{.Name}}{{end}}", "/web"),
        ('{{if eq .State.Status "exited" "running"}}yes{{end}}', "yes"),
        ("{{with .State}}{{.Status}}{{end}}", "running"),
        (
            '{{upper .State.Status}} {{lower "ABC"}} {{title "hello world"}}',
            "RUNNING abc Hello World",
        ),
        ('{{split "a:b:c" ":"}}', "[a b c]"),
        ('[{{pad "x" 1 2}}][{{pad "" 1 2}}]', "[ x  ][]"),
        ('{{truncate .Id 4}} {{truncate "ab" 5}}', "3f9c ab"),
        (
            '{{printf "%s=%d %q %v %5s|%-4s|" "a" 7 "q" .Config.Cmd "r" "l"}}',
            'a=7 "q" [nginx -g daemon off;]     r|l   |',
        ),
        ('{{printf "%d"}}', "%!d(MISSING)"),
        ("{{(index .Config.Cmd 0)}}-{{index .Config.Cmd 2 | len}}", "nginx-11"),
        ('{{$n := .Name}}{{$n}}{{$n = "x"}}{{$n}}', "/webx"),
        ('{{- "a" }}  \n  {{- "b" -}}  c', "abc"),
        ("{{/* a comment */}}ok", "ok"),
        (
            '{{range .Config.Cmd}}{{if eq . "-g"}}{{continue}}{{end}}{{.}};{{end}}',
            "nginx;daemon off;;",
        ),
        ("{{range .Config.Cmd}}{{.}}{{break}}{{end}}", "nginx"),
        ("{{range .ExecIDs}}x{{else}}empty{{end}}", "empty"),
        ('{{not .State.Running}} {{and 1 0}} {{or 0 "" "z"}}', "false 0 z"),
        ('{{print 1 2 "a" 3}} {{println "x"}}', "1 2a3 x\n"),
        ("{{.}}", "map[a:1]"),
    ],
)
def test_render(template: str, output: str) -> None:
    data = {"a": 1} if template == "{{.}}" else CONTAINER
    assert render_template(template, data) == output


def test_go_value_printing() -> None:
    assert go_print(None) == "<no value>"
    assert go_print([None, True, 1.5, 1e6, 24817.0]) == "[<nil> true 1.5 1e+06 24817]"
    assert go_print({"b": [1], "a": {}}) == "map[a:map[] b:[1]]"
    assert go_print(Struct(Name="no", MaximumRetryCount=0)) == "{no 0}"
    assert go_print(0.0001) == "0.0001"
    assert go_print(0.00001) == "1e-05"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{{.Foo}}",
            'template parsing error: template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"',
        ),
        (
            "x\n {{.State.Nope}}",
            'template parsing error: template: :2:3: executing "" at <.State.Nope>: map has no entry for key "Nope"',
        ),
        ("{{foo .X}}", 'template parsing error: template: :1: function "foo" not defined'),
        ("{{.State.Status", "template parsing error: template: :1: unclosed action"),
        ("{{end}}", "template parsing error: template: :1: unexpected {{end}}"),
        ("{{if .Name}}", "template parsing error: template: :1: unexpected EOF"),
        ("{{}}", "template parsing error: template: :1: missing value for command"),
        ("{{$x}}", 'template parsing error: template: :1: undefined variable "$x"'),
        (
            "{{index .Config.Cmd 9}}",
            'template parsing error: template: :1:2: executing "" at <index .Config.Cmd 9>: error calling index: index out of range: 9',
        ),
        (
            "{{len .State.Pid}}",
            'template parsing error: template: :1:2: executing "" at <len .State.Pid>: error calling len: len of type int',
        ),
        (
            "{{join .Config.Cmd}}",
            'template parsing error: template: :1:2: executing "" at <join .Config.Cmd>: wrong number of args for join: want 2 got 1',
        ),
    ],
)
def test_errors_as_docker_prints_them(template: str, message: str) -> None:
    with pytest.raises(TemplateError) as info:
        render_template(template, CONTAINER)
    assert info.value.message == message


def test_struct_missing_field_error() -> None:
    with pytest.raises(TemplateError) as info:
        render_template("{{.Foo}}", {"ID": "x"}, type_name="*formatter.ContainerContext")
    assert info.value.message == (
        'template parsing error: template: :1:2: executing "" at <.Foo>: '
        "can't evaluate field Foo in type *formatter.ContainerContext"
    )


def test_methods_with_arguments() -> None:
    labels = {"com.example": "v"}
    row = {"Label": lambda name: labels.get(name, "")}
    assert render_template('{{.Label "com.example"}}', row) == "v"


def test_limits() -> None:
    with pytest.raises(TemplateLimitError) as info:
        render_template("{{range 1000000000}}x{{end}}", {})
    assert info.value.message == "template takes too many steps (at most 200000)"
    assert info.value.localized("zh-hans") == "模板执行步骤太多（最多 200000 步）"
    with pytest.raises(TemplateLimitError):
        render_template("{{range 100}}" + "x" * (MAX_OUTPUT // 50) + "{{end}}", {})
    with pytest.raises(TemplateLimitError):
        render_template("{{if 1}}" * 60 + "{{end}}" * 60, {})
    with pytest.raises(TemplateLimitError):
        render_template("{{" + "(" * 60 + "1" + ")" * 60 + "}}", {})
    with pytest.raises(TemplateLimitError):
        render_template("x" * 20_000, {})


def test_no_python_evaluation() -> None:
    with pytest.raises(TemplateError):
        render_template('{{__import__ "os"}}', {})
    assert render_template("{{.__class__}}", {"__class__": "just a key"}) == "just a key"
    with pytest.raises(TemplateError):
        render_template("{{.Name.__class__}}", {"Name": "x"})


ROWS = [
    {"ID": "3f9c2b7a1d4e", "Image": "nginx:1.25", "Names": "web", "Status": "Up 3 minutes"},
    {"ID": "8e1d0c6b5a94", "Image": "redis:7", "Names": "cache", "Status": "Up About an hour"},
]
HEADERS = {"ID": "CONTAINER ID", "Image": "IMAGE", "Names": "NAMES", "Status": "STATUS"}


def test_format_rows_table_template() -> None:
    assert format_rows("table {{.ID}}\\t{{.Names}}\\t{{.Status}}", ROWS, HEADERS) == (
        "CONTAINER ID   NAMES     STATUS\n"
        "3f9c2b7a1d4e   web       Up 3 minutes\n"
        "8e1d0c6b5a94   cache     Up About an hour\n"
    )


def test_format_rows_header_ignores_formatting_functions() -> None:
    out = format_rows("table {{upper .Names}}\t{{json .ID}}", ROWS[:1], HEADERS)
    assert out == 'NAMES     CONTAINER ID\nWEB       "3f9c2b7a1d4e"\n'


def test_format_rows_default_table_and_empty() -> None:
    default = "table {{.ID}}\t{{.Image}}\t{{.Status}}"
    assert (
        format_rows("", [], HEADERS, default_table=default) == "CONTAINER ID   IMAGE     STATUS\n"
    )
    assert (
        format_rows("table", [], HEADERS, default_table=default)
        == "CONTAINER ID   IMAGE     STATUS\n"
    )


def test_format_rows_bare_and_json() -> None:
    assert (
        format_rows("{{.Names}}: {{.Status}}", ROWS, HEADERS)
        == "web: Up 3 minutes\ncache: Up About an hour\n"
    )
    assert format_rows("{{.Names}}", [], HEADERS) == ""
    assert format_rows("json", ROWS[:1], HEADERS) == (
        '{"ID":"3f9c2b7a1d4e","Image":"nginx:1.25","Names":"web","Status":"Up 3 minutes"}\n'
    )
    assert format_rows("{{json .}}", [{"b": "<", "a": 1}], {}) == '{"b":"<","a":1}\n'


def test_expand_escapes() -> None:
    assert expand_escapes("{{.ID}}\\t{{.Names}}\\n") == "{{.ID}}\t{{.Names}}\n"
