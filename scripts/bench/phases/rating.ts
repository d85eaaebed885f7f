import { memory, secondsSince, withFreshCloud } from '../cloud';
import { RATINGS, VISITORS, VISITS } from '../config';
import { drive } from '../drive';
import { loadRatings } from '../loaders/ratings';
import { verifiedRetirees } from '../people';
import { printResults } from '../report';

/** 好差评: a fresh local cloud with 1,000,000 ratings. */
export async function ratingPhase(): Promise<void> {
  await withFreshCloud('rating', async (cloud) => {
    const t0 = Date.now();
    loadRatings(cloud.db);
    console.log(
      `\nrating: ${RATINGS} ratings and ${VISITS} window visits loaded in ${secondsSince(t0)}s (${memory()})`,
    );
    await verifiedRetirees(cloud.url, 'bench-visitor', VISITORS, '140106', '136');
    let visit = 0;
    const results = [];
    results.push(
      await drive(
        cloud.url,
        'rating.submit',
        (_i, _worker, warm) => {
          if (warm) return { fn: 'rating', event: { action: 'stats', cityCode: '140100', month: '2026-10' } };
          const v = visit++;
          return {
            fn: 'rating',
            event: {
              action: 'submit',
              serviceRef: { kind: 'visit', id: `benchvisit${String(v % VISITS).padStart(8, '0')}` },
              channel: 'window',
              level: 1 + (v % 5),
              ...(v % 5 >= 3 ? { reasons: ['等待时间长'] } : {}),
              requestId: `bench-visit-${v}`,
            },
            headers: { 'x-openid': `bench-visitor-${v % VISITORS}`, 'x-now': '2026-11-24T10:00:00+08:00' },
          };
        },
        { db: cloud.db },
      ),
    );
    results.push(
      await drive(cloud.url, 'rating.stats (one city, one month)', (i) => ({
        fn: 'rating',
        event: { action: 'stats', cityCode: '140100', month: `2026-${String(1 + (i % 12)).padStart(2, '0')}` },
      })),
    );
    printResults(results);
    console.log(
      `  (rating.submit: ${Math.min(visit, VISITS)} window visits rated once each; a visit rated again is refused ALREADY_RATED)`,
    );
  });
}
