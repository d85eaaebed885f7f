import { elderlyMode } from '../services/elderly';

/** Every page: `elderly` in its data, read when it is shown, for the root view's class. */
export const elderlyBehavior = Behavior({
  data: { elderly: false },
  lifetimes: {
    attached() {
      this.setData({ elderly: elderlyMode() });
    },
  },
  pageLifetimes: {
    show() {
      this.setData({ elderly: elderlyMode() });
    },
  },
});
