/**
 * alarm-remediation: any alarm shape → AlarmSignal → the rules for its alarm and state. ALARM
 * opens an incident and OK closes it: both carry `alarm:<name>@<when it went ALARM>`, so a chat
 * thread or an inbox can pair them.
 */
import { matchAlarmRules } from '../policy/match';
import { parseAlarmInput } from '../signals/alarm';
import { boundText, QUOTED_TEXT_LIMIT } from '../signals/bounds';
import type { AlarmSignal } from '../signals/types';
import { alarmResource, alertEnvelope, describeSignal, triggerOf } from '../runner/alerts';
import { runInvocation, type FlowSpec, type FunctionSpec } from '../runner/pipeline';
import type { LambdaContextLike } from '../runner/request';
import type { Runtime } from '../runner/runtime';

export const alarmRemediationFlow: FlowSpec<AlarmSignal> = {
  name: 'alarm-remediation',
  select: (signal, policy) => {
    const rules = matchAlarmRules(policy, signal);
    return { signal, rules, notes: rules.length ? [] : [`no rule matches alarm ${signal.alarmName} in state ${signal.state}: nothing would happen`] };
  },
  async incident(signal, { ledger, now }) {
    const key = `alarm:${signal.alarmName}`;
    if (signal.state === 'ALARM') {
      const open = await ledger.openIncident({ key, openedAt: signal.time, signalId: signal.id, details: {} }, now());
      return { id: `${key}@${open.openedAt}` };
    }
    if (signal.state === 'OK') {
      const closed = await ledger.closeIncident(key, signal.id, now());
      return { id: `${key}@${closed?.openedAt ?? signal.time}` };
    }
    return { id: `${key}@${signal.time}` };
  },
  renderAlertStep: (signal, step, incident, region) =>
    alertEnvelope(
      {
        kind: 'alert',
        severity: step.severity,
        title: step.title ?? `Alarm ${signal.alarmName} is ${signal.state}`,
        summary: `${describeSignal(signal)}: ${boundText(signal.reason, QUOTED_TEXT_LIMIT)}`,
        incident: incident.id,
        resource: alarmResource(signal.alarmName, signal.alarmArn),
        trigger: triggerOf(signal),
        time: signal.time,
      },
      signal.region ?? region,
    ),
};

export const alarmRemediation: FunctionSpec<AlarmSignal> = { flow: alarmRemediationFlow, parse: (event) => parseAlarmInput(event) };

export const remediateAlarms = (event: unknown, runtime: Runtime, context?: LambdaContextLike) => runInvocation(alarmRemediation, event, runtime, context);
