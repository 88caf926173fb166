// The diagram pane: tab switching and pinning, animated swaps of server-rendered fragments,
// highlights from terminal refs, the narration log and the published-port preview.

import { morph } from "./morph.js";
import { targetsOf } from "./refs.js";
import { reveal } from "./scroll.js";

const reducedMotion = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first element matching `selector` in server-rendered HTML (Django autoescapes it). */
function parse(html, selector) {
  const template = document.createElement("template");
  template.innerHTML = html;
  return template.content.querySelector(selector);
}

export class Diagrams {
  constructor({ host, tablist, pin, narration, dialog }) {
    this.host = host;
    this.tablist = tablist;
    this.pin = pin;
    this.narration = narration;
    this.dialog = dialog;
    this.tabs = [...tablist.querySelectorAll("[data-tab]")];
    this.active = this.tabs[0].dataset.tab;
    this.chain = Promise.resolve();
    this.bind();
    this.applyTab();
    this.applyPicker();
  }

  bind() {
    this.tablist.addEventListener("click", (e) => {
      const tab = e.target.closest("[data-tab]");
      if (tab) this.show(tab.dataset.tab, true);
    });
    this.tablist.addEventListener("keydown", (e) => {
      if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
      const i = this.tabs.findIndex((t) => t.dataset.tab === this.active);
      const next = this.tabs[(i + (e.key === "ArrowRight" ? 1 : this.tabs.length - 1)) % this.tabs.length];
      this.show(next.dataset.tab, true);
      next.focus();
    });
    this.pin.addEventListener("click", () => {
      this.pin.setAttribute("aria-pressed", String(this.pin.getAttribute("aria-pressed") !== "true"));
    });
    this.insidePick = "";
    this.host.addEventListener("animationend", (e) => {
      e.target.classList.remove("is-new", "is-changed");
    });
    this.host.addEventListener("change", (e) => {
      if (e.target.id !== "inside-picker") return;
      this.insidePick = e.target.value;
      this.applyPicker();
    });
    this.host.addEventListener("click", (e) => {
      const port = e.target.closest("[data-port]");
      if (port) this.openPort(port.dataset.port);
    });
  }

  get pinned() {
    return this.pin.getAttribute("aria-pressed") === "true";
  }

  show(tab, byUser = false) {
    this.active = tab;
    if (byUser) this.tablist.querySelector(`[data-tab="${tab}"]`)?.classList.remove("touched");
    this.applyTab();
  }

  applyTab() {
    for (const tab of this.tabs) {
      const on = tab.dataset.tab === this.active;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
    }
    // Only real changes touch the DOM: a panel no update changed is left entirely alone.
    for (const panel of this.host.querySelectorAll(".panel[data-tab]")) {
      const hide = panel.dataset.tab !== this.active;
      if (panel.hidden !== hide) panel.hidden = hide;
    }
  }

  /**
   * Apply a `diagrams` message: the whole fragment (`html`) or only the panels that changed
   * (`panels`, keyed by tab, with `focus`). New elements grow in, vanished ones shrink out, the
   * rest stay put; panels a partial message leaves out are not touched at all.
   */
  swap(msg) {
    this.chain = this.chain.then(() => this.doSwap(msg)).catch((err) => console.error(err));
    return this.chain;
  }

  async doSwap(msg) {
    const current = this.host.querySelector("#diagrams");
    if (typeof msg.html === "string") {
      const next = parse(msg.html, "#diagrams");
      if (!next) return;
      if (!current) {
        this.host.replaceChildren(next);
        this.afterSwap(next);
        return;
      }
      await this.patch(current, [[current, next]]);
    } else if (current && msg.panels && typeof msg.panels === "object") {
      const pairs = [];
      for (const [tab, html] of Object.entries(msg.panels)) {
        const old = current.querySelector(`:scope > .panel[data-tab="${CSS.escape(tab)}"]`);
        const next = typeof html === "string" ? parse(html, ".panel") : null;
        if (old && next) pairs.push([old, next]);
      }
      current.dataset.focusTab = typeof msg.focus === "string" ? msg.focus : "";
      await this.patch(current, pairs);
    } else {
      return;
    }
    this.afterSwap(current);
  }

  /** Morph each old element of `pairs` into its new copy (all of them inside `section`). */
  async patch(section, pairs) {
    const visible = section.querySelector(`.panel[data-tab="${this.active}"]`);
    const touchesVisible = pairs.some(([old]) => old === section || old === visible);
    if (touchesVisible && visible && !reducedMotion()) {
      const after = new Set(pairs.flatMap(([, next]) => [...next.querySelectorAll("[id]")].map((el) => el.id)));
      const leaving = [...visible.querySelectorAll("[id]")].filter((el) => !after.has(el.id));
      for (const el of leaving) el.classList.add("is-leaving");
      if (leaving.length) await sleep(200);
    }
    // A state change (running -> exited, paused ...) flashes the card that keeps its identity.
    for (const [, next] of pairs) {
      for (const el of next.querySelectorAll(".ctr-card[id]")) {
        const old = section.querySelector(`#${CSS.escape(el.id)}`);
        if (old && old.className.replace(/\s*is-\w+/g, "") !== el.className) el.classList.add("is-changed");
      }
    }
    const stagger = new Map();
    const onInsert = (el) => {
      // The inserted element grows in; inside it only layer slabs move (staggered, like a pull).
      for (const fresh of [el, ...el.querySelectorAll(".slab[id]")]) {
        if (!fresh.id) continue;
        fresh.classList.add("is-new");
        if (fresh.classList.contains("slab") && !fresh.style.getPropertyValue("--i")) {
          const n = stagger.get(fresh.parentElement) ?? 0;
          stagger.set(fresh.parentElement, n + 1);
          fresh.style.setProperty("--i", String(n));
        }
      }
    };
    for (const [old, next] of pairs) morph(old, next, { onInsert });
  }

  afterSwap(section) {
    this.applyTab();
    this.applyPicker();
    const focus = section.dataset.focusTab;
    if (focus && focus !== this.active) {
      if (this.pinned) this.tablist.querySelector(`[data-tab="${focus}"]`)?.classList.add("touched");
      else this.show(focus);
    }
    // Changes in panels nobody is looking at must not replay when the tab is opened later.
    for (const el of section.querySelectorAll(".panel[hidden] :is(.is-new, .is-changed)")) {
      el.classList.remove("is-new", "is-changed");
    }
  }

  /** "Inside a container": show the picked container only (kept across updates). */
  applyPicker() {
    const picker = this.host.querySelector("#inside-picker");
    if (!picker) return;
    const cards = [...this.host.querySelectorAll(".inside[id]")];
    if (!cards.some((card) => card.id === this.insidePick)) this.insidePick = "";
    picker.value = this.insidePick;
    for (const card of cards) {
      const hide = Boolean(this.insidePick) && card.id !== this.insidePick;
      if (card.hidden !== hide) card.hidden = hide;
    }
  }

  narrate(sentences) {
    if (!Array.isArray(sentences) || !sentences.length) return;
    for (const old of this.narration.querySelectorAll(".latest")) old.classList.remove("latest");
    for (const sentence of sentences) {
      const li = document.createElement("li");
      li.textContent = String(sentence);
      li.className = "latest";
      this.narration.append(li);
    }
    while (this.narration.childElementCount > 40) this.narration.firstElementChild.remove();
    this.narration.scrollTop = this.narration.scrollHeight;
  }

  highlight(ref, on) {
    for (const el of targetsOf(this.host, ref)) el.classList.toggle("hl", on);
  }

  reveal(ref) {
    const targets = targetsOf(this.host, ref);
    if (!targets.length) return;
    const inActive = targets.find((el) => el.closest(`.panel[data-tab="${this.active}"]`));
    const target = inActive ?? targets[0];
    const panel = target.closest(".panel[data-tab]");
    if (panel) this.show(panel.dataset.tab, true);
    reveal(target, { smooth: !reducedMotion() });
    if (target.tabIndex < 0) target.tabIndex = -1;
    target.focus({ preventScroll: true });
  }

  openPort(port) {
    const number = Number.parseInt(port, 10);
    if (!Number.isInteger(number)) return;
    this.dialog.querySelector("#port-preview-title").textContent = `localhost:${number}`;
    this.dialog.querySelector("iframe").src = `/port/${number}/`;
    this.dialog.showModal();
  }
}
