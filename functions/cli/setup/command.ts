/**
 * `ops-autopilot setup --endpoint <url> [--stage local] [--json]`: in an emulator that is
 * already running (yours, with your own world in it), creates only what the functions need
 * besides your resources — the ledger table and the alert topic, named as the stage's stack
 * names them — and prints the environment to export. Idempotent; creates nothing else.
 */
import { lazyRun, type Command } from '../command';

export const NAME = 'setup';

export const DEFAULT_STAGE = 'local';

const HELP = `Usage: ops-autopilot setup [--endpoint url] [--stage stage] [--json]

For an emulator that is already running (moto, LocalStack) with your own world in it:
creates the ledger table (pk String, sk String, TTL on expiresAt) and the alert topic, named
as a deployed stage names them (ops-autopilot-<stage>-ledger, ops-autopilot-<stage>-alerts),
and prints the environment to export for invoke, plan --stage and selftest. Running it again
changes nothing. It creates nothing else: no groups, databases, alarms, parameters (a missing
kill-switch parameter means "not paused") or subscriptions.

It only works against an endpoint: a deployed stage's table and topic come from its stack.

Options:
  --endpoint <url>  the emulator (default: $AWS_ENDPOINT_URL)
  --stage <stage>   the names to use (default: ${DEFAULT_STAGE})
  --json            print what was ensured as one JSON object on stdout
  -h, --help        show this help

Exit codes:
  0  the table and topic exist
  1  a table of that name exists with other keys
  2  usage error (no endpoint)
  3  the endpoint does not answer

Examples:
  ops-autopilot setup --endpoint http://127.0.0.1:5000
  eval "$(ops-autopilot setup --endpoint http://127.0.0.1:5000 --stage dev | grep ^export)"
`;

export const setupCommand: Command = {
  name: NAME,
  summary: 'create only the ledger table and alert topic in an emulator already running',
  help: HELP,
  run: lazyRun(() => import('./run')),
};
