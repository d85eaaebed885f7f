import { RecentDocs } from '../../scripts/local-cloud/recentDocs';

it('keeps the most recently used documents of each collection, up to its bound', () => {
  const recent = new RecentDocs(3);
  for (const id of ['a', 'b', 'c']) recent.remember('one', id, { _id: id });
  recent.remember('two', 'a', { _id: 'other a' });
  expect(recent.get('one', 'a')).toEqual({ _id: 'a' }); // used: now the newest
  recent.remember('one', 'd', { _id: 'd' });
  expect(['a', 'b', 'c', 'd'].map((id) => recent.get('one', id)?._id)).toEqual(['a', undefined, 'c', 'd']);
  expect(recent.get('two', 'a')).toEqual({ _id: 'other a' });
  recent.forget('one', 'c');
  expect(recent.get('one', 'c')).toBeUndefined();
});
