/**
 * The one way the UI builds DOM: elements with attributes and children given as nodes or strings,
 * where strings always become text nodes. Nothing here (or anywhere in the UI) assigns innerHTML:
 * article text, names and quotes are data and must stay inert.
 */

export type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined>;

/** Creates `<tag>` with attributes (false/null/undefined skipped, `true` → empty) and children. */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  setAttributes(node, attributes);
  append(node, ...children);
  return node;
}

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

/** Creates an SVG element. */
export function svgElement(tag: string, attributes: Attributes = {}, ...children: Child[]): SVGElement {
  const node = document.createElementNS(SVG_NAMESPACE, tag) as SVGElement;
  setAttributes(node, attributes);
  append(node, ...children);
  return node;
}

function setAttributes(node: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
}

/** Appends children; strings and numbers as text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Removes every child of `node`. */
export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** A message box for empty and error states. */
export function notice(kind: 'empty' | 'error' | 'loading', message: string): HTMLElement {
  return element('p', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
}

/** A definition list from label/value pairs, skipping empty values. */
export function definitions(pairs: readonly (readonly [string, Child | Child[]])[]): HTMLDListElement {
  const list = element('dl', { class: 'details' });
  for (const [label, value] of pairs) {
    if (value === null || value === undefined || value === '' || value === false) continue;
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0) continue;
    append(list, element('dt', {}, label), element('dd', {}, ...values));
  }
  return list;
}

/** A colour swatch for legends (colour set through CSSOM, which a strict style-src allows). */
export function swatch(colour: string): HTMLSpanElement {
  const node = element('span', { class: 'swatch', 'aria-hidden': 'true' });
  node.style.background = colour;
  return node;
}
