#!/usr/bin/env node
// The published command runs the committed bundle, so it needs no TypeScript toolchain.
import module from 'node:module';

// Node 22.1+ keeps the bundle's compiled code on disk (in the temp directory), so later starts
// skip compiling it again; older Node goes on without.
module.enableCompileCache?.();
const { runCli } = await import('../dist/cli/index.js');
await runCli(process.argv.slice(2));
