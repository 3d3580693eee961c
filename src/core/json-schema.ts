/** The JSON Schema of the article record, generated from the Zod schemas (the single source of truth). */
import { z } from 'zod';
import { ArticleSchema } from './record.js';

export function articleJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://dateline.dev/schema/article.schema.json',
    title: 'Dateline article record',
    ...z.toJSONSchema(ArticleSchema, { target: 'draft-2020-12' }),
  };
}
