/**
 * Schemas of the event knowledge files (`data/events/*.json`, and users' own dictionaries in the
 * same format): the CAMEO codebook (code → name, QuadClass, Goldstein, PLOVER type/mode) and the
 * verb/noun dictionary (lemma + pattern → PLOVER type, mode, CAMEO code). Validated at load with
 * clear errors; nothing here reads files.
 */
import { z } from 'zod';

/** PLOVER's 16 event types, plus STATEMENT for CAMEO 01 public statements (a separate, filterable type). */
export const EventTypeSchema = z.enum([
  'AGREE',
  'CONSULT',
  'SUPPORT',
  'CONCEDE',
  'COOPERATE',
  'AID',
  'RETREAT',
  'REQUEST',
  'ACCUSE',
  'REJECT',
  'THREATEN',
  'PROTEST',
  'SANCTION',
  'MOBILIZE',
  'COERCE',
  'ASSAULT',
  'STATEMENT',
]);
export type EventType = z.infer<typeof EventTypeSchema>;

const CameoCode = z.string().regex(/^\d{2,4}$/, 'a CAMEO code of 2 to 4 digits, e.g. 042');

export const CameoEntrySchema = z.object({
  code: CameoCode,
  name: z.string().min(1),
  /** 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. */
  quadClass: z.number().int().min(1).max(4),
  /** Goldstein scale, -10 (most conflictual) to +10 (most cooperative). */
  goldstein: z.number().min(-10).max(10),
  /** The PLOVER type (and mode) this CAMEO code maps to. */
  plover: z.object({ type: EventTypeSchema, mode: z.string().optional() }),
});
export type CameoEntry = z.infer<typeof CameoEntrySchema>;

export const CameoFileSchema = z.object({
  version: z.literal(1),
  description: z.string(),
  licence: z.string(),
  codes: z.array(CameoEntrySchema),
});
export type CameoFile = z.infer<typeof CameoFileSchema>;

export const DictionaryEntrySchema = z.object({
  /** Lemma of the trigger word: "meet", "reject", "siege", "talk". */
  lemma: z.string().min(1),
  pos: z.enum(['VERB', 'NOUN']),
  /** A particle the verb needs ("call off", "pull out", "step up"). */
  particle: z.string().optional(),
  /** The preposition of a complement the pattern needs ("call for", "accuse ... of", "withdraw from"). */
  preposition: z.string().optional(),
  /** Object or complement lemmas the pattern needs ("impose" + "sanction"; "sign" + "agreement"). */
  object: z.array(z.string().min(1)).optional(),
  /** An infinitive complement verb the pattern needs ("threaten to" + "attack"; "agree to" + ...): lemmas, or "*" for any. */
  complement: z.array(z.string().min(1)).optional(),
  type: EventTypeSchema,
  mode: z.string().optional(),
  cameo: CameoCode,
  /** Symmetric events ("meet", "talk", "negotiate"): each side is source and target. */
  reciprocal: z.boolean().default(false),
  /** Prepositions whose object is the target ("met with X", "protested against X"); the direct object is always a target. */
  targetPrepositions: z.array(z.string()).default([]),
  note: z.string().optional(),
});
export type DictionaryEntry = z.infer<typeof DictionaryEntrySchema>;

export const DictionaryFileSchema = z.object({
  version: z.literal(1),
  description: z.string(),
  licence: z.string(),
  entries: z.array(DictionaryEntrySchema),
});
export type DictionaryFile = z.infer<typeof DictionaryFileSchema>;

export const ActorNounsFileSchema = z.object({
  version: z.literal(1),
  description: z.string(),
  licence: z.string(),
  /** Head nouns of actor phrases and the sector they give the actor ("Israeli soldiers" → ISR + MIL). */
  nouns: z.array(z.object({ lemma: z.string().min(1), sector: z.string().regex(/^[A-Z]{3}$/) })),
});
export type ActorNounsFile = z.infer<typeof ActorNounsFileSchema>;
