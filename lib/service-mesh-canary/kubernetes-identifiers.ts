import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';

/**
 * Kubernetes identifier and quantity rules, as the API server applies them
 * (k8s.io/apimachinery `validation.IsDNS1123Subdomain`, `IsQualifiedName`, `IsValidLabelValue`,
 * `IsConfigMapKey`, `IsEnvVarName`; `resource.ParseQuantity`), so a bad value fails at synth, not
 * when the manifest is applied.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 */

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_LABEL}(\\.${DNS1123_LABEL})*$`);
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
// The rule before Kubernetes 1.30 relaxed it; still what every supported cluster accepts.
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** A DNS-1123 subdomain: Secret, ConfigMap and most object names. */
export function requireDnsSubdomain(scope: IConstruct, prop: string, value: string): void {
  if (typeof value !== 'string' || value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    invalid(scope, prop, value, 'a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters');
  }
}

/** A qualified name (label and annotation keys): an optional DNS subdomain prefix and `/`, then a name of at most 63 characters. */
export function requireQualifiedName(scope: IConstruct, prop: string, value: string): void {
  const slash = typeof value === 'string' ? value.lastIndexOf('/') : -1;
  const prefix = slash >= 0 ? value.slice(0, slash) : undefined;
  const name = slash >= 0 ? value.slice(slash + 1) : value;
  const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix));
  if (typeof value !== 'string' || !prefixOk || name.length > 63 || !QUALIFIED_NAME_PART.test(name)) {
    invalid(scope, prop, value, 'a qualified name: an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit');
  }
}

/** A label value: empty, or at most 63 letters, digits, `-`, `_`, `.`, starting and ending with a letter or digit. */
export function requireLabelValue(scope: IConstruct, prop: string, value: string): void {
  if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
    invalid(scope, prop, value, 'a label value: empty, or at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit');
  }
}

/** A key of a Secret or ConfigMap. */
export function requireConfigMapKey(scope: IConstruct, prop: string, value: string): void {
  if (typeof value !== 'string' || value.length > 253 || !CONFIG_MAP_KEY.test(value)) {
    invalid(scope, prop, value, 'a Secret or ConfigMap key: letters, digits, "-", "_" or ".", at most 253 characters');
  }
}

/** An environment variable name (or `envFrom` prefix, when `allowEmpty`). */
export function requireEnvVarName(scope: IConstruct, prop: string, value: string): void {
  if (typeof value !== 'string' || !ENV_VAR_NAME.test(value)) {
    invalid(scope, prop, value, 'an environment variable name: letters, digits, "_", "-" or ".", not starting with a digit');
  }
}

const BINARY_SUFFIXES: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL_SUFFIXES: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/**
 * The value of a Kubernetes quantity (`250m`, `1.5`, `512Mi`, `1e3`), or undefined when the
 * string is not one. Signs are refused: no resource request or limit is negative.
 */
export function parseQuantity(value: string): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE]\d+)?$/.exec(value);
  if (!match) return undefined;
  const number = Number(match[1]);
  const suffix = match[2] ?? '';
  if (/^[eE]\d+$/.test(suffix)) return number * 10 ** Number(suffix.slice(1));
  return number * (BINARY_SUFFIXES[suffix] ?? DECIMAL_SUFFIXES[suffix]);
}

/** A positive Kubernetes quantity; returns its value. */
export function requireQuantity(scope: IConstruct, prop: string, value: string, example: string): number {
  const parsed = parseQuantity(value);
  if (parsed === undefined || !(parsed > 0)) {
    invalid(scope, prop, value, `a positive Kubernetes quantity such as "${example}" (digits, then an optional suffix n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi or Ei)`);
  }
  return parsed;
}

/** A container image reference pinned by digest: `name@sha256:<64 hex>` (a tag before the digest is allowed). */
export const IMAGE_DIGEST_PATTERN = /^[^\s@]+@sha256:[0-9a-f]{64}$/;

/** Requires an image pinned by digest. */
export function requireImageDigest(scope: IConstruct, prop: string, image: string): void {
  if (!IMAGE_DIGEST_PATTERN.test(image)) {
    invalid(scope, prop, image, 'an image pinned by digest, "<name>@sha256:<64 lowercase hex digits>" (requireImageDigest is on)');
  }
}

/** A container image reference: no whitespace, no scheme, at most one `@`. */
export function requireImageReference(scope: IConstruct, prop: string, image: string): void {
  if (typeof image !== 'string' || !/^[^\s@:/][^\s@]*(@[a-z0-9]+:[0-9a-fA-F]+)?$/.test(image) || image.includes('://')) {
    invalid(scope, prop, image, 'a container image reference such as "registry.example.com/api:1.0.0" or "<name>@sha256:<digest>" (no whitespace, no URL scheme)');
  }
}
