import { Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { describeValue, invalid, RegionRole, ResilienceValidationError } from '../../lib/core';
import { unitTestApp } from '../support/app';

describe('validation errors', () => {
  test('name the construct path, the prop, the value received and what is valid', () => {
    const stack = new Stack(unitTestApp(), 'Stack');
    const scope = new Construct(stack, 'Thing');
    expect(() => invalid(scope, 'weight', 300, 'an integer from 0 to 255')).toThrow(new ResilienceValidationError('Stack/Thing', 'weight', 300, 'an integer from 0 to 255'));
    expect(() => invalid(scope, 'weight', 300, 'an integer from 0 to 255')).toThrow(/^Stack\/Thing: weight = 300: an integer from 0 to 255$/);
  });

  test('render values compactly and deterministically', () => {
    expect(describeValue('x')).toBe('"x"');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(Duration.hours(48))).toBe('2 days');
    expect(describeValue({ a: [1, 2] })).toBe('{"a":[1,2]}');
  });

  test('accept a dotted data path where no construct exists yet', () => {
    expect(() => invalid('environments.prod', 'account', '1', 'a 12-digit AWS account id')).toThrow(/^environments.prod: account = "1": a 12-digit AWS account id$/);
  });
});

describe('RegionRole', () => {
  test('looks roles up by name', () => {
    expect(RegionRole.of('x', 'role', 'warm-standby')).toBe(RegionRole.WARM_STANDBY);
    expect(RegionRole.PRIMARY.isPrimary).toBe(true);
  });
});
