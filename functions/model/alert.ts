/**
 * The alert JSON on the topic — the contract in DESIGN.md ("Alerts on the topic") — defined
 * once, as a check: the functions build values of its type, slack-notifier parses records
 * with it (signals/shape.ts, so its cold start does not load zod).
 */
import { accepted, array, object, oneOf, optional, recordOf, string, withDefault, type Checked } from '../signals/shape';
import { OUTCOMES, RESOURCE_TYPES, SEVERITIES, TRIGGER_KINDS, GUARD_NAMES } from './vocabulary';

type SnapshotValue = string | number | boolean | string[] | null;
type DetailValue = string | number | boolean;

function isSnapshotValue(value: unknown): value is SnapshotValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value) || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
}

function isDetailValue(value: unknown): value is DetailValue {
  return ['string', 'number', 'boolean'].includes(typeof value);
}

const snapshot = recordOf(accepted(isSnapshotValue, 'a string, number, boolean, list of strings or null'));

export const alertShape = object({
  version: oneOf([1]),
  /** Extension: a stable id of this report, the same on every retry that publishes it again. */
  id: optional(string()),
  kind: oneOf(['action', 'alert']),
  severity: oneOf(SEVERITIES),
  title: string(),
  summary: string(),
  incident: string(),
  resource: object({ type: oneOf(RESOURCE_TYPES), id: string(), arn: optional(string()) }),
  trigger: object({ kind: oneOf(TRIGGER_KINDS), id: string(), name: string(), state: optional(string()) }),
  action: optional(
    object({
      type: string(),
      rule: string(),
      outcome: oneOf(OUTCOMES),
      reason: string(),
      before: snapshot,
      after: snapshot,
      heldBy: optional(oneOf(GUARD_NAMES)),
    }),
  ),
  links: withDefault(array(object({ title: string(), url: string() })), []),
  time: string(),
  /** Extension: facts read from AWS to enrich an alert (new writer, failover duration…). */
  details: optional(recordOf(accepted(isDetailValue, 'a string, number or boolean'))),
});

export type Alert = Checked<typeof alertShape>;
export type TriggerRef = Alert['trigger'];
export type Link = Alert['links'][number];
