/**
 * Routes: what a view receives, and how hashes are written (`#/events?type=CONSULT`). Kept apart
 * from main.ts so views can build links without importing the entry point.
 */

export interface Route {
  path: string[];
  query: URLSearchParams;
  /** False once the user navigated elsewhere: a slow view then stops. */
  isCurrent: () => boolean;
}

/**
 * A view: renders into `container` (not yet in the document); may return a function to run once
 * it is (for work that needs layout: scrolling, canvases).
 */
export type View = (container: HTMLElement, route: Route) => Promise<void | (() => void)>;

/** The hash for a view and its query parameters (empty ones dropped). */
export function routeHash(path: string, parameters: Record<string, string | number | undefined | null> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  const suffix = query.toString();
  return `#/${path}${suffix ? `?${suffix}` : ''}`;
}

/** The path and query of a location hash; an empty path is the home view. */
export function parseHash(hash: string, home: string): { path: string[]; query: URLSearchParams } {
  const raw = hash.replace(/^#\/?/, '');
  const cut = raw.indexOf('?');
  const pathPart = cut === -1 ? raw : raw.slice(0, cut);
  const queryPart = cut === -1 ? '' : raw.slice(cut + 1);
  const path = pathPart.split('/').filter(Boolean).map((piece) => decodeURIComponent(piece));
  return { path: path.length > 0 ? path : [home], query: new URLSearchParams(queryPart) };
}
