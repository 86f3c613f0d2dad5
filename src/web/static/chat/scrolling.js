/*
 * Scrolling. The document scrolls, not an inner box, so zoom and small screens reflow naturally;
 * window.scrollTo never scrolls an embedding page, unlike scrollIntoView.
 */

export function maxScroll() {
  var doc = document.scrollingElement || document.documentElement;
  return Math.max(0, doc.scrollHeight - window.innerHeight);
}

export function scrollToBottom() {
  window.scrollTo({ top: maxScroll() });
}

function documentTop(node) {
  return node.getBoundingClientRect().top + window.pageYOffset;
}

/**
 * Shows the newest exchange: the echoed question and the start of the first reply, or the end of
 * the page when all of it fits. Long answers are shown from their beginning, not their end.
 */
export function scrollToNewest(echo, first) {
  var top = documentTop(echo || first);
  if (echo && documentTop(first) - top > window.innerHeight * 0.5) top = documentTop(first);
  window.scrollTo({ top: Math.max(0, Math.min(top - 12, maxScroll())) });
}

/** When the on-screen keyboard opens, keeps the newest message in view if the page was at its end. */
export function keepEndInViewOnResize() {
  if (!window.visualViewport) return;
  var wasAtEnd = true;
  window.addEventListener('scroll', function () {
    wasAtEnd = maxScroll() - window.pageYOffset < 48;
  }, { passive: true });
  window.visualViewport.addEventListener('resize', function () {
    if (wasAtEnd) scrollToBottom();
  });
}
