// userHome/osTmpdir agree with node:os, which they avoid loading on the hook's hot path.
import { homedir, tmpdir } from 'node:os';
import { describe, expect, test } from 'vitest';
import { osTmpdir, userHome } from '../../server/engine/runtime/os-facts.js';

describe('os facts without node:os', () => {
  test('the home directory is what os.homedir() says', () => {
    expect(userHome()).toBe(homedir());
    expect(userHome({ HOME: '/home/someone' })).toBe('/home/someone');
  });

  test('a missing or relative HOME asks node:os', () => {
    expect(userHome({})).toBe(homedir());
    expect(userHome({ HOME: 'relative' })).toBe(homedir());
  });

  test('the temp directory follows os.tmpdir(): TMPDIR, TMP, TEMP, /tmp; no trailing slash', () => {
    expect(osTmpdir()).toBe(tmpdir());
    expect(osTmpdir({})).toBe('/tmp');
    expect(osTmpdir({ TMPDIR: '/var/tmp/' })).toBe('/var/tmp');
    expect(osTmpdir({ TMP: '/scratch' })).toBe('/scratch');
    expect(osTmpdir({ TEMP: '/t/' })).toBe('/t');
    expect(osTmpdir({ TMPDIR: '/' })).toBe('/');
  });
});
