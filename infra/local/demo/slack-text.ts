/**
 * A posted Slack message (Block Kit), read back the way Slack shows it: as compact text lines
 * for the terminal, and as HTML for the report's Slack-like cards. Only the subset of mrkdwn
 * that functions/alerts/slack-blocks.ts writes is understood: *bold*, `code`, the three
 * escaped characters, <!date^…|fallback> and <url|text>.
 */
import type { MrkdwnText, SlackBlock, SlackMessage } from '../../../functions/alerts/slack-blocks';

/** The emoji codes slack-blocks.ts uses, as the characters Slack shows. */
const EMOJI: Record<string, string> = {
  ':information_source:': 'ℹ️',
  ':warning:': '⚠️',
  ':rotating_light:': '🚨',
  ':white_check_mark:': '✅',
  ':fast_forward:': '⏩',
  ':x:': '❌',
  ':test_tube:': '🧪',
};

function emojify(text: string): string {
  return text.replace(/:[a-z0-9_+-]+:/g, (code) => EMOJI[code] ?? code);
}

const unescapeSlack = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Slack's control sequences: a date shown in the reader's zone (with an ISO fallback), or a link. */
const DATE = /<!date\^\d+\^[^|>]*\|([^>]*)>/g;
const LINK = /<(https?:\/\/[^|>]+)\|([^>]+)>/g;

function mrkdwnToPlain(text: string): string {
  return unescapeSlack(
    emojify(text)
      .replace(DATE, (_, fallback: string) => fallback)
      .replace(LINK, (_, _url: string, label: string) => label)
      .replace(/\*([^*\n]+)\*/g, '$1')
      .replace(/`([^`\n]+)`/g, '$1'),
  );
}

/**
 * Slack text is already escaped for &, < and > outside its control sequences, which are the
 * only raw `<` it holds; so converting those sequences leaves safe HTML once quotes are escaped.
 */
function mrkdwnToHtml(text: string): string {
  return emojify(text)
    .replace(/"/g, '&quot;')
    .replace(DATE, (_, fallback: string) => `<time>${fallback}</time>`)
    .replace(LINK, (_, url: string, label: string) => `<a href="${url}">${label}</a>`)
    .replace(/\*([^*\n]+)\*/g, '<b>$1</b>')
    .replace(/`([^`\n]+)`/g, '<code>$1</code>')
    .replace(/\n/g, '<br>');
}

/** `*Label*\nvalue` (how slack-blocks.ts writes a field) as "Label: value" on one line. */
function fieldLine(field: MrkdwnText): string {
  const [label = '', ...value] = mrkdwnToPlain(field.text).split('\n');
  return value.length ? `${label}: ${value.join(', ')}` : label;
}

function blockLines(block: SlackBlock): string[] {
  switch (block.type) {
    case 'header':
      return [emojify(block.text.text)];
    case 'section':
      return [...(block.text ? mrkdwnToPlain(block.text.text).split('\n') : []), ...(block.fields?.length ? [block.fields.map(fieldLine).join(' · ')] : [])];
    case 'context':
      return [block.elements.map((e) => mrkdwnToPlain(e.text)).join(' · ')];
    case 'actions':
      return [block.elements.map((b) => `[${b.text.text}]`).join(' ')];
  }
}

/** The message as Slack would show it, one line per block (a section's fields share a line). */
export function slackLines(message: SlackMessage): string[] {
  return message.blocks.flatMap(blockLines);
}

function blockHtml(block: SlackBlock): string {
  switch (block.type) {
    case 'header':
      return `<div class="sl-header">${escapeHtml(emojify(block.text.text))}</div>`;
    case 'section': {
      const text = block.text ? `<div class="sl-text">${mrkdwnToHtml(block.text.text)}</div>` : '';
      const fields = block.fields?.length ? `<div class="sl-fields">${block.fields.map((f) => `<div>${mrkdwnToHtml(f.text)}</div>`).join('')}</div>` : '';
      return `<div class="sl-section">${text}${fields}</div>`;
    }
    case 'context':
      return `<div class="sl-context">${block.elements.map((e) => `<span>${mrkdwnToHtml(e.text)}</span>`).join('')}</div>`;
    case 'actions':
      return `<div class="sl-actions">${block.elements.map((b) => `<a class="sl-button" href="${escapeHtml(b.url)}">${escapeHtml(b.text.text)}</a>`).join('')}</div>`;
  }
}

/** The blocks as HTML; the report's stylesheet makes them look like a Slack message. */
export function slackHtml(message: SlackMessage): string {
  return message.blocks.map(blockHtml).join('');
}
