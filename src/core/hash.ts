/** Content hashes: the article id is a hash of the normalised text, so the same text always gets the same id. */
import { createHash } from 'node:crypto';

export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32);
}
