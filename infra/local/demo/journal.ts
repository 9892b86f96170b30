/**
 * What a demo run records: scenes, each a timeline of triggers with the invocations, decisions
 * and alerts they caused, and the checks against AWS state. The console and HTML reporters
 * render it; the JSON report is it, verbatim.
 */
import type { SlackMessage } from '../../../functions/alerts/slack-blocks';
import type { Alert } from '../../../functions/model/alert';
import type { InvocationSummary } from '../../../functions/runner/summary';
import type { FunctionName } from '../../../functions/function-names';
import type { EventPattern } from '../../stack/patterns';

/** A message a queue handed to a function: enough to deliver it again. */
export interface Delivery {
  function: FunctionName;
  queueUrl: string;
  body: string;
}

export interface InvocationRecord {
  function: FunctionName;
  /** ISO time the invocation started. */
  at: string;
  durationMs: number;
  /** 1 for the first delivery; Lambda tries an event up to three times. */
  attempt: number;
  /** eventbridge and sns: from the function's queue; direct: invoked by the demo itself. */
  via: 'eventbridge' | 'sns' | 'direct';
  /** What a remediation function returned. */
  summary?: InvocationSummary;
  /** The error the handler threw, if it threw. */
  error?: string;
  /** Set when the last attempt failed: in AWS the event would now wait in the function's on-failure queue. */
  gaveUp?: boolean;
  delivery?: Delivery;
}

export interface AlertRecord {
  /** As published on the alert topic (read back from the topic's raw SQS subscription). */
  alert: Alert;
  emailSubject: string;
  emailText: string;
  /** What slack-notifier posted for it, as the Web API stand-in received it. */
  slack?: SlackMessage;
  /** Where it went in the channel: a thread root, or a reply in the root `threadTs`. */
  thread?: { ts: string; threadTs?: string };
}

/** A chat.update slack-notifier made: the thread root `ts` redrawn, e.g. as resolved. */
export interface SlackEdit {
  ts: string;
  message: SlackMessage;
}

export type EntryKind = 'schedule' | 'alarm' | 'rds-event' | 'redelivery' | 'parameter' | 'direct' | 'reconcile' | 'wait';

export interface TimelineEntry {
  /** ISO time of the trigger. */
  at: string;
  kind: EntryKind;
  title: string;
  /** The trigger's own words: an alarm's reason, an RDS message, why the demo waits. */
  detail?: string;
  /** How it reached the functions, e.g. "EventBridge → alarm-remediation". */
  route: string;
  invocations: InvocationRecord[];
  alerts: AlertRecord[];
  /** Every message slack-notifier posted during this entry (chat.postMessage). */
  slackPosts: SlackMessage[];
  /** Every thread root it edited during this entry (chat.update). */
  slackEdits: SlackEdit[];
  /** What AWS showed once the entry was handled: the report's chart draws these. */
  world?: WorldSample;
}

/** The quantities the demo's chart follows over the run. */
export interface WorldSample {
  desiredCapacity: number;
  readReplicas: number;
  auroraReaders: number;
}

export interface CheckRecord {
  label: string;
  expected: string;
  observed: string;
  passed: boolean;
}

export interface SceneRecord {
  number: number;
  title: string;
  /** The outcome the scene expects, in a sentence. */
  expect: string;
  entries: TimelineEntry[];
  checks: CheckRecord[];
  /** The scene stopped with this error. */
  error?: string;
  passed: boolean;
  durationMs: number;
}

export interface RuleRecord {
  /** The EventBridge rule's name. */
  name: string;
  function: FunctionName;
  pattern: EventPattern;
  /** The policy rules the pattern serves. */
  policyRules: string[];
}

export interface SetupRecord {
  endpoint: string;
  slackCapture: string;
  policyFile: string;
  motoStartMs: number;
  rules: RuleRecord[];
  notes: string[];
}

export interface DemoRun {
  startedAt: string;
  durationMs: number;
  setup: SetupRecord;
  scenes: SceneRecord[];
  passed: boolean;
}

/** Where a finished run was written. */
export interface ReportFiles {
  html: string;
  json: string;
}

/** Live output while the demo plays. */
export interface DemoReporter {
  setup(setup: SetupRecord): void;
  sceneStarted(scene: SceneRecord, total: number): void;
  entry(entry: TimelineEntry): void;
  /** A wait in progress; called repeatedly until the wait's entry is reported. */
  waiting(label: string, remainingMs: number): void;
  check(check: CheckRecord): void;
  sceneFinished(scene: SceneRecord): void;
  finished(run: DemoRun, files: ReportFiles): void;
}
