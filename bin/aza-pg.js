#!/usr/bin/env node
// The published command runs the committed bundle, so it needs no TypeScript toolchain.
import { runCli } from '../dist/cli/index.js';

await runCli(process.argv.slice(2));
