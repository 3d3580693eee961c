/** A readable plain-text summary of an article record (`dateline extract --format text`). */
import type { Article, Entity, EventRecord } from './record.js';

function describeEntity(entity: Entity, article: Article): string {
  const parts = [`${entity.name}`];
  const facts: string[] = [];
  if (entity.code) facts.push(entity.code);
  for (const role of entity.roles) {
    const of = role.of ? article.entities.find((e) => e.id === role.of)?.name : undefined;
    facts.push(of ? `${role.title} of ${of}` : role.title);
  }
  if (entity.geo) facts.push(`${entity.geo.feature} ${entity.geo.lat.toFixed(2)},${entity.geo.lon.toFixed(2)}`);
  const kinds = new Set(entity.mentions.map((m) => m.kind).filter((k) => k !== 'name'));
  if (kinds.size > 0) facts.push([...kinds].join('/'));
  if (facts.length > 0) parts.push(`(${facts.join('; ')})`);
  const forms = [...new Set(entity.mentions.map((m) => m.text))].filter((t) => t !== entity.name);
  parts.push(`×${entity.mentions.length}`);
  if (forms.length > 0) parts.push(`as ${forms.map((f) => `"${f}"`).join(', ')}`);
  return parts.join(' ');
}

function actorNames(article: Article, actors: EventRecord['source']): string {
  return actors.map((a) => `${(a.entity && article.entities.find((e) => e.id === a.entity)?.name) || a.text}${a.code ? ` [${a.code}]` : ''}`).join(' + ') || '?';
}

function describeEvent(event: EventRecord, article: Article): string {
  const flags = [
    event.main ? 'main' : '',
    event.negated ? 'negated' : '',
    event.modality !== 'asserted' ? event.modality : '',
    event.background ? 'background' : '',
    event.reciprocal ? 'reciprocal' : '',
  ].filter(Boolean);
  const place = event.place ? article.entities.find((e) => e.id === event.place!.entity)?.name : undefined;
  const trigger = article.text.slice(event.trigger.start, event.trigger.end);
  return `${event.id} ${event.type}${event.mode ? `/${event.mode}` : ''} (CAMEO ${event.cameo}) "${trigger}": ${actorNames(article, event.source)} → ${actorNames(article, event.target)}${place ? ` in ${place}` : ''}${event.time ? ` at ${event.time.value}` : ''}${flags.length > 0 ? ` [${flags.join(', ')}]` : ''}`;
}

export function formatArticleText(article: Article): string {
  const lines: string[] = [];
  const main = article.mainEvent;
  if (main) {
    lines.push('Main event');
    lines.push(`  Who:   ${main.who}`, `  What:  ${main.what}${main.whom ? ` → ${main.whom}` : ''}`);
    lines.push(`  When:  ${main.when ?? '(not in the text)'}`, `  Where: ${main.where ?? '(not in the text)'}`);
    if (main.why) lines.push(`  Why:   ${main.why}`);
    if (main.how) lines.push(`  How:   ${main.how}`);
    lines.push('');
  }
  lines.push(`Article ${article.id}`);
  if (article.title) lines.push(`Title:     ${article.title}`);
  lines.push(`Published: ${article.published ?? 'unknown (relative dates left unresolved)'}`);
  if (article.dateline) {
    const place = article.entities.find((e) => e.id === article.dateline?.place.entity);
    lines.push(`Dateline:  ${article.dateline.text}${place ? ` → ${place.name}` : ''}${article.dateline.outlet ? ` (${article.dateline.outlet})` : ''}`);
  }
  lines.push(`Text:      ${article.paragraphs.length} paragraphs, ${article.sentences.length} sentences, ${article.sentences.reduce((n, s) => n + s.tokens.length, 0)} tokens`);
  const order = ['PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'MISC'] as const;
  lines.push('', 'Entities');
  for (const type of order) {
    const entities = article.entities.filter((e) => e.type === type);
    if (entities.length === 0) continue;
    lines.push(`  ${type}`);
    for (const entity of entities) lines.push(`    ${describeEntity(entity, article)}`);
  }
  if (article.events.length > 0) {
    lines.push('', 'Events');
    for (const event of article.events) lines.push(`  ${describeEvent(event, article)}`);
  }
  if (article.quotes.length > 0) {
    lines.push('', 'Quotes');
    for (const quote of article.quotes) {
      const speaker = quote.speaker ? (article.entities.find((e) => e.id === quote.speaker!.entity)?.name ?? quote.speaker.entity) : (quote.speakerText ?? '?');
      const text = article.text.slice(quote.span.start, quote.span.end).replace(/\s+/g, ' ');
      const shown = text.length > 90 ? `${text.slice(0, 87)}...` : text;
      lines.push(`  ${quote.kind.padEnd(8)} ${speaker}${quote.attribution !== 'entity' ? ` (${quote.attribution})` : ''}: "${shown}"${quote.event ? ` [${quote.event}]` : ''}`);
    }
  }
  if (article.framing.length > 0) {
    const byKind = new Map<string, string[]>();
    for (const marker of article.framing) byKind.set(marker.kind, [...(byKind.get(marker.kind) ?? []), article.text.slice(marker.span.start, marker.span.end)]);
    lines.push('', 'Framing');
    for (const [kind, texts] of byKind) lines.push(`  ${kind}: ${[...new Set(texts)].map((t) => `"${t}"`).join(', ')}`);
    if (article.summary) {
      const { tone, framing, quotes } = article.summary;
      lines.push(`  ${framing.per1000Words.toFixed(1)} markers per 1,000 words; ${(quotes.quotedShare * 100).toFixed(1)}% of words quoted; tone ${tone.score.toFixed(2)}`);
    }
  }
  lines.push('', 'Dates');
  for (const time of article.times) {
    const resolved = time.resolved ? '' : ' (unresolved)';
    const interval = time.interval ? ` [${time.interval.start} .. ${time.interval.end}]` : '';
    lines.push(`  "${time.text}" → ${time.value}${interval}${resolved}`);
  }
  if (article.times.length === 0) lines.push('  (none)');
  const problems = article.diagnostics.filter((d) => d.severity !== 'info');
  if (problems.length > 0) {
    lines.push('', 'Diagnostics');
    for (const d of problems) lines.push(`  ${d.severity} ${d.code} [${d.stage}]: ${d.message}`);
  }
  return lines.join('\n') + '\n';
}
