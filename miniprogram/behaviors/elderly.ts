import { elderlyMode, elderlyStyle } from '../services/elderly';

/** What the root view needs: the 长辈模式 class, and its primary actions' text size following WeChat's font size. */
function modeData(): { elderly: boolean; elderlyStyle: string } {
  const elderly = elderlyMode();
  return { elderly, elderlyStyle: elderlyStyle(elderly) };
}

/** Every page: `elderly` and `elderlyStyle` in its data, read when it is shown, for the root view. */
export const elderlyBehavior = Behavior({
  data: { elderly: false, elderlyStyle: '' },
  lifetimes: {
    attached() {
      this.setData(modeData());
    },
  },
  pageLifetimes: {
    show() {
      this.setData(modeData());
    },
  },
});
