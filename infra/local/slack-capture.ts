/**
 * A stand-in for a Slack incoming webhook on loopback, for the tests and the demo: it records
 * every request and answers from a queue of canned responses (then 200 "ok", as Slack does),
 * so a test can script rate limiting, outages and rejections.
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
  /** e.g. { 'Retry-After': '1' } */
  headers?: Record<string, string>;
  /** Answer this late, to play a Slack that hangs. @default 0 */
  delayMs?: number;
}

export interface SlackCapture {
  /** Base URL, http://127.0.0.1:<port>; any path is accepted. */
  url: string;
  requests: CapturedRequest[];
  /** Queues responses for the next requests, one each, in order. */
  respondWith(...responses: CannedResponse[]): void;
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

export async function start(): Promise<SlackCapture> {
  const requests: CapturedRequest[] = [];
  const queue: CannedResponse[] = [];
  const pending = new Set<NodeJS.Timeout>();

  const answer = (res: ServerResponse, canned: CannedResponse): void => {
    const ok = canned.status >= 200 && canned.status < 300;
    res.writeHead(canned.status, { 'Content-Type': 'text/plain', ...canned.headers });
    res.end(canned.body ?? (ok ? 'ok' : ''));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawBody,
        body: parseJson(rawBody),
        receivedAt: Date.now(),
      });
      const canned = queue.shift() ?? { status: 200 };
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
    requests,
    respondWith: (...responses) => void queue.push(...responses),
    close: async () => {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
