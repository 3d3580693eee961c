/** A readable plain-text summary of an article record (`dateline extract --format text`). */
import type { Article, Entity } from './record.js';

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

export function formatArticleText(article: Article): string {
  const lines: string[] = [];
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
