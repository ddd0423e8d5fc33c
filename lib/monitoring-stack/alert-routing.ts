import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Severity } from './severity';

/** A Kubernetes Secret key holding a credential (for AlertmanagerConfig). */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

/** PagerDuty Events API integration. */
export interface PagerDutyReceiverOptions {
  /**
   * Secrets Manager secret (JSON) holding the integration key, read at deploy time through a
   * CloudFormation dynamic reference: the key is never in the template.
   */
  readonly integrationKeySecret: secretsmanager.ISecret;
  /** JSON field of the secret. @default 'integrationKey' */
  readonly integrationKeyField?: string;
  /** The same key as a Kubernetes Secret for Alertmanager's `routingKey`. */
  readonly kubernetesRoutingKey: SecretKeyRef;
}

/** Slack through AWS Chatbot (Amazon Q Developer in chat applications) and Alertmanager. */
export interface SlackReceiverOptions {
  /** Slack workspace (team) id, e.g. `T0123456789`, authorised once in the Chatbot console. */
  readonly workspaceId: string;
  /** Slack channel id, e.g. `C0123456789`. */
  readonly channelId: string;
  /** Channel name for Alertmanager, e.g. `#platform-alerts`. */
  readonly channelName: string;
  /** Kubernetes Secret holding the Slack incoming-webhook URL for Alertmanager's `apiURL`. */
  readonly kubernetesWebhookUrl: SecretKeyRef;
}

/** Where alerts of a severity go. */
export class AlertReceiver {
  /** PagerDuty: an HTTPS subscription to its Events API (AWS) and a `pagerdutyConfigs` receiver (Kubernetes). */
  public static pagerDuty(options: PagerDutyReceiverOptions): AlertReceiver {
    return new AlertReceiver('pagerduty', options, undefined);
  }

  /** Slack: an AWS Chatbot channel configuration (AWS) and a `slackConfigs` receiver (Kubernetes). */
  public static slack(options: SlackReceiverOptions): AlertReceiver {
    return new AlertReceiver('slack', undefined, options);
  }

  private constructor(
    public readonly kind: 'pagerduty' | 'slack',
    public readonly pagerDutyOptions: PagerDutyReceiverOptions | undefined,
    public readonly slackOptions: SlackReceiverOptions | undefined,
  ) {}

  /** A stable id: `pagerduty` or `slack-<channel id>`. */
  public get id(): string {
    return this.kind === 'pagerduty' ? 'pagerduty' : `slack-${this.slackOptions!.channelId}`;
  }

  public toHumanString(): string {
    return this.id;
  }
}

/** Receivers per severity. */
export interface AlertRoutingProps {
  readonly critical: readonly AlertReceiver[];
  readonly warning: readonly AlertReceiver[];
  readonly info: readonly AlertReceiver[];
}

/** Who receives which severity. Presets follow the composition: prod pages, dev and staging use Slack. */
export class AlertRouting {
  /** Prod: critical pages PagerDuty (and is mirrored to Slack), warning and info go to Slack. */
  public static paging(options: { pagerDuty: AlertReceiver; slack: AlertReceiver }): AlertRouting {
    return new AlertRouting({ critical: [options.pagerDuty, options.slack], warning: [options.slack], info: [options.slack] });
  }

  /** Dev and staging: every severity goes to Slack; nobody is paged. */
  public static slackOnly(slack: AlertReceiver): AlertRouting {
    return new AlertRouting({ critical: [slack], warning: [slack], info: [slack] });
  }

  /** Explicit receivers per severity. */
  public static custom(props: AlertRoutingProps): AlertRouting {
    return new AlertRouting(props);
  }

  private constructor(public readonly props: AlertRoutingProps) {}

  public receiversOf(severity: Severity): readonly AlertReceiver[] {
    return this.props[severity.name];
  }
}
