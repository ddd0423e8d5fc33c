import { IAuthorizationPolicy, IPeerAuthentication, IRequestAuthentication, MeshObject } from './mesh-types';
import { ResolvedMeshCanary } from './resolved-props';
import { commonLabels, hookServiceAccount, selectorLabels } from './workload-objects';

/** SPIFFE-style principal of a service account (`<trust domain>/ns/<namespace>/sa/<name>`). */
export function principal(trustDomain: string, namespaceAndName: string): string {
  const [namespace, name] = namespaceAndName.split('/');
  return `${trustDomain}/ns/${namespace}/sa/${name}`;
}

/** Every service account admitted: the configured ones, the ingress gateway's and the hook Jobs'. */
export function admittedServiceAccounts(r: ResolvedMeshCanary): string[] {
  const hooks = hookServiceAccount(r);
  const all = [...r.allowedServiceAccounts, ...(r.gateway ? [r.gateway.serviceAccount] : []), ...(hooks ? [`${r.namespace}/${hooks}`] : [])];
  return [...new Set(all)].sort();
}

/**
 * STRICT mTLS for the service's pods, an ALLOW policy for the named callers on the service port
 * and, with JWT, a RequestAuthentication plus a DENY policy for requests without a principal.
 */
export function renderSecurity(r: ResolvedMeshCanary): MeshObject[] {
  const labels = commonLabels(r);
  const selector = { matchLabels: selectorLabels(r) };
  const peer: IPeerAuthentication = {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: r.name, namespace: r.namespace, labels },
    spec: { selector, mtls: { mode: 'STRICT' } },
  };
  const principals = admittedServiceAccounts(r).map((sa) => principal(r.trustDomain, sa));
  const namespaces = [...r.allowedNamespaces].sort();
  const allow: IAuthorizationPolicy = {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: `${r.name}-allow`, namespace: r.namespace, labels },
    spec: {
      selector,
      action: 'ALLOW',
      rules: [{
        from: [
          ...(principals.length > 0 ? [{ source: { principals } }] : []),
          ...(namespaces.length > 0 ? [{ source: { namespaces } }] : []),
        ],
        to: [{ operation: { ports: [String(r.port)] } }],
      }],
    },
  };
  const objects: MeshObject[] = [peer, allow];
  if (r.jwt) {
    const request: IRequestAuthentication = {
      apiVersion: 'security.istio.io/v1',
      kind: 'RequestAuthentication',
      metadata: { name: `${r.name}-jwt`, namespace: r.namespace, labels },
      spec: { selector, jwtRules: [{ issuer: r.jwt.issuer, jwksUri: r.jwt.jwksUri, audiences: r.jwt.audiences }] },
    };
    const exempt = r.jwt.exemptPaths ?? [];
    const requirePrincipal: IAuthorizationPolicy = {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: `${r.name}-require-jwt`, namespace: r.namespace, labels },
      spec: {
        selector,
        action: 'DENY',
        rules: [{
          from: [{ source: { notRequestPrincipals: ['*'] } }],
          to: exempt.length > 0 ? [{ operation: { notPaths: [...exempt] } }] : undefined,
        }],
      },
    };
    objects.push(request, requirePrincipal);
  }
  return objects;
}
