/**
 * Schemas of the knowledge files the entities stage reads (`data/gazetteer/*.json`,
 * `data/lexicon/*.json`, and users' own files in the same format). Validated at load with
 * clear errors (path + message); nothing here reads files.
 */
import { z } from 'zod';
import { EntityTypeSchema, FeatureTypeSchema } from '../../core/record.js';

const Iso3 = z.string().regex(/^[A-Z]{3}$/, 'an ISO 3166-1 alpha-3 code such as RUS');
const Sector = z.string().regex(/^[A-Z]{3}$/, 'a three-letter sector code such as GOV, MIL, REB, IGO');

export const GazetteerEntrySchema = z.object({
  /** Stable id, `kind:slug`, e.g. `country:RUS`, `city:moscow`, `org:hamas`. */
  id: z.string().regex(/^[a-z]+:[A-Za-z0-9_.-]+$/, 'an id of the form kind:slug'),
  /** Canonical name. */
  name: z.string().min(1),
  type: EntityTypeSchema,
  /**
   * Surface forms that name the entry, matched on token boundaries. A form with any lowercase letter
   * also matches in Title Case and ALL CAPS; an all-caps form (an acronym such as `US`) matches only as written.
   */
  aliases: z.array(z.string().min(1)).default([]),
  country: Iso3.optional(),
  sector: Sector.optional(),
  /** CAMEO-style actor code when it is not simply country + sector (e.g. `IGOARL` for the Arab League). */
  code: z.string().regex(/^[A-Z]{3,9}$/).optional(),
  geo: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).optional(),
  feature: FeatureTypeSchema.optional(),
  /** For a capital city: the country whose government its name can stand for ("Moscow warned"). */
  capitalOf: Iso3.optional(),
  /** For a country: demonyms and adjectives ("Russian", "Russians"). */
  demonyms: z.array(z.string().min(1)).optional(),
  /** Population, where known: breaks ties between places of the same name. */
  population: z.number().int().nonnegative().optional(),
});
export type GazetteerEntry = z.infer<typeof GazetteerEntrySchema>;

export const GazetteerFileSchema = z.object({
  version: z.literal(1),
  /** What the file holds and where its data comes from. */
  description: z.string(),
  licence: z.string(),
  entries: z.array(GazetteerEntrySchema),
});
export type GazetteerFile = z.infer<typeof GazetteerFileSchema>;

export const TitleEntrySchema = z.object({
  /** The title as it is written before a name, e.g. `Deputy Foreign Minister`. */
  title: z.string().min(1),
  sector: Sector.optional(),
  /** Titles that are also ordinary words ("General", "Secretary") need a following name to count. */
  needsName: z.boolean().default(false),
});

export const TitlesFileSchema = z.object({
  version: z.literal(1),
  description: z.string(),
  licence: z.string(),
  /** Modifiers that may precede any title: Deputy, Vice, Acting, Former, ... */
  modifiers: z.array(z.string().min(1)),
  titles: z.array(TitleEntrySchema),
});
export type TitlesFile = z.infer<typeof TitlesFileSchema>;

export const WordListFileSchema = z.object({
  version: z.literal(1),
  description: z.string(),
  licence: z.string(),
  /** Named lists of words, e.g. `organisationHeads`, `nameParticles`, `notNames`. */
  lists: z.record(z.string(), z.array(z.string().min(1))),
});
export type WordListFile = z.infer<typeof WordListFileSchema>;

export const OrganisationHeadsFileSchema = z.object({
  version: z.literal(1),
  description: z.string(),
  licence: z.string(),
  /**
   * Head words that make a capitalised sequence an organisation ("Ministry", "Embassy", "Party",
   * "Corporation", "Inc."), with the sector they imply when they imply one.
   */
  heads: z.array(z.object({ word: z.string().min(1), sector: Sector.optional() })),
});
export type OrganisationHeadsFile = z.infer<typeof OrganisationHeadsFileSchema>;
