/**
 * The timeline: events per day stacked by PLOVER type or by QuadClass, and a daily volume and tone
 * chart, drawn as plain SVG. Filters by actor, event type and date range; `by` picks the grouping.
 */
import { api, type TimelineDay } from '../api.js';
import { append, element, notice, svgElement, swatch } from '../dom.js';
import type { Route } from '../routes.js';
import { filterForm } from './controls.js';

const PALETTE = ['#2166ac', '#b2182b', '#1b7837', '#762a83', '#e08214', '#35978f', '#8c510a', '#c51b7d', '#4d4d4d', '#7fbc41', '#542788', '#d6604d'];
const QUAD_NAMES: Record<string, string> = { '1': 'verbal cooperation', '2': 'material cooperation', '3': 'verbal conflict', '4': 'material conflict' };
const QUAD_COLOURS: Record<string, string> = { '1': '#4393c3', '2': '#1b7837', '3': '#f4a582', '4': '#b2182b' };

const WIDTH = 960;
const MARGIN = { top: 10, right: 40, bottom: 30, left: 44 };

const MAX_BAR = 36;

/** The x position of day `index`: days share the width, but a few days do not make giant bars. */
function xScale(days: readonly TimelineDay[]): (index: number) => number {
  const inner = WIDTH - MARGIN.left - MARGIN.right;
  const step = Math.min(inner / Math.max(days.length, 1), MAX_BAR + 4);
  return (index) => MARGIN.left + step * index;
}

function barWidthOf(days: readonly TimelineDay[]): number {
  return Math.max(1, Math.min(MAX_BAR, (WIDTH - MARGIN.left - MARGIN.right) / Math.max(days.length, 1) - 1));
}

function dateTicks(days: readonly TimelineDay[], x: (index: number) => number, y: number): SVGElement {
  const group = svgElement('g', { class: 'axis' });
  const step = Math.max(1, Math.ceil(days.length / 8));
  for (let index = 0; index < days.length; index += step) group.appendChild(svgElement('text', { x: x(index), y, 'font-size': 11 }, days[index]!.date));
  return group;
}

/** Bars per day, stacked by key. */
export function stackedChart(days: readonly TimelineDay[], keys: readonly string[], colourOf: (key: string) => string, labelOf: (key: string) => string): SVGElement {
  const height = 260;
  const maxTotal = Math.max(1, ...days.map((day) => Object.values(day.counts).reduce((sum, count) => sum + count, 0)));
  const x = xScale(days);
  const barWidth = barWidthOf(days);
  const plot = height - MARGIN.top - MARGIN.bottom;
  const svg = svgElement('svg', { viewBox: `0 0 ${WIDTH} ${height}`, class: 'chart', role: 'img', 'aria-label': `Events per day by ${keys.length} groups` });
  svg.appendChild(svgElement('text', { x: 4, y: MARGIN.top + 10, 'font-size': 11 }, String(maxTotal)));
  days.forEach((day, index) => {
    let top = height - MARGIN.bottom;
    for (const key of keys) {
      const count = day.counts[key] ?? 0;
      if (count === 0) continue;
      const barHeight = (plot * count) / maxTotal;
      top -= barHeight;
      svg.appendChild(svgElement('rect', { x: x(index), y: top, width: barWidth, height: barHeight, fill: colourOf(key) }, svgElement('title', {}, `${day.date} · ${labelOf(key)}: ${count}`)));
    }
  });
  svg.appendChild(dateTicks(days, x, height - 8));
  return svg;
}

/** Daily volume (bars) and tone (line, right axis). */
export function volumeToneChart(days: readonly TimelineDay[]): SVGElement {
  const height = 200;
  const plot = height - MARGIN.top - MARGIN.bottom;
  const x = xScale(days);
  const barWidth = barWidthOf(days);
  const maxEvents = Math.max(1, ...days.map((day) => day.events));
  const tones = days.map((day) => day.tone).filter((tone): tone is number => typeof tone === 'number');
  const toneExtent = Math.max(1, ...tones.map((tone) => Math.abs(tone)));
  const toneY = (tone: number): number => MARGIN.top + plot / 2 - (plot / 2) * (tone / toneExtent);
  const svg = svgElement('svg', { viewBox: `0 0 ${WIDTH} ${height}`, class: 'chart', role: 'img', 'aria-label': 'Daily event volume and tone (mean Goldstein score)' });
  days.forEach((day, index) => {
    const barHeight = (plot * day.events) / maxEvents;
    svg.appendChild(svgElement('rect', { x: x(index), y: height - MARGIN.bottom - barHeight, width: barWidth, height: barHeight, fill: '#c7d7e8' }, svgElement('title', {}, `${day.date}: ${day.events} events`)));
  });
  svg.appendChild(svgElement('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: toneY(0), y2: toneY(0), stroke: '#999', 'stroke-dasharray': '3 3' }));
  const points = days.map((day, index) => (typeof day.tone === 'number' ? `${x(index) + barWidth / 2},${toneY(day.tone)}` : null)).filter(Boolean);
  if (points.length > 0) svg.appendChild(svgElement('polyline', { points: points.join(' '), fill: 'none', stroke: '#b2182b', 'stroke-width': 1.5 }));
  svg.appendChild(svgElement('text', { x: 4, y: MARGIN.top + 10, 'font-size': 11 }, String(maxEvents)));
  svg.appendChild(svgElement('text', { x: WIDTH - MARGIN.right + 4, y: toneY(toneExtent) + 10, 'font-size': 11, fill: '#b2182b' }, `+${toneExtent.toFixed(1)}`));
  svg.appendChild(svgElement('text', { x: WIDTH - MARGIN.right + 4, y: toneY(-toneExtent), 'font-size': 11, fill: '#b2182b' }, `−${toneExtent.toFixed(1)}`));
  svg.appendChild(dateTicks(days, x, height - 8));
  return svg;
}

export async function showTimeline(container: HTMLElement, route: Route): Promise<void> {
  const by = route.query.get('by') === 'quadClass' ? 'quadClass' : 'type';
  const filters = { actor: route.query.get('actor') ?? '', type: route.query.get('type') ?? '', since: route.query.get('since') ?? '', until: route.query.get('until') ?? '' };
  append(
    container,
    element('h1', {}, 'Timeline'),
    filterForm('timeline', [
      { name: 'by', label: 'Group by', value: by, options: [['type', 'PLOVER type'], ['quadClass', 'QuadClass']] },
      { name: 'actor', label: 'Actor', value: filters.actor, placeholder: 'RUS, country:RUS' },
      { name: 'type', label: 'Event type', value: filters.type, placeholder: 'CONSULT or 04' },
      { name: 'since', label: 'Since', value: filters.since, type: 'date' },
      { name: 'until', label: 'Until', value: filters.until, placeholder: 'YYYY-MM(-DD)' },
    ]),
  );
  const { days } = await api.timeline({ by, ...filters });
  if (days.length === 0) {
    container.appendChild(notice('empty', 'No dated events match these filters.'));
    return;
  }
  const totals = new Map<string, number>();
  for (const day of days) for (const [key, count] of Object.entries(day.counts)) totals.set(key, (totals.get(key) ?? 0) + count);
  const keys = [...totals.keys()].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0));
  const colourOf = (key: string): string => (by === 'quadClass' ? (QUAD_COLOURS[key] ?? '#666') : PALETTE[keys.indexOf(key) % PALETTE.length]!);
  const labelOf = (key: string): string => (by === 'quadClass' ? `${key} ${QUAD_NAMES[key] ?? ''}`.trim() : key);
  const legend = element('ul', { class: 'legend' });
  for (const key of keys) legend.appendChild(element('li', {}, swatch(colourOf(key)), ` ${labelOf(key)} (${totals.get(key)})`));
  const total = days.reduce((sum, day) => sum + day.events, 0);
  append(
    container,
    element('p', { class: 'summary' }, `${total} events on ${days.length} days, ${days[0]!.date} to ${days[days.length - 1]!.date}.`),
    element('h2', {}, by === 'quadClass' ? 'Events per day by QuadClass' : 'Events per day by type'),
    legend,
    stackedChart(days, keys, colourOf, labelOf),
    element('h2', {}, 'Daily volume and tone'),
    element('p', { class: 'muted' }, 'Bars: events per day. Line: the day’s tone, the mean Goldstein score of its events (right axis, −10 conflict to +10 cooperation).'),
    volumeToneChart(days),
  );
}
