import type { FacilityResponses, InstitutionSummary, MemberView } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { nearestBehavior } from '../../behaviors/nearest';
import { searchListBehavior } from '../../behaviors/searchList';
import { type CloudFailure, callCloud, nextStepOf } from '../../services/callCloud';
import { distanceText } from '../../utils/format';
import { forWhom } from '../../utils/forWhom';
import { latestOnly } from '../../utils/latestOnly';

const PAGE = 20;
type Sheet = 'area' | 'type' | 'who' | '';

/** A new search replaces the list; an answer to an earlier search that arrives late is dropped. */
const searches = latestOnly();

type Item = InstitutionSummary & { distanceText: string; chosenText: string };

/** What this person (or member) has chosen, by institution code: 已选, or 已选，待生效 for a change not yet in effect. */
function chosenOf(mine: FacilityResponses['mine']): Record<string, string> {
  const chosen: Record<string, string> = {};
  for (const slot of mine.kinds.find((k) => k.id === 'general')?.slots ?? []) {
    if (slot.current) chosen[slot.current.code] = '已选';
    if (slot.pending) chosen[slot.pending.code] = '已选，待生效';
  }
  return chosen;
}

Component({
  behaviors: [elderlyBehavior, searchListBehavior, nearestBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    /** Why there is nothing to search (no profile, city without this flow), with the way on. */
    blocked: null as { message: string; action: string; url: string } | null,
    cityCode: '',
    cityName: '',
    memberId: '',
    forWhom: '本人',
    members: [] as MemberView[],
    keyword: '',
    /** 北京 is searched by 区, 中山 by 镇街: whichever the city's list divides into. */
    areaField: 'town' as 'town' | 'district',
    area: '',
    type: '',
    /** The chosen type's label, shown on its button and in the 只看 line. */
    typeLabel: '',
    items: [] as Item[],
    /** Institutions already chosen for whoever this is for: their tag says so instead of 可选择. */
    chosen: {} as Record<string, string>,
    total: 0,
    hasMore: false,
    loadingMore: false,
    sampleData: false,
    sheet: '' as Sheet,
    sheetItems: [] as Array<{ label: string; value: string }>,
    areas: [] as string[],
    types: [] as Array<{ value: string; label: string }>,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ memberId: query.memberId ?? '' });
      return this.start();
    },

    /** Whose 参保地 decides the city: the caller's own, or the family member's. */
    async start() {
      this.setData({ loading: true, failure: null, blocked: null });
      const memberId = this.data.memberId || undefined;
      const [subject, members] = await Promise.all([
        callCloud('user', { action: 'subject', ...forWhom(memberId) }, { loading: false }),
        callCloud('user', { action: 'members' }, { loading: false }),
      ]);
      if (!subject.ok) {
        const next = nextStepOf(subject);
        if (next)
          this.setData({ loading: false, blocked: { message: subject.message, action: next.text, url: next.url } });
        else this.setData({ loading: false, failure: subject });
        return;
      }
      const person = subject.data.person;
      const [filters, mine] = await Promise.all([
        callCloud('facility', { action: 'filters', cityCode: person.cityCode }, { loading: false }),
        callCloud('facility', { action: 'mine', ...forWhom(memberId) }, { loading: false }),
      ]);
      // Without it the list still works; only the 已选 tags are missing.
      this.setData({ chosen: mine.ok ? chosenOf(mine.data) : {} });
      if (!filters.ok) {
        if (filters.code === 'NOT_OFFERED') {
          this.setData({
            loading: false,
            forWhom: subject.data.self ? '本人' : person.name,
            cityName: person.cityName,
            members: members.ok ? members.data.members.filter((m) => m.authorizedBy) : [],
            blocked: {
              message: `${person.cityName}暂未开通定点医疗机构选点。可以在办事指南中查看本市事项。`,
              action: '查看办事指南',
              url: `/pages/catalog/index?cityCode=${person.cityCode}`,
            },
          });
        } else this.setData({ loading: false, failure: filters });
        return;
      }
      this.setData({
        cityCode: person.cityCode,
        cityName: person.cityName,
        forWhom: subject.data.self ? '本人' : person.name,
        members: members.ok ? members.data.members.filter((m) => m.authorizedBy) : [],
        areaField: filters.data.districts.length > 1 ? 'district' : 'town',
        areas: filters.data.districts.length > 1 ? filters.data.districts : filters.data.towns,
        types: filters.data.types,
      });
      await this.search();
    },

    request(offset: number) {
      const { cityCode, keyword, areaField, area, type, near } = this.data;
      return callCloud(
        'facility',
        {
          action: 'search',
          cityCode,
          offset,
          limit: PAGE,
          ...(keyword.trim() ? { keyword: keyword.trim() } : {}),
          ...(area ? { [areaField]: area } : {}),
          ...(type ? { type: type as InstitutionSummary['type'] } : {}),
          ...(near ? { near } : {}),
        },
        { loading: false },
      );
    },

    async search() {
      this.setData({ loading: true, failure: null });
      const res = await searches.replace(this, this.request(0));
      if (!res) return;
      if (!res.ok) return this.setData({ loading: false, failure: res });
      this.setData({
        loading: false,
        items: res.data.items.map((i) => this.item(i)),
        total: res.data.total,
        hasMore: res.data.hasMore,
        sampleData: res.data.sampleData,
      });
    },

    item(i: InstitutionSummary): Item {
      return { ...i, distanceText: distanceText(i.distanceMeters), chosenText: this.data.chosen[i.code] ?? '' };
    },

    /** Back from 选点 or 我的定点: what is chosen may have changed, so the tags are brought up to date. */
    async onShow() {
      // Back from 我的 (filled in, verified) or 家庭成员: the page checks again instead of staying blocked.
      if (this.data.blocked || (this.data.failure && nextStepOf(this.data.failure))) return this.start();
      if (!this.data.cityCode) return;
      const memberId = this.data.memberId || undefined;
      const mine = await callCloud('facility', { action: 'mine', ...forWhom(memberId) }, { loading: false });
      if (!mine.ok) return;
      const chosen = chosenOf(mine.data);
      this.setData({ chosen, items: this.data.items.map((i) => ({ ...i, chosenText: chosen[i.code] ?? '' })) });
    },

    async loadMore() {
      if (!this.data.hasMore || this.data.loadingMore) return;
      this.setData({ loadingMore: true });
      const res = await searches.extend(this, this.request(this.data.items.length));
      if (!res) return this.setData({ loadingMore: false });
      if (!res.ok) {
        this.setData({ loadingMore: false });
        wx.showToast({ title: '加载失败，请再点一次', icon: 'none' });
        return;
      }
      const more = res.data.items.map((i) => this.item(i));
      this.setData({ loadingMore: false, items: [...this.data.items, ...more], hasMore: res.data.hasMore });
    },

    openSheet(e: WechatMiniprogram.BaseEvent) {
      const sheet = e.currentTarget.dataset.sheet as Sheet;
      const all = { label: '全部', value: '' };
      const items =
        sheet === 'area'
          ? [all, ...this.data.areas.map((t) => ({ label: t, value: t }))]
          : sheet === 'type'
            ? [all, ...this.data.types]
            : [
                { label: '本人', value: '' },
                ...this.data.members.map((m) => ({ label: `${m.relationship} ${m.name}`, value: m.id })),
              ];
      this.setData({ sheet, sheetItems: items });
    },

    closeSheet() {
      this.setData({ sheet: '' });
    },

    onSheetSelected(e: WechatMiniprogram.CustomEvent<{ selected: { value: string } }>) {
      const value = e.detail.selected.value;
      const sheet = this.data.sheet;
      this.setData({ sheet: '' });
      if (sheet === 'who') {
        this.setData({ memberId: value });
        return this.start();
      }
      if (sheet === 'type') this.setData({ type: value, typeLabel: value ? this.labelOf(value) : '' });
      return this.search();
    },

    labelOf(type: string): string {
      return this.data.types.find((t) => t.value === type)?.label ?? '';
    },

    /** One 镇街 (or 全部) from the scrolling list. */
    chooseArea(e: WechatMiniprogram.BaseEvent) {
      this.setData({ sheet: '', area: String(e.currentTarget.dataset.value ?? '') });
      return this.search();
    },

    onAreaVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.closeSheet();
    },

    clearFilters() {
      this.setData({ area: '', type: '', typeLabel: '' });
      return this.search();
    },

    openItem(e: WechatMiniprogram.BaseEvent) {
      const code = e.currentTarget.dataset.code;
      const member = this.data.memberId ? `&memberId=${this.data.memberId}` : '';
      wx.navigateTo({ url: `/pages/facility-detail/index?code=${code}${member}` });
    },

    goBlocked() {
      if (this.data.blocked) wx.navigateTo({ url: this.data.blocked.url });
    },

    goMine() {
      const member = this.data.memberId ? `?memberId=${this.data.memberId}` : '';
      wx.navigateTo({ url: `/pages/facility-mine/index${member}` });
    },
  },
});
