/**
 * Controls the list views share: a filter form whose submission becomes the route's query (so
 * filtered views can be bookmarked and shared), and previous/next paging links.
 */
import { element } from '../dom.js';
import { routeHash } from '../routes.js';

export interface Field {
  name: string;
  label: string;
  value: string;
  type?: 'text' | 'date' | 'number';
  placeholder?: string;
  /** A select instead of a text box. */
  options?: readonly (readonly [string, string])[];
}

/** A filter form for `view`; submitting it navigates to the view with the fields as its query. */
export function filterForm(view: string, fields: readonly Field[], extra: Record<string, string> = {}): HTMLFormElement {
  const form = element('form', { class: 'filters', role: 'search', 'aria-label': 'Filters' });
  for (const field of fields) {
    const id = `filter-${view}-${field.name}`;
    let control: HTMLInputElement | HTMLSelectElement;
    if (field.options) {
      control = element('select', { id, name: field.name });
      for (const [value, label] of field.options) control.appendChild(element('option', { value, selected: value === field.value }, label));
    } else {
      control = element('input', { id, name: field.name, type: field.type ?? 'text', value: field.value, placeholder: field.placeholder ?? '' });
    }
    form.appendChild(element('label', { for: id }, field.label, control));
  }
  form.appendChild(element('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const parameters: Record<string, string> = { ...extra };
    for (const [name, value] of new FormData(form)) if (typeof value === 'string' && value.trim() !== '') parameters[name] = value.trim();
    location.hash = routeHash(view, parameters);
  });
  return form;
}

/** Previous / next links for a list page. */
export function pager(view: string, parameters: Record<string, string>, offset: number, pageSize: number, count: number, nextOffset: number | null): HTMLElement {
  const nav = element('nav', { class: 'pager', 'aria-label': 'Pages' });
  if (offset > 0) nav.appendChild(element('a', { href: routeHash(view, { ...parameters, offset: Math.max(0, offset - pageSize) || undefined }), rel: 'prev' }, '← Previous'));
  nav.appendChild(element('span', { class: 'muted' }, `Rows ${offset + 1}–${offset + count}`));
  if (nextOffset !== null) nav.appendChild(element('a', { href: routeHash(view, { ...parameters, offset: nextOffset }), rel: 'next' }, 'Next →'));
  return nav;
}
