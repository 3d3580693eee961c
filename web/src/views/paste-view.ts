/**
 * The paste box: paste an article (and its publication date, so relative dates resolve), the API
 * extracts it (POST /api/extract; nothing is stored) and the result is shown annotated, like a
 * stored article.
 */
import { api } from '../api.js';
import { renderArticle } from '../article/article-display.js';
import { append, clear, element, notice } from '../dom.js';
import type { Route } from '../routes.js';

export async function showPaste(container: HTMLElement, _route: Route): Promise<void> {
  const textBox = element('textarea', { id: 'paste-text', name: 'text', rows: 10, required: true, placeholder: 'Paste the text of a news article…' });
  const dateBox = element('input', { id: 'paste-published', name: 'published', type: 'date' });
  const submit = element('button', { type: 'submit' }, 'Annotate');
  const result = element('div', { class: 'paste-result', 'aria-live': 'polite' });
  const form = element(
    'form',
    { class: 'paste-form' },
    element('label', { for: 'paste-text' }, 'Article text'),
    textBox,
    element('label', { for: 'paste-published' }, 'Published (optional: without it, “on Tuesday” stays unresolved)'),
    dateBox,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = textBox.value;
    if (text.trim() === '') {
      clear(result);
      result.appendChild(notice('error', 'Paste some text first.'));
      return;
    }
    submit.disabled = true;
    clear(result);
    result.appendChild(notice('loading', 'Extracting…'));
    api
      .extract({ text, ...(dateBox.value ? { published: dateBox.value } : {}) })
      .then((article) => {
        clear(result);
        const display = renderArticle(article);
        result.appendChild(display.element);
        const problems = article.diagnostics.filter((diagnostic) => diagnostic.severity !== 'info');
        if (problems.length > 0) {
          const list = element('ul', { class: 'diagnostics' });
          for (const diagnostic of problems) list.appendChild(element('li', {}, element('code', {}, diagnostic.code), ` ${diagnostic.message}`));
          result.appendChild(element('details', {}, element('summary', {}, `${problems.length} diagnostics`), list));
        }
        display.reveal();
      })
      .catch((error: Error) => {
        clear(result);
        result.appendChild(notice('error', `Extraction failed: ${error.message}`));
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  append(container, element('h1', {}, 'Paste an article'), form, result);
}
