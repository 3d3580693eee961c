/**
 * The UI's client for the Dateline HTTP API (`dateline serve`): typed fetches of the /api routes,
 * relative to the page so the UI works under any prefix. Errors come back as `ApiError` with the
 * problem document's code when the API sent one. It must not cache or retry: views decide.
 */
import type { Article } from '../../src/core/record.js';
import type { ActorNetwork, ActorRow, ArticleRow, CountryEvents, EventRow, TimelineDay } from '../../src/store/store.js';

export type { Article, ActorRow, ArticleRow, TimelineDay };
/** The actor network of `/api/network`. */
export type Network = ActorNetwork;
/** Events per country, for the map (`/api/places`). */
export type PlaceCountry = CountryEvents;

/** An event row: with where its first report sits (the article's sentence and the event's local id, `e1`). */
export type EventItem = EventRow;

export interface Page<T> {
  items: T[];
  nextOffset: number | null;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The URL of an API route with the non-empty parameters as its query string. */
export function apiUrl(path: string, parameters: Record<string, string | number | undefined | null> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value === undefined || value === null || value === '') continue;
    query.set(name, String(value));
  }
  const suffix = query.toString();
  return `api/${path}${suffix ? `?${suffix}` : ''}`;
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (cause) {
    throw new ApiError(`The API cannot be reached (${(cause as Error).message})`, 0, 'UI_NETWORK');
  }
  if (!response.ok) {
    let code = `HTTP_${response.status}`;
    let message = response.statusText || `HTTP ${response.status}`;
    try {
      const problem = (await response.json()) as { code?: string; title?: string; detail?: string };
      if (problem.code) code = problem.code;
      message = problem.detail ?? problem.title ?? message;
    } catch {
      // Not a problem document: keep the status line.
    }
    throw new ApiError(message, response.status, code);
  }
  return (await response.json()) as T;
}

export const api = {
  articles: (parameters: Record<string, string | number | undefined>) => request<Page<ArticleRow>>(apiUrl('articles', parameters)),
  article: (id: string) => request<Article>(apiUrl(`articles/${encodeURIComponent(id)}`)),
  events: (parameters: Record<string, string | number | undefined>) => request<Page<EventItem>>(apiUrl('events', parameters)),
  timeline: (parameters: Record<string, string | number | undefined>) => request<{ days: TimelineDay[] }>(apiUrl('timeline', parameters)),
  network: (parameters: Record<string, string | number | undefined>) => request<Network>(apiUrl('network', parameters)),
  places: (parameters: Record<string, string | number | undefined> = {}) => request<{ countries: PlaceCountry[] }>(apiUrl('places', parameters)),
  extract: (body: { text: string; published?: string }) =>
    request<Article>(apiUrl('extract'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
};
