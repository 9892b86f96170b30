import {
  incidentShortId,
  renderSlackMessage,
  SLACK_LIMITS,
  type MrkdwnText,
  type SlackBlock,
  type SlackMessage,
} from '../../../functions/alerts/slack-blocks';
import type { Alert } from '../../../functions/model/alert';
import { actionDone, actionDryRun, actionFailed, actionSkipped, alertCritical, alertInfo, alertWarning, allAlerts } from './fixtures';

function blocksOf<T extends SlackBlock['type']>(message: SlackMessage, type: T): Extract<SlackBlock, { type: T }>[] {
  return message.blocks.filter((block): block is Extract<SlackBlock, { type: T }> => block.type === type);
}

function mrkdwnTexts(message: SlackMessage): string[] {
  const texts: MrkdwnText[] = [];
  for (const block of message.blocks) {
    if (block.type === 'section') texts.push(...(block.text ? [block.text] : []), ...(block.fields ?? []));
    if (block.type === 'context') texts.push(...block.elements);
  }
  return texts.map((t) => t.text);
}

/** Everything Slack checks before it accepts a message; one violation rejects the whole message. */
function expectWithinSlackLimits(message: SlackMessage): void {
  const between = (text: string, max: number) => {
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThanOrEqual(max);
  };
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  for (const block of message.blocks) {
    if (block.type === 'header') between(block.text.text, SLACK_LIMITS.headerText);
    if (block.type === 'section') {
      if (block.text) between(block.text.text, SLACK_LIMITS.sectionText);
      expect(block.fields?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionFields);
      for (const f of block.fields ?? []) between(f.text, SLACK_LIMITS.fieldText);
      expect(block.text ?? block.fields).toBeDefined();
    }
    if (block.type === 'context') {
      expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
      for (const e of block.elements) between(e.text, SLACK_LIMITS.contextText);
    }
    if (block.type === 'actions') {
      between(block.elements.map(() => 'x').join(''), SLACK_LIMITS.actionsElements);
      expect(new Set(block.elements.map((b) => b.action_id)).size).toBe(block.elements.length);
      for (const b of block.elements) {
        between(b.text.text, SLACK_LIMITS.buttonText);
        between(b.url, SLACK_LIMITS.buttonUrl);
      }
    }
  }
  // A cut must never leave half an entity behind, and alert text never brings raw control characters.
  for (const text of mrkdwnTexts(message)) {
    expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    expect(text.replace(/<!date\^\d+\^\{date_short_pretty\} \{time_secs\}\|[^<>]+>/g, '')).not.toMatch(/[<>]/);
  }
}

describe('renderSlackMessage', () => {
  it.each(Object.entries(allAlerts))('renders %s as the stored message', (_name, alert) => {
    const message = renderSlackMessage(alert);
    expect(message).toMatchSnapshot();
    expectWithinSlackLimits(message);
  });

  it('heads the message with the severity emoji and the title', () => {
    expect(blocksOf(renderSlackMessage(alertCritical), 'header')[0]?.text.text).toBe(':rotating_light: Failover completed on orders-aurora');
    expect(blocksOf(renderSlackMessage(alertWarning), 'header')[0]?.text.text).toBe(':warning: Storage running low on app-db');
    expect(blocksOf(renderSlackMessage(alertInfo), 'header')[0]?.text.text).toBe(':information_source: app-db-read-pressure is OK again');
  });

  it('says what was done: outcome and reason, action and rule, before → after', () => {
    const [summary, done] = blocksOf(renderSlackMessage(actionDone), 'section');
    expect(summary?.text?.text).toBe(actionDone.summary);
    expect(done?.text?.text).toBe(`*What was done:* :white_check_mark: *done* — ${actionDone.action?.reason}`);
    expect(done?.fields?.map((f) => f.text)).toEqual([
      '*Action*\n`addReadReplica` · rule `db-add-reader`',
      '*Outcome*\n:white_check_mark: done',
      '*Before → after*\nreplicas: 1 → 2\ninstanceClass: db.t3.medium\nreplicaIds: app-db-replica-1 → app-db-replica-1, app-db-ops-7f3a',
    ]);
  });

  it.each([
    [actionSkipped, ':fast_forward: *skipped*', ':information_source: (skipped) Did not scale'],
    [actionFailed, ':x: *failed*', ':rotating_light: (failed) Could not remove'],
    [actionDryRun, ':test_tube: *dry-run*', ':information_source: (dry-run) Would set'],
  ])('marks an outcome other than done in the header and the section', (alert, marker, headerStart) => {
    const message = renderSlackMessage(alert);
    expect(blocksOf(message, 'header')[0]?.text.text.startsWith(headerStart)).toBe(true);
    expect(blocksOf(message, 'section')[1]?.text?.text).toContain(marker);
    expect(message.text).toContain(`(${alert.action?.outcome}) ${alert.title}`);
  });

  it('keeps the outcome when a long title is cut', () => {
    const header = blocksOf(renderSlackMessage({ ...actionDryRun, title: 'x'.repeat(300) }), 'header')[0];
    expect(header?.text.text.startsWith(':information_source: (dry-run) xxx')).toBe(true);
  });

  it('has no "What was done" section for a plain alert', () => {
    expect(mrkdwnTexts(renderSlackMessage(alertCritical)).join('\n')).not.toContain('What was done');
  });

  it('shows resource, trigger and details as fields', () => {
    const facts = blocksOf(renderSlackMessage(alertCritical), 'section').at(-1);
    expect(facts?.fields?.map((f) => f.text)).toEqual([
      '*Resource*\nRDS cluster `orders-aurora`',
      '*Trigger*\nRDS event RDS-EVENT-0071',
      '*newWriter*\norders-aurora-reader-1',
      '*previousWriter*\norders-aurora-writer',
      '*failoverSeconds*\n31',
    ]);
  });

  it('shows the same incident key and short id on every update of one incident', () => {
    const start = renderSlackMessage({ ...alertCritical, title: 'Failover started on orders-aurora' });
    const end = renderSlackMessage(alertCritical);
    const [startIncident] = blocksOf(start, 'context')[0]?.elements ?? [];
    const [endIncident] = blocksOf(end, 'context')[0]?.elements ?? [];
    expect(endIncident?.text).toBe(`Incident \`rds:orders-aurora:failover\` · #${incidentShortId('rds:orders-aurora:failover')}`);
    expect(startIncident?.text).toBe(endIncident?.text);
    expect(incidentShortId('rds:orders-aurora:failover')).toMatch(/^[0-9a-f]{6}$/);
    expect(incidentShortId('rds:app-db:failover')).not.toBe(incidentShortId('rds:orders-aurora:failover'));
  });

  it("shows the time in the reader's time zone with the ISO time as fallback", () => {
    const [, when] = blocksOf(renderSlackMessage(alertCritical), 'context')[0]?.elements ?? [];
    expect(when?.text).toContain('<!date^1714561230^{date_short_pretty} {time_secs}|2024-05-01T11:00:30.000Z>');
  });

  it('turns console links into link buttons, and adds no actions block without links', () => {
    const [actions] = blocksOf(renderSlackMessage(actionDone), 'actions');
    expect(actions?.elements.map((b) => [b.text.text, b.url])).toEqual(actionDone.links.map((l) => [l.title, l.url]));
    expect(blocksOf(renderSlackMessage(alertInfo), 'actions')).toEqual([]);
  });

  it('gives a plain fallback text for notifications', () => {
    expect(renderSlackMessage(alertCritical).text).toBe(
      '[CRITICAL] Failover completed on orders-aurora: The writer of orders-aurora moved to orders-aurora-reader-1.',
    );
  });

  it('escapes alert text so it cannot mention or link anyone', () => {
    const message = renderSlackMessage({ ...alertInfo, summary: 'reason: <!channel> & <https://evil.example|click>' });
    expect(blocksOf(message, 'section')[0]?.text?.text).toBe('reason: &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(message.text).not.toContain('<!channel>');
  });
});

describe('Slack limits', () => {
  it('cuts a long title to the 150 characters of a header, with an ellipsis', () => {
    const header = blocksOf(renderSlackMessage({ ...alertCritical, title: `Failover on ${'orders-aurora-'.repeat(20)}` }), 'header')[0];
    expect(header?.text.text).toHaveLength(SLACK_LIMITS.headerText);
    expect(header?.text.text.startsWith(':rotating_light: Failover on orders-aurora-')).toBe(true);
    expect(header?.text.text.endsWith('…')).toBe(true);
  });

  it('keeps every block within its limits however large the alert', () => {
    const huge = (unit: string, times: number) => unit.repeat(times);
    const alert: Alert = {
      ...actionDone,
      title: huge('T&<>\n', 100),
      summary: huge('<!channel> & ', 1000),
      incident: huge('i&', 1000),
      resource: { type: 'rds-instance', id: huge('r>', 500) },
      trigger: { kind: 'alarm', id: huge('e<', 500), name: huge('n', 3000), state: 'ALARM' },
      action: {
        type: huge('a', 400),
        rule: huge('r', 400),
        outcome: 'failed',
        reason: huge('<&>', 2000),
        before: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`key${i}`, huge('&', 20)])),
        after: {},
      },
      details: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`detail${i}`, huge('<', 3000)])),
      links: [
        { title: huge('L', 200), url: 'https://console.aws.amazon.com/' },
        { title: 'script', url: 'javascript:alert(1)' },
        { title: 'not a url', url: 'console' },
        { title: 'too long', url: `https://example.com/${huge('p', 3000)}` },
        ...Array.from({ length: 40 }, (_, i) => ({ title: `link ${i}`, url: `https://example.com/${i}` })),
      ],
    };

    const message = renderSlackMessage(alert);

    expectWithinSlackLimits(message);
    const [actions] = blocksOf(message, 'actions');
    expect(actions?.elements).toHaveLength(SLACK_LIMITS.actionsElements);
    expect(actions?.elements.map((b) => b.url)).not.toContain('javascript:alert(1)');
    expect(actions?.elements[0]?.text.text).toHaveLength(SLACK_LIMITS.buttonText);
    expect(blocksOf(message, 'header')[0]?.text.text).not.toContain('\n');
  });
});
