import { Duration, Token } from 'aws-cdk-lib';
import { invalid, ValidationScope } from './errors';

/**
 * Small guards shared by every construct. Each one skips unresolved tokens: a value only known at
 * deploy time cannot be judged at synth time, and guessing would be worse than saying nothing.
 */

export function requireIntegerInRange(scope: ValidationScope, prop: string, value: number, min: number, max: number, unit = ''): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    const suffix = unit ? ` ${unit}` : '';
    invalid(scope, prop, value, `an integer from ${min} to ${max}${suffix}`);
  }
}

export function requireNumberInRange(scope: ValidationScope, prop: string, value: number, min: number, max: number): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isFinite(value) || value < min || value > max) {
    invalid(scope, prop, value, `a number from ${min} to ${max}`);
  }
}

/** Requires a whole number of days from `min` to `max`. */
export function requireDaysInRange(scope: ValidationScope, prop: string, value: Duration, min: number, max: number): void {
  if (value.isUnresolved()) return;
  const days = value.toDays({ integral: false });
  if (!Number.isInteger(days) || days < min || days > max) {
    invalid(scope, prop, value, `a whole number of days from ${min} to ${max}`);
  }
}

export function requireNonEmptyString(scope: ValidationScope, prop: string, value: string | undefined): void {
  if (value !== undefined && Token.isUnresolved(value)) return;
  if (value === undefined || value.trim() === '') {
    invalid(scope, prop, value, 'a non-empty string');
  }
}

/** Requires a DNS-label style name: lowercase letters, digits and hyphens, starting with a letter. */
export function requireKebabName(scope: ValidationScope, prop: string, value: string, maxLength = 63): void {
  if (Token.isUnresolved(value)) return;
  if (!/^[a-z][a-z0-9-]*$/.test(value) || value.length > maxLength || value.endsWith('-')) {
    invalid(scope, prop, value, `lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, at most ${maxLength} characters`);
  }
}

/** Rejects duplicates among `values`, naming the first one found. */
export function requireUnique(scope: ValidationScope, prop: string, values: readonly string[]): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) invalid(scope, prop, value, 'each value at most once');
    seen.add(value);
  }
}
