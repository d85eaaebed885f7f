/**
 * npm run employer:add -- OPENID 统一社会信用代码 CITYCODE [--data-dir DIR]
 * Registers a WeChat user as a unit's 经办人 for 单位批量办理 in the local cloud's database. In CloudBase, add
 * the same document to the `employers` collection in the console: { _id: OPENID, creditCode, cityCode }.
 * The 经办人 must still pass 人脸核身 in the mini-program before filing anything.
 */
import { resolve } from 'node:path';
import { COLLECTIONS } from '../../cloudfunctions/core/documents/collections';
import { creditCodeProblem } from '../../cloudfunctions/core/identity/employers';
import { cityByCode } from '../../cloudfunctions/core/policies';
import { openLocalData } from '../local-cloud/secrets';
import { isRunning } from '../local-cloud/pidfile';
import { putDocument } from '../local-cloud/putDocument';

function main(argv: string[]): number {
  const [openid, creditCode = '', cityCode = ''] = argv.filter((a) => !a.startsWith('--'));
  const i = argv.indexOf('--data-dir');
  const dataDir = resolve(
    i >= 0 ? argv[i + 1] : (process.env.DATA_DIR ?? resolve(__dirname, '..', '..', '.local-cloud')),
  );
  if (!openid || !cityByCode(cityCode)) {
    console.error('用法：npm run employer:add -- OPENID 统一社会信用代码 城市代码（110000、442000、140100、131000）');
    return 2;
  }
  const problem = creditCodeProblem(creditCode.toUpperCase());
  if (problem) {
    console.error(problem);
    return 2;
  }
  if (isRunning(dataDir)) {
    console.error(`本地云正在使用 ${dataDir}：请先停止 npm start。`);
    return 2;
  }
  const { db } = openLocalData(dataDir, COLLECTIONS);
  const doc = { creditCode: creditCode.toUpperCase(), cityCode };
  const reply = db.handle('database.modifyDocument', putDocument('employers', { _id: openid, ...doc }));
  void db.close();
  if (reply.code) {
    console.error(reply.message);
    return 1;
  }
  console.log(
    `已将 ${openid} 登记为单位（${doc.creditCode}）在 ${cityByCode(cityCode)!.name} 的经办人。经办人还需在小程序中完成实人认证。`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
