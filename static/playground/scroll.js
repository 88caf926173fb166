// Bring an element into view inside the box that scrolls it, and nowhere else.
// Element.scrollIntoView also scrolls every scrollable ancestor, the page included: after a
// lesson step or a diagram was revealed, the top bar slid out of sight.

function scrollerOf(el) {
  for (let box = el.parentElement; box; box = box.parentElement) {
    const overflow = getComputedStyle(box).overflowY;
    if ((overflow === "auto" || overflow === "scroll") && box.scrollHeight > box.clientHeight) {
      return box;
    }
  }
  return null;
}

/** `block`: "nearest" (scroll only if needed) or "start" (align the element's top). */
export function reveal(el, { block = "nearest", smooth = false } = {}) {
  const box = scrollerOf(el);
  if (!box) return;
  const outer = box.getBoundingClientRect();
  const inner = el.getBoundingClientRect();
  let delta = 0;
  if (block === "start" || inner.top < outer.top) delta = inner.top - outer.top;
  else if (inner.bottom > outer.bottom) delta = Math.min(inner.bottom - outer.bottom, inner.top - outer.top);
  if (delta) box.scrollBy({ top: delta, behavior: smooth ? "smooth" : "auto" });
}
