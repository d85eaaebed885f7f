/**
 * npm run staff:add -- OPENID CITYCODE [--data-dir DIR]
 * Puts a WeChat user on a city's staff list (the 工作台 of 好差评) in the local cloud's database. In CloudBase,
 * add the same document to the `staff` collection in the console: { _id: OPENID, cityCode }.
 */
import { resolve } from 'node:path';
import { COLLECTIONS } from '../../cloudfunctions/core/documents/collections';
import { cityByCode } from '../../cloudfunctions/core/policies';
import { openLocalData } from '../local-cloud/secrets';
import { isRunning } from '../local-cloud/pidfile';
import { putDocument } from '../local-cloud/putDocument';

function main(argv: string[]): number {
  const [openid, cityCode] = argv.filter((a) => !a.startsWith('--'));
  const i = argv.indexOf('--data-dir');
  const dataDir = resolve(
    i >= 0 ? argv[i + 1] : (process.env.DATA_DIR ?? resolve(__dirname, '..', '..', '.local-cloud')),
  );
  if (!openid || !cityByCode(cityCode ?? '')) {
    console.error('用法：npm run staff:add -- OPENID 城市代码（110000、442000、140100、131000）');
    return 2;
  }
  if (isRunning(dataDir)) {
    console.error(`本地云正在使用 ${dataDir}：请先停止 npm start。`);
    return 2;
  }
  const { db } = openLocalData(dataDir, COLLECTIONS);
  const reply = db.handle('database.modifyDocument', putDocument('staff', { _id: openid, cityCode }));
  void db.close();
  if (reply.code) {
    console.error(reply.message);
    return 1;
  }
  console.log(`已将 ${openid} 加入 ${cityByCode(cityCode)!.name} 的工作人员名单。`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
