import { type NextStep, nextStepOf } from '../../services/callCloud';

/**
 * A page's failure, the same everywhere: the server's plain message, the way on when only the person can lift
 * the refusal (fill in 我的, verify, get a family member's authorization), and a retry. Never a dead end.
 */
Component({
  options: { styleIsolation: 'apply-shared', multipleSlots: false },
  properties: {
    failure: { type: Object, value: {} },
    /** Text of the retry button; empty for none. */
    retryText: { type: String, value: '重试' },
  },
  data: {
    next: null as NextStep | null,
  },
  observers: {
    failure(failure: { code?: string } | null) {
      this.setData({ next: failure?.code ? nextStepOf({ code: failure.code }) : null });
    },
  },
  methods: {
    goNext() {
      if (this.data.next) wx.navigateTo({ url: this.data.next.url });
    },

    retry() {
      this.triggerEvent('retry');
    },
  },
});
