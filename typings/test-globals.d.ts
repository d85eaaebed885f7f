/** Recorded wx API calls and storage of the page-test setup (test/pages/setup.ts). */
// Ambient globals must be `var` to be properties of globalThis.
/* eslint-disable no-var */
declare var __wxCalls: Array<{ api: string; args: Record<string, unknown> }>;
declare var __wxStorage: Map<string, unknown>;
/* eslint-enable no-var */
