import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Chart, Testing } from 'cdk8s';
import { stringify } from 'yaml';
import type { IAlertmanagerConfig } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/AlertmanagerConfig';
import { AlertRouting, isAlertingRule, PrometheusRuleGroup } from '../../lib/monitoring-stack';
import { KubernetesMonitoring } from '../../lib/monitoring-stack/k8s';
import { apiService, pagerDuty, RUNBOOK, slack } from './fixtures';

/**
 * The AlertmanagerConfig's semantics, not only its schema: it is turned into the alertmanager.yml
 * the Prometheus operator would generate, and Alertmanager's own amtool (Debian's
 * prometheus-alertmanager, installed by scripts/ensure-test-tools.sh from `pretest`) checks it and
 * resolves the receivers of label sets.
 */

// Placeholder secret values: the operator reads the Secrets and writes their values in the config.
const SECRET_VALUES: Record<string, string> = {
  'alertmanager-pagerduty/routing-key': '0123456789abcdef0123456789abcdef',
  'alertmanager-slack/webhook-url': 'https://hooks.slack.com/services/T0123456789/B0123456789/placeholder',
};

/** The operator's `alertmanagerConfigMatcherStrategy` (Alertmanager CRD, `spec.alertmanagerConfigMatcherStrategy.type`). */
type MatcherStrategy = 'OnNamespace' | 'None';

type AmcSpec = NonNullable<IAlertmanagerConfig['spec']>;
type AmcRoute = NonNullable<AmcSpec['route']>;
type AmcMatcher = { name: string; value?: string; matchType?: string };
type SecretRef = { name: string; key: string };

const matcherString = (m: AmcMatcher) => `${m.name}${m.matchType ?? '='}${JSON.stringify(m.value ?? '')}`;

/** Fails on any field the conversion below does not know, so a new field cannot be silently dropped. */
function only(what: string, o: object, known: string[]): void {
  const unknown = Object.keys(o).filter((k) => !known.includes(k));
  if (unknown.length > 0) throw new Error(`${what}: the test's operator conversion does not handle ${unknown.join(', ')}`);
}

function secret(ref: SecretRef): string {
  const value = SECRET_VALUES[`${ref.name}/${ref.key}`];
  if (value === undefined) throw new Error(`no placeholder for Secret ${ref.name} key ${ref.key}`);
  return value;
}

/**
 * The prometheus-operator's conversion of one AlertmanagerConfig into alertmanager.yml
 * (pkg/alertmanager/amcfg.go, `ConfigBuilder.AddAlertmanagerConfigs` and `convertRoute`), for the
 * fields this library emits, over the operator's base config (root receiver "null"):
 * - the CR's route becomes the first child of the root route, with `continue: true` forced
 *   (`continueToNextRoute`), and, under the default `OnNamespace` strategy, a `namespace="<ns>"`
 *   matcher appended (`namespaceEnforcer.processRoute`); `None` adds nothing;
 * - receiver names (also in every route) are prefixed `<namespace>/<name>/<receiver>`
 *   (`makeNamespacedString`);
 * - matchers with a matchType become `name="value"` strings (`Matcher.String`);
 * - Secret keys are read and their values written inline (`routing_key`, `api_url`);
 * - inhibit rules keep their matchers and `equal`; `OnNamespace` appends `namespace="<ns>"` to both
 *   source and target matchers (`namespaceEnforcer.processInhibitRule`).
 */
function operatorAlertmanagerConfig(amc: IAlertmanagerConfig, strategy: MatcherStrategy): Record<string, unknown> {
  const ns = amc.metadata!.namespace!;
  const prefix = (r: string) => `${ns}/${amc.metadata!.name}/${r}`;
  const spec = amc.spec!;
  only('spec', spec, ['route', 'receivers', 'inhibitRules']);
  const nsMatcher = strategy === 'OnNamespace' ? [matcherString({ name: 'namespace', value: ns, matchType: '=' })] : [];

  const route = (r: AmcRoute, top: boolean): Record<string, unknown> => {
    only('route', r, ['receiver', 'groupBy', 'groupWait', 'groupInterval', 'repeatInterval', 'matchers', 'continue', 'routes']);
    const matchers = [...((r.matchers ?? []) as AmcMatcher[]).map(matcherString), ...(top ? nsMatcher : [])];
    return {
      receiver: prefix(r.receiver!),
      ...(r.groupBy ? { group_by: r.groupBy } : {}),
      ...(r.groupWait ? { group_wait: r.groupWait } : {}),
      ...(r.groupInterval ? { group_interval: r.groupInterval } : {}),
      ...(r.repeatInterval ? { repeat_interval: r.repeatInterval } : {}),
      ...(matchers.length > 0 ? { matchers } : {}),
      continue: top ? true : r.continue ?? false,
      ...(r.routes ? { routes: (r.routes as AmcRoute[]).map((c) => route(c, false)) } : {}),
    };
  };

  const receivers = (spec.receivers ?? []).map((r) => {
    only(`receiver ${r.name}`, r, ['name', 'pagerdutyConfigs', 'slackConfigs']);
    return {
      name: prefix(r.name),
      ...(r.pagerdutyConfigs ? {
        pagerduty_configs: r.pagerdutyConfigs.map((p) => {
          only('pagerdutyConfig', p, ['routingKey', 'sendResolved', 'severity']);
          return { routing_key: secret(p.routingKey as SecretRef), send_resolved: p.sendResolved, severity: p.severity };
        }),
      } : {}),
      ...(r.slackConfigs ? {
        slack_configs: r.slackConfigs.map((s) => {
          only('slackConfig', s, ['apiURL', 'channel', 'sendResolved', 'title', 'text']);
          return { api_url: secret(s.apiURL as SecretRef), channel: s.channel, send_resolved: s.sendResolved, title: s.title, text: s.text };
        }),
      } : {}),
    };
  });

  const inhibitRules = (spec.inhibitRules ?? []).map((i) => {
    only('inhibitRule', i, ['sourceMatch', 'targetMatch', 'equal']);
    return {
      source_matchers: [...((i.sourceMatch ?? []) as AmcMatcher[]).map(matcherString), ...nsMatcher],
      target_matchers: [...((i.targetMatch ?? []) as AmcMatcher[]).map(matcherString), ...nsMatcher],
      equal: i.equal,
    };
  });

  return {
    route: { receiver: 'null', routes: [route(spec.route as AmcRoute, true)] },
    receivers: [{ name: 'null' }, ...receivers],
    inhibit_rules: inhibitRules,
    templates: [],
  };
}

/** Runs amtool; throws when it is missing (these tests must fail, never skip, without it). */
function amtool(args: string[], cwd: string): { status: number; output: string } {
  const run = spawnSync('amtool', args, { cwd, encoding: 'utf8' });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error('amtool is not installed: run scripts/ensure-test-tools.sh (npm test runs it as `pretest`)');
  }
  if (run.error) throw run.error;
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

function writeConfig(amc: IAlertmanagerConfig, strategy: MatcherStrategy): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtool-'));
  fs.writeFileSync(path.join(dir, 'alertmanager.yml'), stringify(operatorAlertmanagerConfig(amc, strategy)));
  return dir;
}

/** The receivers `amtool config routes test` resolves for a label set, in routing order. */
function receiversOf(dir: string, labels: Record<string, string>): string[] {
  const { status, output } = amtool(['config', 'routes', 'test', '--config.file=alertmanager.yml', ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)], dir);
  if (status !== 0) throw new Error(`amtool config routes test failed:\n${output}`);
  const line = output.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('Warning:'));
  return (line ?? '').split(',');
}

function render(routing: AlertRouting) {
  const chart = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
  const monitoring = new KubernetesMonitoring(chart, 'Monitoring', {
    environment: 'prod',
    region: 'us-east-1',
    release: 'kube-prometheus-stack',
    routing,
    services: [apiService()],
    runbookUrl: RUNBOOK,
  });
  return monitoring;
}

/** The static labels of every alerting rule emitted (those Alertmanager routes on). */
function alertLabels(groups: readonly PrometheusRuleGroup[]): { alert: string; labels: Record<string, string>; expr: string }[] {
  return groups.flatMap((g) => g.rules.filter(isAlertingRule).map((r) => ({ alert: r.alert, labels: { alertname: r.alert, ...r.labels }, expr: r.expr })));
}

const PAGERDUTY = 'monitoring/platform-routing/pagerduty';
const SLACK = 'monitoring/platform-routing/slack-C0123456789';

describe('Alertmanager semantics of the AlertmanagerConfig (amtool)', () => {
  const prod = render(AlertRouting.paging({ pagerDuty: pagerDuty(new Stack()), slack: slack() }));
  const amc = prod.objects.alertmanagerConfig;
  // kube-prometheus-stack must run with `alertmanagerConfigMatcherStrategy.type: None` (README,
  // "Kubernetes half"): that is the configuration whose routing the platform relies on.
  const dir = writeConfig(amc, 'None');

  test('GIVEN the operator\'s conversion WHEN amtool check-config reads it THEN it is a valid configuration with both receivers and the inhibit rule', () => {
    const { status, output } = amtool(['check-config', 'alertmanager.yml'], dir);
    expect({ status, output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    expect(output).toMatch(/- 1 inhibit rules/);
    expect(output).toMatch(/- 3 receivers/);
  });

  test.each([
    ['critical', { severity: 'critical', alertname: 'MeshServiceHighServerErrorRatio', namespace: 'api', service: 'api' }, [PAGERDUTY, SLACK]],
    ['warning', { severity: 'warning', alertname: 'MeshServiceHighLatencyP95', namespace: 'api', service: 'api' }, [SLACK]],
    ['info', { severity: 'info', alertname: 'SomethingToKnow' }, [SLACK]],
    // No severity: the AlertmanagerConfig's own route takes it, with the warning receiver.
    ['no', { alertname: 'Unlabelled' }, [SLACK]],
  ])('WHEN an alert with %s severity arrives THEN amtool routes it to exactly its receivers', (_, labels, expected) => {
    expect(receiversOf(dir, labels)).toEqual(expected);
  });

  test('every alerting rule the platform emits reaches the receivers of its severity (prod pages PagerDuty and mirrors to Slack)', () => {
    const expected: Record<string, string[]> = { critical: [PAGERDUTY, SLACK], warning: [SLACK], info: [SLACK] };
    const alerts = alertLabels(prod.ruleGroups);
    expect(alerts.length).toBeGreaterThan(4);
    for (const a of alerts) expect({ alert: a.alert, receivers: receiversOf(dir, a.labels) }).toEqual({ alert: a.alert, receivers: expected[a.labels.severity] });
  });

  test('GIVEN Slack-only routing (dev, staging) WHEN a critical alert arrives THEN it reaches Slack and nobody is paged', () => {
    const staging = writeConfig(render(AlertRouting.slackOnly(slack())).objects.alertmanagerConfig, 'None');
    expect(amtool(['check-config', 'alertmanager.yml'], staging).status).toBe(0);
    expect(receiversOf(staging, { severity: 'critical', alertname: 'MeshServiceHighServerErrorRatio', namespace: 'api', service: 'api' })).toEqual([SLACK]);
  });

  test('GIVEN the operator\'s default OnNamespace strategy THEN a mesh alert from the service\'s namespace falls to the operator\'s "null" receiver (why the README requires strategy None)', () => {
    const onNamespace = writeConfig(amc, 'OnNamespace');
    expect(amtool(['check-config', 'alertmanager.yml'], onNamespace).status).toBe(0);
    expect(receiversOf(onNamespace, { severity: 'critical', alertname: 'MeshServiceHighServerErrorRatio', namespace: 'api', service: 'api' })).toEqual(['null']);
    expect(receiversOf(onNamespace, { severity: 'critical', alertname: 'AnyAlert', namespace: 'monitoring' })).toEqual([PAGERDUTY, SLACK]);
  });

  describe('inhibition (amtool cannot evaluate inhibit rules: asserted on the converted rule and the emitted alerts)', () => {
    const rule = (operatorAlertmanagerConfig(amc, 'None').inhibit_rules as { source_matchers: string[]; target_matchers: string[]; equal: string[] }[]);

    test('a firing critical inhibits warnings that share alertname, namespace, service and sloth_id', () => {
      expect(rule).toEqual([{ source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['alertname', 'namespace', 'service', 'sloth_id'] }]);
    });

    // Alertmanager inhibits a target when the source and target matchers match and every `equal`
    // label has the same value in both, a missing label counting as empty
    // (https://prometheus.io/docs/alerting/latest/configuration/#inhibit_rule).
    const matches = (matchers: string[], labels: Record<string, string>) => matchers.every((m) => {
      const [, name, value] = /^([^=]+)="(.*)"$/.exec(m)!;
      return (labels[name] ?? '') === value;
    });
    const inhibits = (source: Record<string, string>, target: Record<string, string>) => matches(rule[0].source_matchers, source)
      && matches(rule[0].target_matchers, target) && rule[0].equal.every((l) => (source[l] ?? '') === (target[l] ?? ''));
    // An SLO alert's labels at run time: its rule's labels plus the Sloth id labels of the series it selects.
    const withSeriesLabels = (a: { labels: Record<string, string>; expr: string }) => ({
      ...a.labels, ...Object.fromEntries([...a.expr.matchAll(/(sloth_(?:id|service|slo))="([^"]+)"/g)].map((m) => [m[1], m[2]])),
    });

    test('GIVEN an SLO\'s page (critical) firing THEN its ticket (warning) is inhibited, and the other SLO\'s ticket is not', () => {
      const slo = alertLabels(prod.ruleGroups).filter((a) => a.labels.sloth_severity).map(withSeriesLabels);
      const page = slo.find((a) => a.severity === 'critical' && a.sloth_id === 'api-requests-availability')!;
      const ticket = slo.find((a) => a.severity === 'warning' && a.sloth_id === 'api-requests-availability')!;
      const otherTicket = slo.find((a) => a.severity === 'warning' && a.sloth_id === 'api-requests-latency')!;
      expect([page, ticket, otherTicket].every(Boolean)).toBe(true);
      expect(inhibits(page, ticket)).toBe(true);
      expect(inhibits(page, otherTicket)).toBe(false);
      expect(inhibits(ticket, page)).toBe(false);
    });

    test('GIVEN the mesh 5xx alert (critical) firing THEN the mesh latency warning of the same service still notifies (different alertname)', () => {
      const mesh = alertLabels(prod.ruleGroups).filter((a) => a.alert.startsWith('MeshService')).map((a) => a.labels);
      const errors = mesh.find((a) => a.alertname === 'MeshServiceHighServerErrorRatio')!;
      const latency = mesh.find((a) => a.alertname === 'MeshServiceHighLatencyP95')!;
      expect(inhibits(errors, latency)).toBe(false);
    });

    test('GIVEN the OnNamespace strategy THEN the operator confines the rule to alerts labelled namespace="monitoring"', () => {
      const converted = operatorAlertmanagerConfig(amc, 'OnNamespace').inhibit_rules as { source_matchers: string[]; target_matchers: string[] }[];
      expect(converted[0].source_matchers).toEqual(['severity="critical"', 'namespace="monitoring"']);
      expect(converted[0].target_matchers).toEqual(['severity="warning"', 'namespace="monitoring"']);
    });
  });
});
