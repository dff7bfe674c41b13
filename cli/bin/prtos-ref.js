#!/usr/bin/env node
// The `prtos-ref` command. The tool is written in TypeScript and run through tsx, which is a
// runtime dependency, so `npx prtos-ref` works from a fresh `npm ci` without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../main.ts');
