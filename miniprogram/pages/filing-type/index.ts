import type { FilingTypeView } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud } from '../../services/callCloud';
import { forWhom } from '../../utils/forWhom';

const WHEN: Record<string, string> = { always: '', online: '网上办理', onSite: '现场办理', batch: '单位批量办理' };

/** How this type is done in this city, before filling anything: online or where to go, what to bring. */
Component({
  behaviors: [elderlyBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    query: {} as Record<string, string>,
    type: null as FilingTypeView | null,
    materials: [] as Array<{ name: string; when: string; note: string; checked: boolean }>,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ query: query as Record<string, string> });
      return this.load();
    },

    async load() {
      this.setData({ loading: true, failure: null });
      const memberId = this.data.query.memberId;
      const subject = await callCloud('user', { action: 'subject', ...forWhom(memberId) }, { loading: false });
      if (!subject.ok) return this.setData({ loading: false, failure: subject });
      const res = await callCloud(
        'filing',
        { action: 'types', cityCode: subject.data.person.cityCode },
        { loading: false },
      );
      if (!res.ok) return this.setData({ loading: false, failure: res });
      const type = res.data.types.find((t) => t.typeCode === this.data.query.typeCode) ?? null;
      if (!type)
        return this.setData({
          loading: false,
          failure: { ok: false, code: 'NOT_FOUND', message: '参保地没有这个备案类型，请返回重新选择。' },
        });
      this.setData({
        loading: false,
        type,
        materials: type.materials.map((m) => ({
          name: m.name,
          when: WHEN[m.when] ?? '',
          note: m.note ?? '',
          checked: false,
        })),
      });
    },

    toggle(e: WechatMiniprogram.BaseEvent) {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ [`materials[${i}].checked`]: !this.data.materials[i].checked });
    },

    callPhone(e: WechatMiniprogram.BaseEvent) {
      wx.makePhoneCall({ phoneNumber: String(e.currentTarget.dataset.dial) });
    },

    goForm() {
      const q = this.data.query;
      wx.navigateTo({
        url: `/pages/filing-form/index?${Object.entries(q)
          .map(([k, v]) => `${k}=${v}`)
          .join('&')}`,
      });
    },
  },
});
