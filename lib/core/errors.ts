import { IConstruct } from 'constructs';

/**
 * The one error type every construct throws for invalid input.
 *
 * Its message always has the shape `<construct path>: <prop> = <value received>: <what is valid>`,
 * so a reader of a failed `cdk synth` knows where to look, what was given and what to give instead.
 */
export class ResilienceValidationError extends Error {
  public readonly path: string;
  public readonly prop: string;
  public readonly received: string;
  public readonly expected: string;

  constructor(path: string, prop: string, value: unknown, expected: string) {
    const received = describeValue(value);
    super(`${path}: ${prop} = ${received}: ${expected}`);
    this.name = 'ResilienceValidationError';
    this.path = path;
    this.prop = prop;
    this.received = received;
    this.expected = expected;
  }
}

/** A construct or, for data validated before any construct exists, a dotted path such as `environments.prod`. */
export type ValidationScope = IConstruct | string;

/** Throws a {@link ResilienceValidationError} for `prop` of `scope`. */
export function invalid(scope: ValidationScope, prop: string, value: unknown, expected: string): never {
  throw new ResilienceValidationError(scopePath(scope), prop, value, expected);
}

export function scopePath(scope: ValidationScope): string {
  if (typeof scope === 'string') return scope;
  return scope.node.path === '' ? '<root>' : scope.node.path;
}

/** Renders a received value compactly and deterministically for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (hasHumanString(value)) return value.toHumanString();
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function hasHumanString(value: unknown): value is { toHumanString(): string } {
  return typeof value === 'object' && value !== null && typeof (value as { toHumanString?: unknown }).toHumanString === 'function';
}
