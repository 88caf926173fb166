"""The terminal in a real Chromium against a real daphne."""

from __future__ import annotations

from typing import Any

import pytest
from browser_helpers import INPUT, SCROLL, outcome, route, run

pytestmark = pytest.mark.browser


def test_page_loads_with_a_prompt(page: Any) -> None:
    assert page.is_visible("#term-t1 .term__prompt")
    assert page.text_content("#term-t1 .term__prompt") == "$ "
    assert page.get_attribute("#tab-images", "aria-selected") == "true"
    assert page.is_visible("#panel-images") and not page.is_visible("#panel-containers")
    assert page.evaluate("document.activeElement.classList.contains('term__input')")
    assert page.errors == []


def test_a_command_round_trips_through_the_engine(page: Any) -> None:
    run(page, "no-such-command")
    page.wait_for_function(
        "s => document.querySelector(s).textContent.includes('command not found')", arg=SCROLL
    )
    assert "$ no-such-command\n" in page.text_content(SCROLL)
    assert page.text_content("#term-t1 .term__prompt") == "$ "


def test_echo_hi_shows_output(page: Any) -> None:
    run(page, "echo hi")
    page.wait_for_function(
        "s => document.querySelector(s).textContent.includes('$ echo hi\\nhi\\n')",
        arg=SCROLL,
        timeout=3000,
    )


def test_script_typed_into_the_terminal_stays_text(page: Any) -> None:
    payload = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
    run(page, payload)
    page.wait_for_function(
        "s => document.querySelector(s).querySelectorAll('.block').length >= 2", arg=SCROLL
    )
    # And straight from a server message, in frames, a keyed frame and a narration sentence.
    route(
        page,
        {
            "type": "outcome",
            "seq": 5000,
            "tty": "t1",
            "id": None,
            "input": payload,
            "frames": [
                {"text": payload + "\n", "stream": "stdout", "at": 0, "key": None},
                {"text": payload + "\n", "stream": "stderr", "at": 0, "key": "k"},
            ],
            "exit_code": 0,
            "prompt": "$ ",
            "mode": "shell",
            "clear": False,
            "events": [],
            "narration": [payload],
        },
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.query_selector(f"{SCROLL} script, {SCROLL} img, #narration script") is None
    assert payload in page.text_content(SCROLL)
    assert payload in page.text_content("#narration")


def test_progress_frames_redraw_their_line_in_place(page: Any) -> None:
    frames = [
        {"text": "Using default tag: latest\n", "stream": "stdout", "at": 0.0, "key": None},
        {"text": "648e0aadf75a: Pulling fs layer\n", "stream": "stdout", "at": 0.05, "key": "648e"},
        {"text": "b0f2c5e1d3a4: Pulling fs layer\n", "stream": "stdout", "at": 0.05, "key": "b0f2"},
        {"text": "648e0aadf75a: Downloading\n", "stream": "stdout", "at": 0.1, "key": "648e"},
        {"text": "648e0aadf75a: Pull complete\n", "stream": "stdout", "at": 0.2, "key": "648e"},
        {"text": "b0f2c5e1d3a4: Pull complete\n", "stream": "stdout", "at": 0.3, "key": "b0f2"},
        {
            "text": "Status: Downloaded newer image for nginx:latest\n",
            "stream": "stdout",
            "at": 0.35,
            "key": None,
        },
    ]
    route(
        page,
        {
            "type": "outcome",
            "seq": 1,
            "tty": "t1",
            "id": "other-page",
            "input": "docker pull nginx",
            "frames": frames,
            "exit_code": 0,
            "prompt": "$ ",
            "mode": "shell",
            "clear": False,
            "events": [],
            "narration": [],
        },
    )
    page.wait_for_function(
        "s => document.querySelector(s).textContent.includes('Status: Downloaded')", arg=SCROLL
    )
    assert page.text_content(SCROLL).endswith(
        "$ docker pull nginx\nUsing default tag: latest\n648e0aadf75a: Pull complete\n"
        "b0f2c5e1d3a4: Pull complete\nStatus: Downloaded newer image for nginx:latest\n"
    )


def test_attached_mode_hides_the_prompt(page: Any) -> None:
    route(
        page,
        {
            "type": "outcome",
            "seq": 1,
            "tty": "t1",
            "id": None,
            "input": "docker logs -f web1",
            "frames": [],
            "exit_code": 0,
            "prompt": "$ ",
            "mode": "following",
            "clear": False,
            "events": [],
            "narration": [],
        },
    )
    page.wait_for_function(
        "() => document.querySelector('#term-t1 .term__prompt').textContent === ''"
    )
    route(
        page,
        {
            "type": "sync",
            "seq": 2,
            "ttys": {"t1": {"prompt": "root@3f9c2b7a1d4e:/# ", "mode": "shell"}},
        },
    )
    assert page.text_content("#term-t1 .term__prompt") == "root@3f9c2b7a1d4e:/# "


def test_history_and_bang_bang(page: Any) -> None:
    run(page, "first-cmd")
    run(page, "!!")
    page.wait_for_function(
        "s => (document.querySelector(s).textContent.match(/first-cmd: command not found/g) || []).length === 2",
        arg=SCROLL,
    )
    assert "$ !!\nfirst-cmd\n" in page.text_content(SCROLL)
    page.press(INPUT, "ArrowUp")
    assert page.input_value(INPUT) == "first-cmd"


def test_second_terminal_tab_gets_its_own_output(page: Any) -> None:
    page.click("#term-add")
    page.wait_for_selector("#term-t2 .term__input")
    assert page.get_attribute("#term-tab-t2", "aria-selected") == "true"
    page.fill("#term-t2 .term__input", "in-t2")
    page.press("#term-t2 .term__input", "Enter")
    page.wait_for_function(
        "() => document.querySelector('#term-t2 .term__scroll').textContent.includes('in-t2: command not found')"
    )
    assert "in-t2" not in page.text_content(SCROLL)
    route(
        page,
        {
            "type": "output",
            "seq": 99_999,
            "tty": "t1",
            "frames": [{"text": "GET / 200\n", "stream": "stdout", "at": 0, "key": None}],
        },
    )
    page.wait_for_function(
        "s => document.querySelector(s).textContent.includes('GET / 200')", arg=SCROLL
    )


def test_tab_completes_through_the_engine(page: Any) -> None:
    page.fill(INPUT, "docker pul")
    page.press(INPUT, "Tab")
    page.wait_for_function(
        "s => document.querySelector(s).value !== 'docker pul'", arg=INPUT, timeout=3000
    )
    assert page.input_value(INPUT) == "docker pull "


def test_ctrl_c_and_ctrl_l(page: Any) -> None:
    page.fill(INPUT, "half typed")
    page.press(INPUT, "Control+c")
    page.wait_for_function(
        "s => document.querySelector(s).textContent.includes('$ half typed^C')", arg=SCROLL
    )
    assert page.input_value(INPUT) == ""
    page.press(INPUT, "Control+l")
    page.wait_for_function("s => document.querySelector(s).textContent === ''", arg=SCROLL)


def test_reconnects_and_asks_for_sync_on_a_seq_gap(page: Any) -> None:
    page.evaluate("window.playground.socket.ws.close()")
    page.wait_for_selector("#conn-state[data-state=lost]", state="attached", timeout=3000)
    page.wait_for_selector("#conn-state[data-state=open]", state="attached", timeout=5000)
    sent = page.evaluate(
        """() => {
            const s = window.playground.socket; const out = [];
            const real = s.ws.send.bind(s.ws);
            s.ws.send = (m) => { out.push(JSON.parse(m).type); real(m); };
            s.lastSeq = 5; s.lastSyncAsk = 0;
            s.receive(JSON.stringify({type: 'output', seq: 6, tty: 't1', frames: []}));
            const before = out.length;
            s.receive(JSON.stringify({type: 'output', seq: 9, tty: 't1', frames: []}));
            s.receive(JSON.stringify({type: 'output', seq: 9, tty: 't1', frames: []}));
            return {before, after: out, last: s.lastSeq};
        }"""
    )
    assert sent == {"before": 0, "after": ["sync"], "last": 9}


def test_session_share_returns_a_link(page: Any) -> None:
    page.click("button[hx-post='/session/share']")
    page.wait_for_selector("#session-status a.share-link", timeout=5000)
    assert "/s/" in (page.get_attribute("#session-status a.share-link", "href") or "")


def test_undo_takes_a_pulled_image_away(page: Any) -> None:
    run(page, "docker pull hello-world")
    page.wait_for_selector("#panel-images .image-card", timeout=5000)
    page.click("button[hx-post='/session/undo']")
    page.wait_for_selector("#panel-images .image-card", state="detached", timeout=5000)


SPY = """() => {
    const ws = window.playground.socket.ws; window.__sent = [];
    const real = ws.send.bind(ws);
    ws.send = (m) => { window.__sent.push(JSON.parse(m)); real(m); };
}"""


def test_a_pasted_block_is_sent_as_one_input(page: Any) -> None:
    page.evaluate(SPY)
    page.evaluate(
        """s => {
            const dt = new DataTransfer(); dt.setData('text/plain', 'echo a\\necho b\\n');
            document.querySelector(s).dispatchEvent(
                new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));
        }""",
        INPUT,
    )
    page.wait_for_function(
        "s => document.querySelector(s).textContent.includes('\\na\\nb\\n')", arg=SCROLL
    )
    inputs = page.evaluate("window.__sent.filter(m => m.type === 'input').map(m => m.line)")
    assert inputs == ["echo a\necho b"]


def test_ctrl_p_ctrl_q_detaches(page: Any) -> None:
    page.evaluate(SPY)
    page.press(INPUT, "Control+p")
    page.press(INPUT, "Control+q")
    sent = page.evaluate("window.__sent")
    assert sent == [{"type": "signal", "tty": "t1", "signal": "detach"}]


def test_stderr_is_red_only_when_the_command_failed(page: Any) -> None:
    pull = {
        "text": "latest: Pulling from library/nginx\n",
        "stream": "stderr",
        "at": 0,
        "key": None,
    }
    error = {"text": "Error response from daemon: No such container: x\n", "stream": "stderr"}
    route(page, outcome([pull], seq=6000, exit_code=0))
    route(page, outcome([{**error, "at": 0, "key": None}], seq=6001, exit_code=1))
    page.wait_for_function(
        "s => document.querySelector(s).textContent.includes('No such container')", arg=SCROLL
    )
    red = page.eval_on_selector_all(f"{SCROLL} .err", "spans => spans.map(s => s.textContent)")
    assert red == [error["text"]]


def test_a_progress_row_padded_to_80_columns_never_wraps(page: Any) -> None:
    page.set_viewport_size({"width": 480, "height": 800})  # a terminal narrower than 80 columns
    row = " ✔ Container shop-web-1    Started" + " " * 40 + "0.5s \n"
    route(page, outcome([{"text": row, "stream": "stderr", "at": 0, "key": "w"}], seq=6100))
    page.wait_for_selector(f"{SCROLL} .progress")
    height, line = page.eval_on_selector(
        f"{SCROLL} .progress",
        "el => [el.getBoundingClientRect().height, parseFloat(getComputedStyle(el).lineHeight)]",
    )
    assert height < 1.5 * line
    assert page.text_content(f"{SCROLL} .progress") == row  # copied text keeps the whole row
