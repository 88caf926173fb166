"""JSON as Go's encoding/json writes it for `docker inspect`: 4-space indent, HTML-safe escapes."""

import json
from typing import Any

# Go escapes these even inside strings so that JSON can be embedded in HTML.
_GO_HTML_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_TRANS = str.maketrans(_GO_HTML_ESCAPES)


def go_json(value: Any, indent: int | None = None) -> str:
    """Encode like Go's json.Marshal (compact) or MarshalIndent (`indent` spaces); keys kept in order."""
    if indent is None:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    else:
        text = json.dumps(value, ensure_ascii=False, indent=indent)
    # The characters only ever occur inside strings, so a plain translation is safe.
    return text.translate(_TRANS)


def dump_inspect(objs: list[Any]) -> str:
    """The `docker inspect` body: a JSON array, `[]` when empty, ending in a newline."""
    if not objs:
        return "[]\n"
    return go_json(list(objs), indent=4) + "\n"
