/**
 * A stand-in for @actions/core, for driving `runAction(op)` in process (the way
 * actions/typescript-action tests its main): a test mocks the module with `jest.unstable_mockModule`
 * before importing the action runner, feeds inputs in, and reads outputs, logs, secrets and the
 * failure out. It is a MOCK of the runner's toolkit only; everything under it is real. The job
 * summary stays the real @actions/core one, written to the file named by GITHUB_STEP_SUMMARY.
 */
import { jest } from '@jest/globals';
import * as realCore from '@actions/core';

export interface ActionsCoreStandIn {
  /** The module to hand to jest.unstable_mockModule('@actions/core', ...). */
  module: typeof realCore;
  /** The inputs the next run reads (getInput returns '' for an absent one, as the runner does). */
  inputs: Record<string, string>;
  outputs: Record<string, string>;
  secrets: string[];
  logs: string[];
  warnings: string[];
  groups: string[];
  failures: string[];
  reset(inputs?: Record<string, string>): void;
}

export function actionsCoreStandIn(): ActionsCoreStandIn {
  const s: ActionsCoreStandIn = {
    module: realCore,
    inputs: {},
    outputs: {},
    secrets: [],
    logs: [],
    warnings: [],
    groups: [],
    failures: [],
    reset(inputs = {}) {
      s.inputs = { ...inputs };
      s.outputs = {};
      s.secrets = [];
      s.logs = [];
      s.warnings = [];
      s.groups = [];
      s.failures = [];
    },
  };
  s.module = {
    ...realCore,
    getInput: jest.fn((name: string) => (s.inputs[name] ?? '').trim()),
    setSecret: jest.fn((secret: string) => void s.secrets.push(secret)),
    setOutput: jest.fn((name: string, value: unknown) => void (s.outputs[name] = String(value))),
    info: jest.fn((message: string) => void s.logs.push(message)),
    warning: jest.fn((message: string | Error) => void s.warnings.push(String(message))),
    setFailed: jest.fn((message: string | Error) => void s.failures.push(String(message))),
    group: jest.fn(async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      s.groups.push(name);
      return fn();
    }),
  } as typeof realCore;
  return s;
}
