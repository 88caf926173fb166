// Wires the page together: socket -> terminals and diagrams; tabs, theme, language, controls.

import { Diagrams } from "./diagrams.js";
import { LessonPane } from "./lessons.js";
import { knownRefs } from "./refs.js";
import { PlaygroundSocket } from "./socket.js";
import { Terminal } from "./terminal.js";

const config = JSON.parse(document.getElementById("page-config").textContent);
const strings = config.strings;

const diagrams = new Diagrams({
  host: document.getElementById("diagrams-host"),
  tablist: document.querySelector(".diagram-tabs"),
  pin: document.getElementById("tab-pin"),
  narration: document.getElementById("narration"),
  dialog: document.getElementById("port-preview"),
});

const terminals = new Map();
const termHost = document.getElementById("terminals");
const termTabs = document.querySelector(".term-tabs");
const addButton = document.getElementById("term-add");
const connState = document.getElementById("conn-state");
let active = "t1";
let refCache = null;
// Step setups run in a terminal of their own that the page never shows.
const HIDDEN_TTY = "lesson";

const refs = () => {
  refCache ??= knownRefs(diagrams.host);
  return refCache;
};

const socket = new PlaygroundSocket(config.wsPath, route, (state) => {
  connState.dataset.state = state;
  connState.textContent = { connecting: strings.connecting, open: strings.connected, lost: strings.reconnecting }[state];
});

function makeTerminal(tty, el) {
  const term = new Terminal(el, tty, {
    send: (msg) => socket.send(msg),
    refs,
    strings,
    // Only the page that sent a command checks the lesson, so a second tab never double-counts.
    onOutcome: (msg, mine) => { if (mine) lessons.afterOutcome(msg); },
  });
  terminals.set(tty, term);
  return term;
}

/** The terminal for `tty`, created (with its tab) when a message names one we do not have yet. */
function terminal(tty) {
  if (terminals.has(tty)) return terminals.get(tty);
  if (tty === HIDDEN_TTY || !/^[A-Za-z0-9_-]{1,16}$/.test(tty)) return null;
  const first = termHost.querySelector(".term");
  const el = first.cloneNode(true);
  el.id = `term-${tty}`;
  el.dataset.tty = tty;
  el.setAttribute("aria-labelledby", `term-tab-${tty}`);
  el.querySelector(".term__scroll").replaceChildren();
  el.querySelector(".term__input").value = "";
  el.querySelector(".term__prompt").textContent = config.prompt;
  el.hidden = true;
  termHost.append(el);
  const tab = termTabs.querySelector(".term-tab").cloneNode(false);
  tab.id = `term-tab-${tty}`;
  tab.dataset.tty = tty;
  tab.setAttribute("aria-controls", el.id);
  tab.setAttribute("aria-selected", "false");
  tab.textContent = tty;
  addButton.before(tab);
  const close = termTabs.querySelector(".term-close").cloneNode(false);
  close.id = `term-close-${tty}`;
  close.dataset.close = tty;
  close.setAttribute("aria-label", `${strings.close_terminal} ${tty}`);
  close.textContent = "×";
  addButton.before(close);
  const term = makeTerminal(tty, el);
  term.setPrompt(config.prompt, "shell");
  updateClosers();
  return term;
}

/** A close button on every tab while more than one terminal is open. */
function updateClosers() {
  const only = terminals.size <= 1;
  for (const button of termTabs.querySelectorAll(".term-close")) button.hidden = only;
}

function closeTerminal(tty) {
  const term = terminals.get(tty);
  if (!term || terminals.size <= 1) return;
  // Whatever runs there (logs -f, an attached container) stops, as when a terminal window closes.
  if (term.mode !== "shell") socket.send({ type: "signal", tty, signal: "interrupt" });
  terminals.delete(tty);
  term.el.remove();
  document.getElementById(`term-tab-${tty}`)?.remove();
  document.getElementById(`term-close-${tty}`)?.remove();
  updateClosers();
  if (active === tty) activate(terminals.keys().next().value);
}

function activate(tty) {
  active = tty;
  for (const [name, term] of terminals) term.el.hidden = name !== tty;
  for (const tab of termTabs.querySelectorAll(".term-tab")) tab.setAttribute("aria-selected", String(tab.dataset.tty === tty));
  terminals.get(tty)?.focus();
}

function route(msg) {
  switch (msg.type) {
    case "outcome":
      terminal(msg.tty)?.showOutcome(msg);
      if (msg.tty !== HIDDEN_TTY) diagrams.narrate(msg.narration);
      break;
    case "output":
      terminal(msg.tty)?.showOutput(msg.frames);
      break;
    case "diagrams":
      diagrams.swap(msg).then(() => {
        refCache = null;
        markDiagramsTouched();
        for (const term of terminals.values()) term.enqueue(() => term.relink());
      });
      break;
    case "completion":
      terminal(msg.tty)?.showCompletion(msg);
      break;
    case "sync":
      for (const [tty, state] of Object.entries(msg.ttys || {})) terminal(tty)?.setPrompt(state.prompt, state.mode);
      break;
    case "error":
      terminals.get(active)?.note(String(msg.message || msg.code), "err");
      break;
    default:
      break;
  }
}

makeTerminal("t1", document.getElementById("term-t1"));
termTabs.addEventListener("click", (e) => {
  const close = e.target.closest(".term-close");
  if (close) {
    closeTerminal(close.dataset.close);
    return;
  }
  const tab = e.target.closest(".term-tab");
  if (tab) activate(tab.dataset.tty);
});
addButton.addEventListener("click", () => {
  let n = 1;
  while (terminals.has(`t${n}`)) n += 1;
  terminal(`t${n}`);
  activate(`t${n}`);
});

// Terminal refs <-> diagram elements.
termHost.addEventListener("mouseover", (e) => {
  const ref = e.target.closest?.(".ref");
  if (ref) diagrams.highlight(ref.dataset.ref, true);
});
termHost.addEventListener("mouseout", (e) => {
  const ref = e.target.closest?.(".ref");
  if (ref) diagrams.highlight(ref.dataset.ref, false);
});
termHost.addEventListener("focusin", (e) => {
  if (e.target.classList.contains("ref")) diagrams.highlight(e.target.dataset.ref, true);
});
termHost.addEventListener("focusout", (e) => {
  if (e.target.classList.contains("ref")) diagrams.highlight(e.target.dataset.ref, false);
});
termHost.addEventListener("click", (e) => {
  const ref = e.target.closest?.(".ref");
  if (ref && window.getSelection().isCollapsed) {
    e.stopPropagation();
    if (lowerSwitch.checkVisibility()) showLower("diagrams");
    diagrams.reveal(ref.dataset.ref);
  }
});

// Theme: the system's unless the learner chose one.
document.getElementById("theme-toggle").addEventListener("click", () => {
  const root = document.documentElement;
  const dark = root.dataset.theme
    ? root.dataset.theme === "dark"
    : window.matchMedia("(prefers-color-scheme: dark)").matches;
  root.dataset.theme = dark ? "light" : "dark";
  localStorage.setItem("theme", root.dataset.theme);
});

// Lessons column: open by default on wide screens unless the learner closed it.
const drawer = document.getElementById("lesson-drawer");
const drawerToggle = document.getElementById("lesson-toggle");
const wide = window.matchMedia("(min-width: 1101px)");
function setDrawer(open, remember = true) {
  drawer.hidden = !open;
  drawerToggle.setAttribute("aria-expanded", String(open));
  if (open) showLower("lesson");
  if (remember) localStorage.setItem("lessonDrawer", open ? "open" : "closed");
}
drawerToggle.addEventListener("click", () => setDrawer(drawer.hidden));
for (const close of document.querySelectorAll("[data-close-lesson]")) {
  close.addEventListener("click", () => {
    setDrawer(false);
    drawerToggle.focus();
  });
}
// Portrait tablets with a lesson open: lesson and diagrams share the space under the terminal.
const workspace = document.querySelector(".workspace");
const lowerSwitch = document.getElementById("lower-switch");
const lowerTabs = [...lowerSwitch.querySelectorAll("[data-lower]")];
function showLower(which) {
  workspace.dataset.lower = which;
  for (const tab of lowerTabs) {
    const on = tab.dataset.lower === which;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    if (on) tab.classList.remove("touched");
  }
}
lowerSwitch.addEventListener("click", (e) => {
  const tab = e.target.closest("[data-lower]");
  if (tab) showLower(tab.dataset.lower);
});
lowerSwitch.addEventListener("keydown", (e) => {
  if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
  const next = lowerTabs.find((tab) => tab.getAttribute("aria-selected") !== "true");
  showLower(next.dataset.lower);
  next.focus();
});
/** A command changed the diagrams while the lesson hides them: a dot on the switch says so. */
function markDiagramsTouched() {
  if (workspace.dataset.lower !== "diagrams" && lowerSwitch.checkVisibility()) {
    lowerTabs.find((tab) => tab.dataset.lower === "diagrams").classList.add("touched");
  }
}
const remembered = localStorage.getItem("lessonDrawer");
setDrawer(remembered ? remembered === "open" : wide.matches, false);
// Until the learner chooses, the column follows the screen: a column when wide, closed on tablets.
wide.addEventListener("change", () => {
  if (!localStorage.getItem("lessonDrawer")) setDrawer(wide.matches, false);
});

const csrf = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
const lessons = new LessonPane({
  pane: document.getElementById("lesson-pane"),
  live: document.getElementById("lesson-live"),
  csrf,
  strings,
  // "Run" is the same as pasting the block into the terminal in front.
  run: (line) => {
    const term = terminals.get(active);
    term.submit(line);
    term.focus();
  },
  runHidden: (lines) => {
    for (const line of lines) socket.send({ type: "input", tty: HIDDEN_TTY, id: crypto.randomUUID?.() ?? String(Math.random()), line });
  },
  narrate: (sentences) => diagrams.narrate(sentences),
});

// Language: remember it in Django's language cookie (the page is rendered in it), tell the
// session (engine messages and narration follow it), then reload the page's strings.
const langSelect = document.getElementById("lang-select");
langSelect.addEventListener("change", () => {
  document.cookie = `${config.langCookie}=${encodeURIComponent(langSelect.value)}; path=/; max-age=31536000; SameSite=Lax`;
  const form = document.getElementById("lang-form");
  if (window.htmx) window.htmx.trigger(form, "submit");
  else location.reload();
});
document.body.addEventListener("htmx:afterRequest", (e) => {
  const source = e.detail.elt;
  // A successful language switch answers with HX-Refresh, which htmx follows by itself.
  if ((source.id === "lang-form" && !e.detail.successful) || source.hasAttribute?.("data-reload")) {
    location.reload();
  }
});

socket.connect();
activate("t1");
// For the browser tests and for poking around in devtools; nothing in the page relies on it.
window.playground = { route, diagrams, terminals, socket, lessons };
