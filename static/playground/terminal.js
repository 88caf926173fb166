// One terminal tab: scrollback, prompt line, history, timed frame playback, keyboard shortcuts.
// Output is only ever inserted as text nodes (frames may contain "<script>": they stay text).

import { linkify } from "./refs.js";

const MAX_BLOCKS = 1500;
const MAX_PLAY_MS = 8000; // long animations are compressed so the learner is never kept waiting
const MAX_LINE = 8 * 1024;

function newId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Expand `!!` (outside single quotes) to the previous command, as bash does. */
export function expandBang(line, previous) {
  let out = "";
  let quoted = false;
  let used = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === "!" && line[i + 1] === "!") {
      if (previous === null) return { error: true };
      out += previous;
      used = true;
      i += 1;
    } else {
      out += ch;
    }
  }
  return { line: out, used };
}

export class Terminal {
  /**
   * @param {HTMLElement} el   the .term element
   * @param {string} tty
   * @param {{send: (msg: object) => void, refs: () => Set<string>, strings: object}} deps
   */
  constructor(el, tty, deps) {
    this.el = el;
    this.tty = tty;
    this.deps = deps;
    this.scroll = el.querySelector(".term__scroll");
    this.line = el.querySelector(".term__line");
    this.promptEl = el.querySelector(".term__prompt");
    this.input = el.querySelector(".term__input");
    this.prompt = this.promptEl.textContent;
    this.mode = "shell";
    this.history = [];
    this.historyIndex = 0;
    this.draft = "";
    this.pending = new Set();
    this.completions = new Map();
    this.chain = Promise.resolve();
    this.backlog = 0;
    this.ctrlP = false;
    this.bind();
  }

  bind() {
    this.input.addEventListener("keydown", (e) => this.onKey(e));
    this.input.addEventListener("paste", (e) => this.onPaste(e));
    this.input.addEventListener("input", () => this.fit());
    this.el.addEventListener("click", () => {
      // Clicking to select output must not steal the selection; a plain click focuses the line.
      if (window.getSelection().isCollapsed) this.input.focus({ preventScroll: true });
    });
  }

  focus() {
    this.input.focus({ preventScroll: true });
  }

  fit() {
    this.input.style.height = "auto";
    this.input.style.height = `${this.input.scrollHeight}px`;
  }

  // ---- output -------------------------------------------------------------------------------

  block(cls = "") {
    const span = document.createElement("span");
    span.className = `block ${cls}`.trim();
    this.scroll.append(span);
    while (this.scroll.childElementCount > MAX_BLOCKS) this.scroll.firstElementChild.remove();
    return span;
  }

  text(block, value, cls = "") {
    if (cls) {
      const span = document.createElement("span");
      span.className = cls;
      span.textContent = value;
      block.append(span);
    } else {
      block.append(document.createTextNode(value));
    }
    this.stick();
  }

  stick() {
    // Follow new output unless the learner scrolled up to read something.
    const el = this.el;
    if (el.scrollHeight - el.scrollTop - el.clientHeight < 120 || this.line.contains(document.activeElement)) {
      el.scrollTop = el.scrollHeight;
    }
  }

  /** Run `job` after everything already queued for this terminal, so output stays in order. */
  enqueue(job) {
    this.backlog += 1;
    this.chain = this.chain.then(job).catch((err) => console.error(err)).finally(() => { this.backlog -= 1; });
    return this.chain;
  }

  echo(text) {
    this.enqueue(() => this.text(this.block("echo"), text));
  }

  note(text, cls = "hint") {
    this.enqueue(() => this.text(this.block(), `${text}\n`, cls));
  }

  clear() {
    this.scroll.replaceChildren();
  }

  /** Stderr shows red only when the command failed: `docker run` pulls on stderr, and a
   * successful pull in red reads as an error to a learner. */
  async playFrames(block, frames, failed = false) {
    const keyed = new Map();
    const sorted = [...(frames || [])].sort((a, b) => (a.at || 0) - (b.at || 0));
    const end = sorted.length ? (sorted[sorted.length - 1].at || 0) * 1000 : 0;
    // Play instantly when hidden or when other outcomes wait behind this one.
    const instant = document.hidden || this.backlog > 2;
    const scale = end > MAX_PLAY_MS ? MAX_PLAY_MS / end : 1;
    const start = performance.now();
    for (const frame of sorted) {
      const due = (frame.at || 0) * 1000 * scale;
      const wait = due - (performance.now() - start);
      if (!instant && wait > 4) await sleep(wait);
      this.writeFrame(block, frame, keyed, failed);
    }
  }

  writeFrame(block, frame, keyed, failed) {
    const cls = failed && frame.stream === "stderr" ? "err" : "";
    if (frame.key !== null && frame.key !== undefined) {
      // A progress line: later frames with the same key redraw it in place (docker pull).
      let line = keyed.get(frame.key);
      if (!line) {
        line = document.createElement("span");
        keyed.set(frame.key, line);
        block.append(line);
      }
      // One unwrapped row each: Compose and BuildKit pad these to an 80-column terminal, and a
      // narrower pane would otherwise wrap every row in two (the padding is clipped instead).
      line.className = cls ? `progress ${cls}` : "progress";
      line.textContent = frame.text;
      this.stick();
    } else {
      this.text(block, frame.text, cls);
    }
  }

  /** An outcome broadcast for this tty (from this page or another page of the session). */
  showOutcome(msg) {
    const mine = msg.id && this.pending.delete(msg.id);
    this.enqueue(async () => {
      if (msg.clear) this.clear();
      // Signals (Ctrl+C, detach) come back with input "^C" or "": nothing was typed to echo.
      if (msg.id && !mine && typeof msg.input === "string" && msg.input && msg.input !== "^C") {
        // Typed on another page of this session: show it as if typed here.
        this.text(this.block("echo"), `${this.mode === "attached" || this.mode === "following" ? "" : this.prompt}${msg.input}\n`);
      }
      this.busy(true);
      const block = this.block();
      await this.playFrames(block, msg.frames, msg.exit_code !== 0);
      linkify(block, this.deps.refs());
      this.setPrompt(msg.prompt, msg.mode);
      this.busy(false);
      this.deps.onOutcome?.(msg, Boolean(mine));
    });
  }

  showOutput(frames) {
    this.enqueue(async () => {
      const block = this.block();
      await this.playFrames(block, frames);
      linkify(block, this.deps.refs());
    });
  }

  /** Re-link the latest output once new diagrams know the names it mentions. */
  relink() {
    const refs = this.deps.refs();
    const blocks = [...this.scroll.children].slice(-6);
    for (const block of blocks) linkify(block, refs);
  }

  busy(on) {
    this.line.classList.toggle("is-busy", on);
    if (on) this.promptEl.textContent = "";
  }

  setPrompt(prompt, mode) {
    if (typeof prompt === "string") this.prompt = prompt;
    if (mode) this.mode = mode;
    // Attached to a container's output or following logs: no prompt until Ctrl+C.
    const hide = this.mode === "attached" || this.mode === "following";
    this.promptEl.textContent = hide ? "" : this.prompt;
  }

  // ---- input --------------------------------------------------------------------------------

  submit(raw) {
    let line = raw;
    const visiblePrompt = this.mode === "attached" || this.mode === "following" ? "" : this.prompt;
    this.input.value = "";
    this.fit();
    if (this.mode !== "confirm") {
      const previous = this.history.length ? this.history[this.history.length - 1] : null;
      const expanded = expandBang(line, previous);
      if (expanded.error) {
        this.echo(`${visiblePrompt}${line}\n`);
        this.note("bash: !!: event not found", "err");
        return;
      }
      if (expanded.used) {
        this.echo(`${visiblePrompt}${line}\n${expanded.line}\n`);
        line = expanded.line;
      } else {
        this.echo(`${visiblePrompt}${line}\n`);
      }
      if (line.trim() && this.history[this.history.length - 1] !== line) this.history.push(line);
      this.historyIndex = this.history.length;
      if (!line.trim() && this.mode === "shell") return; // bash just prints a new prompt
    } else {
      this.echo(`${visiblePrompt}${line}\n`);
    }
    if (line.length > MAX_LINE) {
      this.note(this.deps.strings.too_long, "err");
      return;
    }
    const id = newId();
    this.pending.add(id);
    this.deps.send({ type: "input", tty: this.tty, id, line });
  }

  complete() {
    const id = newId();
    this.completions.set(id, this.input.value);
    this.deps.send({ type: "complete", tty: this.tty, id, line: this.input.value });
  }

  showCompletion(msg) {
    const asked = this.completions.get(msg.id);
    this.completions.delete(msg.id);
    if (asked === undefined || asked !== this.input.value) return; // typed on meanwhile
    const candidates = Array.isArray(msg.candidates) ? msg.candidates.map(String) : [];
    if (!candidates.length) return;
    const word = asked.split(/\s/).pop();
    const head = asked.slice(0, asked.length - word.length);
    if (candidates.length === 1) {
      const only = candidates[0];
      this.input.value = head + only + (only.endsWith("/") ? "" : " ");
      return;
    }
    let prefix = candidates[0];
    for (const c of candidates) while (!c.startsWith(prefix)) prefix = prefix.slice(0, -1);
    if (prefix.length > word.length) {
      this.input.value = head + prefix;
    } else {
      this.echo(`${this.prompt}${asked}\n`);
      this.note(candidates.join("  "), "");
    }
  }

  browse(step) {
    if (!this.history.length) return;
    if (this.historyIndex === this.history.length) this.draft = this.input.value;
    this.historyIndex = Math.max(0, Math.min(this.history.length, this.historyIndex + step));
    this.input.value = this.historyIndex === this.history.length ? this.draft : this.history[this.historyIndex];
    this.fit();
    const end = this.input.value.length;
    this.input.setSelectionRange(end, end);
  }

  onKey(e) {
    if (["Control", "Shift", "Alt", "Meta"].includes(e.key)) return; // a modifier on its own
    const ctrl = e.ctrlKey && !e.altKey && !e.metaKey;
    const key = e.key.toLowerCase();
    if (ctrl && key === "p") {
      e.preventDefault(); // also keeps the browser's print dialog away
      this.ctrlP = true;
      return;
    }
    if (ctrl && key === "q" && this.ctrlP) {
      e.preventDefault();
      this.ctrlP = false;
      this.deps.send({ type: "signal", tty: this.tty, signal: "detach" });
      return;
    }
    this.ctrlP = false;
    if (ctrl && key === "c") {
      if (this.input.selectionStart !== this.input.selectionEnd) return; // copy the selection
      e.preventDefault();
      const shown = this.mode === "attached" || this.mode === "following" ? "" : this.prompt;
      this.echo(`${shown}${this.input.value}`);
      this.input.value = "";
      this.fit();
      this.deps.send({ type: "signal", tty: this.tty, signal: "interrupt" });
      return;
    }
    if (ctrl && key === "l") {
      e.preventDefault();
      this.enqueue(() => this.clear());
      return;
    }
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      this.submit(this.input.value);
      return;
    }
    if (e.key === "Tab" && !e.shiftKey) {
      e.preventDefault();
      this.complete();
      return;
    }
    if (e.key === "ArrowUp" && !this.input.value.slice(0, this.input.selectionStart).includes("\n")) {
      e.preventDefault();
      this.browse(-1);
    } else if (e.key === "ArrowDown" && !this.input.value.slice(this.input.selectionEnd).includes("\n")) {
      e.preventDefault();
      this.browse(1);
    }
  }

  onPaste(e) {
    const pasted = e.clipboardData?.getData("text") ?? "";
    if (!pasted.includes("\n")) return;
    // A pasted block runs as one input: the engine's shell handles the lines (and `\` joins).
    e.preventDefault();
    const value = this.input.value;
    const joined = value.slice(0, this.input.selectionStart) + pasted + value.slice(this.input.selectionEnd);
    this.submit(joined.replace(/\r\n?/g, "\n").replace(/\n+$/, ""));
  }
}
