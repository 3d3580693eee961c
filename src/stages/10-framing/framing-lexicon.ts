/**
 * The framing lexicon (`data/lexicon/framing.json` plus users' own files): its schema, validated at
 * load, and the compiled matcher. Terms match whole words, case-insensitively; the longest term at
 * a place wins. No I/O: the files are read by `src/pipeline/resources.ts`.
 */
import { z } from 'zod';

export const FramingCategorySchema = z.enum(['label', 'evaluative', 'legitimacy', 'loaded-term']);
export type FramingCategory = z.infer<typeof FramingCategorySchema>;

export const FramingLexiconFileSchema = z.object({
  version: z.literal(1),
  description: z.string(),
  licence: z.string(),
  markers: z.array(
    z.object({
      category: FramingCategorySchema,
      note: z.string(),
      terms: z.array(z.string().min(1)).min(1),
    }),
  ),
  tone: z
    .object({
      positive: z.array(z.string().min(1)),
      negative: z.array(z.string().min(1)),
    })
    .optional(),
});
export type FramingLexiconFile = z.infer<typeof FramingLexiconFileSchema>;

export interface FramingTerm {
  term: string;
  category: FramingCategory;
  note: string;
}

export interface FramingKnowledge {
  /** One alternation of every term, longest first, on word boundaries. */
  readonly pattern: RegExp | null;
  /** Lower-cased term (single spaces) → its entry; a later file's entry replaces an earlier one. */
  readonly terms: ReadonlyMap<string, FramingTerm>;
  readonly positive: ReadonlySet<string>;
  readonly negative: ReadonlySet<string>;
}

function escape(term: string): string {
  return term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[-\s]+/g, (m) => (m.includes('-') ? '[-\u2010\u2011]' : '\\s+'));
}

export function buildFramingKnowledge(files: readonly FramingLexiconFile[]): FramingKnowledge {
  const terms = new Map<string, FramingTerm>();
  const positive = new Set<string>();
  const negative = new Set<string>();
  for (const file of files) {
    for (const group of file.markers) {
      for (const term of group.terms) {
        const key = normaliseTerm(term);
        terms.set(key, { term, category: group.category, note: group.note });
      }
    }
    for (const word of file.tone?.positive ?? []) positive.add(word.toLowerCase());
    for (const word of file.tone?.negative ?? []) negative.add(word.toLowerCase());
  }
  const alternatives = [...terms.values()].map((t) => t.term).sort((a, b) => b.length - a.length).map(escape);
  const pattern = alternatives.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}\\-])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}]|-[\\p{L}])`, 'giu') : null;
  return { pattern, terms, positive, negative };
}

/** The key a matched text is looked up by: lower case, single spaces, plain hyphens. */
export function normaliseTerm(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').replace(/[\u2010\u2011]/g, '-');
}
