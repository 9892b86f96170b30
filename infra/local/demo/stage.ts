/**
 * What a scene of the demo can do and see. Every trigger goes the way it goes in AWS, then the
 * stage waits until the functions have handled everything it caused (alerts to Slack
 * included) and records one timeline entry: the invocations, their decisions, the alerts
 * published and what Slack received. Checks compare what AWS now says with what the scene
 * expected.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { actionFor, isMutating } from '../../../functions/actions/registry';
import { renderEmailText } from '../../../functions/alerts/email-text';
import { emailSubject } from '../../../functions/alerts/publish';
import { renderSlackMessage, type SlackMessage } from '../../../functions/alerts/slack-blocks';
import type { Alert } from '../../../functions/model/alert';
import type { Ledger } from '../../../functions/ledger/ledger';
import type { Policy } from '../../../functions/policy/schema';
import type { StepSummary } from '../../../functions/runner/summary';
import type { Rejection } from '../../../functions/signals/types';
import type { FunctionName } from '../../../functions/function-names';
import { scheduleInput } from '../../stack/scheduler';
import type { AlarmStateValue } from '../alarm-events';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../moto';
import type { SlackCapture } from '../slack-capture';
import { rdsEvent, type DemoAws, type RdsEventSpec } from './aws-side';
import type { FunctionRunner } from './function-runner';
import type { AlertRecord, CheckRecord, DemoReporter, Delivery, EntryKind, InvocationRecord, SceneRecord, SlackEdit, TimelineEntry, WorldSample } from './journal';
import type { QueueRouter } from './queue-router';

export interface Scene {
  title: string;
  /** The outcome the scene expects, in a sentence: shown before it plays. */
  expect: string;
  play(stage: Stage): Promise<void>;
}

export interface StageContext {
  policy: Policy;
  runner: FunctionRunner;
  router: QueueRouter;
  aws: DemoAws;
  slack: SlackCapture;
  ledger: Ledger;
  reporter: DemoReporter;
  /** Reads what the chart follows, after each entry. */
  sample: () => Promise<WorldSample>;
  signal?: AbortSignal;
}

/** Reads of AWS state a scene checks against. */
export type AwsState = Pick<DemoAws, 'desiredCapacity' | 'readReplicas' | 'managedReplicas' | 'clusterReaders' | 'readerEndpoint'>;

/** The placeholder EventBridge Scheduler fills in with the firing time. */
const SCHEDULED_TIME = '<aws.scheduler.scheduled-time>';
/** The ledger compares times from another clock reading; a little slack avoids missing a cooldown's end by a hair. */
const COOLDOWN_MARGIN_MS = 300;
const PROGRESS_TICK_MS = 200;

type Described = Pick<TimelineEntry, 'title'> & Partial<Pick<TimelineEntry, 'detail' | 'route'>>;

function isSlackMessage(body: unknown): body is SlackMessage {
  return typeof body === 'object' && body !== null && typeof (body as SlackMessage).text === 'string' && Array.isArray((body as SlackMessage).blocks);
}

/** A post as the channel holds it: the message and where it went. */
interface ChannelPost {
  message: SlackMessage;
  thread: { ts: string; threadTs?: string };
}

/** Each published alert with the Slack post slack-notifier made of it (the same rendering, byte for byte). */
function pairWithPosts(alerts: Alert[], posts: ChannelPost[]): AlertRecord[] {
  const unpaired = posts.map((post) => JSON.stringify(post.message));
  return alerts.map((alert) => {
    const i = unpaired.indexOf(JSON.stringify(renderSlackMessage(alert)));
    const post = i >= 0 ? posts[i] : undefined;
    if (i >= 0) unpaired[i] = '';
    return { alert, emailSubject: emailSubject(alert), emailText: renderEmailText(alert), ...(post ? { slack: post.message, thread: post.thread } : {}) };
  });
}

/** The messages posted since `first`, copied now: a later chat.update changes the stand-in's own. */
function postsSince(slack: SlackCapture, first: number): ChannelPost[] {
  return slack.messages.slice(first).flatMap((m) => {
    const message = { text: m.text, blocks: structuredClone(m.blocks) };
    return isSlackMessage(message) ? [{ message, thread: { ts: m.ts, ...(m.threadTs ? { threadTs: m.threadTs } : {}) } }] : [];
  });
}

function editsSince(slack: SlackCapture, first: number): SlackEdit[] {
  return slack.requests.slice(first).flatMap((r) => {
    if (!r.path.endsWith('/chat.update') || !isSlackMessage(r.body)) return [];
    const ts = 'ts' in r.body ? r.body.ts : undefined;
    return typeof ts === 'string' ? [{ ts, message: { text: r.body.text, blocks: r.body.blocks } }] : [];
  });
}

/** "EventBridge → alarm-remediation", or why nothing ran. */
function eventBridgeRoute(invocations: InvocationRecord[]): string {
  const functions = [...new Set(invocations.filter((i) => i.via === 'eventbridge').map((i) => i.function))];
  return functions.length ? `EventBridge → ${functions.join(', ')}` : 'EventBridge: no rule matches it, so no function runs';
}

function show(value: unknown): string {
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : 'none';
  return value === undefined ? 'nothing' : String(value);
}

const wholeSeconds = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

export class Stage {
  readonly aws: AwsState;

  constructor(
    private readonly ctx: StageContext,
    private readonly scene: SceneRecord,
  ) {
    this.aws = ctx.aws;
  }

  // ── Triggers ───────────────────────────────────────────────────────────────────────────

  /** The schedule fires: EventBridge Scheduler invokes scheduled-scaling with the stack's input. */
  async schedule(name: string): Promise<void> {
    const schedule = this.ctx.policy.schedules.find((s) => s.name === name);
    if (!schedule) throw new Error(`the demo policy has no schedule ${name}`);
    const event: unknown = JSON.parse(scheduleInput(name).replace(SCHEDULED_TIME, wholeSeconds(new Date())));
    await this.happen('schedule', async () => {
      await this.ctx.runner.invoke('scheduled-scaling', event, { via: 'direct' });
      return {
        title: `schedule ${name} fires (cron ${schedule.cron}, ${schedule.timezone})`,
        detail: `moto never fires schedules: the demo invokes scheduled-scaling with the input Scheduler sends, ${JSON.stringify(event)}`,
        route: 'EventBridge Scheduler → scheduled-scaling',
      };
    });
  }

  /**
   * The alarm's metric shows `datapoints` (oldest first): CloudWatch moves the alarm to `state`
   * and puts the state change on the default bus. Returns what was delivered, to deliver again.
   */
  async alarm(name: string, state: AlarmStateValue, datapoints: number[]): Promise<Delivery | undefined> {
    const entry = await this.happen('alarm', async () => {
      const event = await this.ctx.aws.changeAlarmState(name, state, datapoints);
      await this.ctx.aws.putOnDefaultBus(event);
      return { title: `alarm ${name}: ${event.detail.previousState.value} → ${event.detail.state.value}`, detail: event.detail.state.reason };
    });
    return entry.invocations.find((i) => i.delivery)?.delivery;
  }

  /** RDS puts one of its events on the default bus. */
  async rdsEvent(spec: RdsEventSpec): Promise<void> {
    await this.happen('rds-event', async () => {
      const event = rdsEvent(spec, new Date());
      await this.ctx.aws.putOnDefaultBus(event);
      const id = 'cluster' in spec.source ? spec.source.cluster : spec.source.instance;
      return { title: `RDS ${spec.eventId} on ${id} (${spec.category})`, detail: spec.message };
    });
  }

  /** The same event again, as at-least-once delivery may hand it over. */
  async redeliver(delivery: Delivery | undefined): Promise<void> {
    if (!delivery) throw new Error('nothing was delivered, so there is nothing to deliver again');
    const { id } = JSON.parse(delivery.body) as { id?: string };
    await this.happen('redelivery', async () => {
      await this.ctx.router.redeliver(delivery);
      return {
        title: `the same event delivered again (EventBridge id ${id ?? 'unknown'})`,
        detail: 'EventBridge and Lambda deliver at least once: a retry or a duplicate hands the function an event it has seen',
      };
    });
  }

  /** An operator sets the kill switch parameter. */
  async setKillSwitch(paused: boolean): Promise<void> {
    const parameter = this.ctx.policy.settings.killSwitchParameter;
    await this.happen('parameter', async () => {
      await this.ctx.aws.setParameter(parameter, String(paused));
      return {
        title: `kill switch ${parameter} = "${paused}"`,
        detail: paused ? 'an operator pauses every change ops-autopilot would make' : 'the operator lifts the pause',
        route: 'SSM Parameter Store, read by the functions before each change',
      };
    });
  }

  /** reconcile's minute: the stack's rate(1 minute) rule sends this Scheduled Event; moto never fires it, so the demo does. */
  async reconcile(): Promise<void> {
    const at = new Date();
    const event = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: LOCAL_ACCOUNT,
      time: wholeSeconds(at),
      region: LOCAL_REGION,
      resources: [`arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/ops-autopilot-demo-reconcile`],
      detail: {},
    };
    await this.happen('reconcile', async () => {
      await this.ctx.runner.invoke('reconcile', event, { via: 'direct' });
      return {
        title: 'reconcile runs: the state of AWS against the policy',
        detail: 'the stack runs reconcile every minute; moto never fires scheduled rules, so the demo sends the Scheduled Event',
        route: 'EventBridge rate(1 minute) → reconcile',
      };
    });
  }

  /** Invokes a function directly with `event`, as `aws lambda invoke` or a console test event would. */
  async invoke(fn: FunctionName, event: unknown, description: string): Promise<void> {
    await this.happen('direct', async () => {
      await this.ctx.runner.invoke(fn, event, { via: 'direct' });
      return { title: description, route: `direct invocation → ${fn}` };
    });
  }

  // ── Time ───────────────────────────────────────────────────────────────────────────────

  /** Waits until the rule's first change step is out of its cooldown on its resource. */
  async waitForCooldown(ruleName: string): Promise<void> {
    const step = this.ctx.policy.rules.find((r) => r.name === ruleName)?.do.find(isMutating);
    if (!step) throw new Error(`the demo policy has no rule ${ruleName} with a change step`);
    const { resource, cooldownSeconds: seconds } = actionFor(step, LOCAL_REGION);
    const last = (await this.ctx.ledger.readSlot(resource)).lastChangeAt;
    if (last === undefined) return;
    const remainingMs = last + seconds * 1000 + COOLDOWN_MARGIN_MS - Date.now();
    if (remainingMs <= 0) return;
    const ago = ((Date.now() - last) / 1000).toFixed(1);
    await this.pause(remainingMs, `${ruleName}'s cooldown: ops-autopilot changed ${resource.id} ${ago} s ago and waits ${seconds} s between changes`);
  }

  /** Lets time pass, with a progress line. */
  async pause(ms: number, why: string): Promise<void> {
    const at = new Date().toISOString();
    const end = Date.now() + ms;
    for (let left = ms; left > 0; left = end - Date.now()) {
      this.ctx.reporter.waiting(why, left);
      await sleep(Math.min(PROGRESS_TICK_MS, left), undefined, { signal: this.ctx.signal });
    }
    this.record({ at, kind: 'wait', title: `${(ms / 1000).toFixed(1)} s pass`, detail: why, route: '', invocations: [], alerts: [], slackPosts: [], slackEdits: [] });
  }

  /** The replicas a target's reader endpoint names now (the policy's hosted zone and name). */
  async readerEndpoint(target: string): Promise<string[]> {
    const endpoint = this.ctx.policy.targets[target]?.readerEndpoint;
    if (!endpoint) throw new Error(`the demo policy's target ${target} has no readerEndpoint`);
    return this.ctx.aws.readerEndpoint(endpoint.hostedZoneId, endpoint.name);
  }

  // ── What the scene caused ──────────────────────────────────────────────────────────────

  /** The decisions of every remediation invocation in this scene, in order. */
  steps(): StepSummary[] {
    return this.invocations().flatMap((i) => i.summary?.steps ?? []);
  }

  outcomes(): string[] {
    return this.steps().map((s) => s.outcome);
  }

  rejections(): Rejection[] {
    return this.invocations().flatMap((i) => i.summary?.rejected ?? []);
  }

  /** Invocations that threw, as the function's error log would show them. */
  errors(): string[] {
    return this.invocations().flatMap((i) => (i.error ? [`${i.function}: ${i.error}`] : []));
  }

  alerts(): Alert[] {
    return this.scene.entries.flatMap((e) => e.alerts.map((a) => a.alert));
  }

  slackPosts(): SlackMessage[] {
    return this.scene.entries.flatMap((e) => e.slackPosts);
  }

  /** Where each alert of this scene went in the channel: `root`, `reply` or `none`. */
  threadPlacements(): string[] {
    return this.scene.entries.flatMap((e) => e.alerts.map((a) => (a.thread ? (a.thread.threadTs ? 'reply' : 'root') : 'none')));
  }

  slackEdits(): SlackEdit[] {
    return this.scene.entries.flatMap((e) => e.slackEdits);
  }

  // ── Checks ─────────────────────────────────────────────────────────────────────────────

  expect(label: string, observed: unknown, expected: unknown): void {
    this.check({ label, expected: show(expected), observed: show(observed), passed: isDeepStrictEqual(observed, expected) });
  }

  /** A check that is not an equality: `passed` says whether `observed` meets `expected`. */
  expectThat(label: string, observed: unknown, expected: string, passed: boolean): void {
    this.check({ label, expected, observed: show(observed), passed });
  }

  private check(check: CheckRecord): void {
    this.scene.checks.push(check);
    this.ctx.reporter.check(check);
  }

  private invocations(): InvocationRecord[] {
    return this.scene.entries.flatMap((e) => e.invocations);
  }

  /** Runs a trigger, waits for everything it caused, and records it. */
  private async happen(kind: EntryKind, act: () => Promise<Described>): Promise<TimelineEntry> {
    const at = new Date().toISOString();
    const firstInvocation = this.ctx.runner.invocations.length;
    const firstRequest = this.ctx.slack.requests.length;
    const firstMessage = this.ctx.slack.messages.length;
    const described = await act();
    await this.ctx.router.settle({ signal: this.ctx.signal });
    const invocations = this.ctx.runner.invocations.slice(firstInvocation);
    const posts = postsSince(this.ctx.slack, firstMessage);
    const alerts = pairWithPosts(await this.ctx.aws.drainAlerts(), posts);
    const slackPosts = posts.map((p) => p.message);
    const slackEdits = editsSince(this.ctx.slack, firstRequest);
    const world = await this.ctx.sample();
    const entry: TimelineEntry = { at, kind, ...described, route: described.route ?? eventBridgeRoute(invocations), invocations, alerts, slackPosts, slackEdits, world };
    this.record(entry);
    return entry;
  }

  private record(entry: TimelineEntry): void {
    this.scene.entries.push(entry);
    this.ctx.reporter.entry(entry);
  }
}
