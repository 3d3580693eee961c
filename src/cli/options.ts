/** Option parsers shared by the commands (validation at the edge, with messages that say what was expected). */
import { InvalidArgumentError } from 'commander';

export function integerOption(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError(`expected a positive whole number, got ${JSON.stringify(value)}`);
  return parsed;
}
