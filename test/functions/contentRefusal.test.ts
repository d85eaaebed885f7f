import { contentRefusal } from '../../cloudfunctions/rating/contentCheck';

// Answers in the shape WeChat documents for security.msgSecCheck 2.0: `result` (suggest, label) and `detail[]`
// per strategy, valid where errcode is 0, the keyword strategy naming the custom keyword it hit.
const model = (suggest: string, label: number) => ({ strategy: 'content_model', errcode: 0, suggest, label, prob: 90 });

describe('a comment WeChat’s content check does not pass says what to change', () => {
  it('passes: nothing to say', () => {
    expect(
      contentRefusal({
        result: { suggest: 'pass', label: 100 },
        detail: [model('pass', 100), { strategy: 'keyword', errcode: 0 }],
      }),
    ).toBeNull();
  });

  it('names the words when the answer names them (each once), and says the rating is not yet submitted', () => {
    const text = contentRefusal({
      result: { suggest: 'risky', label: 20006 },
      detail: [
        model('pass', 100),
        { strategy: 'keyword', errcode: 0, suggest: 'risky', label: 20006, keyword: '赌博' },
        { strategy: 'keyword', errcode: 0, suggest: 'risky', label: 20006, keyword: '诈骗' },
        { strategy: 'keyword', errcode: 0, suggest: 'risky', label: 20006, keyword: '诈骗' },
        // An entry whose errcode is not 0 is not a result.
        { strategy: 'keyword', errcode: -1, suggest: 'risky', keyword: '无效' },
      ],
    });
    expect(text).toBe('留言里的“赌博”“诈骗”不能发布。这条评价还没有提交。请删去或改写这部分后再提交，也可以不写留言。');
  });

  it('without words, says which kind of content was found, from the result’s label or a strategy’s', () => {
    expect(
      contentRefusal({
        result: { suggest: 'risky', label: 20003 },
        detail: [model('risky', 20003), { strategy: 'keyword', errcode: 0 }],
      }),
    ).toBe('留言里有辱骂的话，不能发布。这条评价还没有提交。请删去或改写这部分后再提交，也可以不写留言。');
    expect(contentRefusal({ result: { suggest: 'review', label: 21000 }, detail: [model('review', 10001)] })).toContain(
      '留言里有广告，不能发布。',
    );
  });

  it('with neither, says what kinds of content cannot be published and to rewrite it', () => {
    const text = contentRefusal({ result: { suggest: 'risky', label: 21000 } });
    expect(text).toBe(
      '留言里有不能发布的内容（如辱骂、广告或违法违规的内容）。这条评价还没有提交。请删去或改写这部分后再提交，也可以不写留言。',
    );
  });
});
