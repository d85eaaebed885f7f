import type { CatalogResponses, DeadlineVariant } from '../core/contracts/catalog';
import { catalogRequest } from '../core/contracts/catalog';
import type { ServiceItem } from '../core/catalog/serviceItem';
import { serviceItemView } from '../core/catalog/view';
import { getDb, listOf } from '../core/platform/sdk';
import { DomainError } from '../core/platform/envelope';
import { createHandler } from '../core/platform/handler';
import { CITIES, cityByCode } from '../core/policies';
import { beijingDate } from '../core/rules/beijingTime';
import { WorkCalendar, type YearCalendar, mergeYears } from '../core/rules/calendar';
import { dueFor } from '../core/rules/deadline';
import { libraryCalendar } from '../core/rules/libraryCalendar';
import { normaliseKeyword, tolerantPattern, weekdayName } from '../core/rules/searchText';

const SUMMARY_FIELDS = {
  code: true,
  officialCode: true,
  name: true,
  category: true,
  online: true,
  flow: true,
  timeLimit: true,
};

async function findItem(code: string): Promise<ServiceItem> {
  const [item] = await listOf<ServiceItem & { _id: string }>(getDb().collection('services').where({ code }).limit(1));
  if (!item) throw new DomainError('NOT_FOUND', '没有找到这个事项，可能已调整。请返回事项列表重新选择。');
  return serviceItemView(item);
}

/** The library's calendar, with any year loaded as data (collection `calendars`) taking precedence. */
async function calendarFrom(date: string): Promise<WorkCalendar> {
  const year = Number(date.slice(0, 4));
  const db = getDb();
  const overrides = await listOf<YearCalendar>(
    db
      .collection('calendars')
      .where({ year: db.command.in([year, year + 1, year + 2]) })
      .field({ _id: false }),
  );
  return new WorkCalendar(mergeYears(libraryCalendar(), overrides));
}

function summaryOf(v: DeadlineVariant): string {
  if (v.immediate) return '即时办结：材料齐全的，提交时即可办结';
  const day = `${v.dueDate}（${weekdayName(v.dueDate)}）`;
  return `${v.estimated ? '预计' : ''}${day} 24:00 前办结${v.estimated ? '（该年度放假安排尚未公布，按周末估算）' : ''}`;
}

export const main = createHandler({
  schema: catalogRequest,
  publicActions: ['cities', 'services', 'service', 'deadline'],
  actions: {
    async cities(): Promise<CatalogResponses['cities']> {
      return {
        cities: CITIES.map(({ code, name, province, schemes, flows, channels, phones, phoneNote, sources }) => ({
          code,
          name,
          province,
          schemes,
          flows,
          channels,
          phones,
          phoneNote,
          sources,
        })),
      };
    },

    async services(req): Promise<CatalogResponses['services']> {
      if (!cityByCode(req.cityCode))
        throw new DomainError('UNKNOWN_CITY', '暂不支持这个城市，请在首页切换到已开通的城市。');
      const db = getDb();
      const keyword = req.keyword ? normaliseKeyword(req.keyword) : '';
      const where: Record<string, unknown> = { cityCode: req.cityCode };
      if (keyword) where.name = db.RegExp({ regexp: tolerantPattern(keyword), options: 'i' });
      const coll = db.collection('services');
      const [rows, counted] = await Promise.all([
        listOf<Pick<ServiceItem, keyof typeof SUMMARY_FIELDS> & { _id: string }>(
          coll.where(where).orderBy('code', 'asc').skip(req.offset).limit(req.limit).field(SUMMARY_FIELDS),
        ),
        coll.where(where).count() as Promise<{ total: number }>,
      ]);
      const items = rows.map(({ timeLimit, _id, ...rest }) => ({ ...rest, timeLimitText: timeLimit.text }));
      return { items, total: counted.total, offset: req.offset, hasMore: req.offset + items.length < counted.total };
    },

    async service(req): Promise<CatalogResponses['service']> {
      return { item: await findItem(req.code) };
    },

    async deadline(req, ctx): Promise<CatalogResponses['deadline']> {
      const item = await findItem(req.serviceCode);
      const submittedAt = req.submittedAt ? new Date(req.submittedAt) : ctx.now;
      const calendar = await calendarFrom(beijingDate(submittedAt));
      const variants: DeadlineVariant[] = [];
      for (const rule of item.timeLimit.rules) {
        const due = dueFor(rule.limit, submittedAt, calendar);
        if (due) variants.push({ audience: rule.audience ?? null, immediate: rule.limit.kind === 'immediate', ...due });
      }
      if (!variants.length) {
        throw new DomainError(
          'NO_FIXED_TIME_LIMIT',
          `该事项的办理时限为“${item.timeLimit.text}”，无法推算截止日期，请向经办机构咨询。`,
        );
      }
      let chosen: DeadlineVariant;
      if (req.audience) {
        const match = variants.find((v) => v.audience === req.audience);
        if (!match) {
          throw new DomainError('VALIDATION_FAILED', '该事项没有这类办理对象', {
            fieldErrors: { audience: [`可选：${variants.map((v) => v.audience).join('、')}`] },
          });
        }
        chosen = match;
      } else {
        // Without an audience, answer the latest due time: a person is never told "sooner" than is true.
        chosen = variants.reduce((a, b) => (b.dueAt > a.dueAt ? b : a));
      }
      return {
        serviceCode: item.code,
        timeLimitText: item.timeLimit.text,
        ...chosen,
        variants,
        summary: summaryOf(chosen),
      };
    },
  },
});
