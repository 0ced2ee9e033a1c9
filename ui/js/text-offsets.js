// An article's text as the core counts it: characters (code points) of every text node under the article body,
// in order. Highlights and read-aloud both name places in it; this converts between those offsets and the DOM.

/** Characters of `root`'s text before the boundary point (node, offset). */
export function offsetOf(root, node, offset) {
  const range = document.createRange();
  range.setStart(root, 0);
  range.setEnd(node, offset);
  return [...range.toString()].length;
}

/** The DOM range of characters `start..end` of `root`'s text, or null when the text is shorter. */
export function rangeOf(root, start, end) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0;
  let started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const chars = [...node.data];
    if (!started && start < seen + chars.length) {
      range.setStart(node, chars.slice(0, start - seen).join('').length);
      started = true;
    }
    if (started && end <= seen + chars.length) {
      range.setEnd(node, chars.slice(0, end - seen).join('').length);
      return range;
    }
    seen += chars.length;
  }
  return null;
}
