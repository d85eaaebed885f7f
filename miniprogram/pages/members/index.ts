import type { CityInfo, MemberView } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud, explainFailure, nextStepOf } from '../../services/callCloud';
import { verifyFaceHere } from '../../services/faceVerify';
import { AUTHORIZED_BY_LABEL } from '../../utils/authorization';
import { beijingDateTime } from '../../utils/format';
import type { PersonFormValues } from '../../utils/personForm';
import { newRequestId } from '../../utils/requestId';

/** A member as listed: whether they have authorized the caller, and what can be done about it if not. */
interface MemberRow extends MemberView {
  authorized: boolean;
  /** 已授权：how (when) / 待授权 / 需重新授权, and its colour. */
  stateText: string;
  stateClass: 'ok' | 'pending' | 'outgrown';
  /** Not yet authorized: offer the face check here and the invitation. */
  canAuthorize: boolean;
  invitationText: string;
  /** Why the last face check here did not authorize, in the server's words. */
  faceNote: string;
}

function row(m: MemberView, faceNote = ''): MemberRow {
  // A guardian's declaration stops at 18: the member must then agree for themselves.
  const outgrown = m.authorizedBy === 'guardian' && !m.minor;
  const authorized = !!m.authorizedBy && !outgrown;
  let stateText: string;
  if (authorized)
    stateText = `已授权：${AUTHORIZED_BY_LABEL[m.authorizedBy!]}（${beijingDateTime(m.authorizedAt!)}），可以为其办理。`;
  else if (outgrown) stateText = '需重新授权：已年满 18 周岁，监护人声明不再适用。请删除后重新添加，再由家人本人授权。';
  else if (m.guardianClaim?.state === 'pending')
    stateText = '审核中：监护关系材料正在由医保经办人员审核，通过后即可为其办理。';
  else if (m.guardianClaim?.state === 'refused')
    stateText = `监护声明未通过：${m.guardianClaim.reason ?? ''}。可删除后重新添加并上传清晰的材料，或带材料到医保窗口办理。`;
  else stateText = '待授权：家人本人同意后，才能为其办理。';
  return {
    ...m,
    authorized,
    stateText,
    stateClass: authorized ? 'ok' : outgrown ? 'outgrown' : 'pending',
    // A child waits for the review; no face check or invitation stands in for it.
    canAuthorize: !m.authorizedBy && !m.guardianClaim,
    invitationText: m.invitation ? `${beijingDateTime(m.invitation.expiresAt)} 前有效` : '',
    faceNote,
  };
}

Component({
  behaviors: [elderlyBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    members: [] as MemberRow[],
    limit: 10,
    cities: [] as CityInfo[],
    needsConsent: false,
    /** Adding and authorizing family members starts with the caller's own 实人认证. */
    selfVerified: false,
    hasProfile: false,
    adding: false,
    saving: false,
    busyId: '',
    requestId: '',
    serverErrors: {} as Record<string, string[]>,
    /** The invitation just made here: what the ··· menu's 转发 sends (otherwise the home page). */
    shareCode: '',
  },
  methods: {
    onLoad() {
      return this.load();
    },

    onShow() {
      // Back from 我的 (verified) or from the consent page: what this page offers may have changed.
      if (!this.data.loading && !this.data.adding) return this.load();
      return Promise.resolve();
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
        members: list.data.members.map((m) => row(m)),
        limit: list.data.limit,
        cities: cities.data.cities,
        needsConsent: !me.data.consent.upToDate,
        hasProfile: !!me.data.profile,
        selfVerified: !!me.data.profile?.verifiedAt,
      });
    },

    startAdding() {
      if (this.data.needsConsent) {
        wx.navigateTo({ url: '/pages/consent/index' });
        return;
      }
      if (!this.data.selfVerified) {
        this.goMe();
        return;
      }
      this.setData({ adding: true, requestId: newRequestId('member'), serverErrors: {} });
    },

    cancelAdding() {
      this.setData({ adding: false });
    },

    goMe() {
      wx.navigateTo({ url: '/pages/me/index?back=1' });
    },

    replace(member: MemberView, faceNote = '') {
      const others = this.data.members.filter((m) => m.id !== member.id);
      const at = this.data.members.findIndex((m) => m.id === member.id);
      const next = [...others];
      next.splice(at < 0 ? next.length : at, 0, row(member, faceNote));
      this.setData({ members: next });
    },

    async onSubmit(e: WechatMiniprogram.CustomEvent<{ values: PersonFormValues; guardian: boolean }>) {
      if (this.data.saving) return;
      const v = e.detail.values;
      this.setData({ saving: true, serverErrors: {} });
      // A guardian's declaration goes with a photo of the 户口簿 page or 出生医学证明, for staff to review.
      const proof = e.detail.guardian ? await this.uploadProof() : null;
      if (e.detail.guardian && !proof) return this.setData({ saving: false });
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
          ...(proof ? { guardianDeclaration: true as const, guardianProof: proof } : {}),
        },
        { loading: '正在添加' },
      );
      this.setData({ saving: false });
      if (res.ok) {
        this.replace(res.data.member);
        this.setData({ adding: false });
        wx.showToast({ title: '已添加', icon: 'success' });
      } else if (res.fieldErrors) {
        this.setData({ serverErrors: res.fieldErrors });
      } else {
        explainFailure(res, '没有添加');
      }
    },

    /** Takes or picks the photo and uploads it to a path registered to this account; its fileID, or null. */
    async uploadProof(): Promise<string | null> {
      const picked = await new Promise<string | null>((resolve) =>
        wx.chooseMedia({
          count: 1,
          mediaType: ['image'],
          sourceType: ['camera', 'album'],
          sizeType: ['compressed'],
          success: (r) => resolve(r.tempFiles[0]?.tempFilePath ?? null),
          fail: () => resolve(null),
        }),
      );
      if (!picked) {
        wx.showToast({ title: '需要户口簿或出生医学证明的照片', icon: 'none' });
        return null;
      }
      const place = await callCloud('user', { action: 'guardianProofUpload' }, { loading: '正在上传照片' });
      if (!place.ok) {
        explainFailure(place, '照片没有上传');
        return null;
      }
      try {
        return (await wx.cloud.uploadFile({ cloudPath: place.data.cloudPath, filePath: picked })).fileID;
      } catch {
        wx.showToast({ title: '照片上传失败，请检查网络后重试', icon: 'none' });
        return null;
      }
    },

    /** The member, here in person, authorizes with their own face check on this phone. */
    authorizeByFace(e: WechatMiniprogram.BaseEvent) {
      const member = this.data.members.find((m) => m.id === e.currentTarget.dataset.id);
      if (!member || this.data.busyId) return;
      wx.showModal({
        title: '请家人本人刷脸',
        content: `请把手机交给${member.relationship} ${member.name}本人，由本人刷脸。刷脸通过即表示本人同意您为其办理医保业务。`,
        confirmText: '开始刷脸',
        cancelText: '取消',
        success: async (r) => {
          if (!r.confirm) return;
          this.setData({ busyId: member.id });
          const res = await verifyFaceHere(member.id);
          this.setData({ busyId: '' });
          if (res.ok && res.data.member) {
            this.replace(res.data.member);
            wx.showToast({ title: '已授权', icon: 'success' });
          } else if (!res.ok) {
            // Not about the face check (the caller's own state, a list out of date): say so, and refresh.
            if (nextStepOf(res) || res.code === 'NOT_YOUR_MEMBER' || res.code === 'CONFLICT') {
              explainFailure(res, '没有授权');
              if (!nextStepOf(res)) await this.load();
              return;
            }
            this.replace(member, res.message);
          }
        },
      });
    },

    /** An invitation the member accepts in their own WeChat (7 days): its code, to share or read out. */
    async invite(e: WechatMiniprogram.BaseEvent) {
      const member = this.data.members.find((m) => m.id === e.currentTarget.dataset.id);
      if (!member || this.data.busyId) return;
      this.setData({ busyId: member.id });
      const res = await callCloud('user', { action: 'inviteMember', memberId: member.id }, { loading: '正在生成邀请' });
      this.setData({ busyId: '' });
      if (!res.ok) return explainFailure(res, '没有生成邀请');
      this.replace(res.data.member);
      this.setData({ shareCode: res.data.member.invitation?.code ?? '' });
    },

    /** 发给家人: the invitation page with the code (from the tapped button, else the last code made here). */
    onShareAppMessage(res: { from?: string; target?: { dataset?: Record<string, unknown> } }) {
      const fromButton = res?.from === 'button' ? res.target?.dataset?.custom : '';
      const code = typeof fromButton === 'string' && fromButton ? fromButton : this.data.shareCode;
      if (!code) return { title: '医保服务', path: '/pages/home/index' };
      return { title: '家人请您授权代办医保业务', path: `/pages/invite/index?code=${code}` };
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
