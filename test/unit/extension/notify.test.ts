// Pure pieces of the host: badge and notification logic, webview message checks, settings, the doctor's CLI lookup.
import { describe, expect, test } from 'vitest';
import { cliCandidates, findCli } from '../../../extension/src/doctor.js';
import { badgeFor, goneRequests, newRequests, notificationLevel, notificationText, shouldNotifyNew } from '../../../extension/src/notify.js';
import type { InboxItem } from '../../../extension/src/protocol.js';
import { serviceConfig } from '../../../extension/src/settings.js';
import { parseWebviewMessage } from '../../../extension/src/view-base.js';

const item = (id: string, summary = 'npm publish'): InboxItem => ({
  id, tool: 'Bash', summary, rule: 'publish.package', reason: 'r', project: '/home/dev/app', session: 's', createdAt: 1, expiresAt: 2, alwaysPattern: summary,
});

describe('badge and notifications', () => {
  test('only requests not seen before are new', () => {
    expect(newRequests(new Set(), [item('a'), item('b')]).map((i) => i.id)).toEqual(['a', 'b']);
    expect(newRequests(new Set(['a']), [item('a'), item('b')]).map((i) => i.id)).toEqual(['b']);
    expect(newRequests(new Set(['a', 'b']), [item('a'), item('b')])).toEqual([]);
  });

  test('requests that stopped pending are gone', () => {
    expect(goneRequests(new Set(['a', 'b']), [item('b')])).toEqual(['a']);
  });

  test('the badge counts pending approvals and disappears at zero', () => {
    expect(badgeFor(0)).toEqual({ value: 0, tooltip: '' });
    expect(badgeFor(1)).toEqual({ value: 1, tooltip: '1 approval waiting' });
    expect(badgeFor(3)).toEqual({ value: 3, tooltip: '3 approvals waiting' });
  });

  test('the notification level decides, unknown values mean the default', () => {
    expect(shouldNotifyNew('all')).toBe(true);
    expect(shouldNotifyNew('newRequests')).toBe(true);
    expect(shouldNotifyNew('none')).toBe(false);
    expect(notificationLevel('loud')).toBe('newRequests');
    expect(notificationLevel('none')).toBe('none');
  });

  test('the notification names the tool and the call, shortened', () => {
    expect(notificationText(item('a', 'git push\n  --force'))).toBe('Claude Code asks: Bash git push --force');
    const long = notificationText(item('a', 'x'.repeat(500)));
    expect(long).toHaveLength(160);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('parseWebviewMessage', () => {
  test('accepts the protocol\'s messages', () => {
    expect(parseWebviewMessage({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(parseWebviewMessage({ type: 'approveAlways', id: 'a', pattern: 'npm publish *' })).toEqual({ type: 'approveAlways', id: 'a', pattern: 'npm publish *' });
    expect(parseWebviewMessage({ type: 'deny', id: 'a' })).toEqual({ type: 'deny', id: 'a', reason: '' });
    expect(parseWebviewMessage({ type: 'selected', id: null })).toEqual({ type: 'selected', id: null });
  });

  test('drops malformed ones', () => {
    for (const m of [null, 'approve', 42, {}, { type: 'approve' }, { type: 'approve', id: 7 }, { type: 'approveAlways', id: 'a' }, { type: 'rm -rf' }, { type: 'selected', id: 3 }]) {
      expect(parseWebviewMessage(m)).toBeNull();
    }
  });
});

describe('serviceConfig', () => {
  const env = { folders: ['/home/dev/app', '/home/dev/lib'], home: '/home/dev', vars: {} };
  test('empty stateDir: TASK_ORCHESTRATOR_HOME, else ~/.task-orchestrator', () => {
    expect(serviceConfig({ stateDir: '', project: 'current' }, env)).toEqual({ stateDir: '/home/dev/.task-orchestrator', project: '/home/dev/app' });
    expect(serviceConfig({ stateDir: '' }, { ...env, vars: { TASK_ORCHESTRATOR_HOME: '/srv/to' } }).stateDir).toBe('/srv/to');
  });
  test('~, absolute and relative settings', () => {
    expect(serviceConfig({ stateDir: '~/state' }, env).stateDir).toBe('/home/dev/state');
    expect(serviceConfig({ stateDir: '/var/to/' }, env).stateDir).toBe('/var/to');
    expect(serviceConfig({ stateDir: '.state' }, env).stateDir).toBe('/home/dev/app/.state');
  });
  test('"all", or no folder open, shows every project', () => {
    expect(serviceConfig({ project: 'all' }, env).project).toBeNull();
    expect(serviceConfig({ project: 'current' }, { ...env, folders: [] }).project).toBeNull();
  });
});

describe('doctor CLI lookup', () => {
  test('looks in $TASK_ORCHESTRATOR_CLI, the workspace, then PATH; takes the first that exists', () => {
    const c = cliCandidates({ folders: ['/home/dev/app'], home: '/nonexistent-home', env: { TASK_ORCHESTRATOR_CLI: '/opt/to/cli.mjs', PATH: '/usr/local/bin' } });
    expect(c).toEqual(['/opt/to/cli.mjs', '/home/dev/app/plugin/dist/cli.mjs', '/usr/local/bin/task-orchestrator']);
    expect(findCli(c, (p) => p.startsWith('/home/dev/app'))).toBe('/home/dev/app/plugin/dist/cli.mjs');
    expect(findCli(c, () => false)).toBeNull();
  });
});
