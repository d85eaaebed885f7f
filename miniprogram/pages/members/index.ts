import type { CityInfo, MemberView } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud, explainFailure } from '../../services/cloud';
import type { PersonFormValues } from '../../utils/personForm';
import { newRequestId } from '../../utils/requestId';


Component({
  behaviors: [elderlyBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    members: [] as MemberView[],
    limit: 10,
    cities: [] as CityInfo[],
    needsConsent: false,
    adding: false,
    saving: false,
    requestId: '',
    serverErrors: {} as Record<string, string[]>,
  },
  methods: {
    onLoad() {
      return this.load();
    },

    async load() {
      this.setData({ loading: true, failure: null });
      const [me, list, cities] = await Promise.all([
        callCloud('user', { action: 'me' }, { loading: false }),
        callCloud('user', { action: 'members' }, { loading: false }),
        callCloud('catalog', { action: 'cities' }, { loading: false }),
      ]);
      const failed = [me, list, cities].find((r) => !r.ok) as CloudFailure | undefined;
      if (failed || !me.ok || !list.ok || !cities.ok) {
        this.setData({ loading: false, failure: failed ?? null });
        return;
      }
      this.setData({
        loading: false,
        members: list.data.members,
        limit: list.data.limit,
        cities: cities.data.cities,
        needsConsent: !me.data.consent.upToDate,
      });
    },

    startAdding() {
      if (this.data.needsConsent) {
        wx.navigateTo({ url: '/pages/consent/index' });
        return;
      }
      this.setData({ adding: true, requestId: newRequestId('member'), serverErrors: {} });
    },

    cancelAdding() {
      this.setData({ adding: false });
    },

    async onSubmit(e: WechatMiniprogram.CustomEvent<{ values: PersonFormValues }>) {
      if (this.data.saving) return;
      const v = e.detail.values;
      this.setData({ saving: true, serverErrors: {} });
      const res = await callCloud(
        'user',
        {
          action: 'addMember',
          requestId: this.data.requestId,
          relationship: v.relationship as '父母',
          name: v.name,
          idType: v.idType,
          idNumber: v.idNumber,
          cityCode: v.cityCode,
          scheme: v.scheme as 'employee' | 'resident',
          category: v.category as 'retired',
        },
        { loading: '正在添加' },
      );
      this.setData({ saving: false });
      if (res.ok) {
        const others = this.data.members.filter((m) => m.id !== res.data.member.id);
        this.setData({ members: [...others, res.data.member], adding: false });
        wx.showToast({ title: '已添加', icon: 'success' });
      } else if (res.fieldErrors) {
        this.setData({ serverErrors: res.fieldErrors });
      } else {
        explainFailure(res, '没有添加');
      }
    },

    confirmRemove(e: WechatMiniprogram.BaseEvent) {
      const member = this.data.members.find((m) => m.id === e.currentTarget.dataset.id);
      if (!member) return;
      wx.showModal({
        title: '删除家庭成员',
        content: `删除后不能再为${member.relationship} ${member.name} 代办，已办理的业务不受影响。`,
        confirmText: '删除',
        confirmColor: '#c9353f',
        success: async (r) => {
          if (!r.confirm) return;
          const res = await callCloud('user', { action: 'removeMember', memberId: member.id }, { loading: '正在删除' });
          if (!res.ok && res.code !== 'NOT_YOUR_MEMBER') return explainFailure(res, '没有删除');
          this.setData({ members: this.data.members.filter((m) => m.id !== member.id) });
        },
      });
    },
  },
});
