// PatternIndex: a sound similarity (no match without shared words, monotonic, symmetric) and a risk that
// grows with similarity. The original matcher voted "same operation" as a score of its own, so once one
// failure was recorded every later request for that operation matched, the least similar the riskiest.
import { describe, expect, test } from 'vitest';
import { PatternIndex } from '../../../server/engine/immune/matcher.js';
import { observeFailure } from '../../../server/engine/immune/patterns.js';
import { matchRisk, OTHER_OPERATION_WEIGHT } from '../../../server/engine/immune/risk.js';
import type { FailurePattern } from '../../../server/engine/immune/types.js';
import { DAY, HOUR, obs, patternOf, PROJECT, T0 } from './helpers.js';

const NOW = T0 + HOUR;
const loginFailure = () => observeFailure(null, obs());

describe('the original flaw, fixed', () => {
  test('one failure of an operation: an unrelated request for the same operation does not match', () => {
    const index = new PatternIndex([loginFailure()]);
    const unrelated = index.query('bump the version in package.json before the release', { operation: 'Bash:npm test', project: PROJECT, now: NOW, minSimilarity: 0 });
    expect(unrelated).toEqual([]);
  });

  test('…while a similar request matches', () => {
    const index = new PatternIndex([loginFailure()]);
    const [m] = index.query('the login tests still fail, fix the expired session check', { operation: 'Bash:npm test', project: PROJECT, now: NOW });
    expect(m?.pattern.id).toBe(loginFailure().id);
    expect(m!.similarity).toBeGreaterThan(0.4);
    expect(m!.risk).toBeGreaterThan(0.3);
  });

  test('a request sharing one common word scores low, far below a similar one', () => {
    const index = new PatternIndex([loginFailure()]);
    const weak = index.query('run the billing report', { project: PROJECT, now: NOW, minSimilarity: 0 });
    const strong = index.query('run the auth login tests, the expired session case fails', { project: PROJECT, now: NOW, minSimilarity: 0 });
    expect(weak[0]!.similarity).toBeLessThan(0.2);
    expect(strong[0]!.similarity).toBeGreaterThan(2 * weak[0]!.similarity);
    expect(strong[0]!.risk).toBeGreaterThan(weak[0]!.risk);
  });

  test('the more similar the request, the higher the risk, for one pattern', () => {
    const index = new PatternIndex([loginFailure()]);
    const prompts = [
      'please look at the tests',
      'please look at the auth tests',
      'please look at the auth login tests',
      'please look at the auth login tests, the expired session',
      'please look at the auth login tests, the expired session fails in vitest',
    ];
    const matches = prompts.map((q) => index.query(q, { project: PROJECT, now: NOW, minSimilarity: 0 })[0]!);
    const sims = matches.map((m) => m.similarity);
    const risks = matches.map((m) => m.risk);
    for (let i = 1; i < prompts.length; i++) {
      expect(sims[i]).toBeGreaterThan(sims[i - 1]!);
      expect(risks[i]).toBeGreaterThan(risks[i - 1]!);
    }
  });
});

describe('similarity', () => {
  const index = new PatternIndex([
    loginFailure(),
    observeFailure(null, obs({ operation: 'Write', failureType: 'json_invalid', input: 'Write /home/dev/shop/.eslintrc.json', reason: 'invalid JSON: trailing comma', prompt: 'add a JSON config for the linter' })),
    observeFailure(null, obs({ operation: 'Bash:pytest', input: 'pytest tests/pipeline/test_ingest.py', reason: '1 test failed (pytest): test_parse_csv_dates', prompt: 'run the pipeline tests' })),
  ]);
  const sim = (q: string, id: string) => index.query(q, { now: NOW, minSimilarity: 0, limit: 10 }).find((m) => m.pattern.id === id)?.similarity ?? 0;

  test('is in [0, 1] and 1 for the same token set', () => {
    const p = loginFailure();
    expect(sim(p.tokens.join(' '), p.id)).toBeCloseTo(1, 10);
    for (const q of ['run the auth tests', 'csv dates', 'json linter config', 'hello']) {
      for (const m of index.query(q, { now: NOW, minSimilarity: 0 })) {
        expect(m.similarity).toBeGreaterThan(0);
        expect(m.similarity).toBeLessThanOrEqual(1);
      }
    }
  });

  test('is 0 (no match at all) when nothing is shared', () => {
    expect(index.query('compose a haiku about autumn leaves', { now: NOW, minSimilarity: 0 })).toEqual([]);
  });

  test('adding shared words never lowers it', () => {
    const id = loginFailure().id;
    let words = ['unrelated', 'banana'];
    let last = sim(words.join(' '), id);
    for (const shared of ['auth', 'login', 'session', 'expired', 'vitest']) {
      words = [...words, shared];
      const next = sim(words.join(' '), id);
      expect(next).toBeGreaterThan(last);
      last = next;
    }
  });

  test('is symmetric: a request that equals a pattern scores the same against it as the pattern would against the request', () => {
    const a = observeFailure(null, obs({ input: 'npm test -- alpha.test.ts', reason: 'auth login expired', prompt: 'session token' }));
    const b = observeFailure(null, obs({ input: 'npm test -- beta.test.ts', reason: 'auth login locked', prompt: 'account lockout' }));
    const both = new PatternIndex([a, b]);
    const ab = both.query(a.tokens.join(' '), { now: NOW, minSimilarity: 0 }).find((m) => m.pattern.id === b.id)!.similarity;
    const ba = both.query(b.tokens.join(' '), { now: NOW, minSimilarity: 0 }).find((m) => m.pattern.id === a.id)!.similarity;
    expect(ab).toBeCloseTo(ba, 12);
  });

  test('rare shared words weigh more than common ones', () => {
    const many = new PatternIndex([
      loginFailure(),
      ...['billing', 'cart', 'search', 'profile', 'orders'].map((area) =>
        observeFailure(null, obs({ input: `npm test -- test/${area}/${area}.test.ts`, reason: `1 test failed (vitest): ${area}`, prompt: `run the ${area} tests` }))),
    ]);
    const id = loginFailure().id;
    const rare = many.query('expired session', { now: NOW, minSimilarity: 0 }).find((m) => m.pattern.id === id)!.similarity;
    const common = many.query('npm vitest', { now: NOW, minSimilarity: 0 }).find((m) => m.pattern.id === id)!.similarity;
    expect(rare).toBeGreaterThan(common);
  });
});

describe('risk', () => {
  test('is similarity × recurrence × freshness × operation weight', () => {
    const p = patternOf(obs(), obs({ ts: T0 + HOUR }), obs({ ts: T0 + 2 * HOUR }));
    const index = new PatternIndex([p]);
    const now = T0 + 30 * HOUR;
    const [same] = index.query('the login tests fail on expired sessions', { now, operation: 'Bash:npm test' });
    const [other] = index.query('the login tests fail on expired sessions', { now, operation: 'Bash:npx vitest' });
    expect(same!.risk).toBeCloseTo(matchRisk(same!.similarity, p, now, true), 12);
    expect(other!.similarity).toBe(same!.similarity); // the operation never changes the similarity
    expect(other!.risk).toBeCloseTo(same!.risk * OTHER_OPERATION_WEIGHT, 12);
    expect(same!.reasons).toContain('same operation');
    expect(other!.reasons).toContain('other operation (Bash:npm test)');
  });

  test('a recurring pattern is riskier than a one-off at the same similarity', () => {
    const once = loginFailure();
    const thrice = patternOf(obs(), obs({ ts: T0 }), obs({ ts: T0 }));
    expect(matchRisk(0.6, thrice, NOW)).toBeGreaterThan(matchRisk(0.6, once, NOW));
  });

  test('an old pattern is less risky than a fresh one at the same similarity', () => {
    const p = loginFailure();
    expect(matchRisk(0.6, p, T0 + 10 * DAY)).toBeLessThan(matchRisk(0.6, p, T0 + HOUR));
  });

  test('stays in [0, 1]', () => {
    const hot = { ...patternOf(obs(), obs(), obs(), obs(), obs(), obs(), obs(), obs(), obs()), relevance: 1 };
    expect(matchRisk(1, hot, T0)).toBeLessThanOrEqual(1);
    expect(matchRisk(1, hot, T0)).toBeCloseTo(1, 12);
    expect(matchRisk(0, hot, T0)).toBe(0);
  });
});

describe('the index', () => {
  test('filters by project; a pattern without a project is everyone’s', () => {
    const shop = loginFailure();
    const blog = observeFailure(null, obs({ project: '/home/dev/blog' }));
    const anywhere = observeFailure(null, obs({ project: '' }));
    const index = new PatternIndex([shop, blog, anywhere]);
    const ids = index.query('fix the failing login tests', { project: PROJECT, now: NOW }).map((m) => m.pattern.id);
    expect(ids.sort()).toEqual([shop.id, anywhere.id].sort());
  });

  test('add replaces a pattern with the same id; remove forgets it', () => {
    const first = loginFailure();
    const index = new PatternIndex([first]);
    const again = observeFailure(first, obs({ ts: T0 + HOUR, reason: 'locks the account after 5 attempts' }));
    index.add(again);
    expect(index.size).toBe(1);
    expect(index.get(first.id)?.count).toBe(2);
    expect(index.query('it locks the account after 5 attempts', { now: NOW })[0]?.pattern.count).toBe(2);
    index.remove(first.id);
    expect(index.size).toBe(0);
    expect(index.query('fix the failing login tests', { now: NOW })).toEqual([]);
    index.remove('no-such-id');
    expect(index.size).toBe(0);
  });

  test('weights follow the patterns indexed: removing patterns restores the scores', () => {
    const p = loginFailure();
    const index = new PatternIndex([p]);
    const before = index.query('fix the failing login tests', { now: NOW })[0]!.similarity;
    const others: FailurePattern[] = Array.from({ length: 200 }, (_, i) =>
      observeFailure(null, obs({ input: `npm test -- t${i}.test.ts`, reason: `area${String.fromCharCode(97 + (i % 26))} failed`, prompt: 'fix the failing tests' })));
    for (const o of others) index.add(o);
    const during = index.query('fix the failing login tests', { now: NOW })[0]!;
    expect(during.pattern.id).toBe(p.id);
    expect(during.similarity).not.toBeCloseTo(before, 6);
    for (const o of others) index.remove(o.id); // compacts on the way
    expect(index.size).toBe(1);
    expect(index.query('fix the failing login tests', { now: NOW })[0]!.similarity).toBeCloseTo(before, 12);
  });

  test('results are ordered by risk, then similarity, then id, and limited', () => {
    const ps = Array.from({ length: 8 }, (_, i) => observeFailure(null, obs({ input: `npm test -- login${i}.test.ts` })));
    const index = new PatternIndex(ps);
    const res = index.query('fix the failing login tests', { now: NOW, limit: 5 });
    expect(res).toHaveLength(5);
    for (let i = 1; i < res.length; i++) {
      const a = res[i - 1]!;
      const b = res[i]!;
      expect(a.risk > b.risk || (a.risk === b.risk && (a.similarity > b.similarity || a.pattern.id < b.pattern.id))).toBe(true);
    }
  });

  test('the insertion order does not change the results', () => {
    const ps = [loginFailure(), ...Array.from({ length: 30 }, (_, i) => observeFailure(null, obs({ input: `npm test -- x${i}.test.ts`, prompt: `fix area ${String.fromCharCode(97 + i)} login` })))];
    const q = (index: PatternIndex) => JSON.stringify(index.query('fix the failing login tests', { now: NOW, limit: 20 }));
    expect(q(new PatternIndex([...ps].reverse()))).toBe(q(new PatternIndex(ps)));
  });

  test('built at once or pattern by pattern, the index answers the same', () => {
    const ps = Array.from({ length: 40 }, (_, i) =>
      observeFailure(null, obs({ input: `npm test -- m${i}.test.ts`, prompt: `fix the ${['login', 'cart', 'search'][i % 3]} tests ${String.fromCharCode(97 + i)}` })));
    const incremental = new PatternIndex();
    for (const p of ps) incremental.add(p);
    const mixed = new PatternIndex(ps.slice(0, 20));
    for (const p of ps.slice(20)) mixed.add(p);
    const q = (index: PatternIndex) => JSON.stringify(index.query('fix the failing login tests', { now: NOW, limit: 40, minSimilarity: 0 }));
    expect(q(incremental)).toBe(q(new PatternIndex(ps)));
    expect(q(mixed)).toBe(q(new PatternIndex(ps)));
  });

  test('a pattern given twice to the constructor is indexed once, the later copy winning', () => {
    const first = loginFailure();
    const later = observeFailure(first, obs({ ts: T0 + HOUR }));
    const index = new PatternIndex([first, later]);
    expect(index.size).toBe(1);
    expect(index.query('fix the failing login tests', { now: NOW })).toHaveLength(1);
    expect(index.get(first.id)?.count).toBe(2);
  });

  test('minSimilarity filters', () => {
    const index = new PatternIndex([loginFailure()]);
    const [m] = index.query('run the auth tests', { now: NOW, minSimilarity: 0 });
    expect(index.query('run the auth tests', { now: NOW, minSimilarity: m!.similarity + 0.01 })).toEqual([]);
    expect(index.query('run the auth tests', { now: NOW, minSimilarity: m!.similarity })).toHaveLength(1);
  });
});
