import { Environment, EnvironmentDnsSettings, validateEnvironments } from '../../lib/platform';
import { ENVIRONMENTS } from '../../stacks/environments';

/** Each environment's DNS settings, as stacks/environments.ts describes them. */
export const DNS_SETTINGS: Readonly<Record<string, EnvironmentDnsSettings>> = Object.fromEntries(ENVIRONMENTS.map((e) => [e.name, e.dns]));

/** The seeds' weighted option for prod: 70/20/10. */
export const PROD_WEIGHTED: EnvironmentDnsSettings = {
  ...DNS_SETTINGS.prod,
  routing: 'weighted',
  geoOverrides: undefined,
  weights: { 'us-east-1': 70, 'us-west-2': 20, 'eu-west-1': 10 },
};

export function environment(name: string): Environment {
  return validateEnvironments(ENVIRONMENTS).find((e) => e.name === name)!;
}
