import type { CityInfo, ProfileView, UserResponses } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud, explainFailure } from '../../services/callCloud';
import { chooseElderlyMode, elderlyStyle } from '../../services/elderly';
import { verifyFaceHere } from '../../services/faceVerify';
import { beijingDateTime } from '../../utils/format';
import type { PersonFormValues } from '../../utils/personForm';

type Me = UserResponses['me'];

const verifiedText = (p: ProfileView | null) => (p?.verifiedHow ? `已实人认证 · ${p.verifiedHow}` : '');

Component({
  behaviors: [elderlyBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    profile: null as ProfileView | null,
    /** 已实人认证 · when, for the profile shown. */
    verifiedText: '',
    /** What to tell the person once (e.g. their unverified ID number was released to its verified owner). */
    notices: [] as Me['notices'],
    verifying: false,
    /** Why the last face check did not verify the person, in the server's words; a retry is offered. */
    faceFailure: null as CloudFailure | null,
    consent: null as Me['consent'] | null,
    consentText: '尚未同意',
    cities: [] as CityInfo[],
    editing: false,
    saving: false,
    initial: {} as Partial<PersonFormValues>,
    serverErrors: {} as Record<string, string[]>,
    /** Sent here from a task (a 备案, a 定点) to fill in or verify: once verified, the way back to it. */
    back: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ back: query.back === '1' });
      return this.load();
    },

    goBack() {
      wx.navigateBack({ delta: 1 });
    },

    onShow() {
      // Back from the consent page: its answer changes what this page offers.
      if (!this.data.loading) return this.load();
      return Promise.resolve();
    },

    async load() {
      this.setData({ loading: true, failure: null });
      const [me, cities] = await Promise.all([
        callCloud('user', { action: 'me' }, { loading: false }),
        callCloud('catalog', { action: 'cities' }, { loading: false }),
      ]);
      if (!me.ok || !cities.ok) {
        this.setData({ loading: false, failure: (!me.ok ? me : cities) as CloudFailure });
        return;
      }
      const profile = me.data.profile;
      this.setData({
        loading: false,
        profile,
        verifiedText: verifiedText(profile),
        notices: me.data.notices,
        consent: me.data.consent,
        consentText:
          me.data.consent.upToDate && me.data.consent.given
            ? `已于 ${beijingDateTime(me.data.consent.given.at)} 同意`
            : '尚未同意',
        cities: cities.data.cities,
        editing: !profile && me.data.consent.upToDate,
        initial: profile
          ? {
              name: '',
              idType: profile.idType,
              cityCode: profile.cityCode,
              scheme: profile.scheme,
              category: profile.category,
            }
          : {},
      });
    },

    startEditing() {
      this.setData({ editing: true, serverErrors: {} });
    },

    cancelEditing() {
      this.setData({ editing: false, serverErrors: {} });
    },

    goConsent() {
      wx.navigateTo({ url: '/pages/consent/index' });
    },

    goMembers() {
      wx.navigateTo({ url: '/pages/members/index' });
    },

    goAgents() {
      wx.navigateTo({ url: '/pages/agents/index' });
    },

    goInvite() {
      wx.navigateTo({ url: '/pages/invite/index' });
    },

    goWindowCheck() {
      wx.navigateTo({ url: '/pages/window-check/index' });
    },

    /** 实人认证 of the profile: the face check in WeChat, the result read by the server. */
    async startFace() {
      if (this.data.verifying) return;
      this.setData({ verifying: true, faceFailure: null });
      const res = await verifyFaceHere();
      this.setData({ verifying: false });
      if (!res.ok) {
        this.setData({ faceFailure: res });
        return;
      }
      if (res.data.profile) this.setData({ profile: res.data.profile, verifiedText: verifiedText(res.data.profile) });
      else await this.load();
      wx.showToast({ title: '认证成功', icon: 'success' });
    },

    async onSubmit(e: WechatMiniprogram.CustomEvent<{ values: PersonFormValues }>) {
      if (this.data.saving) return;
      const v = e.detail.values;
      this.setData({ saving: true, serverErrors: {} });
      const res = await callCloud(
        'user',
        {
          action: 'updateProfile',
          name: v.name,
          idType: v.idType,
          cityCode: v.cityCode,
          scheme: v.scheme as 'employee' | 'resident',
          category: v.category as 'employed',
          ...(v.idNumber.trim() ? { idNumber: v.idNumber } : {}),
          ...(v.mobile.trim() ? { mobile: v.mobile } : {}),
        },
        { loading: '正在保存' },
      );
      this.setData({ saving: false });
      if (res.ok) {
        this.setData({
          profile: res.data.profile,
          verifiedText: verifiedText(res.data.profile),
          editing: false,
          faceFailure: null,
          notices: [],
        });
        wx.showToast({ title: '已保存', icon: 'success' });
        // The next step, 刷脸认证, sits above the saved details: bring it into view.
        if (!res.data.profile.verifiedAt) wx.pageScrollTo({ selector: '#verify', duration: 300 });
      } else if (res.fieldErrors) {
        this.setData({ serverErrors: res.fieldErrors });
      } else if (res.code === 'CONSENT_REQUIRED') {
        this.goConsent();
      } else {
        explainFailure(res, '没有保存');
      }
    },

    onElderlyChange(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      chooseElderlyMode(e.detail.value);
      this.setData({ elderly: e.detail.value, elderlyStyle: elderlyStyle(e.detail.value) });
    },

    /** The 长辈模式 row itself (what 读屏 reaches: a switch named 长辈模式) switches the mode. */
    toggleElderly() {
      const elderly = !this.data.elderly;
      chooseElderlyMode(elderly);
      this.setData({ elderly, elderlyStyle: elderlyStyle(elderly) });
    },

    /** Taps on the drawn switch stay with it (its own change), not also the row's. */
    noop() {},

    confirmDelete() {
      wx.showModal({
        title: '删除我的资料',
        content: '将删除您的姓名、证件号码、手机号码和全部家庭成员，且不能恢复。已办理的业务记录不受影响。',
        confirmText: '确认删除',
        confirmColor: '#c9353f',
        success: async (r) => {
          if (!r.confirm) return;
          const res = await callCloud('user', { action: 'deleteProfile', confirm: true }, { loading: '正在删除' });
          if (!res.ok) return explainFailure(res, '没有删除');
          wx.showToast({ title: '已删除', icon: 'success' });
          await this.load();
        },
      });
    },
  },
});
