/** Paths to the shared data beside the repo (`../shared`), which tests read but never copy. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../pipeline/resources.js';

export const sharedDir = resolve(packageRoot(), '..', 'shared');

export function sharedPath(...parts: string[]): string {
  return join(sharedDir, ...parts);
}

export function readShared(...parts: string[]): string {
  const path = sharedPath(...parts);
  if (!existsSync(path)) throw new Error(`test data missing: ${path} (the repo expects ../shared beside it)`);
  return readFileSync(path, 'utf8');
}

export function readSample(name: string): string {
  return readFileSync(join(packageRoot(), 'samples', name), 'utf8');
}
