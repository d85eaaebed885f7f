import { creditCodeProblem } from '../../cloudfunctions/core/identity/employers';
import { adultFrom } from '../../cloudfunctions/core/identity/people';
import { certHash } from '../../cloudfunctions/core/platform/wechat';
import { faceFailureMessage } from '../../cloudfunctions/user/verification';
import { random } from '../helpers/random';

describe('cert_hash', () => {
  it('matches WeChat’s documented example', () => {
    expect(certHash({ cert_type: 'IDENTITY_CARD', cert_name: '张三', cert_no: '310101199801011234' })).toBe(
      '3c241f7ff324977aeb91f173bb2a7b06569e6fd784d5573db34a636d8671108b',
    );
  });

  it('changes with any field', () => {
    const base = { cert_type: 'IDENTITY_CARD' as const, cert_name: '张三', cert_no: '310101199801011234' };
    const hashes = new Set([
      certHash(base),
      certHash({ ...base, cert_name: '张四' }),
      certHash({ ...base, cert_no: '310101199801011235' }),
    ]);
    expect(hashes.size).toBe(3);
  });
});

describe('统一社会信用代码 (GB 32100)', () => {
  const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const REGISTRARS = '123456789ANY';
  it('accepts exactly one check character for each of 2,000 generated codes, and refuses any single change', () => {
    const next = random(32100);
    for (let n = 0; n < 2000; n += 1) {
      const first = REGISTRARS[Math.floor(next() * REGISTRARS.length)];
      const first17 = first + Array.from({ length: 16 }, () => CHARS[Math.floor(next() * CHARS.length)]).join('');
      const valid = [...CHARS].filter((c) => creditCodeProblem(first17 + c) === null);
      expect(valid).toHaveLength(1);
      const code = first17 + valid[0];
      const at = 1 + Math.floor(next() * 17);
      const other = CHARS[(CHARS.indexOf(code[at]) + 1 + Math.floor(next() * 30)) % CHARS.length];
      expect(creditCodeProblem(code.slice(0, at) + other + code.slice(at + 1))).not.toBeNull();
    }
  });

  it('refuses a first character that is no 登记管理部门码 (1–9, A, N, Y), whatever the check character', () => {
    const refused = [...CHARS].filter((c) =>
      [...CHARS].every((check) => creditCodeProblem(`${c}1140100MA0K00000${check}`) !== null),
    );
    expect(refused.join('')).toBe([...CHARS].filter((c) => !REGISTRARS.includes(c)).join(''));
    expect(creditCodeProblem('01140100MA0K000004')).toMatch(/第 1 位/);
  });

  it('refuses letters outside the code’s set, lower case and wrong lengths', () => {
    for (const bad of ['91140100MA0K00000I', '91140100ma0k000004', '91140100MA0K00004', '91140100MA0K0000044', '']) {
      expect(creditCodeProblem(bad)).toMatch(/18 位|校验位/);
    }
  });
});

describe('adult from the ID number’s birth date', () => {
  it.each([
    ['110105200601011234', '2024-01-01'],
    ['110105200802291234', '2026-03-01'], // born on 29 February: adult on 1 March
    ['110105201512311234', '2033-12-31'],
  ])('%s is an adult from %s', (id, day) => {
    expect(adultFrom(id)).toBe(day);
  });

  it('has no birth date to read in a 15-character 外国人永久居留身份证', () => {
    expect(adultFrom('ABC123456789012')).toBeNull();
  });
});

describe('人脸核身 results in plain words', () => {
  // WeChat's documented verify_ret values other than 10000.
  const documented = [
    90001, 90002, 90003, 90004, 90005, 90006, 90007, 90008, 90009, 90010, 90011, 90012, 90013, 90014, 90017, 90018,
    90104, 90105, 90106, 90107, 90109, 90110, 90199,
  ];
  it('says what happened and what to do next for every documented failure', () => {
    for (const code of documented) {
      const text = faceFailureMessage(code);
      expect([code, /请|可以/.test(text)]).toEqual([code, true]);
      expect(text).not.toMatch(/\d{5}/);
    }
    expect(faceFailureMessage(90002)).toContain('取消');
    expect(faceFailureMessage(90008)).toContain('相机');
    expect(faceFailureMessage(90017)).toContain('超时');
  });
});
