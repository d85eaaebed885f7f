/**
 * npm run employer:add -- OPENID 统一社会信用代码 CITYCODE [--data-dir DIR]
 * Registers a WeChat user as a unit's 经办人 for 单位批量办理 in the local cloud's database. In CloudBase, add
 * the same document to the `employers` collection in the console: { _id: OPENID, creditCode, cityCode }.
 * The 经办人 must still pass 人脸核身 in the mini-program before filing anything. Works while the local cloud
 * runs (through it) or not (directly), as staff:add.
 */
import { creditCodeProblem } from '../../cloudfunctions/core/identity/employers';
import { cityByCode } from '../../cloudfunctions/core/policies';
import { putIntoDataDir } from '../local-cloud/control';
import { dataDirOf } from './dataDir';

async function main(argv: string[]): Promise<number> {
  const [openid, creditCode = '', cityCode = ''] = argv.filter((a) => !a.startsWith('--'));
  if (!openid || !cityByCode(cityCode)) {
    console.error('用法：npm run employer:add -- OPENID 统一社会信用代码 城市代码（110000、442000、140100、131000）');
    return 2;
  }
  const problem = creditCodeProblem(creditCode.toUpperCase());
  if (problem) {
    console.error(problem);
    return 2;
  }
  const doc = { creditCode: creditCode.toUpperCase(), cityCode };
  const { error } = await putIntoDataDir(dataDirOf(argv), 'employers', { _id: openid, ...doc });
  if (error) {
    console.error(error);
    return 1;
  }
  console.log(
    `已将 ${openid} 登记为单位（${doc.creditCode}）在 ${cityByCode(cityCode)!.name} 的经办人。经办人还需在小程序中完成实人认证。`,
  );
  return 0;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
