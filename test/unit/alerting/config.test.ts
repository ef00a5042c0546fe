// The alerting settings: defaults, what is accepted, and a message naming field and value for the rest.
import { describe, expect, test } from 'vitest';
import { alertingConfigSchema, parseAlertingConfig } from '../../../server/engine/alerting/config.js';
import { defaultAlertingConfig } from '../../../server/engine/alerting/defaults.js';

describe('defaults', () => {
  test('no settings, or an empty object, mean the defaults without errors', () => {
    expect(parseAlertingConfig(undefined)).toEqual({ config: defaultAlertingConfig(), errors: [] });
    expect(parseAlertingConfig({})).toEqual({ config: defaultAlertingConfig(), errors: [] });
    expect(alertingConfigSchema.parse({})).toEqual(defaultAlertingConfig());
  });

  test('the defaults are the original rules: risk 0.8, 5 failures an hour, 3 in a row, console on', () => {
    expect(defaultAlertingConfig()).toEqual({
      enabled: true,
      console: true,
      webhooks: [],
      slack: [],
      rules: {
        highRisk: { enabled: true, threshold: 0.8 },
        frequencySpike: { enabled: true, maxPerHour: 5 },
        newPattern: { enabled: true },
        consecutiveFailures: { enabled: true, threshold: 3 },
      },
      cooldownMinutes: { highRisk: 60, frequencySpike: 30, newPattern: 'never', consecutiveFailures: 30 },
    });
  });
});

describe('valid settings', () => {
  test('targets get their defaults filled in; rules and cool-downs keep what is not set', () => {
    const { config, errors } = parseAlertingConfig({
      console: false,
      webhooks: [{ url: 'https://hooks.example.com/alerts', headers: { Authorization: 'Bearer abc' }, minSeverity: 'warning' }],
      slack: [{ webhookUrl: 'https://hooks.slack.com/services/T0/B0/xyz', timeoutMs: 2000, retries: 0 }],
      rules: { highRisk: { threshold: 0.9 }, newPattern: { enabled: false } },
      cooldownMinutes: { frequencySpike: 5, highRisk: 'never' },
    });
    expect(errors).toEqual([]);
    expect(config.console).toBe(false);
    expect(config.webhooks).toEqual([{
      url: 'https://hooks.example.com/alerts', headers: { Authorization: 'Bearer abc' }, minSeverity: 'warning', timeoutMs: 5000, retries: 2,
    }]);
    expect(config.slack).toEqual([{ webhookUrl: 'https://hooks.slack.com/services/T0/B0/xyz', minSeverity: 'info', timeoutMs: 2000, retries: 0 }]);
    expect(config.rules.highRisk).toEqual({ enabled: true, threshold: 0.9 });
    expect(config.rules.newPattern).toEqual({ enabled: false });
    expect(config.rules.frequencySpike).toEqual({ enabled: true, maxPerHour: 5 });
    expect(config.cooldownMinutes).toEqual({ highRisk: 'never', frequencySpike: 5, newPattern: 'never', consecutiveFailures: 30 });
  });

  test('plain http is allowed (a receiver on the local network)', () => {
    expect(parseAlertingConfig({ webhooks: [{ url: 'http://127.0.0.1:8080/hook' }] }).errors).toEqual([]);
  });
});

describe('URLs', () => {
  const urlError = (url: unknown) => parseAlertingConfig({ webhooks: [{ url }] });

  test('only http(s): the message names the field and the value', () => {
    expect(urlError('file:///etc/passwd')).toEqual({
      config: defaultAlertingConfig(),
      errors: ['alerting.webhooks[0].url: must be an http(s) URL, got "file:///etc/passwd"'],
    });
    expect(urlError('javascript:alert(1)').errors).toEqual(['alerting.webhooks[0].url: must be an http(s) URL, got "javascript:alert(1)"']);
    expect(urlError('not a url').errors).toEqual(['alerting.webhooks[0].url: must be an http(s) URL, got "not a url"']);
    expect(urlError(42).errors).toEqual(['alerting.webhooks[0].url: must be an http(s) URL, got 42']);
    expect(parseAlertingConfig({ slack: [{ webhookUrl: 'gopher://x.example/' }] }).errors)
      .toEqual(['alerting.slack[0].webhookUrl: must be an http(s) URL, got "gopher://x.example/"']);
  });

  test('credentials in the URL are refused, and the password is not repeated in the message', () => {
    const { errors } = urlError('https://alice:hunter2@hooks.example.com/x');
    expect(errors).toEqual([
      'alerting.webhooks[0].url: must not contain credentials (user:password@); send them in a header, got "https://alice:«redacted:password»@hooks.example.com/x"',
    ]);
    expect(urlError('https://token@hooks.example.com/x').errors[0]).toMatch(/^alerting\.webhooks\[0\]\.url: must not contain credentials/);
  });

  test('a target without its URL is reported as missing', () => {
    expect(parseAlertingConfig({ webhooks: [{}], slack: [{ minSeverity: 'critical' }] }).errors).toEqual([
      'alerting.webhooks[0].url: is required',
      'alerting.slack[0].webhookUrl: is required',
    ]);
  });

  test('an invalid target is dropped and the valid ones kept, with messages giving the original index', () => {
    const { config, errors } = parseAlertingConfig({
      webhooks: [{ url: 'ftp://a.example/' }, { url: 'https://b.example/' }, { url: 'file:///c' }, { url: 'https://d.example/' }],
    });
    expect(config.webhooks.map((w) => w.url)).toEqual(['https://b.example/', 'https://d.example/']);
    expect(errors).toEqual([
      'alerting.webhooks[0].url: must be an http(s) URL, got "ftp://a.example/"',
      'alerting.webhooks[2].url: must be an http(s) URL, got "file:///c"',
    ]);
  });
});

describe('headers', () => {
  test('a header value with a line break drops the target, and the value is not shown', () => {
    const { config, errors } = parseAlertingConfig({
      webhooks: [{ url: 'https://a.example/', headers: { Authorization: 'Bearer s3cr3t-value\r\nX-Evil: 1' } }],
    });
    expect(config.webhooks).toEqual([]);
    expect(errors).toEqual(['alerting.webhooks[0].headers.Authorization: must not contain line breaks']);
    expect(errors.join()).not.toContain('s3cr3t');
  });

  test('a header name that is not a token is named', () => {
    expect(parseAlertingConfig({ webhooks: [{ url: 'https://a.example/', headers: { 'Bad Name': 'v' } }] }).errors)
      .toEqual(['alerting.webhooks[0].headers["Bad Name"]: must be an HTTP header name']);
  });

  test('headers that are not an object of strings are refused without showing them', () => {
    const { errors } = parseAlertingConfig({ webhooks: [{ url: 'https://a.example/', headers: { 'X-Key': 12345678 } }] });
    expect(errors).toEqual(['alerting.webhooks[0].headers["X-Key"]: must be a string']);
  });
});

describe('rules, cool-downs and the rest', () => {
  test('an out-of-range value is dropped (its default applies) and the rest of the rule kept', () => {
    const { config, errors } = parseAlertingConfig({ rules: { highRisk: { enabled: false, threshold: 2 } } });
    expect(config.rules.highRisk).toEqual({ enabled: false, threshold: 0.8 });
    expect(errors).toEqual(['alerting.rules.highRisk.threshold: must be a number from 0 to 1, got 2']);
  });

  test('counts must be whole numbers in range', () => {
    const { config, errors } = parseAlertingConfig({
      rules: { frequencySpike: { maxPerHour: 0 }, consecutiveFailures: { threshold: 2.5 } },
    });
    expect(errors).toEqual([
      'alerting.rules.frequencySpike.maxPerHour: must be a whole number from 1 to 400, got 0',
      'alerting.rules.consecutiveFailures.threshold: must be a whole number from 1 to 100, got 2.5',
    ]);
    expect(config.rules.frequencySpike.maxPerHour).toBe(5);
    expect(config.rules.consecutiveFailures.threshold).toBe(3);
  });

  test('a target keeps its URL when only an option is wrong (the option gets its default)', () => {
    const { config, errors } = parseAlertingConfig({ slack: [{ webhookUrl: 'https://hooks.slack.com/x', minSeverity: 'high', retries: 9 }] });
    expect(config.slack).toEqual([{ webhookUrl: 'https://hooks.slack.com/x', minSeverity: 'info', timeoutMs: 5000, retries: 2 }]);
    expect(errors).toEqual([
      'alerting.slack[0].minSeverity: must be one of info, warning, critical, got "high"',
      'alerting.slack[0].retries: must be a whole number from 0 to 5, got 9',
    ]);
  });

  test('cool-downs are minutes or "never"', () => {
    const { config, errors } = parseAlertingConfig({ cooldownMinutes: { highRisk: -1, newPattern: 'forever', frequencySpike: 0 } });
    expect(errors).toEqual([
      'alerting.cooldownMinutes.highRisk: must be a number of minutes from 0 to 10080, or "never", got -1',
      'alerting.cooldownMinutes.newPattern: must be a number of minutes from 0 to 10080, or "never", got "forever"',
    ]);
    expect(config.cooldownMinutes).toEqual({ highRisk: 60, frequencySpike: 0, newPattern: 'never', consecutiveFailures: 30 });
  });

  test('unknown keys are reported with the allowed ones and ignored', () => {
    const { config, errors } = parseAlertingConfig({ enabeld: false, console: false, rules: { highrisk: {}, newPattern: { on: true } } });
    expect(config.enabled).toBe(true);
    expect(config.console).toBe(false);
    expect(errors).toEqual([
      'alerting.rules.newPattern.on: unknown key (allowed: enabled)',
      'alerting.rules.highrisk: unknown key (allowed: highRisk, frequencySpike, newPattern, consecutiveFailures)',
      'alerting.enabeld: unknown key (allowed: enabled, console, webhooks, slack, rules, cooldownMinutes)',
    ]);
  });

  test('wrong types are named with what was received', () => {
    const { config, errors } = parseAlertingConfig({ enabled: 'no', webhooks: {}, rules: { frequencySpike: true } });
    expect(errors).toEqual([
      'alerting.enabled: must be true or false, got "no"',
      'alerting.webhooks: must be an array, got {}',
      'alerting.rules.frequencySpike: must be an object, got true',
    ]);
    expect(config).toEqual(defaultAlertingConfig());
  });
});

describe('never throws', () => {
  test.each([
    ['a number', 42, 'alerting: must be an object, got 42'],
    ['an array', [], 'alerting: must be an object, got []'],
    ['a string', 'on', 'alerting: must be an object, got "on"'],
  ])('%s is reported and the defaults apply', (_name, raw, message) => {
    expect(parseAlertingConfig(raw)).toEqual({ config: defaultAlertingConfig(), errors: [message] });
  });

  test('an object whose getter throws', () => {
    const raw = Object.defineProperty({}, 'enabled', { enumerable: true, get: () => { throw new Error('boom'); } });
    const { config, errors } = parseAlertingConfig(raw);
    expect(config).toEqual(defaultAlertingConfig());
    expect(errors).toEqual(['alerting: could not be read (boom)']);
  });
});
