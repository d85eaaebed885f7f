/** Recorded wx API calls and storage of the page-test setup (test/pages/setup.ts). */
declare var __wxCalls: Array<{ api: string; args: any }>;
declare var __wxStorage: Map<string, unknown>;
