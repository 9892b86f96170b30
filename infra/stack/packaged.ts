/** Reads what `npm run package` left in .serverless/: the templates and the function zips. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OpsAutopilotError } from '../../functions/errors';
import type { CfnValue } from './cfn';
import type { FunctionName } from './naming';
import { CREATE_TEMPLATE, PACKAGE_DIR, UPDATE_TEMPLATE } from './package';

export interface TemplateResource {
  Type: string;
  Condition?: string;
  DependsOn?: string | string[];
  Properties?: { [key: string]: CfnValue };
}

export interface Template {
  Parameters?: Record<string, { Type: string; Default?: string }>;
  Resources: Record<string, TemplateResource>;
}

export interface PackagedStack {
  dir: string;
  /** The stack osls creates first: only the deployment bucket. */
  createTemplate: Template;
  /** The whole stack. */
  template: Template;
  artifact(fn: FunctionName): string;
}

/** The stack has not been packaged (or was packaged by an osls that writes elsewhere). */
export class NotPackagedError extends OpsAutopilotError {
  constructor(readonly path: string) {
    super(`${path} is missing: run npm run package first`);
  }
}

export function readPackagedStack(dir: string = join(resolve(__dirname, '../..'), PACKAGE_DIR)): PackagedStack {
  const read = (file: string): Template => {
    const path = join(dir, file);
    if (!existsSync(path)) throw new NotPackagedError(path);
    return JSON.parse(readFileSync(path, 'utf8')) as Template;
  };
  return {
    dir,
    createTemplate: read(CREATE_TEMPLATE),
    template: read(UPDATE_TEMPLATE),
    artifact: (fn) => {
      const path = join(dir, `${fn}.zip`);
      if (!existsSync(path)) throw new NotPackagedError(path);
      return path;
    },
  };
}

/** The resources of one type, by logical id. */
export function resourcesOfType(template: Template, type: string): [string, TemplateResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}
