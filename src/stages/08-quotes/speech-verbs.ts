/**
 * The speech-cue lexicon (`data/lexicon/speech-verbs.json`): its schema, validated at load, and the
 * index the quotes stage looks words up in. Inflected forms are made here by rule so the data file
 * lists lemmas only. No I/O: the file is read by `src/pipeline/resources.ts`.
 */
import { z } from 'zod';

export const SpeechClassSchema = z.enum(['neutral', 'assertive', 'directive', 'commissive', 'warning', 'denial', 'written']);
export type SpeechClass = z.infer<typeof SpeechClassSchema>;

export const SpeechVerbsFileSchema = z.object({
  version: z.literal(1),
  description: z.string(),
  licence: z.string(),
  verbs: z.array(
    z.object({
      lemma: z.string().min(1),
      forms: z.array(z.string().min(1)).optional(),
      /** Takes a that-clause of reported speech ("warned that ..."). */
      reported: z.boolean(),
      /** `after-quote`: a cue only right after a closing quote mark ("…," he continued). */
      position: z.enum(['any', 'after-quote']).optional(),
      class: SpeechClassSchema,
    }),
  ),
  phrases: z.array(z.object({ text: z.string().min(1), class: SpeechClassSchema })),
  documentNouns: z.array(z.string().min(1)),
  speakerNouns: z.array(z.string().min(1)),
});
export type SpeechVerbsFile = z.infer<typeof SpeechVerbsFileSchema>;

export interface SpeechVerb {
  lemma: string;
  reported: boolean;
  afterQuoteOnly: boolean;
  class: SpeechClass;
  /** Second word of a phrasal cue ("point out" → "out"). */
  particle?: string;
}

export interface QuoteKnowledge {
  /** Lower-cased word form or lemma → verb; phrasal verbs are indexed by their first word. */
  readonly verbs: ReadonlyMap<string, SpeechVerb>;
  /** Multi-word cues, as lower-cased word sequences ("according to"). */
  readonly phrases: ReadonlyArray<{ words: string[]; text: string; class: SpeechClass }>;
  readonly documentNouns: ReadonlySet<string>;
  readonly speakerNouns: ReadonlySet<string>;
}

/** Regular inflections of an English verb: says, said/added, saying/noting. */
function inflect(lemma: string): string[] {
  const forms = [lemma];
  const stem = lemma.endsWith('e') ? lemma.slice(0, -1) : lemma;
  if (/[^aeiou]y$/.test(lemma)) forms.push(lemma.slice(0, -1) + 'ies', lemma.slice(0, -1) + 'ied', lemma + 'ing');
  else {
    forms.push(/(?:s|sh|ch|x|z)$/.test(lemma) ? lemma + 'es' : lemma + 's');
    forms.push(lemma.endsWith('e') ? lemma + 'd' : stem + 'ed', stem + 'ing');
  }
  return forms;
}

export function buildQuoteKnowledge(files: readonly SpeechVerbsFile[]): QuoteKnowledge {
  const verbs = new Map<string, SpeechVerb>();
  const phrases: Array<{ words: string[]; text: string; class: SpeechClass }> = [];
  const documentNouns = new Set<string>();
  const speakerNouns = new Set<string>();
  for (const file of files) {
    for (const entry of file.verbs) {
      const [head, particle] = entry.lemma.toLowerCase().split(/\s+/);
      const verb: SpeechVerb = {
        lemma: entry.lemma.toLowerCase(),
        reported: entry.reported,
        afterQuoteOnly: entry.position === 'after-quote',
        class: entry.class,
        ...(particle ? { particle } : {}),
      };
      const forms = [...inflect(head!), ...(entry.forms ?? []).map((f) => f.toLowerCase().split(/\s+/)[0]!)];
      for (const form of forms) verbs.set(form, verb);
    }
    for (const phrase of file.phrases) phrases.push({ words: phrase.text.toLowerCase().split(/\s+/), text: phrase.text.toLowerCase(), class: phrase.class });
    for (const noun of file.documentNouns) documentNouns.add(noun.toLowerCase());
    for (const noun of file.speakerNouns) speakerNouns.add(noun.toLowerCase());
  }
  return { verbs, phrases, documentNouns, speakerNouns };
}
