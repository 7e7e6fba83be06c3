// The signer's optional CloudWatch alarms and dashboard, as children of the component that owns
// the function (`TokenSigner`, and through it `LiveChat`). What they watch is decided in
// signerAlarmSpecs.ts; this file only checks the arguments and creates the resources.
import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch/index.js";
import { checkedString } from "./inputs.ts";
import { alarmName, dashboardName, signerAlarmSpecs, signerDashboardBody } from "./signerAlarmSpecs.ts";
import { ArgsError, show } from "./validation.ts";

/** Alarms (and optionally a dashboard) on the token signer. Give `{}` for the alarms without notifications. */
export interface SignerAlarmsOptions {
  /**
   * ARNs notified when an alarm fires and again when it recovers (its alarm and OK actions): SNS topics,
   * Lambda functions, Systems Manager OpsItems or incident-manager response plans; at most 5. Default: none,
   * the alarms only change state (visible in the CloudWatch console and on the dashboard).
   */
  actions?: pulumi.Input<string>[];
  /**
   * Also create a CloudWatch dashboard, named like the function, with the signer's metrics (tokens, refusals by
   * reason, key and Secrets Manager, ID tokens refused by code, sessions), the Lambda's own and the alarms' states.
   * Default false.
   */
  dashboard?: boolean;
}

/** @deprecated Renamed `SignerAlarmsOptions` (a schema type named `…Args` collides with generated SDKs' own `…Args` classes). */
export type SignerAlarmsArgs = SignerAlarmsOptions;

/** The most actions CloudWatch accepts per alarm state. */
export const maxAlarmActions = 5;

const actionArn = /^arn:aws[a-z-]*:[a-z0-9-]+:[^\s]*$/;

function validateAlarmAction(value: string, field: string): void {
  if (typeof value !== "string" || !actionArn.test(value)) {
    throw new ArgsError(
      field,
      `${field} ${show(value)} is not an ARN: give an SNS topic ARN such as arn:aws:sns:eu-central-1:123456789012:ops-alerts ` +
        `(or a Lambda function, OpsItem or response plan ARN).`,
    );
  }
}

/** `alarms` checked: the actions (Outputs checked when known), and whether to add the dashboard. */
export interface CheckedSignerAlarms {
  readonly actions: pulumi.Input<string>[];
  readonly dashboard: boolean;
}

/** Checks `alarms` at preview: the number of actions, and each plain action as an ARN (Outputs when known). */
export function checkSignerAlarmsArgs(alarms: SignerAlarmsOptions, prefix = ""): CheckedSignerAlarms {
  const actions = alarms.actions ?? [];
  if (!Array.isArray(actions) || actions.length > maxAlarmActions) {
    throw new ArgsError(
      `${prefix}alarms.actions`,
      `${prefix}alarms.actions has ${Array.isArray(actions) ? actions.length : "no list of"} ARNs: CloudWatch takes at most ${maxAlarmActions} per alarm; notify one SNS topic and fan out from it.`,
    );
  }
  return {
    actions: actions.map((action, index) =>
      checkedString(action, (v) => validateAlarmAction(v, `${prefix}alarms.actions[${index}]`)),
    ),
    dashboard: alarms.dashboard === true,
  };
}

export interface SignerAlarmsTarget {
  /** The signer function's physical name (known at preview). */
  readonly functionName: string;
  /** Its ARN: the dashboard takes the region, partition and account from it. */
  readonly functionArn: pulumi.Input<string>;
  readonly tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** Creates `<name>-alarm-<what>` for each alarm of signerAlarmSpecs, and `<name>-dashboard` when asked, as children of `parent`. */
export function createSignerAlarms(
  name: string,
  parent: pulumi.Resource,
  target: SignerAlarmsTarget,
  alarms: CheckedSignerAlarms,
): cloudwatch.MetricAlarm[] {
  const actions = alarms.actions;
  const created = signerAlarmSpecs(target.functionName).map(
    (spec) =>
      new cloudwatch.MetricAlarm(
        `${name}-alarm-${spec.what}`,
        {
          name: alarmName(target.functionName, spec.what),
          alarmDescription: spec.description,
          namespace: spec.namespace,
          metricName: spec.metricName,
          dimensions: { ...spec.dimensions },
          statistic: spec.statistic,
          period: spec.periodSeconds,
          evaluationPeriods: spec.evaluationPeriods,
          datapointsToAlarm: spec.datapointsToAlarm,
          threshold: spec.threshold,
          comparisonOperator: spec.comparisonOperator,
          treatMissingData: spec.treatMissingData,
          actionsEnabled: true,
          alarmActions: actions,
          okActions: actions,
          tags: target.tags,
        },
        { parent },
      ),
  );
  if (alarms.dashboard) {
    new cloudwatch.Dashboard(
      `${name}-dashboard`,
      {
        dashboardName: dashboardName(target.functionName),
        dashboardBody: pulumi
          .output(target.functionArn)
          .apply((functionArn) =>
            JSON.stringify(signerDashboardBody({ functionArn, functionName: target.functionName })),
          ),
      },
      { parent, dependsOn: created },
    );
  }
  return created;
}
