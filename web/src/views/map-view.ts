/**
 * The map: events by country on Natural Earth's 110m country shapes (world-atlas, bundled: nothing
 * is fetched from outside), projected with d3-geo into plain SVG paths, shaded by event count on a
 * log scale. A country links to the events that took place there.
 */
import { geoEqualEarth, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import numericToAlpha3 from 'virtual:country-codes';
import world from 'world-atlas/countries-110m.json';
import { api, type PlaceCountry } from '../api.js';
import { append, element, notice, svgElement, swatch } from '../dom.js';
import { routeHash, type Route } from '../routes.js';
import { filterForm } from './controls.js';

const WIDTH = 960;
const HEIGHT = 500;
const SHADES = ['#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#084594'];

type CountryFeature = Feature<Geometry, { name: string }>;

let shapes: CountryFeature[] | undefined;

/** The countries' shapes, converted once. */
function countryShapes(): CountryFeature[] {
  if (!shapes) {
    const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    shapes = (feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>).features;
  }
  return shapes;
}

/** The shade for `events` on a log scale up to `max`. */
export function shadeOf(events: number, max: number): string {
  if (events <= 0) return '#f2f2f2';
  const level = Math.min(SHADES.length - 1, Math.floor((Math.log1p(events) / Math.log1p(Math.max(max, 1))) * (SHADES.length - 1)));
  return SHADES[level]!;
}

export async function showMap(container: HTMLElement, route: Route): Promise<void> {
  const filters = { since: route.query.get('since') ?? '', until: route.query.get('until') ?? '', type: route.query.get('type') ?? '' };
  append(
    container,
    element('h1', {}, 'Map'),
    filterForm('map', [
      { name: 'since', label: 'Since', value: filters.since, type: 'date' },
      { name: 'until', label: 'Until', value: filters.until, placeholder: 'YYYY-MM(-DD)' },
      { name: 'type', label: 'Event type', value: filters.type, placeholder: 'CONSULT or 04' },
    ]),
  );
  const { countries } = await api.places(filters);
  const byCode = new Map<string, PlaceCountry>(countries.map((country) => [country.iso3, country]));
  const max = Math.max(0, ...countries.map((country) => country.events));

  const features = countryShapes();
  const projection = geoEqualEarth().fitSize([WIDTH, HEIGHT], { type: 'FeatureCollection', features } as FeatureCollection);
  const path = geoPath(projection);
  const svg = svgElement('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'map', role: 'img', 'aria-label': `Events by country: ${countries.length} countries` });
  svg.appendChild(svgElement('path', { d: path({ type: 'Sphere' }) ?? '', class: 'sphere' }));
  for (const shape of features) {
    const d = path(shape);
    if (!d) continue;
    const alpha3 = typeof shape.id === 'string' || typeof shape.id === 'number' ? numericToAlpha3[String(shape.id).padStart(3, '0')] : undefined;
    const place = alpha3 ? byCode.get(alpha3) : undefined;
    const events = place?.events ?? 0;
    const country = svgElement('path', { d, class: 'country', fill: shadeOf(events, max), 'data-iso3': alpha3 ?? '', 'data-events': events }, svgElement('title', {}, `${shape.properties.name}: ${events} events`));
    if (place && events > 0) {
      const link = svgElement('a', { href: routeHash('events', { place: place.name }), 'aria-label': `${place.name}: ${events} events` }, country);
      svg.appendChild(link);
    } else {
      svg.appendChild(country);
    }
  }
  // The legend names the counts each shade stands for, from the counts on the map.
  const ranges = new Map<number, [number, number]>();
  for (const country of countries) {
    if (country.events <= 0) continue;
    const level = SHADES.indexOf(shadeOf(country.events, max));
    const range = ranges.get(level);
    ranges.set(level, range ? [Math.min(range[0], country.events), Math.max(range[1], country.events)] : [country.events, country.events]);
  }
  const legend = element('ul', { class: 'legend' });
  legend.appendChild(element('li', {}, swatch('#f2f2f2'), ' none'));
  for (const [level, [low, high]] of [...ranges].sort((a, b) => a[0] - b[0])) {
    legend.appendChild(element('li', {}, swatch(SHADES[level]!), low === high ? ` ${low}` : ` ${low}–${high}`));
  }
  append(container, element('p', { class: 'summary' }, `${countries.reduce((sum, country) => sum + country.events, 0)} events in ${countries.length} countries.`), legend, svg);
  if (countries.length === 0) container.appendChild(notice('empty', 'No events with a known place match these filters.'));

  const table = element('tbody');
  for (const country of [...countries].sort((a, b) => b.events - a.events).slice(0, 20)) {
    table.appendChild(element('tr', {}, element('td', {}, element('a', { href: routeHash('events', { place: country.name }) }, country.name)), element('td', {}, element('code', {}, country.iso3)), element('td', { class: 'number' }, country.events)));
  }
  if (countries.length > 0) {
    container.appendChild(
      element(
        'table',
        { class: 'data-table compact' },
        element('caption', {}, 'Countries with the most events'),
        element('thead', {}, element('tr', {}, element('th', { scope: 'col' }, 'Country'), element('th', { scope: 'col' }, 'ISO'), element('th', { scope: 'col' }, 'Events'))),
        table,
      ),
    );
  }
}
