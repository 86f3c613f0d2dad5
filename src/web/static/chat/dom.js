/*
 * Building the page's DOM safely: elements with text set through textContent (never innerHTML, so a
 * server string can never become markup), and checks for values put into attributes.
 */

export function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

/** A BCP 47-ish tag we are willing to put into a lang attribute. */
export function safeLangTag(value) {
  return typeof value === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(value) ? value : '';
}

/** The URL if it is an absolute http(s) URL, else null. */
export function safeHttpUrl(raw) {
  if (typeof raw !== 'string') return null;
  var value = raw.trim();
  if (!/^https?:\/\/[^\s<>"]+$/i.test(value)) return null;
  try {
    var url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username || url.password) return null;
    return url;
  } catch {
    return null;
  }
}
