"""Content addressing: same inputs give the same ids; a changed file changes its layer and all above."""

from __future__ import annotations

import shlex

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import Engine

START = 1_750_000_000.0
DOCKERFILE = 'FROM alpine\nCOPY first.txt /first.txt\nRUN cat /first.txt > /copy.txt\nCOPY . /ctx/\nCMD ["sh"]\n'

names = st.sampled_from(["b.txt", "c.md", "notes", "x.js"])
contents = st.text(alphabet="abcxyz019 -_\n", min_size=0, max_size=40)
contexts = st.fixed_dictionaries(
    {"first.txt": contents}, optional={n: contents for n in ["b.txt", "c.md", "notes", "x.js"]}
)


def build(seed: str, files: dict[str, str]) -> list[str]:
    engine = Engine(seed=seed, clock=lambda: START)
    lines = ["mkdir -p ~/p && cd ~/p", f"printf %s {shlex.quote(DOCKERFILE)} > Dockerfile"]
    lines += [f"printf %s {shlex.quote(text)} > {name}" for name, text in files.items()]
    for line in lines:
        assert engine.execute(line).exit_code == 0, line
    outcome = engine.execute("docker build --no-cache -q -t p .")
    assert outcome.exit_code == 0, outcome.output
    image = engine.state.images[outcome.output.strip()]
    return [image.id, *image.layers]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contexts, st.data())
def test_same_context_same_ids_and_changes_propagate_upwards(
    files: dict[str, str], data: st.DataObject
) -> None:
    first = build("one", files)
    assert build("two", files) == first  # session randomness never leaks into ids

    name = data.draw(st.sampled_from(sorted(files)))
    new_text = data.draw(contents.filter(lambda t: t != files[name]))
    changed = build("three", {**files, name: new_text})
    image, layers = changed[0], changed[1:]
    assert image != first[0]
    # Layer 0 is alpine's; first.txt is copied by layer 1, every file again by layer 3.
    touched_from = 1 if name == "first.txt" else 3
    assert layers[:touched_from] == first[1 : 1 + touched_from]
    assert all(
        a != b for a, b in zip(layers[touched_from:], first[1 + touched_from :], strict=True)
    )
