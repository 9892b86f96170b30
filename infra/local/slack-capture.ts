/**
 * A stand-in for Slack on loopback, for the tests and the demo: an incoming webhook on any path,
 * and the Web API's chat.postMessage and chat.update under /api/ (SLACK_API_URL = `${url}/api/`),
 * enough of them to keep a channel's messages and threads as Slack would: the bearer token and
 * the channel are checked, replies need a known root, edits a known message. It records every
 * request and answers from a queue of canned responses first (then as Slack does), so a test can
 * script rate limiting (HTTP 429 or `ratelimited`), outages and rejections.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  /** Path and query, e.g. /services/T000/B000/XXXX */
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  body: unknown;
  /** Date.now() when the request arrived, to check the spacing of retries. */
  receivedAt: number;
}

export interface CannedResponse {
  status: number;
  /** @default "ok" for 2xx, else "" */
  body?: string;
  /** A JSON answer, e.g. { ok: false, error: 'ratelimited' }; replaces `body`. */
  json?: unknown;
  /** e.g. { 'Retry-After': '1' } */
  headers?: Record<string, string>;
  /** Answer this late, to play a Slack that hangs. @default 0 */
  delayMs?: number;
}

/** A message the Web API stand-in holds, as a channel would show it. */
export interface PostedMessage {
  channel: string;
  ts: string;
  /** The root's ts for a reply; absent for a root. */
  threadTs?: string;
  text: string;
  blocks: unknown[];
  /** How many times chat.update changed it. */
  edits: number;
}

export interface WebApiOptions {
  /** The bearer token the Web API accepts; anything else is `invalid_auth`. */
  botToken: string;
  /** Channels the bot is in; another channel is `channel_not_found`. */
  channels: string[];
}

export interface SlackCapture {
  /** Base URL, http://127.0.0.1:<port>; any path is accepted. */
  url: string;
  /** The Web API base URL, for SLACK_API_URL. */
  apiUrl: string;
  requests: CapturedRequest[];
  /** Messages posted through the Web API, in posting order (edits applied in place). */
  messages: PostedMessage[];
  /** Queues responses for the next requests, one each, in order. */
  respondWith(...responses: CannedResponse[]): void;
  /** Queues responses for the next calls of one Web API method only (e.g. chat.update), before the general queue. */
  respondTo(method: 'chat.postMessage' | 'chat.update', ...responses: CannedResponse[]): void;
  /** Stops listening and drops open connections, including ones still waiting for a delayed answer. */
  close(): Promise<void>;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const slackAnswer = (json: Record<string, unknown>): CannedResponse => ({ status: 200, json });

/** chat.postMessage and chat.update against the stand-in's channel history. */
function webApi(method: string, request: CapturedRequest, messages: PostedMessage[], options: WebApiOptions, nextTs: () => string): CannedResponse {
  if (request.headers.authorization !== `Bearer ${options.botToken}`) return slackAnswer({ ok: false, error: 'invalid_auth' });
  const body = isObject(request.body) ? request.body : {};
  const channel = typeof body.channel === 'string' ? body.channel : '';
  if (!options.channels.includes(channel)) return slackAnswer({ ok: false, error: 'channel_not_found' });
  const text = typeof body.text === 'string' ? body.text : '';
  const blocks = Array.isArray(body.blocks) ? body.blocks : [];
  if (method === 'chat.postMessage') {
    const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
    if (threadTs && !messages.some((m) => m.channel === channel && m.ts === threadTs && !m.threadTs)) {
      return slackAnswer({ ok: false, error: 'thread_not_found' });
    }
    const message: PostedMessage = { channel, ts: nextTs(), ...(threadTs ? { threadTs } : {}), text, blocks, edits: 0 };
    messages.push(message);
    return slackAnswer({ ok: true, channel, ts: message.ts, message: { text, blocks, ...(threadTs ? { thread_ts: threadTs } : {}) } });
  }
  if (method === 'chat.update') {
    const message = messages.find((m) => m.channel === channel && m.ts === body.ts);
    if (!message) return slackAnswer({ ok: false, error: 'message_not_found' });
    Object.assign(message, { text, blocks, edits: message.edits + 1 });
    return slackAnswer({ ok: true, channel, ts: message.ts, text });
  }
  return slackAnswer({ ok: false, error: 'unknown_method' });
}

const WEB_API_PATH = /^\/api\/(chat\.[A-Za-z]+)$/;

/** Without options the Web API accepts the token `xoxb-stand-in` and the channel C0STANDIN. */
export async function start(options: WebApiOptions = { botToken: 'xoxb-stand-in', channels: ['C0STANDIN'] }): Promise<SlackCapture> {
  const requests: CapturedRequest[] = [];
  const messages: PostedMessage[] = [];
  const queue: CannedResponse[] = [];
  const methodQueues = new Map<string, CannedResponse[]>();
  const pending = new Set<NodeJS.Timeout>();
  let posts = 0;
  // Slack's ts: epoch seconds, a dot, six digits; unique and increasing within a channel.
  const nextTs = () => `${1_790_000_000 + Math.floor(Date.now() / 1000) % 1_000_000}.${String(++posts).padStart(6, '0')}`;

  const answer = (res: ServerResponse, canned: CannedResponse): void => {
    const ok = canned.status >= 200 && canned.status < 300;
    if (canned.json !== undefined) {
      res.writeHead(canned.status, { 'Content-Type': 'application/json; charset=utf-8', ...canned.headers });
      res.end(JSON.stringify(canned.json));
      return;
    }
    res.writeHead(canned.status, { 'Content-Type': 'text/plain', ...canned.headers });
    res.end(canned.body ?? (ok ? 'ok' : ''));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const request: CapturedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawBody,
        body: parseJson(rawBody),
        receivedAt: Date.now(),
      };
      requests.push(request);
      const method = WEB_API_PATH.exec(request.path)?.[1];
      const canned =
        (method ? methodQueues.get(method)?.shift() : undefined) ?? queue.shift() ?? (method ? webApi(method, request, messages, options, nextTs) : { status: 200 });
      if (!canned.delayMs) return answer(res, canned);
      const timer = setTimeout(() => {
        pending.delete(timer);
        if (!res.destroyed) answer(res, canned);
      }, canned.delayMs);
      pending.add(timer);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiUrl: `http://127.0.0.1:${port}/api/`,
    requests,
    messages,
    respondWith: (...responses) => void queue.push(...responses),
    respondTo: (method, ...responses) => void methodQueues.set(method, [...(methodQueues.get(method) ?? []), ...responses]),
    close: async () => {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
