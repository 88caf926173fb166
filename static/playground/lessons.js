// The lesson column: lesson picker, the open lesson's steps, docs pages. Fragments come from the
// lessons app (htmx); they are morphed into place so open details, focus and scroll survive.
// Runnable blocks go to the active terminal; step setups go to a hidden terminal ("lesson").

import { morph } from "./morph.js";
import { reveal } from "./scroll.js";

const LESSON_PATH = "/lessons/";

/** Commands of a runnable block, as the server extracted them (JSON in data-commands). */
function commandsOf(el) {
  try {
    const list = JSON.parse(el.dataset.commands || el.dataset.setup || "[]");
    return Array.isArray(list) ? list.map(String) : [];
  } catch {
    return [];
  }
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API refused (insecure origin, no permission): the old way still works.
    const area = document.createElement("textarea");
    area.value = text;
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

export class LessonPane {
  /**
   * @param {{pane: HTMLElement, live: HTMLElement, csrf: string, strings: object,
   *          run: (line: string) => void, runHidden: (lines: string[]) => void,
   *          narrate: (sentences: string[]) => void}} deps
   */
  constructor(deps) {
    this.pane = deps.pane;
    this.deps = deps;
    this.checking = Promise.resolve();
    this.bind();
    this.settle();
  }

  bind() {
    this.pane.addEventListener("click", (e) => this.onClick(e));
    document.body.addEventListener("htmx:beforeSwap", (e) => {
      if (e.detail.target !== this.pane || !e.detail.shouldSwap) return;
      e.detail.shouldSwap = false;
      this.update(e.detail.serverResponse);
    });
  }

  /** The open lesson's root element, or null in free play / docs. */
  get lesson() {
    return this.pane.querySelector("#lessons.lesson");
  }

  onClick(e) {
    const button = e.target.closest("button[data-action]");
    if (button) {
      const action = button.dataset.action;
      if (action === "run" || action === "copy") {
        const block = button.closest(".runnable");
        const commands = commandsOf(block);
        if (action === "run") this.deps.run(commands.join("\n"));
        else this.copy(button, block, commands);
      } else if (action === "reset-step") {
        this.deps.runHidden(commandsOf(button.closest(".lesson-step")));
        this.say(this.deps.strings.step_reset);
      }
      return;
    }
    const link = e.target.closest("a[href]");
    if (!link || link.hasAttribute("hx-get") || link.target === "_blank") return;
    const href = link.getAttribute("href");
    if (href.startsWith("#")) {
      // Heading anchors of a docs page (Chinese ones too): scroll inside the column.
      e.preventDefault();
      const id = decodeURIComponent(href.slice(1));
      const heading = this.pane.querySelector(`[id="${CSS.escape(id)}"]`);
      if (heading) reveal(heading, { block: "start" });
      return;
    }
    const base = new URL(this.pane.querySelector("[data-base]")?.dataset.base || LESSON_PATH, location.href);
    const url = new URL(href, base);
    e.preventDefault();
    if (url.origin === location.origin && url.pathname.startsWith(LESSON_PATH)) {
      this.load(url.pathname + url.search, url.hash);
    } else {
      // Anything else would replace the playground (and its terminals): a new tab instead.
      window.open(url.href, "_blank", "noopener");
    }
  }

  async copy(button, block, commands) {
    const code = block.querySelector("pre code")?.textContent ?? commands.join("\n");
    const ok = await copyText(code.replace(/\n$/, ""));
    button.classList.toggle("is-copied", ok);
    setTimeout(() => button.classList.remove("is-copied"), 1200);
    this.say(ok ? this.deps.strings.copied : this.deps.strings.copy_failed);
  }

  load(path, hash = "") {
    const request = window.htmx
      ? window.htmx.ajax("GET", path, { target: this.pane, swap: "innerHTML" })
      : fetch(path, { headers: { "HX-Request": "true" } }).then((r) => r.text()).then((html) => this.update(html));
    return Promise.resolve(request).then(() => {
      const heading = hash && this.pane.querySelector(`[id="${CSS.escape(decodeURIComponent(hash.slice(1)))}"]`);
      if (heading) reveal(heading, { block: "start" });
    });
  }

  /** Put a server fragment in place: morph when it is the same kind of page, else replace. */
  update(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    const next = template.content.firstElementChild;
    const current = this.pane.firstElementChild;
    if (!next) return;
    // If the focused button goes away (the last hint shown), keep keyboard users in their step.
    const focused = this.pane.contains(document.activeElement) ? document.activeElement : null;
    const focusStep = focused?.closest(".lesson-step")?.id;
    const same = current && current.id === next.id && current.className === next.className
      && current.dataset.lesson === next.dataset.lesson && current.dataset.page === next.dataset.page;
    if (same) {
      morph(current, next);
    } else {
      this.pane.replaceChildren(...template.content.childNodes);
      this.pane.scrollTop = 0;
      this.pane.closest(".lesson-drawer")?.scrollTo({ top: 0 });
    }
    window.htmx?.process(this.pane);
    if (focused && !focused.isConnected && focusStep) {
      const button = this.pane.querySelector(`[id="${CSS.escape(focusStep)}"] .step-actions button`);
      button?.focus({ preventScroll: true });
      if (button) reveal(button);
    }
    this.settle();
  }

  /** What a fresh fragment asks for: the opening step's setup, a completed-step moment. */
  settle() {
    const root = this.lesson;
    if (!root) return;
    if (root.dataset.start) {
      delete root.dataset.start;
      const current = root.querySelector(".lesson-step.is-current");
      if (current) this.deps.runHidden(commandsOf(current));
    }
    if (root.dataset.moment) {
      this.deps.narrate([root.dataset.moment]);
      this.say(root.dataset.moment);
      delete root.dataset.moment;
      const current = root.querySelector(".lesson-step.is-current");
      if (current) reveal(current, { smooth: true });
    }
  }

  say(text) {
    if (!text) return;
    this.deps.live.textContent = "";
    // A fresh text node after a tick, so screen readers announce a repeated sentence too.
    setTimeout(() => { this.deps.live.textContent = text; }, 30);
  }

  /** After every command of this page: ask the lessons app whether the step is done. */
  afterOutcome(msg) {
    const root = this.lesson;
    if (!root || !root.dataset.checkUrl) return;
    const output = (msg.frames || []).map((f) => String(f.text ?? "")).join("").slice(-65536);
    const values = { input: String(msg.input ?? ""), exit_code: String(msg.exit_code ?? ""), output };
    const url = root.dataset.checkUrl;
    // One check at a time, in command order, so one command completes at most one step.
    this.checking = this.checking.then(() => this.post(url, values)).catch((err) => console.error(err));
  }

  post(url, values) {
    const headers = { "X-CSRFToken": this.deps.csrf };
    if (window.htmx) return window.htmx.ajax("POST", url, { target: this.pane, swap: "innerHTML", values, headers });
    const body = new URLSearchParams(values);
    return fetch(url, { method: "POST", body, headers: { ...headers, "HX-Request": "true" } })
      .then((r) => (r.ok ? r.text() : null))
      .then((html) => html && this.update(html));
  }
}
