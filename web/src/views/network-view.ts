/**
 * The actor network: actors as nodes (sized by their events, coloured by entity type), weighted
 * edges for the events between them; filters by time, event type and minimum weight; a GEXF
 * download of the same network. The ForceAtlas2 layout runs for a bounded number of iterations
 * (fewer on big graphs) so the view never hangs; sigma draws it with WebGL.
 */
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import Sigma from 'sigma';
import { api, apiUrl, type Network } from '../api.js';
import { append, element, notice, swatch } from '../dom.js';
import { routeHash, type Route } from '../routes.js';
import { filterForm } from './controls.js';

export const TYPE_COLOURS: Record<string, string> = {
  PERSON: '#7b3294',
  ORG: '#1b7837',
  GPE: '#2166ac',
  LOC: '#4393c3',
  NORP: '#b35806',
  MISC: '#666666',
};

/** Layout iterations for a graph of `order` nodes: enough to settle small graphs, bounded on large ones. */
export function layoutIterations(order: number): number {
  return Math.max(30, Math.min(300, Math.round(60000 / Math.max(order, 1))));
}

/** A graphology graph from the API's network, with positions on a circle to start the layout from. */
export function buildGraph(network: Network): Graph {
  const graph = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  const maxEvents = Math.max(1, ...network.nodes.map((node) => node.events));
  network.nodes.forEach((node, index) => {
    const angle = (2 * Math.PI * index) / Math.max(network.nodes.length, 1);
    graph.mergeNode(node.id, {
      label: node.code ? `${node.name} (${node.code})` : node.name,
      x: Math.cos(angle) * 100 + (index % 7),
      y: Math.sin(angle) * 100 + (index % 5),
      size: 1.5 + 4.5 * Math.sqrt(node.events / maxEvents),
      color: TYPE_COLOURS[node.type] ?? '#666666',
      code: node.code,
      events: node.events,
    });
  });
  const maxWeight = Math.max(1, ...network.edges.map((edge) => edge.weight));
  for (const edge of network.edges) {
    if (edge.source === edge.target || !graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
    const key = graph.edge(edge.source, edge.target);
    if (key !== undefined) {
      graph.updateEdgeAttribute(key, 'weight', (weight: number | undefined) => (weight ?? 0) + edge.weight);
      continue;
    }
    graph.addEdge(edge.source, edge.target, { weight: edge.weight, size: 1 + 4 * (edge.weight / maxWeight), color: '#8d99ae' });
  }
  return graph;
}

export async function showNetwork(container: HTMLElement, route: Route): Promise<void | (() => void)> {
  const filters = { since: route.query.get('since') ?? '', until: route.query.get('until') ?? '', type: route.query.get('type') ?? '', minWeight: route.query.get('minWeight') ?? '' };
  append(
    container,
    element('h1', {}, 'Actor network'),
    filterForm('network', [
      { name: 'since', label: 'Since', value: filters.since, type: 'date' },
      { name: 'until', label: 'Until', value: filters.until, placeholder: 'YYYY-MM(-DD)' },
      { name: 'type', label: 'Event type', value: filters.type, placeholder: 'CONSULT or 04' },
      { name: 'minWeight', label: 'Minimum weight', value: filters.minWeight, type: 'number' },
    ]),
  );
  const network = await api.network(filters);
  const download = element('a', { href: apiUrl('network.gexf', filters), download: 'dateline-network.gexf', class: 'button' }, 'Download GEXF');
  if (network.nodes.length === 0) {
    append(container, notice('empty', 'No actors with events match these filters.'), download);
    return;
  }
  const graph = buildGraph(network);
  const iterations = layoutIterations(graph.order);
  const started = performance.now();
  if (graph.size > 0) forceAtlas2.assign(graph, { iterations, settings: { ...forceAtlas2.inferSettings(graph), adjustSizes: graph.order <= 500, scalingRatio: 10, barnesHutOptimize: graph.order > 500 } });
  const layoutMs = Math.round(performance.now() - started);

  const canvasBox = element('div', { class: 'network-canvas', role: 'img', 'aria-label': `Network of ${graph.order} actors and ${graph.size} links` });
  const selected = element('p', { class: 'muted', 'aria-live': 'polite' }, 'Click an actor to see its events.');
  const legend = element('ul', { class: 'legend' });
  for (const [type, colour] of Object.entries(TYPE_COLOURS)) legend.appendChild(element('li', {}, swatch(colour), ` ${type}`));
  append(
    container,
    element('p', { class: 'summary' }, `${graph.order} actors, ${graph.size} links (ForceAtlas2, ${iterations} iterations, ${layoutMs} ms). `, download),
    legend,
    canvasBox,
    selected,
  );

  return () => {
    const renderer = new Sigma(graph, canvasBox, { settings: { renderEdgeLabels: false, labelRenderedSizeThreshold: 6 } });
    canvasBox.dataset['nodes'] = String(graph.order);
    renderer.on('clickNode', ({ node }) => {
      const attributes = graph.getNodeAttributes(node) as { label: string; code: string | null; events: number };
      selected.replaceChildren(`${attributes.label}: ${attributes.events} events, ${graph.degree(node)} partners. `, element('a', { href: routeHash('events', { actor: attributes.code ?? node }) }, 'Show its events'));
    });
    const stop = (): void => {
      renderer.kill();
      window.removeEventListener('hashchange', stop);
    };
    window.addEventListener('hashchange', stop);
  };
}
