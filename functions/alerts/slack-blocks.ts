/**
 * An alert as a Slack message: Block Kit `blocks` for people, a `text` fallback for
 * notifications. Every piece of alert text is escaped (an alarm reason holding `<!channel>`
 * must not ping anyone) and cut to Slack's limits, because Slack rejects the whole message
 * (400 invalid_blocks) over one field that is too long, and a rejected alert is lost.
 */
import { createHash } from 'node:crypto';
import { changeLines, describeTrigger, truncate } from './email-text';
import { RESOURCE_LABELS } from './links';
import type { ActionReport, Outcome, Severity } from '../model/vocabulary';
import type { Alert, Link } from '../model/alert';

/** Limits from the Block Kit reference. */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonUrl: 3000,
} as const;

/** Our own cap on the notification text: a preview, not the message. */
const FALLBACK_TEXT_MAX = 500;
/** Identifiers are at most 255 characters in AWS; anything longer is not worth a field. */
const IDENTIFIER_MAX = 255;

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
}

export interface HeaderBlock {
  type: 'header';
  text: PlainText;
}

export interface SectionBlock {
  type: 'section';
  text?: MrkdwnText;
  fields?: MrkdwnText[];
}

export interface ContextBlock {
  type: 'context';
  elements: MrkdwnText[];
}

/** A button that only opens a URL: incoming webhooks have no interactivity to answer a click. */
export interface LinkButton {
  type: 'button';
  text: PlainText;
  url: string;
  action_id: string;
}

export interface ActionsBlock {
  type: 'actions';
  elements: LinkButton[];
}

export type SlackBlock = HeaderBlock | SectionBlock | ContextBlock | ActionsBlock;

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export const SEVERITY_EMOJI: Record<Severity, string> = {
  info: ':information_source:',
  warning: ':warning:',
  critical: ':rotating_light:',
};

export const OUTCOME_EMOJI: Record<Outcome, string> = {
  done: ':white_check_mark:',
  skipped: ':fast_forward:',
  failed: ':x:',
  'dry-run': ':test_tube:',
};

/** The three characters Slack's mrkdwn treats as control characters. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escaped text of at most `max` characters, cut before escaping so no entity is split. */
export function fit(raw: string, max: number): string {
  let text = escape(raw);
  let budget = max;
  while (text.length > max) {
    budget -= text.length - max;
    text = escape(truncate(raw, budget));
  }
  return text;
}

/** An identifier as inline code; a backtick inside would end the span, so it becomes a lookalike. */
function code(raw: string): string {
  return `\`${fit(raw.replace(/`/g, 'ˋ'), IDENTIFIER_MAX)}\``;
}

function mrkdwn(text: string): MrkdwnText {
  return { type: 'mrkdwn', text };
}

/** A labelled field of alert text, escaped and cut to what the label leaves of the field limit. */
function textField(label: string, raw: string): MrkdwnText {
  const head = `*${fit(label, IDENTIFIER_MAX)}*\n`;
  return mrkdwn(head + fit(raw, SLACK_LIMITS.fieldText - head.length));
}

/** A labelled field of markup built from bounded pieces (our words, `code` spans), so it needs no cut. */
function markupField(label: string, markup: string): MrkdwnText {
  return mrkdwn(`*${label}*\n${markup}`);
}

/** Six hex characters of the incident key: the same for every update of one incident, easy to spot. */
export function incidentShortId(incident: string): string {
  return createHash('sha256').update(incident).digest('hex').slice(0, 6);
}

/** Slack renders `<!date^…>` in each reader's time zone; the ISO text is the fallback. */
export function slackDate(iso: string): string {
  const epoch = Math.floor(new Date(iso).getTime() / 1000);
  if (Number.isNaN(epoch)) return fit(iso, IDENTIFIER_MAX);
  return `<!date^${epoch}^{date_short_pretty} {time_secs}|${new Date(epoch * 1000).toISOString()}>`;
}

/** `(dry-run) ` for any outcome but done: before the title, so cutting a long title keeps it. */
function outcomePrefix(alert: Alert): string {
  return alert.action && alert.action.outcome !== 'done' ? `(${alert.action.outcome}) ` : '';
}

function header(alert: Alert): HeaderBlock {
  // A header is one line: newlines in a title would only make Slack wrap it oddly.
  const title = alert.title.replace(/\s+/g, ' ').trim() || alert.severity.toUpperCase();
  const text = truncate(`${SEVERITY_EMOJI[alert.severity]} ${outcomePrefix(alert)}${title}`, SLACK_LIMITS.headerText);
  return { type: 'header', text: { type: 'plain_text', text, emoji: true } };
}

function whatWasDone(action: ActionReport): SectionBlock {
  const lead = `*What was done:* ${OUTCOME_EMOJI[action.outcome]} *${action.outcome}*`;
  const reason = action.reason.trim() ? ` — ${fit(action.reason, SLACK_LIMITS.sectionText - lead.length - 3)}` : '';
  const changes = changeLines(action);
  return {
    type: 'section',
    text: mrkdwn(`${lead}${reason}`),
    fields: [
      markupField('Action', `${code(action.type)} · rule ${code(action.rule)}`),
      markupField('Outcome', `${OUTCOME_EMOJI[action.outcome]} ${action.outcome}`),
      ...(changes.length ? [textField('Before → after', changes.join('\n'))] : []),
    ],
  };
}

function facts(alert: Alert): SectionBlock {
  const { resource, trigger } = alert;
  const fields = [
    markupField('Resource', `${RESOURCE_LABELS[resource.type]} ${code(resource.id)}`),
    textField('Trigger', describeTrigger(trigger)),
    ...Object.entries(alert.details ?? {}).map(([key, value]) => textField(key, String(value))),
  ];
  return { type: 'section', fields: fields.slice(0, SLACK_LIMITS.sectionFields) };
}

function context(alert: Alert): ContextBlock {
  return {
    type: 'context',
    elements: [
      mrkdwn(`Incident ${code(alert.incident)} · #${incidentShortId(alert.incident)}`),
      mrkdwn(`${slackDate(alert.time)} · event ${code(alert.trigger.id)}`),
    ],
  };
}

/** A link Slack would refuse (not http(s), or too long to cut safely) is left out, not sent broken. */
function linkable(link: Link): boolean {
  if (link.url.length > SLACK_LIMITS.buttonUrl) return false;
  try {
    return ['http:', 'https:'].includes(new URL(link.url).protocol);
  } catch {
    return false;
  }
}

function buttons(links: Link[]): ActionsBlock | undefined {
  const elements = links
    .filter(linkable)
    .slice(0, SLACK_LIMITS.actionsElements)
    .map(
      (link, i): LinkButton => ({
        type: 'button',
        text: { type: 'plain_text', text: truncate(link.title.trim() || 'Open', SLACK_LIMITS.buttonText), emoji: true },
        url: link.url,
        action_id: `link-${i}`,
      }),
    );
  return elements.length ? { type: 'actions', elements } : undefined;
}

export function renderSlackMessage(alert: Alert): SlackMessage {
  const blocks: SlackBlock[] = [header(alert)];
  if (alert.summary.trim()) blocks.push({ type: 'section', text: mrkdwn(fit(alert.summary, SLACK_LIMITS.sectionText)) });
  if (alert.kind === 'action' && alert.action) blocks.push(whatWasDone(alert.action));
  blocks.push(facts(alert), context(alert));
  const links = buttons(alert.links);
  if (links) blocks.push(links);
  const fallback = `[${alert.severity.toUpperCase()}] ${outcomePrefix(alert)}${alert.title}: ${alert.summary}`;
  return { text: fit(fallback, FALLBACK_TEXT_MAX), blocks };
}
