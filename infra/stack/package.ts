/**
 * `sls package` without AWS: dummy credentials (osls wants some, never uses them to package)
 * and no profile. With `outDir`, it packages a scratch copy of the service instead, because
 * osls always empties <service>/.serverless first, even with --package: packaging another
 * policy must not wipe the packaged stack other tests and the deploy read.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OpsAutopilotError } from '../../functions/errors';
import { MissingBundlesError, missingBundles } from './artifacts';

export const PACKAGE_DIR = '.serverless';
export const UPDATE_TEMPLATE = 'cloudformation-template-update-stack.json';
export const CREATE_TEMPLATE = 'cloudformation-template-create-stack.json';

/** What a scratch copy of the service needs; serverless.yml is copied so osls takes the copy's directory as the service. */
const SHARED_ENTRIES = ['infra', 'functions', 'scripts', 'dist', 'node_modules', 'package.json', 'tsconfig.json'];

export interface PackageOptions {
  /** The project root (where serverless.yml is). */
  root: string;
  /** Another policy file than infra/policy.yml (OPS_AUTOPILOT_POLICY). */
  policyFile?: string;
  /** Package into this directory from a scratch copy of the service; default <root>/.serverless. */
  outDir?: string;
  /** More `sls package` arguments, e.g. ['--stage', 'prod']. */
  args?: string[];
}

export class PackagingError extends OpsAutopilotError {}

/** A named profile or a session token would send osls looking for real credentials. */
const DROPPED_VARIABLES = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN'];

function offlineEnvironment(policyFile?: string): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !DROPPED_VARIABLES.includes(name))),
    AWS_ACCESS_KEY_ID: 'offline-packaging',
    AWS_SECRET_ACCESS_KEY: 'offline-packaging',
    ...(policyFile ? { OPS_AUTOPILOT_POLICY: resolve(policyFile) } : {}),
  };
}

function slsPackage(root: string, serviceDir: string, options: PackageOptions): void {
  const sls = require.resolve('osls/bin/serverless.js', { paths: [root] });
  const run = spawnSync(process.execPath, [sls, 'package', ...(options.args ?? [])], {
    cwd: serviceDir,
    env: offlineEnvironment(options.policyFile),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (run.status !== 0) throw new PackagingError(`sls package failed (exit ${run.status ?? run.signal}):\n${run.stdout}${run.stderr}`);
}

/** Packages the stack and returns the directory holding the templates and zips. */
export function packageStack(options: PackageOptions): string {
  const root = resolve(options.root);
  const missing = missingBundles(root);
  if (missing.length) throw new MissingBundlesError(missing);
  if (!options.outDir) {
    slsPackage(root, root, options);
    return join(root, PACKAGE_DIR);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'ops-autopilot-package-'));
  try {
    copyFileSync(join(root, 'serverless.yml'), join(scratch, 'serverless.yml'));
    for (const entry of SHARED_ENTRIES) symlinkSync(join(root, entry), join(scratch, entry));
    slsPackage(root, scratch, options);
    const outDir = resolve(options.outDir);
    rmSync(outDir, { recursive: true, force: true });
    cpSync(join(scratch, PACKAGE_DIR), outDir, { recursive: true });
    return outDir;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
