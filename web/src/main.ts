/**
 * The UI's entry point: navigation and hash routing (`#/events?type=CONSULT`, `#/article/<id>?sentence=2&event=e1`).
 * Each view renders into the main element from the route's path and query; a render that a newer
 * navigation overtook is dropped. The time the first view took is kept on `<body data-first-view-ms>`
 * (measured from navigation start) so tests and benchmarks can read it.
 */
import './style.css';
import { clear, element, notice } from './dom.js';
import { parseHash, type View } from './routes.js';
import { showArticle, showArticles } from './views/articles-view.js';

// The first view's code is in the main bundle; the others (sigma, the world map) load when first
// visited, so the first view does not wait for them.
const VIEWS: Record<string, { title: string; load: () => Promise<View>; nav: boolean }> = {
  articles: { title: 'Articles', load: async () => showArticles, nav: true },
  article: { title: 'Article', load: async () => showArticle, nav: false },
  events: { title: 'Events', load: async () => (await import('./views/events-view.js')).showEvents, nav: true },
  network: { title: 'Network', load: async () => (await import('./views/network-view.js')).showNetwork, nav: true },
  timeline: { title: 'Timeline', load: async () => (await import('./views/timeline-view.js')).showTimeline, nav: true },
  map: { title: 'Map', load: async () => (await import('./views/map-view.js')).showMap, nav: true },
  paste: { title: 'Paste', load: async () => (await import('./views/paste-view.js')).showPaste, nav: true },
};
const HOME = 'articles';

const main = document.getElementById('view') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;
let generation = 0;
let firstViewDone = false;

for (const [name, entry] of Object.entries(VIEWS)) {
  if (entry.nav) nav.appendChild(element('li', {}, element('a', { href: `#/${name}`, 'data-view': name }, entry.title)));
}

async function render(): Promise<void> {
  generation += 1;
  const mine = generation;
  const { path, query } = parseHash(location.hash, HOME);
  const entry = VIEWS[path[0]!];
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset['view'] === path[0]) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  clear(main);
  main.setAttribute('aria-busy', 'true');
  document.body.dataset['view'] = path[0];
  if (!entry) {
    main.appendChild(notice('error', `There is no view called “${path[0]}”.`));
  } else {
    document.title = `${entry.title} · Dateline`;
    main.appendChild(notice('loading', 'Loading…'));
    try {
      const container = element('div', { class: `view view-${path[0]}` });
      const view = await entry.load();
      const attached = await view(container, { path: path.slice(1), query, isCurrent: () => mine === generation });
      if (mine !== generation) return;
      clear(main);
      main.appendChild(container);
      if (attached) attached();
    } catch (error) {
      if (mine !== generation) return;
      clear(main);
      main.appendChild(notice('error', `This view could not be shown: ${(error as Error).message}`));
    }
  }
  main.setAttribute('aria-busy', 'false');
  main.dispatchEvent(new CustomEvent('view-rendered'));
  if (!firstViewDone) {
    firstViewDone = true;
    document.body.dataset['firstViewMs'] = String(Math.round(performance.now()));
  }
  document.body.dataset['rendered'] = String(mine);
}

// The skip link moves focus; following its href would change the route.
document.querySelector('.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', () => void render());
void render();
