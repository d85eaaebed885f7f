import { resolve } from 'node:path';
import { startLocalCloud } from './server';

/** `npm start`: PORT (default 3900), DATA_DIR (default .local-cloud), FUNCTION_DIRS (default cloudfunctions). */
async function main() {
  const root = resolve(__dirname, '..', '..');
  const port = Number(process.env.PORT ?? 3900);
  const dataDir = resolve(process.env.DATA_DIR ?? resolve(root, '.local-cloud'));
  const functionDirs = (process.env.FUNCTION_DIRS ?? resolve(root, 'cloudfunctions')).split(',').map((d) => resolve(d));
  const cloud = await startLocalCloud({ port, dataDir, functionDirs });
  // One write, so whoever waits for the first line sees all of it.
  console.log(
    [
      `  data: ${dataDir}${cloud.seeded ? ' (demo data seeded)' : ''}`,
      `  functions: ${cloud.functions.join(', ')}`,
      `  try: curl -s -X POST ${cloud.url}/api/catalog -H 'x-openid: demo' -d '{"action":"cities"}'`,
      `local cloud listening on ${cloud.url}`,
    ].join('\n'),
  );
  const stop = async () => {
    await cloud.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error('local cloud failed to start:', error);
  process.exit(1);
});
