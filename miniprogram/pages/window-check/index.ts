import { ID_TYPES } from '../../shared/personal';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud } from '../../services/callCloud';
import { beijingDateTime } from '../../utils/format';
import { paintQrOn } from '../../utils/qr';

/**
 * 窗口核验: for a document WeChat's face check cannot verify, or after the face check keeps failing. The page
 * shows a one-time code for staff at a window; once they confirm, the person goes on where they were.
 */
Component({
  behaviors: [elderlyBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    code: '',
    codeShown: '',
    codeSpoken: '',
    qr: [] as string[],
    expiresText: '',
    idTypeLabel: '',
    cityName: '',
    checking: false,
    notYet: false,
    verifiedHow: '',
  },
  methods: {
    onLoad() {
      return this.load();
    },

    async load() {
      this.setData({ loading: true, failure: null, notYet: false });
      const me = await callCloud('user', { action: 'me' }, { loading: false });
      if (!me.ok) return this.setData({ loading: false, failure: me });
      const profile = me.data.profile;
      if (profile?.verifiedHow) return this.setData({ loading: false, verifiedHow: profile.verifiedHow });
      const res = await callCloud('user', { action: 'startWindowCheck' }, { loading: false });
      if (!res.ok) return this.setData({ loading: false, failure: res });
      const code = res.data.code;
      this.setData({
        loading: false,
        code,
        codeShown: `${code.slice(0, 4)} ${code.slice(4)}`,
        codeSpoken: code.split('').join(' '),
        qr: res.data.qr,
        expiresText: beijingDateTime(res.data.expiresAt),
        idTypeLabel: ID_TYPES.find((t) => t.value === profile?.idType)?.label ?? '证件',
        cityName: profile?.cityName ?? '参保地',
      });
      paintQrOn(this, '#qr', res.data.qr);
    },

    /** After the window confirmed: read the profile again (the server decides), never the page's word. */
    async check() {
      this.setData({ checking: true, notYet: false });
      const me = await callCloud('user', { action: 'me' }, { loading: false });
      this.setData({ checking: false });
      if (!me.ok) return this.setData({ failure: me });
      const how = me.data.profile?.verifiedHow;
      if (how) this.setData({ verifiedHow: how });
      else this.setData({ notYet: true });
    },

    done() {
      wx.navigateBack({ delta: 1 });
    },
  },
});
