import { renderSlackMessage } from '../../../functions/alerts/slack-blocks';
import { formatDuration, renderResolvedRoot } from '../../../functions/alerts/slack-resolved';
import { actionDone, alertInfo } from './fixtures';

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [47, '47 s'],
    [60, '1 min'],
    [192, '3 min 12 s'],
    [3600, '1 h'],
    [7500, '2 h 5 min'],
  ])('%i s reads %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('renderResolvedRoot', () => {
  it('shows the root resolved, after how long and by what, above the root alert\'s own blocks', () => {
    // Act
    const message = renderResolvedRoot(actionDone, alertInfo, 3595);

    // Assess
    const original = renderSlackMessage(actionDone);
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: ':white_check_mark: Resolved: Added a read replica to app-db', emoji: true } });
    expect(message.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: expect.stringMatching(/^\*Resolved\* after 59 min 55 s \(<!date\^\d+\^.*\|2024-05-01T09:00:00\.000Z>\): app-db-read-pressure is OK again$/) },
    });
    expect(message.blocks.slice(2)).toEqual(original.blocks.slice(1));
    expect(message.text).toBe('[RESOLVED after 59 min 55 s] Added a read replica to app-db');
  });

  it('escapes the closing alert\'s title, so it cannot ping the channel', () => {
    const message = renderResolvedRoot(actionDone, { ...alertInfo, title: 'OK <!channel>' }, 5);

    expect(JSON.stringify(message.blocks[1])).toContain('OK &lt;!channel&gt;');
  });
});
