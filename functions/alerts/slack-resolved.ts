/**
 * The thread root as it reads once its incident closed: the root alert's own message under a
 * "Resolved" header, with a line saying after how long and what closed it, so the channel
 * shows at a glance which incidents are still open.
 */
import { truncate } from './email-text';
import { fit, renderSlackMessage, SLACK_LIMITS, slackDate, type SlackBlock, type SlackMessage } from './slack-blocks';
import type { Alert } from '../model/alert';

/** `47 s`, `3 min 12 s`, `2 h 5 min`: what a person reads in a channel. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

export function renderResolvedRoot(root: Alert, closing: Alert, durationSeconds: number): SlackMessage {
  const original = renderSlackMessage(root);
  const title = root.title.replace(/\s+/g, ' ').trim() || root.severity.toUpperCase();
  const lead = `*Resolved* after ${formatDuration(durationSeconds)} (${slackDate(closing.time)}): `;
  const resolvedBlocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`:white_check_mark: Resolved: ${title}`, SLACK_LIMITS.headerText), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: lead + fit(closing.title, SLACK_LIMITS.sectionText - lead.length) } },
  ];
  return {
    text: fit(`[RESOLVED after ${formatDuration(durationSeconds)}] ${title}`, 500),
    blocks: [...resolvedBlocks, ...original.blocks.slice(1)],
  };
}
