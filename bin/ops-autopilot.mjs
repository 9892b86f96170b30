#!/usr/bin/env node
// `ops-autopilot` runs the TypeScript CLI from its sources through tsx (a devDependency), so
// there is no separate CLI build to keep in step with the functions it shares code with.
import { require as requireTypeScript } from 'tsx/cjs/api';

requireTypeScript('../functions/cli/main.ts', import.meta.url);
