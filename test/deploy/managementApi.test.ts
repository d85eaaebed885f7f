/**
 * The management-API adapter's reading of CloudBase's documented answers, and the stand-in's refusals where the
 * API reference marks a parameter required.
 */
import CloudBase from '@cloudbase/manager-node';
import { EJSON } from 'bson';
import { parseQueryResult } from '../../scripts/deploy/managementApi';
import { ENV, SECRETS } from './harness';
import { CloudBaseStandIn } from './standIn';

describe('RunCommands answers (canonical Extended JSON)', () => {
  it('reads the API reference example: documents as canonical EJSON texts inside a JSON array', () => {
    // The example answer's Data[0] of RunCommands (https://cloud.tencent.com/document/api/876/129012), verbatim.
    const data =
      '["{\\"_id\\":\\"1\\",\\"category\\":\\"Web\\",\\"tags\\":[\\"JavaScript\\",\\"C#\\"],\\"date\\":{\\"$date\\":{\\"$numberLong\\":\\"1572937669786\\"}}}"]';
    expect(parseQueryResult(data)).toEqual([
      { _id: '1', category: 'Web', tags: ['JavaScript', 'C#'], date: new Date(1572937669786) },
    ]);
  });

  it('turns $numberInt / $numberDouble / $numberLong back into plain numbers, so a catalogue document compares equal', () => {
    const doc = { _id: 'x', timeLimit: { rules: [{ kind: 'workingDays', days: 15 }] }, fee: 1.5, big: 2 ** 40 };
    const canonicalText = EJSON.stringify(doc, { relaxed: false });
    expect(canonicalText).toContain('{"$numberInt":"15"}');
    expect(parseQueryResult(JSON.stringify([canonicalText]))).toEqual([doc]);
    // Documents given as objects rather than texts are read the same way.
    expect(parseQueryResult(JSON.stringify([JSON.parse(canonicalText)]))).toEqual([doc]);
  });
});

describe('the stand-in answers as the API reference documents', () => {
  let cloud: CloudBaseStandIn;
  let app: CloudBase;
  beforeEach(() => {
    cloud = new CloudBaseStandIn(
      ENV.CLOUDBASE_ENV_ID,
      ENV.TENCENTCLOUD_SECRETID,
      SECRETS.TENCENTCLOUD_SECRETKEY,
    ).install();
    cloud.addTable('users', { rule: { AclTag: 'CUSTOM', Rule: '{"read":false,"write":false}' } });
    app = new CloudBase({
      secretId: ENV.TENCENTCLOUD_SECRETID,
      secretKey: SECRETS.TENCENTCLOUD_SECRETKEY,
      envId: ENV.CLOUDBASE_ENV_ID,
    });
  });
  afterEach(() => cloud.uninstall());

  it('DescribeSafeRule without WxAppId (微信必传) is refused with MissingParameter; with it, the rule comes back', async () => {
    const tcb = app.commonService('tcb');
    await expect(
      tcb.call({ Action: 'DescribeSafeRule', Param: { EnvId: ENV.CLOUDBASE_ENV_ID, CollectionName: 'users' } }),
    ).rejects.toMatchObject({ code: 'MissingParameter' });
    await expect(
      tcb.call({
        Action: 'DescribeSafeRule',
        Param: { EnvId: ENV.CLOUDBASE_ENV_ID, CollectionName: 'users', WxAppId: ENV.WECHAT_APPID },
      }),
    ).resolves.toMatchObject({ AclTag: 'CUSTOM', Rule: '{"read":false,"write":false}' });
  });

  it('RunCommands QUERY answers each document in canonical Extended JSON, like the documented example', async () => {
    cloud.tables.get('users')!.docs.set('a', { _id: 'a', n: 3, when: new Date(0) });
    const res = await app.database.runCommands({
      MgoCommands: [{ TableName: 'users', CommandType: 'QUERY', Command: JSON.stringify({ find: 'users' }) }],
    });
    const texts = JSON.parse(res.Data[0]) as string[];
    expect(JSON.parse(texts[0])).toEqual({ _id: 'a', n: { $numberInt: '3' }, when: { $date: { $numberLong: '0' } } });
  });
});
