// A small keyed DOM patch (htmx 2 ships no morph): the old tree is updated in place to look like
// the new one, so elements keep their identity (focus, scroll, running transitions survive).
// Children are matched by `id` when they have one, otherwise by position among siblings of the
// same tag. The caller decides how inserted elements look (`onInsert`); removals are immediate,
// callers that want an exit animation run it before patching.

/** Attributes owned by the page at runtime, never reset from the server's copy. */
const KEEP = new Set(["hidden"]);

function sameKind(a, b) {
  return a.nodeType === b.nodeType && a.nodeName === b.nodeName;
}

function patchAttributes(old, next, keep) {
  for (const { name } of [...old.attributes]) {
    if (!next.hasAttribute(name) && !keep.has(name)) old.removeAttribute(name);
  }
  for (const { name, value } of next.attributes) {
    if (keep.has(name)) continue;
    if (old.getAttribute(name) !== value) old.setAttribute(name, value);
  }
}

/**
 * Make `old` look like `next` (same tag expected), recursing into children.
 * @param {Element} old
 * @param {Element} next
 * @param {{onInsert?: (el: Element) => void, keep?: Set<string>}} options
 */
export function morph(old, next, options = {}) {
  patchAttributes(old, next, options.keep ?? KEEP);
  morphChildren(old, next, options);
}

function morphChildren(parent, nextParent, options) {
  const byId = new Map();
  const unkeyed = [];
  for (const child of parent.childNodes) {
    if (child.nodeType === Node.ELEMENT_NODE && child.id) byId.set(child.id, child);
    else unkeyed.push(child);
  }
  const used = new Set();
  let cursor = parent.firstChild;
  for (const nextChild of [...nextParent.childNodes]) {
    let match = null;
    if (nextChild.nodeType === Node.ELEMENT_NODE && nextChild.id) {
      const candidate = byId.get(nextChild.id);
      if (candidate && sameKind(candidate, nextChild)) match = candidate;
    } else {
      const index = unkeyed.findIndex((c) => !used.has(c) && sameKind(c, nextChild));
      if (index >= 0) match = unkeyed[index];
    }
    if (match) {
      used.add(match);
      if (match.nodeType === Node.ELEMENT_NODE) morph(match, nextChild, options);
      else if (match.nodeValue !== nextChild.nodeValue) match.nodeValue = nextChild.nodeValue;
      if (match !== cursor) parent.insertBefore(match, cursor);
      cursor = match.nextSibling;
    } else {
      const fresh = document.importNode(nextChild, true);
      used.add(fresh);
      parent.insertBefore(fresh, cursor);
      if (fresh.nodeType === Node.ELEMENT_NODE) options.onInsert?.(fresh);
      cursor = fresh.nextSibling;
    }
  }
  for (const child of [...parent.childNodes]) if (!used.has(child)) child.remove();
}
