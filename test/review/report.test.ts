import { renderJson, renderMarkdown, review } from '../../lib/review';
import { output, peerAuthentication } from './fixtures';

describe('reports', () => {
  const base = output({}, [peerAuthentication('STRICT')]);
  const head = output({}, [peerAuthentication('PERMISSIVE')]);
  const target = 'prod/us-east-1/security.istio.io/v1/PeerAuthentication/istio-system/default';

  test('the Markdown lists each open violation as its line, the diagram and the Kubernetes changes', () => {
    const md = renderMarkdown(review(base, head), { baseRef: 'main', baseSha: 'a'.repeat(40), baseCached: true });
    expect(md).toMatch(/^## Review: ❌ changes need attention$/m);
    expect(md).toContain(`[mtls] ${target}: spec.mtls.mode = PERMISSIVE (was STRICT): mTLS must be STRICT`);
    expect(md).toContain('Base `main` (aaaaaaaaaaaa, cached)');
    expect(md).toContain('```mermaid\nflowchart LR');
    expect(md).toContain('| prod/us-east-1 | `security.istio.io/v1/PeerAuthentication/istio-system/default` | changed | `$.spec.mtls.mode`: `"STRICT"` → `"PERMISSIVE"` |');
    expect(md).toContain('DR budget not checked for `prod`');
  });

  test('acknowledged violations pass and show their reason; a failed head gate fails the report', () => {
    const result = review(base, head, { acknowledgements: [{ rule: 'mtls', target, reason: 'legacy client migration, until 2027-01' }] });
    const md = renderMarkdown(result, { baseRef: 'main' });
    expect(md).toMatch(/^## Review: ✅ no policy violation$/m);
    expect(md).toContain('— legacy client migration, until 2027-01');
    const failed = renderMarkdown(result, { baseRef: 'main', headFailure: '[cdk-nag] AwsSolutions-S1 at Prod/UsEast1/Bucket' });
    expect(failed).toMatch(/^## Review: ❌/m);
    expect(failed).toContain('### Synth gates failed on the head');
    expect(renderJson(result, { baseRef: 'main', headFailure: 'x' })).toMatchObject({ passed: false, acknowledged: [{ rule: 'mtls', target }] });
  });
});
