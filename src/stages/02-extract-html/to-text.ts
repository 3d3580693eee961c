/**
 * DOM to plain text: the article as the rest of the pipeline (and the UI, which renders text, never
 * HTML) sees it. Block structure is kept — headings, paragraphs, list items, table rows, captions
 * each become a paragraph, separated by a blank line; `<br>` is a line break; white space collapses
 * as a browser collapses it (kept inside `<pre>`); scripts, styles, forms and embedded media are
 * dropped. Entities are already decoded by the parser. It does not judge what is content: callers
 * hand it the content element (Readability's, or a fallback's) and say what else to skip.
 */

/** Elements that start and end a paragraph of text. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li',
  'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
  'body', 'html',
]);

/** Elements whose content is never article text. */
const NEVER_TEXT = new Set([
  'script', 'style', 'noscript', 'template', 'head', 'title', 'meta', 'link', 'iframe', 'object', 'embed', 'svg', 'canvas',
  'audio', 'video', 'picture', 'source', 'track', 'map', 'button', 'select', 'option', 'input', 'textarea', 'img',
]);

/** Page furniture, skipped when converting a whole page (the fallbacks), not inside Readability's content. */
export const PAGE_FURNITURE = new Set(['nav', 'header', 'footer', 'aside', 'form', 'menu', 'dialog']);

export interface ToTextOptions {
  /** Extra element names to skip (lower case). */
  skip?: ReadonlySet<string>;
  /** Skip elements hidden by `hidden`, `aria-hidden="true"` or an inline `display:none`/`visibility:hidden`. */
  skipHidden?: boolean;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const DOCUMENT_NODE = 9;
const DOCUMENT_FRAGMENT_NODE = 11;

/** The text of `root`, paragraphs separated by one blank line, no leading or trailing white space. */
export function domToText(root: Node, options: ToTextOptions = {}): string {
  return domToParagraphs(root, options).join('\n\n');
}

/** The paragraphs of `root`'s text, in document order, each trimmed and non-empty. */
export function domToParagraphs(root: Node, options: ToTextOptions = {}): string[] {
  const paragraphs: string[] = [];
  let current = '';

  const flush = (): void => {
    for (const chunk of current.split(/\n[ \t]*\n/)) {
      const paragraph = chunk
        .split('\n')
        .map((line) => line.replace(/ {2,}/g, ' ').trim())
        .filter((line) => line !== '')
        .join('\n');
      if (paragraph !== '') paragraphs.push(paragraph);
    }
    current = '';
  };

  // An explicit stack rather than recursion: a page may nest elements many thousands deep.
  type Step = { node: Node; preformatted: boolean } | { exit: 'block' | 'cell' };
  const stack: Step[] = [{ node: root, preformatted: false }];
  const pushChildren = (node: Node, preformatted: boolean): void => {
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, preformatted });
  };
  while (stack.length > 0) {
    const step = stack.pop()!;
    if ('exit' in step) {
      if (step.exit === 'block') flush();
      else current += ' ';
      continue;
    }
    const { node, preformatted } = step;
    const type = node.nodeType;
    if (type === TEXT_NODE || type === CDATA_SECTION_NODE) {
      const data = (node as CharacterData).data;
      current += preformatted ? data.replace(/\r\n?/g, '\n') : data.replace(/[ \t\n\r\f]+/g, ' ');
      continue;
    }
    if (type !== ELEMENT_NODE && type !== DOCUMENT_NODE && type !== DOCUMENT_FRAGMENT_NODE) continue;
    if (type !== ELEMENT_NODE) {
      pushChildren(node, preformatted);
      continue;
    }
    const element = node as Element;
    const name = (element.localName ?? element.tagName ?? '').toLowerCase();
    if (NEVER_TEXT.has(name) || options.skip?.has(name)) continue;
    if (options.skipHidden && isHidden(element)) continue;
    if (name === 'br') {
      current += '\n';
      continue;
    }
    if (name === 'td' || name === 'th') {
      // Cells of one row stay on one line, separated by a tab.
      if (current.trim() !== '') current += '\t';
      stack.push({ exit: 'cell' });
      pushChildren(element, preformatted);
      continue;
    }
    const block = BLOCK.has(name);
    if (block) {
      flush();
      stack.push({ exit: 'block' });
    }
    // Inside <pre> every line break is kept, and a blank line is still a paragraph break.
    pushChildren(element, preformatted || name === 'pre' || name === 'textarea');
  }
  flush();
  return paragraphs.map((paragraph) => paragraph.replace(/\t+ ?/g, '\t').replace(/ ?\t/g, '\t').replace(/^\t+|\t+$/gm, ''));
}

function isHidden(element: Element): boolean {
  if (element.hasAttribute('hidden')) return true;
  if (element.getAttribute('aria-hidden') === 'true') return true;
  const style = element.getAttribute('style');
  return style !== null && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}
