/**
 * A proxy in front of the embedded AWS that answers chosen requests with a fault (the emulator
 * has no fault injection) and keeps what each request asked for, since the emulator's answer
 * does not always show it (a read replica there is a copy of its source, whatever the request
 * said). Requests are matched on the AWS action: the query protocol's `Action=` (RDS, Auto
 * Scaling, SNS), the JSON protocol's X-Amz-Target (DynamoDB, SSM) or, for Route 53's REST
 * protocol, the method and path of its record-set calls.
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
  /** The emulator applies the request and the answer is lost: the caller gets the fault. @default false */
  afterApplied?: boolean;
}

/**
 * How a request can go wrong on a real network: refused before it reaches AWS (throttled, a
 * 5xx, a reset connection), or applied by AWS with the answer lost on the way back (a 5xx or a
 * reset after the emulator changed its state).
 */
export const FAULT_KINDS = ['throttled', 'unavailable', 'reset', 'lost-answer', 'lost-connection'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Chaos {
  /** Share of requests that fail, 0…1. */
  rate: number;
  /** Uniform in [0, 1): seeded by the caller, so a run can be repeated. */
  random: () => number;
  /** Actions never faulted (the harness's own reads, say). */
  spare?: (action: string) => boolean;
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
  /** Every request's action in the order received: which call came first. */
  order: string[];
  /** The raw bodies of the action's requests (Route 53 sends XML). */
  bodies(action: string): string[];
  inject(rule: FaultRule): void;
  /** Fails a random share of all requests with a random kind of fault; `undefined` stops it. */
  chaos(chaos: Chaos | undefined): void;
  /** Faults answered so far, by kind. */
  faults: Map<FaultKind, number>;
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

const JSON_FAULTS = {
  throttled: { status: 400, body: '{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate exceeded"}', headers: { 'content-type': 'application/x-amz-json-1.0' } },
  unavailable: { status: 500, body: '{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"Internal server error"}', headers: { 'content-type': 'application/x-amz-json-1.0' } },
} satisfies Record<string, Fault>;

/** The fault in the protocol the request speaks: JSON (DynamoDB, SSM) or the query protocol's XML. */
function faultFor(kind: 'throttled' | 'unavailable', json: boolean): Fault {
  if (json) return JSON_FAULTS[kind];
  return kind === 'throttled' ? THROTTLED_QUERY : UNAVAILABLE_QUERY;
}

/** Route 53's REST paths: /2013-04-01/hostedzone[/<id>[/rrset]]. */
function route53Action(req: IncomingMessage): string | undefined {
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (/^\/2013-04-01\/hostedzone\/[^/]+\/rrset\/?$/.test(path)) return req.method === 'POST' ? 'ChangeResourceRecordSets' : 'ListResourceRecordSets';
  if (/^\/2013-04-01\/hostedzone\/?$/.test(path)) return req.method === 'POST' ? 'CreateHostedZone' : 'ListHostedZones';
  return undefined;
}

function actionOf(req: IncomingMessage, body: string): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  const route53 = route53Action(req);
  if (route53) return route53;
  return new URLSearchParams(body).get('Action') ?? 'unknown';
}

export interface FaultProxyOptions {
  /** Called as each request arrives, before any fault: the bench times actions by it. */
  onRequest?: (action: string) => void;
}

export async function startFaultProxy(upstream: string, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const rules: (FaultRule & { used: number })[] = [];
  const faults = new Map<FaultKind, number>();
  let chaos: Chaos | undefined;
  const pickFault = (action: string): FaultKind | undefined => {
    if (!chaos || chaos.spare?.(action) || chaos.random() >= chaos.rate) return undefined;
    const kind = FAULT_KINDS[Math.floor(chaos.random() * FAULT_KINDS.length)] ?? 'throttled';
    faults.set(kind, (faults.get(kind) ?? 0) + 1);
    return kind;
  };
  const seen = new Map<string, number>();
  const bodies = new Map<string, string[]>();
  const order: string[] = [];
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const action = actionOf(req, body.toString('utf8'));
      options.onRequest?.(action);
      seen.set(action, (seen.get(action) ?? 0) + 1);
      bodies.set(action, [...(bodies.get(action) ?? []), body.toString('utf8')]);
      order.push(action);
      const rule = rules.find((r) => r.action === action && r.used < (r.times ?? Number.POSITIVE_INFINITY));
      if (rule?.afterApplied) {
        rule.used += 1;
        const applied = request({ hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (upstreamRes) => {
          upstreamRes.resume();
          upstreamRes.on('end', () => {
            res.writeHead(rule.fault.status, rule.fault.headers ?? {});
            res.end(rule.fault.body);
          });
        });
        applied.on('error', (err) => {
          res.writeHead(502);
          res.end(err.message);
        });
        applied.end(body);
        return;
      }
      if (rule) {
        rule.used += 1;
        res.writeHead(rule.fault.status, rule.fault.headers ?? {});
        res.end(rule.fault.body);
        return;
      }
      const json = typeof req.headers['x-amz-target'] === 'string';
      const kind = pickFault(action);
      if (kind === 'throttled' || kind === 'unavailable') {
        const fault = faultFor(kind, json);
        res.writeHead(fault.status, fault.headers ?? {});
        res.end(fault.body);
        return;
      }
      if (kind === 'reset') {
        req.socket.destroy();
        return;
      }
      const forward = request(
        { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (upstreamRes) => {
          if (kind === undefined) {
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
            upstreamRes.pipe(res);
            return;
          }
          // The emulator applied the request; the caller never hears about it.
          upstreamRes.resume();
          upstreamRes.on('end', () => {
            if (kind === 'lost-connection') {
              req.socket.destroy();
              return;
            }
            const fault = faultFor('unavailable', json);
            res.writeHead(fault.status, fault.headers ?? {});
            res.end(fault.body);
          });
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
    order,
    bodies: (action) => [...(bodies.get(action) ?? [])],
    inject: (rule) => rules.push({ ...rule, used: 0 }),
    chaos: (next) => {
      chaos = next;
    },
    faults,
    clear: () => {
      rules.length = 0;
      chaos = undefined;
      faults.clear();
      seen.clear();
      bodies.clear();
      order.length = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
