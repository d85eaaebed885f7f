/**
 * npm run staff:add -- OPENID CITYCODE [--data-dir DIR]
 * Puts a WeChat user on a city's staff list (the 工作台 of 好差评) in the local cloud's database: through the
 * local cloud while it runs (npm start), directly when it does not. In CloudBase, add the same document to the
 * `staff` collection in the console: { _id: OPENID, cityCode }.
 */
import { cityByCode } from '../../cloudfunctions/core/policies';
import { putIntoDataDir } from '../local-cloud/control';
import { dataDirOf } from './dataDir';

async function main(argv: string[]): Promise<number> {
  const [openid, cityCode] = argv.filter((a) => !a.startsWith('--'));
  if (!openid || !cityByCode(cityCode ?? '')) {
    console.error('用法：npm run staff:add -- OPENID 城市代码（110000、442000、140100、131000）');
    return 2;
  }
  const { via, error } = await putIntoDataDir(dataDirOf(argv), 'staff', { _id: openid, cityCode });
  if (error) {
    console.error(error);
    return 1;
  }
  console.log(
    `已将 ${openid} 加入 ${cityByCode(cityCode)!.name} 的工作人员名单${via === 'local cloud' ? '（经正在运行的本地云写入，立即生效）' : ''}。`,
  );
  return 0;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
