import type { CityInfo } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud } from '../../services/callCloud';
import { rememberCity, rememberedCity } from '../../services/city';

type FlowId = 'facility' | 'filing' | 'rating';
interface FlowEntry {
  flow: FlowId;
  label: string;
  icon: string;
  available: boolean;
  /** A city is chosen and does not offer it: shown greyed. */
  off: boolean;
  description: string;
}

const FLOW_LABELS: Array<Pick<FlowEntry, 'flow' | 'label' | 'icon'>> = [
  { flow: 'facility', label: '定点选点/变更', icon: 'location' },
  { flow: 'filing', label: '异地就医备案', icon: 'map' },
  { flow: 'rating', label: '服务评价', icon: 'star' },
];

/** Flows whose pages exist, and where they start. */
const LIVE_FLOWS: Partial<Record<FlowId, string>> = {
  facility: '/pages/facility/index',
  filing: '/pages/filing/index',
  rating: '/pages/rating/index',
};

/** Before a city is chosen nothing is said to be missing: each flow invites choosing one (a tap opens the list). */
function flowEntries(city: CityInfo | null): FlowEntry[] {
  return FLOW_LABELS.map((f) => {
    const offered = city?.flows.find((x) => x.flow === f.flow);
    const built = LIVE_FLOWS[f.flow];
    const description = !city
      ? '先选择参保地，看能否在线办理'
      : !offered
        ? '本市暂未开通'
        : built
          ? '在线办理'
          : '即将上线';
    return { ...f, available: !!offered, off: !!city && !offered, description };
  });
}

Component({
  behaviors: [elderlyBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    cities: [] as CityInfo[],
    city: null as CityInfo | null,
    schemeText: '',
    flows: flowEntries(null),
    pickerVisible: false,
    /** 工作台 is shown to staff only: the rating function answers the queue to staff alone. */
    staff: false,
    cityItems: [] as Array<{ label: string; value: string }>,
  },
  methods: {
    onLoad() {
      void this.checkStaff();
      return this.loadCities();
    },

    /** Shown again (back from another page, or the app brought forward): staff added meanwhile see 工作台. */
    onShow() {
      return this.checkStaff();
    },

    async checkStaff() {
      const res = await callCloud('rating', { action: 'queue', limit: 1 }, { loading: false });
      this.setData({ staff: res.ok });
    },

    async loadCities() {
      this.setData({ loading: true, failure: null });
      const res = await callCloud('catalog', { action: 'cities' }, { loading: false });
      if (!res.ok) {
        this.setData({ loading: false, failure: res });
        return;
      }
      const cities = res.data.cities;
      const remembered = cities.find((c) => c.code === rememberedCity()) ?? null;
      this.setData({
        loading: false,
        cities,
        cityItems: cities.map((c) => ({ label: `${c.name}（${c.province.name}）`, value: c.code })),
      });
      this.showCity(remembered);
      if (!remembered) this.setData({ pickerVisible: true });
    },

    showCity(city: CityInfo | null) {
      this.setData({
        city,
        schemeText: city ? city.schemes.map((s) => s.name).join('、') : '',
        flows: flowEntries(city),
      });
    },

    openCityPicker() {
      this.setData({ pickerVisible: true });
    },

    closeCityPicker() {
      this.setData({ pickerVisible: false });
    },

    onCitySelected(e: WechatMiniprogram.CustomEvent<{ selected: { value: string } }>) {
      const city = this.data.cities.find((c) => c.code === e.detail.selected.value) ?? null;
      if (city) rememberCity(city.code);
      this.showCity(city);
      this.setData({ pickerVisible: false });
    },

    onFlowTap(e: WechatMiniprogram.BaseEvent) {
      const entry = this.data.flows.find((f) => f.flow === e.currentTarget.dataset.flow);
      const city = this.data.city;
      if (!entry || !city) return this.openCityPicker();
      const live = LIVE_FLOWS[entry.flow];
      if (entry.available && live) {
        wx.navigateTo({ url: live });
        return;
      }
      const content = entry.available
        ? `“${entry.label}”的在线办理即将上线。现在可以先在办事指南中查看${city.name}的办理渠道、材料和时限。`
        : `${city.name}暂未开通“${entry.label}”。可以在办事指南中查看本市的服务事项，或切换参保地。`;
      wx.showModal({
        title: entry.label,
        content,
        confirmText: '看办事指南',
        cancelText: '返回',
        success: (r) => {
          if (r.confirm) this.goCatalog();
        },
      });
    },

    goCatalog() {
      const city = this.data.city;
      if (!city) return this.openCityPicker();
      wx.navigateTo({ url: `/pages/catalog/index?cityCode=${city.code}` });
    },

    goRatings() {
      wx.navigateTo({ url: '/pages/rating-mine/index' });
    },

    goStats() {
      const city = this.data.city;
      wx.navigateTo({ url: `/pages/rating-stats/index${city ? `?cityCode=${city.code}` : ''}` });
    },

    goDesk() {
      wx.navigateTo({ url: '/pages/rating-desk/index' });
    },

    goMe() {
      wx.navigateTo({ url: '/pages/me/index' });
    },

    callPhone(e: WechatMiniprogram.BaseEvent) {
      wx.makePhoneCall({ phoneNumber: String(e.currentTarget.dataset.dial) });
    },
  },
});
