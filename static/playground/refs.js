// Names, ids and tags in terminal output become spans linked to diagram elements (data-refs).

const TOKEN = /[A-Za-z0-9][A-Za-z0-9_.:/@-]*/g;
const TRAILING = /[.:,;)]+$/;

/** The set of words the current diagrams know (from their data-refs attributes). */
export function knownRefs(root) {
  const refs = new Set();
  for (const el of root.querySelectorAll("[data-refs]")) {
    for (const word of el.dataset.refs.split(/\s+/)) if (word) refs.add(word);
  }
  return refs;
}

/** The diagram word a printed token stands for, or null ("3f9c2b7a1d4e…" ids match by prefix). */
export function refFor(token, refs) {
  const word = token.replace(TRAILING, "");
  if (refs.has(word)) return word;
  if (/^[0-9a-f]{12,64}$/.test(word) && refs.has(word.slice(0, 12))) return word.slice(0, 12);
  const bare = word.replace(/^sha256:/, "").slice(0, 12);
  if (bare !== word && refs.has(bare)) return bare;
  return null;
}

/** Wrap known words in the plain text nodes under `node`. Text stays text: no HTML parsing. */
export function linkify(node, refs) {
  if (!refs.size) return;
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT, {
    acceptNode: (t) => (t.parentElement.closest(".ref") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const texts = [];
  while (walker.nextNode()) texts.push(walker.currentNode);
  for (const text of texts) {
    const value = text.nodeValue;
    let last = 0;
    const parts = [];
    for (const match of value.matchAll(TOKEN)) {
      const ref = refFor(match[0], refs);
      if (!ref) continue;
      // "648e0aadf75a: Pull complete": the colon is punctuation, not part of the link.
      const word = match[0].replace(TRAILING, "");
      if (match.index > last) parts.push(document.createTextNode(value.slice(last, match.index)));
      const span = document.createElement("span");
      span.className = "ref";
      span.dataset.ref = ref;
      span.tabIndex = 0;
      span.textContent = word;
      parts.push(span);
      last = match.index + word.length;
    }
    if (!parts.length) continue;
    if (last < value.length) parts.push(document.createTextNode(value.slice(last)));
    text.replaceWith(...parts);
  }
}

/** Elements of the diagrams a ref word points at. */
export function targetsOf(root, ref) {
  return [...root.querySelectorAll("[data-refs]")].filter((el) => el.dataset.refs.split(/\s+/).includes(ref));
}
