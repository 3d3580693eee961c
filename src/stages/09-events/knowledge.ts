/**
 * Event knowledge: the CAMEO codebook, the verb/noun trigger dictionary (shipped and users' own,
 * later files overriding earlier entries of the same pattern) and the actor nouns, indexed for the
 * coder. Pure: the files are read and validated in `src/pipeline/resources.ts`.
 */
import type { ActorNounsFile, CameoEntry, CameoFile, DictionaryEntry, DictionaryFile } from './dictionary-schema.js';

export interface EventKnowledge {
  /** Trigger lemma → entries, most specific pattern first. */
  readonly triggers: ReadonlyMap<string, readonly DictionaryEntry[]>;
  readonly cameo: ReadonlyMap<string, CameoEntry>;
  /** Actor head noun (lower case) → sector. */
  readonly actorNouns: ReadonlyMap<string, string>;
  /** The sectors the actor nouns give ("GOV", "REF", ...). */
  readonly sectors: ReadonlySet<string>;
}

/** How much an entry asks of the sentence: more specific patterns are tried first. */
export function specificity(entry: DictionaryEntry): number {
  return (entry.particle ? 4 : 0) + (entry.preposition ? 2 : 0) + (entry.object ? 3 : 0) + (entry.complement ? (entry.complement.includes('*') ? 1 : 3) : 0);
}

function patternKey(entry: DictionaryEntry): string {
  return [entry.lemma, entry.pos, entry.particle ?? '', entry.preposition ?? '', (entry.object ?? []).join('|'), (entry.complement ?? []).join('|')].join('/');
}

export class EventKnowledgeError extends Error {}

export function buildEventKnowledge(cameoFile: CameoFile, dictionaries: DictionaryFile[], actorNouns: ActorNounsFile): EventKnowledge {
  const cameo = new Map<string, CameoEntry>();
  for (const entry of cameoFile.codes) cameo.set(entry.code, entry);
  const byPattern = new Map<string, DictionaryEntry>();
  for (const file of dictionaries) {
    file.entries.forEach((entry, index) => {
      if (!cameo.has(entry.cameo)) throw new EventKnowledgeError(`dictionary entry ${index} (${entry.lemma}): CAMEO code ${entry.cameo} is not in the codebook`);
      byPattern.set(patternKey(entry), entry);
    });
  }
  const triggers = new Map<string, DictionaryEntry[]>();
  for (const entry of byPattern.values()) {
    const key = entry.lemma.toLowerCase();
    const list = triggers.get(key) ?? [];
    list.push(entry);
    triggers.set(key, list);
  }
  for (const list of triggers.values()) list.sort((a, b) => specificity(b) - specificity(a));
  const nouns = new Map(actorNouns.nouns.map((n) => [n.lemma.toLowerCase(), n.sector]));
  return { triggers, cameo, actorNouns: nouns, sectors: new Set(nouns.values()) };
}
