/**
 * The actor network as GEXF 1.3 for Gephi (graphology + graphology-gexf): nodes are actors (label,
 * CAMEO code, entity type, country, events taken part in), directed edges go from an event's
 * source actor to its target, weighted by the number of events, with the count per PLOVER type as
 * edge attributes (`CONSULT`, `ACCUSE`, …) and as one `types` text (`CONSULT:3 ACCUSE:1`).
 * The network is the query layer's (`Store.network`), so it matches the API's and the UI's.
 */
import { DirectedGraph } from 'graphology';
import { write } from 'graphology-gexf';
import type { Store } from '../store/store.js';

export interface GexfExport {
  gexf: string;
  nodes: number;
  edges: number;
}

export async function exportGexf(store: Store): Promise<GexfExport> {
  const network = await store.network({ limit: 0 });
  const graph = new DirectedGraph();
  for (const node of network.nodes) {
    graph.addNode(node.id, { label: node.name, code: node.code ?? '', type: node.type, country: node.country ?? '', events: node.events });
  }
  const types = [...new Set(network.edges.flatMap((edge) => Object.keys(edge.types)))].sort();
  for (const edge of network.edges) {
    const breakdown = Object.fromEntries(types.map((type) => [type, edge.types[type] ?? 0]));
    const summary = Object.entries(edge.types)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([type, count]) => `${type}:${count}`)
      .join(' ');
    graph.addDirectedEdge(edge.source, edge.target, { weight: edge.weight, types: summary, ...breakdown });
  }
  const gexf = write(graph, { version: '1.3' });
  return { gexf, nodes: graph.order, edges: graph.size };
}
