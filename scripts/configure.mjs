// npm run configure -- <appid> <envId>: the one place the WeChat appid and CloudBase environment are set.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [appid, envId] = process.argv.slice(2);
if (!/^wx[0-9a-f]{16}$/.test(appid ?? '') || !/^[a-z0-9-]{4,64}$/i.test(envId ?? '')) {
  console.error('usage: npm run configure -- <appid wx + 16 hex> <CloudBase env id>');
  process.exit(2);
}
const projectFile = join(root, 'project.config.json');
const project = JSON.parse(readFileSync(projectFile, 'utf8'));
project.appid = appid;
writeFileSync(projectFile, `${JSON.stringify(project, null, 2)}\n`);
const configFile = join(root, 'miniprogram', 'config.ts');
writeFileSync(configFile, readFileSync(configFile, 'utf8').replace(/CLOUD_ENV = '[^']*'/, `CLOUD_ENV = '${envId}'`));
console.log(`appid ${appid} → project.config.json; env ${envId} → miniprogram/config.ts`);
