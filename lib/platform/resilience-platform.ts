import * as path from 'path';
import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cdk8s from 'cdk8s';
import { invalid, ValidationCollector } from '../core';
import { pascalCase } from '../core/naming';
import { buildClusterApp } from './cluster-charts';
import { addDrClusterChart, composeEnvironmentDr } from './dr-composition';
import { ARC_CONTROL_PLANE_REGION, type MultiRegionDr } from '../multi-region-dr';
import { accountContextKey, Environment, EnvironmentDescription, validateEnvironments } from './environment-model';
import { GlobalStack } from './global-stack';
import { composeMonitoring, dnsAlarmActionsOf, drSignalsFrom, DrSignalsSource, PlatformMonitoring, validateMonitoringComposition } from './monitoring-composition';
import { regionalName, servicesStackName } from './naming';
import { checkHealthChecksPerAccount, checkRecordsPerNameAndType, checkResourceBudget, checkTemplateBudget, PlatformLimits, ResolvedPlatformLimits, resolveLimits } from './platform-limits';
import { RegionalStack } from './regional-stack';
import { RoutingControlsStack } from './routing-controls-stack';
import { ServiceResources, ServicesStack } from './services-stack';
import { platformValidationPlugins } from './validation-plugins';

export interface ResiliencePlatformProps {
  /** Every environment, as data (validated together: all errors are reported at once). */
  readonly environments: readonly EnvironmentDescription[];
  /** Directory the Kubernetes manifests go to, as `<dir>/<environment>/<region>/<chart>.k8s.yaml`. */
  readonly manifestsDir: string;
  /**
   * Register the policy gates of `platformValidationPlugins` (the cdk-nag packs) on the app.
   * @default true
   */
  readonly policyValidation?: boolean;
  /** @default - 400 resources per stack, 200 Route 53 health checks per account */
  readonly limits?: PlatformLimits;
  /** Actions of the Route 53 health-check and routing-switch alarms. @default - the monitored environments' MonitoringStack topics, else each routing's own topic */
  readonly dnsAlarmActions?: readonly cloudwatch.IAlarmAction[];
  /** DR signals (failover triggers, replication) each region's MonitoringStack watches. @default - each environment's MultiRegionDr (its triggers and replication signals, through `drSignalsFrom`) */
  readonly drSignals?: DrSignalsSource;
}

/**
 * A multi-region platform on one CDK app: per environment a Stage (`<Env>`) holding a stack per
 * region (`<Env>/<Region>`: backup vault), the region's services stacks
 * (`<Env>/<Region>Services<shard>`: per-service resources, split to stay within the resource budget),
 * the global stack in us-east-1 (`<Env>/Global`: Route 53), and a cdk8s app per cluster. The
 * platform is not a construct itself: its Stages sit directly on the app, so stack paths and CLI
 * selectors (`'Prod/*'`) stay those of a hand-written app.
 */
export class ResiliencePlatform {
  /** The validated environments, in description order. */
  public readonly environments: readonly Environment[];
  /** By environment name. */
  public readonly stages: ReadonlyMap<string, Stage>;
  /** The regional stacks, by `<env>/<region>`. */
  public readonly stacks: ReadonlyMap<string, RegionalStack>;
  /** The global stack (us-east-1) of each environment, by environment name. */
  public readonly globals: ReadonlyMap<string, GlobalStack>;
  /** The services stacks, by `<env>/<region>/<shard>`; only shards holding a service exist. */
  public readonly serviceStacks: ReadonlyMap<string, ServicesStack>;
  /** One cdk8s app per cluster, by `<env>/<region>`. */
  public readonly clusters: ReadonlyMap<string, cdk8s.App>;
  /** The limits checked at synth. */
  public readonly limits: ResolvedPlatformLimits;
  /** Each environment's MultiRegionDr (budget, triggers, replication signals, plans), by environment name. */
  public readonly dr: ReadonlyMap<string, MultiRegionDr>;
  /** The stacks of the Aurora secondaries, by `<env>/<region>`. */
  public readonly drStacks: ReadonlyMap<string, Stack>;
  /** The stack of the ARC routing controls (us-west-2) of each environment with `dr.routingControls`, by environment name. */
  public readonly routingControlStacks: ReadonlyMap<string, RoutingControlsStack>;
  /** MonitoringStack per region, global view per environment, Kubernetes half per cluster. */
  public readonly monitoring: PlatformMonitoring;

  constructor(app: App, props: ResiliencePlatformProps) {
    // Every error at once: the limits and every environment and service.
    const collector = new ValidationCollector('platform');
    let limits: ResolvedPlatformLimits | undefined;
    let environments: Environment[] = [];
    collector.check(() => {
      limits = resolveLimits('platform', props.limits);
    });
    collector.check(() => {
      // Accounts: the description or context `resilience:account:<env>`, never CDK_DEFAULT_ACCOUNT.
      environments = validateEnvironments(props.environments, { context: (name) => app.node.tryGetContext(accountContextKey(name)) });
      validateMonitoringComposition(environments, props.dnsAlarmActions !== undefined);
    });
    collector.throwIfAny();
    this.limits = limits!;
    this.environments = environments;
    if (props.policyValidation ?? true) Validations.of(app).addPlugins(...platformValidationPlugins());

    const stages = new Map<string, Stage>();
    const stacks = new Map<string, RegionalStack>();
    const globals = new Map<string, GlobalStack>();
    const serviceStacks = new Map<string, ServicesStack>();
    const clusters = new Map<string, cdk8s.App>();
    const dr = new Map<string, MultiRegionDr>();
    const drStacks = new Map<string, Stack>();
    const routingControlStacks = new Map<string, RoutingControlsStack>();
    for (const environment of this.environments) {
      const stage = new Stage(app, pascalCase(environment.name), { env: { account: environment.account } });
      stages.set(environment.name, stage);
      const terminationProtection = environment.profile.terminationProtection;
      // Before the global stack: its routings' health checks read these controls (MultiRegionDr creates them).
      const routingControlsStack = environment.dr.routingControls ? new RoutingControlsStack(stage, 'RoutingControls', {
        env: { account: environment.account, region: ARC_CONTROL_PLANE_REGION },
        description: `resilience-constructs: ${environment.name} Route 53 ARC routing controls (cluster, control panel, a control per region, safety rules)`,
        environment: environment.name,
        regions: environment.regions.map((r) => r.region),
        terminationProtection,
      }) : undefined;
      if (routingControlsStack) routingControlStacks.set(environment.name, routingControlsStack);
      const global = new GlobalStack(stage, 'Global', {
        environment,
        description: `resilience-constructs: ${environment.name} global (Route 53 routing, health-check alarms)`,
        terminationProtection,
        alarmActions: props.dnsAlarmActions ?? dnsAlarmActionsOf(environment),
        routingControls: routingControlsStack?.controls,
      });
      globals.set(environment.name, global);
      for (const placement of environment.regions) {
        const key = `${environment.name}/${placement.region}`;
        const stack = new RegionalStack(stage, pascalCase(placement.region), {
          env: { account: environment.account, region: placement.region },
          stackName: regionalName(environment.name, placement.region),
          description: `resilience-constructs: ${environment.name} in ${placement.region} (${placement.role.name})`,
          environment,
          placement,
          terminationProtection,
        });
        stacks.set(key, stack);
        for (const service of environment.services.filter((s) => s.regions.includes(placement.region))) {
          const shardKey = `${key}/${service.shard}`;
          let shardStack = serviceStacks.get(shardKey);
          if (!shardStack) {
            shardStack = new ServicesStack(stage, `${pascalCase(placement.region)}Services${service.shard}`, {
              env: { account: environment.account, region: placement.region },
              stackName: servicesStackName(environment.name, placement.region, service.shard),
              description: `resilience-constructs: ${environment.name} in ${placement.region}, services shard ${service.shard} of ${environment.serviceShards}`,
              environment,
              region: placement.region,
              shard: service.shard,
              terminationProtection,
            });
            serviceStacks.set(shardKey, shardStack);
          }
          shardStack.addService(environment, placement.region, service);
        }
        clusters.set(
          key,
          buildClusterApp(path.join(props.manifestsDir, environment.name, placement.region), { environment, placement, backupTarget: stack.backupVault.clusterBackupTarget }),
        );
      }
      const composed = composeEnvironmentDr(stage, environment, global, new Map(environment.regions.map((r) => [r.region, stacks.get(`${environment.name}/${r.region}`)!])), terminationProtection,
        new Map(environment.regions.map((r) => [r.region, clusters.get(`${environment.name}/${r.region}`)!])), routingControlsStack);
      dr.set(environment.name, composed.dr);
      for (const [region, stack] of composed.databaseStacks) drStacks.set(`${environment.name}/${region}`, stack);
      for (const placement of environment.regions) addDrClusterChart(clusters.get(`${environment.name}/${placement.region}`)!, environment, placement, composed.dr);
    }
    this.dr = dr;
    this.drStacks = drStacks;
    this.routingControlStacks = routingControlStacks;
    this.stages = stages;
    this.stacks = stacks;
    this.globals = globals;
    this.serviceStacks = serviceStacks;
    this.clusters = clusters;
    this.monitoring = composeMonitoring({ environments: this.environments, stacks, globals, clusters, serviceStacks, drSignals: props.drSignals ?? drSignalsFrom(dr) });
    this.registerLimitChecks();
  }

  /**
   * The construct holding a service's AWS resources in a region, in the service's stack: the place
   * for constructs that add per-service resources (data stores, alarms), so they follow the
   * service's stack assignment and keep their logical IDs when other services come and go. Its
   * `workloadRole` is the principal to grant a data store's access to.
   */
  public serviceScope(environmentName: string, region: string, serviceName: string): ServiceResources {
    const environment = this.environments.find((e) => e.name === environmentName);
    if (!environment) invalid('platform', 'environment', environmentName, `an environment of the platform: ${this.environments.map((e) => e.name).join(', ')}`);
    const service = environment.services.find((s) => s.name === serviceName);
    if (!service) invalid(`environments.${environmentName}`, 'service', serviceName, `a service of the environment: ${environment.services.map((s) => s.name).join(', ')}`);
    if (!service.regions.includes(region)) invalid(`environments.${environmentName}.services.${serviceName}`, 'region', region, `a region the service runs in: ${service.regions.join(', ')}`);
    return this.serviceStacks.get(`${environmentName}/${region}/${service.shard}`)!.service(serviceName)!;
  }

  /** Every CloudFormation stack of the platform. */
  public get allStacks(): Stack[] {
    return [...this.stacks.values(), ...this.serviceStacks.values(), ...this.globals.values(), ...this.drStacks.values(), ...this.routingControlStacks.values()];
  }

  /** Writes every cluster's manifests. */
  public synthManifests(): void {
    for (const cluster of this.clusters.values()) cluster.synth();
  }

  private registerLimitChecks(): void {
    for (const stack of this.allStacks) checkResourceBudget(stack, this.limits.resourcesPerStack);
    for (const stack of this.allStacks) checkTemplateBudget(stack, this.limits.templateBytesPerStack);
    for (const global of this.globals.values()) checkRecordsPerNameAndType(global);
    const byAccount = new Map<string, GlobalStack>();
    for (const environment of this.environments) {
      if (byAccount.has(environment.account)) continue;
      const reporter = this.globals.get(environment.name)!;
      byAccount.set(environment.account, reporter);
      const account = environment.account;
      checkHealthChecksPerAccount(reporter, account, () => this.allStacks.filter((s) => s.account === account), this.limits.healthChecksPerAccount);
    }
  }
}
