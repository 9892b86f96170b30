/**
 * A proxy in front of the embedded AWS that answers chosen requests with a fault (the emulator
 * has no fault injection) and keeps what each request asked for, since the emulator's answer
 * does not always show it (a read replica there is a copy of its source, whatever the request
 * said). Requests are matched on the AWS action: the query protocol's `Action=` (RDS, Auto
 * Scaling, SNS) or the JSON protocol's X-Amz-Target (DynamoDB, SSM).
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Fault {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface FaultRule {
  action: string;
  /** How many matching requests to fail; afterwards they pass through. @default Infinity */
  times?: number;
  fault: Fault;
}

export interface FaultProxy {
  url: string;
  /** Requests seen per AWS action, failed or not. */
  seen: Map<string, number>;
  /**
   * The parameters of each query-protocol request for this action, in the order sent, as the
   * wire has them: `VpcSecurityGroupIds.VpcSecurityGroupId.1`, `Tags.member.1.Key`…
   */
  requests(action: string): Record<string, string>[];
  inject(rule: FaultRule): void;
  clear(): void;
  close(): Promise<void>;
}

export const THROTTLED_QUERY: Fault = {
  status: 400,
  body: '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>1</RequestId></ErrorResponse>',
  headers: { 'content-type': 'text/xml' },
};

export const UNAVAILABLE_QUERY: Fault = {
  status: 503,
  body: '<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>Service unavailable</Message></Error><RequestId>1</RequestId></ErrorResponse>',
  headers: { 'content-type': 'text/xml' },
};

function actionOf(req: IncomingMessage, body: string): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  return new URLSearchParams(body).get('Action') ?? 'unknown';
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const rules: (FaultRule & { used: number })[] = [];
  const seen = new Map<string, number>();
  const bodies = new Map<string, string[]>();
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const action = actionOf(req, body.toString('utf8'));
      seen.set(action, (seen.get(action) ?? 0) + 1);
      bodies.set(action, [...(bodies.get(action) ?? []), body.toString('utf8')]);
      const rule = rules.find((r) => r.action === action && r.used < (r.times ?? Number.POSITIVE_INFINITY));
      if (rule) {
        rule.used += 1;
        res.writeHead(rule.fault.status, rule.fault.headers ?? {});
        res.end(rule.fault.body);
        return;
      }
      const forward = request(
        { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      forward.on('error', (err) => {
        res.writeHead(502);
        res.end(err.message);
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    requests: (action) => (bodies.get(action) ?? []).map((body) => Object.fromEntries(new URLSearchParams(body))),
    inject: (rule) => rules.push({ ...rule, used: 0 }),
    clear: () => {
      rules.length = 0;
      seen.clear();
      bodies.clear();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
