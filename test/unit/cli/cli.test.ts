/** The dispatcher: help, unknown commands, and one exit code per kind of failure. */
import { COMMANDS, failure, HELP, runCli } from '../../../functions/cli/cli';
import { AwsUnavailableError, InputError, NotReadyError, UsageError } from '../../../functions/cli/errors';
import { EXIT } from '../../../functions/cli/exit-codes';
import { PolicyError } from '../../../functions/errors';
import { capturedIo as captured } from '../../support/cli-io';

describe('runCli', () => {
  it('prints the help on stdout for --help and -h, listing every command and the exit codes', async () => {
    for (const flag of ['--help', '-h']) {
      const io = captured();

      const code = await runCli([flag], io);

      expect(code).toBe(EXIT.ok);
      expect(io.stdout()).toBe(HELP);
      for (const command of COMMANDS) expect(io.stdout()).toContain(`  ${command.name}`);
      expect(io.stdout()).toMatch(/Exit codes:\n {2}0 {2}ok\n {2}1 .*\n {2}2 .*\n {2}3 .*\n {2}4 /);
    }
  });

  it.each(COMMANDS.map((command) => [command.name]))('prints the help of %s, whatever else is on the line', async (name) => {
    const io = captured();

    const code = await runCli([name, '--no-such-flag', '--help'], io);

    expect(code).toBe(EXIT.ok);
    expect(io.stdout()).toMatch(new RegExp(`^Usage: ops-autopilot ${name}`));
    expect(io.stdout()).toContain('Exit codes:');
    expect(io.stderr()).toBe('');
  });

  it('names an unknown command and lists the valid ones', async () => {
    const io = captured();

    const code = await runCli(['deploy'], io);

    expect(code).toBe(EXIT.usage);
    expect(io.stdout()).toBe('');
    expect(io.stderr()).toBe('ops-autopilot: unknown command "deploy"; commands: validate, plan, invoke, schedules, setup, selftest\nRun "ops-autopilot --help" for usage.\n');
  });

  it('treats an option before the command as a usage error', async () => {
    const io = captured();

    expect(await runCli(['--json', 'validate'], io)).toBe(EXIT.usage);
    expect(io.stderr()).toMatch(/^ops-autopilot: unknown option --json; options come after the command/);
  });

  it('is a usage error without a command', async () => {
    const io = captured();

    expect(await runCli([], io)).toBe(EXIT.usage);
    expect(io.stderr()).toContain('no command given');
  });

  it('names an unknown option of a command and points at its help', async () => {
    const io = captured();

    expect(await runCli(['schedules', '--cout', '3'], io)).toBe(EXIT.usage);
    expect(io.stderr()).toBe('ops-autopilot schedules: unknown option --cout\nRun "ops-autopilot schedules --help" for usage.\n');
  });
});

describe('failure: one exit code per kind', () => {
  it.each([
    ['usage', new UsageError('plan', 'missing <event.json>'), EXIT.usage],
    ['input', new InputError('cannot read event file e.json: no such file'), EXIT.failed],
    ['policy', new PolicyError('p.yml', [{ where: 'policy', field: 'version', message: 'must be 1' }]), EXIT.failed],
    ['AWS', new AwsUnavailableError('cannot check the Auto Scaling groups in AWS: connect ECONNREFUSED'), EXIT.awsUnavailable],
    ['not ready', new NotReadyError('dist/alarm-remediation/index.mjs does not exist: run npm run build first'), EXIT.notReady],
    ['unexpected', new TypeError('x is undefined'), EXIT.failed],
  ])('%s', (_kind, error, exitCode) => {
    const result = failure(error, 'plan');

    expect(result.exitCode).toBe(exitCode);
    expect(result.message).toMatch(/^ops-autopilot plan: /);
    expect(result.message).toContain(error.message);
  });

  it('keeps the stack of an unexpected error for whoever fixes it', () => {
    expect(failure(new TypeError('x is undefined'), 'plan').message).toMatch(/unexpected error: TypeError: x is undefined\nTypeError: x is undefined\n {4}at /);
  });
});
