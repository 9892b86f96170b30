/** invoke's pure parts: the function table, the dry-run copy of the policy, and the report of what came back. */
import { parse } from 'yaml';
import { FUNCTIONS, readsPolicy } from '../../../functions/function-names';
import { UsageError } from '../../../functions/cli/errors';
import { withDryRun } from '../../../functions/cli/invoke/dry-run-policy';
import { failureLine, formatResult } from '../../../functions/cli/invoke/format';
import { functionNamed, missingVariables } from '../../../functions/cli/invoke/functions';
import { isInvocationSummary } from '../../../functions/cli/invoke/outcome';
import { createStyle } from '../../../functions/cli/style';
import { validatePolicy } from '../../../functions/policy/load';
import type { InvocationSummary } from '../../../functions/runner/summary';

const plain = createStyle(false);

describe('the functions invoke can run', () => {
  it('knows the five functions and names them for an unknown one', () => {
    expect(functionNamed('rds-events')).toBe('rds-events');
    expect(() => functionNamed('alarm')).toThrow(
      new UsageError('invoke', 'unknown function "alarm"; the functions are alarm-remediation, rds-events, scheduled-scaling, slack-notifier, reconcile'),
    );
  });

  it('lists the missing environment variables of each function', () => {
    const env = { AWS_REGION: 'us-east-1', LEDGER_TABLE: '  ' };

    expect(missingVariables('alarm-remediation', env).map((v) => v.name)).toEqual(['ALERT_TOPIC_ARN', 'LEDGER_TABLE']);
    expect(missingVariables('slack-notifier', env).map((v) => v.name)).toEqual(['SLACK_WEBHOOK_PARAMETER']);
  });

  it('passes a policy to every function but slack-notifier', () => {
    expect(FUNCTIONS.map(readsPolicy)).toEqual([true, true, true, false, true]);
  });
});

describe('withDryRun', () => {
  it('turns dryRun on and keeps the rest, comments included', () => {
    const text = '# the operator\'s note\nversion: 1\nsettings:\n  dryRun: false # live\n  maxActionsPerHour: 3\nrules: []\n';

    const copy = withDryRun(text);

    expect(copy).toContain("# the operator's note");
    expect(parse(copy)).toEqual({ version: 1, settings: { dryRun: true, maxActionsPerHour: 3 }, rules: [] });
  });

  it('adds the settings when the policy has none, and the result still validates', () => {
    const copy = withDryRun('version: 1\nrules: []\n');

    const result = validatePolicy(parse(copy));

    expect(result.ok && result.policy.settings.dryRun).toBe(true);
  });

  it('reads a JSON policy too', () => {
    expect(parse(withDryRun('{"version": 1, "settings": {"maxActionsPerHour": 2}}'))).toEqual({ version: 1, settings: { maxActionsPerHour: 2, dryRun: true } });
  });
});

describe('reporting what the function returned', () => {
  const summary: InvocationSummary = {
    function: 'alarm-remediation',
    signals: ['alarm:app-db-read-pressure:ALARM:2026-11-24T08:06:10.789Z'],
    rejected: [{ shape: 'SNS record 2', reason: 'Sns.Message is not JSON' }],
    errors: [],
    steps: [
      {
        signal: 'alarm:app-db-read-pressure:ALARM:2026-11-24T08:06:10.789Z',
        rule: 'db-add-reader',
        step: 'addReadReplica',
        outcome: 'dry-run',
        reason: 'dry run: would add read replica app-db-ap-1 to app-db: 0 → 1 of max 4',
        before: { replicas: 0 },
        after: { replicas: 1 },
      },
    ],
    retryable: 0,
  };

  it('recognises an InvocationSummary', () => {
    expect(isInvocationSummary(summary)).toBe(true);
    expect(isInvocationSummary({ posted: 1, rejected: 0, invalid: 0 })).toBe(false);
    expect(isInvocationSummary(null)).toBe(false);
  });

  it('prints a summary step by step', () => {
    const text = formatResult({ function: 'alarm-remediation', policy: 'infra/policy.yml', dryRun: true, ok: true, result: summary }, plain);

    expect(text).toBe(
      [
        'alarm-remediation returned (dry run, policy infra/policy.yml):',
        '  event alarm:app-db-read-pressure:ALARM:2026-11-24T08:06:10.789Z',
        '  rule db-add-reader addReadReplica: dry-run',
        '     dry run: would add read replica app-db-ap-1 to app-db: 0 → 1 of max 4',
        '     replicas 0 → 1',
        '  rejected SNS record 2: Sns.Message is not JSON',
        '',
      ].join('\n'),
    );
  });

  it('prints any other result as JSON', () => {
    expect(formatResult({ function: 'slack-notifier', dryRun: false, ok: true, result: { posted: 1 } }, plain)).toBe('slack-notifier returned:\n{\n  "posted": 1\n}\n');
  });

  it('tells a failure at init from a failure of the handler', () => {
    const error = { name: 'PolicyError', message: 'invalid policy' };

    expect(failureLine({ function: 'rds-events', dryRun: false, ok: false, phase: 'init', error })).toBe('rds-events failed at init (cold start): PolicyError: invalid policy\n');
    expect(failureLine({ function: 'rds-events', dryRun: false, ok: false, phase: 'invoke', error })).toBe('rds-events threw: PolicyError: invalid policy\n');
  });
});
