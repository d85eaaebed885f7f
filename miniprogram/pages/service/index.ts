import type { CatalogResponses, CityInfo } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud } from '../../services/callCloud';

type Item = CatalogResponses['service']['item'];
type Due = CatalogResponses['deadline'];

const WHEN_LABEL: Record<Item['materials'][number]['when'], string> = {
  always: '',
  online: '网上办理',
  onSite: '现场办理',
  batch: '单位批量办理',
};
const CHANNEL_LABEL: Record<Item['channels'][number]['kind'], string> = {
  online: '网上',
  window: '窗口',
  hospital: '医院',
  selfService: '自助',
  phone: '电话',
};

interface Phone {
  label: string;
  number: string;
  dial: string;
}

/** A phone number written in a 查询方式 (区号-号码, a mobile, or a 5-digit service line such as 12333), digits only. */
function phoneIn(text: string): string {
  const match = /(0\d{2,3}-?\d{7,8}|1[3-9]\d{9}|(?<!\d)12\d{3}(?!\d))/.exec(text);
  return match ? match[1].replace(/-/g, '') : '';
}

Component({
  behaviors: [elderlyBehavior],
  data: {
    code: '',
    loading: true,
    failure: null as CloudFailure | null,
    item: null as Item | null,
    codeLine: '',
    channels: [] as Array<{ name: string; label: string; online: boolean }>,
    materials: [] as Array<{ name: string; when: string; note: string; checked: boolean }>,
    due: null as Due | null,
    dueFailure: '',
    phones: [] as Phone[],
    dueText: '',
    /** 查询方式, a phone number in one made tappable. */
    queryChannels: [] as Array<{ text: string; dial: string }>,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ code: query.code ?? '' });
      return this.load();
    },

    async load() {
      this.setData({ loading: true, failure: null });
      const res = await callCloud('catalog', { action: 'service', code: this.data.code }, { loading: false });
      if (!res.ok) {
        this.setData({ loading: false, failure: res });
        return;
      }
      const item = res.data.item;
      wx.setNavigationBarTitle({ title: item.name.length > 12 ? '事项详情' : item.name });
      this.setData({
        loading: false,
        item,
        codeLine: item.officialCode ? `事项编码 ${item.officialCode}` : '官方未公布事项编码',
        channels: item.channels.map((c) => ({
          name: c.name,
          label: CHANNEL_LABEL[c.kind],
          online: c.kind === 'online',
        })),
        queryChannels: (item.queryChannels ?? []).map((text: string) => ({ text, dial: phoneIn(text) })),
        materials: item.materials.map((m) => ({
          name: m.name,
          when: WHEN_LABEL[m.when],
          note: m.note ?? '',
          checked: false,
        })),
      });
      await Promise.all([this.loadDue(), this.loadPhones(item)]);
    },

    /** "If submitted now": the server's clock and calendar decide; the page only shows the answer. */
    async loadDue() {
      const res = await callCloud('catalog', { action: 'deadline', serviceCode: this.data.code }, { loading: false });
      // The server's summary of an immediate item already says 即时办结：…; a date reads "如现在提交，… 前办结".
      if (res.ok)
        this.setData({
          due: res.data,
          dueText: /^即时办结/.test(res.data.summary) ? res.data.summary : `如现在提交，${res.data.summary}`,
          dueFailure: '',
        });
      else this.setData({ due: null, dueFailure: res.code === 'NO_FIXED_TIME_LIMIT' ? '' : res.message });
    },

    async loadPhones(item: Item) {
      if (item.supervisionPhone) {
        this.setData({ phones: [item.supervisionPhone] });
        return;
      }
      const res = await callCloud('catalog', { action: 'cities' }, { loading: false });
      const city: CityInfo | undefined = res.ok ? res.data.cities.find((c) => c.code === item.cityCode) : undefined;
      this.setData({ phones: city?.phones ?? [] });
    },

    toggleMaterial(e: WechatMiniprogram.BaseEvent) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ [`materials[${index}].checked`]: !this.data.materials[index].checked });
    },

    callPhone(e: WechatMiniprogram.BaseEvent) {
      wx.makePhoneCall({ phoneNumber: String(e.currentTarget.dataset.dial) });
    },
  },
});
