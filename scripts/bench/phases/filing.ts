import { memory, secondsSince, withFreshCloud } from '../cloud';
import { FILERS, FILINGS } from '../config';
import { type Call, drive } from '../drive';
import { loadFilings } from '../loaders/filings';
import { verifiedRetirees } from '../people';
import { printResults } from '../report';

/** 异地就医备案: a fresh local cloud, 1,000,000 filings of others, and people who file. */
export async function filingPhase(): Promise<void> {
  await withFreshCloud('filing', async (cloud) => {
    const t0 = Date.now();
    loadFilings(cloud.db);
    console.log(
      `\nfiling: ${FILINGS} filings loaded in ${secondsSince(t0)}s (${memory()}); ${FILERS} people with profiles`,
    );
    const filers = await verifiedRetirees(cloud.url, 'bench-filer', FILERS, '140105', '137');
    const headers = (openid: string) => ({ 'x-openid': openid, 'x-now': '2026-11-24T10:00:00+08:00' });
    const filing = (p: number, extra: Record<string, unknown>): Call => ({
      fn: 'filing',
      event: {
        cityCode: '140100',
        typeCode: '140100-kjfj',
        destination: { provinceCode: '440000', cityCode: '440100' },
        startDate: '2026-12-01',
        ...extra,
      },
      headers: headers(filers[p % FILERS]),
    });
    const results = [];
    results.push(await drive(cloud.url, 'filing.preview', (i) => filing(i, { action: 'preview' }), { db: cloud.db }));
    let next = 0;
    results.push(
      await drive(
        cloud.url,
        'filing.submit',
        (_i, _worker, warm) => {
          if (warm) return filing(0, { action: 'preview' });
          const p = next++;
          return filing(p, { action: 'submit', requestId: `bench-submit-${p}` });
        },
        { db: cloud.db },
      ),
    );
    results.push(
      await drive(cloud.url, 'filing.mine', (i) => ({
        fn: 'filing',
        event: { action: 'mine' },
        headers: headers(filers[i % FILERS]),
      })),
    );
    printResults(results);
    console.log(
      `  (filing.submit: ${Math.min(next, FILERS)} people filed once each; submits past ${FILERS} overlap and are refused, recorded as 未通过)`,
    );
  });
}
