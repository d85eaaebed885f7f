import type { FilingResponses, SettlementSiteView } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { nearestBehavior } from '../../behaviors/nearest';
import { searchListBehavior } from '../../behaviors/searchList';
import { type CloudFailure, callCloud } from '../../services/callCloud';
import { distanceText } from '../../utils/format';
import { latestOnly } from '../../utils/latestOnly';

const PAGE = 20;
type Kind = SettlementSiteView['settles'][number];
type Item = SettlementSiteView & { line: string };

/** A new search replaces the list; an answer to an earlier search that arrives late is dropped. */
const searches = latestOnly();

/**
 * 跨省联网定点医药机构 of a destination (from the 备案凭证's 到院怎么结算, or anyone with the destination): those
 * where the care a filing covers settles directly, by name or 拼音, or nearest first when the person allows it.
 * Query: provinceCode, cityCode (the destination); insuredCity and typeCode (the filing's care), or kind.
 */
Component({
  behaviors: [elderlyBehavior, searchListBehavior, nearestBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    destination: { provinceCode: '', cityCode: '' },
    insuredCity: '',
    typeCode: '',
    kind: '' as Kind | '',
    headline: '',
    cityName: '',
    items: [] as Item[],
    total: 0,
    nextOffset: null as number | null,
    loadingMore: false,
    sample: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const kind = ['inpatient', 'outpatient', 'chronic'].includes(query.kind ?? '') ? (query.kind as Kind) : '';
      this.setData({
        destination: { provinceCode: query.provinceCode ?? '', cityCode: query.cityCode ?? '' },
        insuredCity: query.insuredCity ?? '',
        typeCode: query.typeCode ?? '',
        kind,
      });
      return this.search();
    },

    request(offset: number) {
      const { destination, insuredCity, typeCode, kind, keyword, near } = this.data;
      return callCloud(
        'filing',
        {
          action: 'sites',
          destination,
          offset,
          limit: PAGE,
          ...(kind ? { kind } : insuredCity && typeCode ? { cityCode: insuredCity, typeCode } : {}),
          ...(keyword.trim() ? { keyword: keyword.trim() } : {}),
          ...(near ? { near } : {}),
        },
        { loading: false },
      );
    },

    item(i: SettlementSiteView): Item {
      const parts = [`可直接结算：${i.settlesText}`, i.level, distanceText(i.distanceMeters), i.address];
      return { ...i, line: parts.filter(Boolean).join(' · ') };
    },

    async search() {
      this.setData({ loading: true, failure: null });
      const res = await searches.replace(this, this.request(0));
      if (!res) return;
      if (!res.ok) return this.setData({ loading: false, failure: res });
      this.show(res.data, []);
    },

    show(d: FilingResponses['sites'], before: Item[]) {
      wx.setNavigationBarTitle({ title: `${d.cityName} 可直接结算的医院` });
      this.setData({
        loading: false,
        loadingMore: false,
        headline: d.headline,
        cityName: d.cityName,
        items: [...before, ...d.items.map((i) => this.item(i))],
        total: d.total,
        nextOffset: d.nextOffset,
        sample: d.sample,
      });
    },

    async loadMore() {
      const { nextOffset, loadingMore } = this.data;
      if (nextOffset === null || loadingMore) return;
      this.setData({ loadingMore: true });
      const res = await searches.replace(this, this.request(nextOffset));
      if (!res) return;
      if (!res.ok) return this.setData({ loadingMore: false, failure: res });
      this.show(res.data, this.data.items);
    },
  },
});
