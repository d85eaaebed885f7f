/**
 * A search field that 读屏 can name. TDesign's t-search gives its input only a placeholder (gone once something is
 * typed, and an aria-label on the component is not passed on), so this draws the same field with a native input
 * named by `label`. Emits what t-search emits: change { value }, submit { value }, clear { value: '' }, action-click.
 */
Component({
  properties: {
    value: { type: String, value: '' },
    placeholder: { type: String, value: '' },
    /** What the field is for, as the screen reader says it (e.g. "搜索医院：名称、编码或拼音首字母"). */
    label: { type: String, value: '' },
    /** The button's text beside the field (搜索, 查找); empty for none. */
    action: { type: String, value: '' },
    /** 'round' or 'square', as t-search's shape. */
    shape: { type: String, value: 'square' },
  },
  methods: {
    onInput(e: WechatMiniprogram.Input) {
      const { value } = e.detail;
      this.setData({ value });
      this.triggerEvent('change', { value });
    },

    onConfirm(e: WechatMiniprogram.InputConfirm) {
      this.triggerEvent('submit', { value: e.detail.value });
    },

    clear() {
      this.setData({ value: '' });
      this.triggerEvent('clear', { value: '' });
      this.triggerEvent('change', { value: '' });
    },

    onAction() {
      this.triggerEvent('action-click');
    },
  },
});
