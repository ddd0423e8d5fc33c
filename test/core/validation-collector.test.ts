import { Construct } from 'constructs';
import { App, Stack } from 'aws-cdk-lib';
import { invalid, ResilienceValidationError, ResilienceValidationErrors, validateAll, ValidationCollector, withConstructPath } from '../../lib/core';

describe('ValidationCollector', () => {
  test('reports every failed check together, each in the house format', () => {
    const scope = new Construct(new Stack(new App(), 'S'), 'Thing');
    let thrown: unknown;
    try {
      validateAll(scope, [
        () => invalid(scope, 'weight', 300, 'an integer from 0 to 255'),
        () => undefined,
        () => invalid(scope, 'name', 'A', 'lowercase letters'),
      ]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ResilienceValidationErrors);
    const errors = (thrown as ResilienceValidationErrors).errors;
    expect(errors.map((e) => e.message)).toEqual(['S/Thing: weight = 300: an integer from 0 to 255', 'S/Thing: name = "A": lowercase letters']);
    expect((thrown as Error).message).toMatch(/^2 validation errors:\n {2}- S\/Thing: weight = 300: .*\n {2}- S\/Thing: name = "A": lowercase letters$/);
  });

  test('a single failure keeps the single error message', () => {
    expect(() => validateAll('environments.dev', [() => invalid('environments.dev', 'account', '1', 'a 12-digit AWS account id')])).toThrow(
      /^environments\.dev: account = "1": a 12-digit AWS account id$/,
    );
  });

  test('flattens nested collections', () => {
    const collector = new ValidationCollector('p');
    collector.check(() => validateAll('p', [() => invalid('p', 'a', 1, 'x'), () => invalid('p', 'b', 2, 'y')]));
    collector.check(() => invalid('p', 'c', 3, 'z'));
    expect(() => collector.throwIfAny()).toThrow(expect.objectContaining({ errors: expect.arrayContaining([expect.any(ResilienceValidationError)]) }));
    try {
      collector.throwIfAny();
    } catch (error) {
      expect((error as ResilienceValidationErrors).errors.map((e) => e.prop)).toEqual(['a', 'b', 'c']);
    }
  });

  test('does nothing when every check passes', () => {
    expect(() => validateAll('p', [() => undefined])).not.toThrow();
  });

  test('an error that is not a validation error is re-thrown with the construct path in front', () => {
    const scope = new Construct(new Stack(new App(), 'S'), 'Thing');
    expect(() => validateAll(scope, [() => { throw new Error('Duration amounts cannot be negative'); }])).toThrow(/^S\/Thing: Duration amounts cannot be negative$/);
    expect(() => withConstructPath(scope, () => { throw new Error('cannot render'); })).toThrow(/^S\/Thing: cannot render$/);
  });
});
