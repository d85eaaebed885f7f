import type { DeclarationView } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { pagedListBehavior, shownPage, startingAfter } from '../../behaviors/pagedList';
import { callCloud } from '../../services/callCloud';
import { beijingDateTime } from '../../utils/format';
import { statusText } from '../../utils/declarationStatus';

const TAG_THEME: Record<DeclarationView['status'], string> = {
  受理: 'warning',
  生效: 'success',
  已撤回: 'default',
  未通过: 'danger',
};

interface Row extends DeclarationView {
  title: string;
  detail: string;
  theme: string;
  /** The status in plain words (受理 → 已提交，待生效). */
  statusText: string;
}

function row(d: DeclarationView): Row {
  const what = d.op === 'select' ? '选择' : '变更为';
  const when =
    d.status === '未通过'
      ? d.reasons.map((r) => r.message).join('')
      : d.effectiveFrom
        ? `${beijingDateTime(d.effectiveFrom)} 起生效`
        : '';
  return {
    ...d,
    title: `${d.kindName}：${what}${d.institution.name}`,
    detail: `${d.forWhom} · 提交于 ${beijingDateTime(d.submittedAt)}${when ? ` · ${when}` : ''}${d.withdrawnAt ? ` · ${beijingDateTime(d.withdrawnAt)} 撤回` : ''}`,
    theme: TAG_THEME[d.status],
    statusText: statusText(d.status),
  };
}

/** Every declaration with its status (已提交，待生效 / 已生效 / 已撤回 / 未通过) and times, newest first. */
Component({
  behaviors: [elderlyBehavior, pagedListBehavior],
  data: {
    items: [] as Row[],
  },
  methods: {
    async fetchPage(after?: string) {
      const res = await callCloud('facility', { action: 'declarations', ...startingAfter(after) }, { loading: false });
      return shownPage(res, (d) => d.items.map(row));
    },
  },
});
