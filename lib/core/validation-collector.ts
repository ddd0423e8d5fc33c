import { IConstruct } from 'constructs';
import { ResilienceValidationError, scopePath, ValidationScope } from './errors';

/**
 * Several validation errors reported together: every rule of a construct (or every environment of
 * a platform) is checked, so a user fixes all mistakes in one run instead of one per synth.
 * The message lists each error in the house format, one per line.
 */
export class ResilienceValidationErrors extends Error {
  public readonly errors: readonly ResilienceValidationError[];

  constructor(errors: readonly ResilienceValidationError[]) {
    super(
      errors.length === 1
        ? errors[0].message
        : `${errors.length} validation errors:\n${errors.map((e) => `  - ${e.message}`).join('\n')}`,
    );
    this.name = 'ResilienceValidationErrors';
    this.errors = errors;
  }
}

/** The validation errors carried by `error`, or undefined when it is not a validation error. */
export function validationErrorsOf(error: unknown): readonly ResilienceValidationError[] | undefined {
  if (error instanceof ResilienceValidationErrors) return error.errors;
  if (error instanceof ResilienceValidationError) return [error];
  return undefined;
}

/**
 * Collects validation errors from independent checks. Each check runs even when an earlier one
 * failed; an error that is not a validation error (a bug, or a value aws-cdk-lib or cdk8s rejects)
 * is re-thrown at once with the construct path in front, so it is never reported without a place.
 */
export class ValidationCollector {
  private readonly errors: ResilienceValidationError[] = [];

  constructor(private readonly scope: ValidationScope) {}

  /** Runs `check`, recording the validation errors it throws. */
  public check(check: () => void): void {
    try {
      check();
    } catch (error) {
      const found = validationErrorsOf(error);
      if (!found) throw withScopePath(this.scope, error);
      this.errors.push(...found);
    }
  }

  /** Runs every check of `checks`, recording their validation errors. */
  public checkEach<T>(items: Iterable<T>, check: (item: T, index: number) => void): void {
    let index = 0;
    for (const item of items) {
      const i = index++;
      this.check(() => check(item, i));
    }
  }

  /** Whether any check failed so far. */
  public get hasErrors(): boolean {
    return this.errors.length > 0;
  }

  /** Throws every recorded error together; does nothing when all checks passed. */
  public throwIfAny(): void {
    if (this.errors.length > 0) throw new ResilienceValidationErrors([...this.errors]);
  }
}

/**
 * Runs every check, then throws all validation errors together. The usual shape of a construct's
 * validation: `validateAll(this, [() => ruleA(...), () => ruleB(...)])`.
 */
export function validateAll(scope: ValidationScope, checks: Iterable<() => void>): void {
  const collector = new ValidationCollector(scope);
  for (const check of checks) collector.check(check);
  collector.throwIfAny();
}

/**
 * Runs `build` (the part of a constructor that creates resources or objects); an error thrown by
 * aws-cdk-lib, cdk8s or the construct itself that does not yet name a place gets the construct
 * path in front, e.g. a duration cdk8s cannot render.
 */
export function withConstructPath<T>(scope: IConstruct, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (validationErrorsOf(error)) throw error;
    throw withScopePath(scope, error);
  }
}

function withScopePath(scope: ValidationScope, error: unknown): unknown {
  const path = scopePath(scope);
  if (!(error instanceof Error) || error.message.startsWith(`${path}: `)) return error;
  error.message = `${path}: ${error.message}`;
  return error;
}
