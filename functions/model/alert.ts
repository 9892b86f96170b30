/**
 * The alert JSON on the topic — the contract in DESIGN.md ("Alerts on the topic") — defined
 * once, as a schema: the functions build values of its type, slack-notifier parses records
 * with it.
 */
import * as z from 'zod';
import { OUTCOMES, RESOURCE_TYPES, SEVERITIES, TRIGGER_KINDS, GUARD_NAMES } from './vocabulary';

const snapshot = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]));

export const alertSchema = z.object({
  version: z.literal(1),
  /** Extension: a stable id of this report, the same on every retry that publishes it again. */
  id: z.string().optional(),
  kind: z.enum(['action', 'alert']),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  summary: z.string(),
  incident: z.string(),
  resource: z.object({ type: z.enum(RESOURCE_TYPES), id: z.string(), arn: z.string().optional() }),
  trigger: z.object({ kind: z.enum(TRIGGER_KINDS), id: z.string(), name: z.string(), state: z.string().optional() }),
  action: z
    .object({
      type: z.string(),
      rule: z.string(),
      outcome: z.enum(OUTCOMES),
      reason: z.string(),
      before: snapshot,
      after: snapshot,
      heldBy: z.enum(GUARD_NAMES).optional(),
    })
    .optional(),
  links: z.array(z.object({ title: z.string(), url: z.string() })).default([]),
  time: z.string(),
  /** Extension: facts read from AWS to enrich an alert (new writer, failover duration…). */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

export type Alert = z.output<typeof alertSchema>;
export type TriggerRef = Alert['trigger'];
export type Link = Alert['links'][number];
