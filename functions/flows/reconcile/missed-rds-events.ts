/**
 * RDS events EventBridge never delivered: RDS sends them best-effort. Each run lists the events
 * since the last run's mark (with an overlap, as DescribeEvents may show an event late) and
 * hands those a rule would have received to the rds-events flow, under the identity EventBridge
 * gives them, so an event seen both ways is alerted once. Nothing is read for a policy without
 * rdsEvent rules; one listing per source type, filtered by the rules' categories when every
 * rule names one, at most MAX_PAGES pages each. The flow itself is loaded only when a listing
 * finds something (missed-rds-selection.ts).
 */
import { DescribeEventsCommand, type RDSClient } from '@aws-sdk/client-rds';
import { isRdsEventRule } from '../../policy/match';
import type { PolicyDocument } from '../../policy/schema';
import type { FlowSpec, Selection } from '../../runner/pipeline';
import type { InvocationRequest } from '../../runner/request';
import type { DescribedRdsEvent } from '../../signals/rds-described-event';
import type { RdsEventSignal, RdsSourceType } from '../../signals/types';

export const RDS_EVENTS_MARK = 'reconcile-rds-events';
/** How far back each run looks again before its mark. */
const OVERLAP_SECONDS = 600;
/** DescribeEvents keeps 14 days. */
const RETENTION_SECONDS = 14 * 24 * 3_600;
const MAX_PAGES = 10;
const SOURCE_TYPES: RdsSourceType[] = ['db-instance', 'db-cluster'];

/** The categories to ask for, or undefined when some rule takes any category. */
function categoriesOf(policy: PolicyDocument): string[] | undefined {
  const rules = policy.rules.filter(isRdsEventRule);
  if (rules.some((rule) => !rule.on.rdsEvent.category)) return undefined;
  return [...new Set(rules.map((rule) => rule.on.rdsEvent.category?.toLowerCase() ?? ''))].sort();
}

export function needsRdsEvents(policy: PolicyDocument): boolean {
  return policy.rules.some(isRdsEventRule);
}

/** Where a run starts reading: its mark less the overlap; the first run reads back `catchUpSeconds`. */
function readingStart(mark: string | undefined, now: Date, catchUpSeconds: number): Date {
  const from = mark ? Date.parse(mark) - OVERLAP_SECONDS * 1000 : now.getTime() - catchUpSeconds * 1000;
  return new Date(Math.max(from, now.getTime() - RETENTION_SECONDS * 1000));
}

/** The events to hand over, with the flow that takes them. */
export interface MissedRdsEvents {
  flow: FlowSpec<RdsEventSignal>;
  selections: Selection<RdsEventSignal>[];
}

async function listRdsEvents(rds: RDSClient, policy: PolicyDocument, from: Date, to: Date): Promise<DescribedRdsEvent[]> {
  const categories = categoriesOf(policy);
  const listed: DescribedRdsEvent[] = [];
  for (const sourceType of SOURCE_TYPES) {
    let marker: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await rds.send(
        new DescribeEventsCommand({ SourceType: sourceType, StartTime: from, EndTime: to, MaxRecords: 100, Marker: marker, ...(categories ? { EventCategories: categories } : {}) }),
      );
      listed.push(...(answer.Events ?? []));
      marker = answer.Marker;
      if (!marker) break;
    }
  }
  return listed;
}

/** What the rds-events flow would do with each event listed since the mark; undefined when none is listed or no rule takes RDS events. */
export async function missedRdsEvents(request: InvocationRequest): Promise<MissedRdsEvents | undefined> {
  if (!needsRdsEvents(request.policy)) return undefined;
  const now = request.now();
  const from = readingStart(await request.ledger.readMark(RDS_EVENTS_MARK), now, request.policy.settings.catchUpSeconds);
  const listed = await listRdsEvents(request.clients.rds, request.policy, from, now);
  if (!listed.length) return undefined;
  const { selectMissedRdsEvents } = await import('./missed-rds-selection');
  return selectMissedRdsEvents(listed, request.policy, now);
}
