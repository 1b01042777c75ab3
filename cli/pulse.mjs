#!/usr/bin/env -S node --max-semi-space-size=64
// The `pulse` command: runs the TypeScript CLI through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { runCommand } = await import('./main.ts');
process.exit(await runCommand(process.argv.slice(2)));
