// The webviews' HTML: strict CSP with a fresh nonce, resources through asWebviewUri, the root element ids.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as vscode from 'vscode';
import { stylesFor, viewHtml, webviewOptions } from '../../../extension/src/html.js';
import { fakeWebviewView } from './vscode-stub.js';

const EXT = vscode.Uri.file('/home/dev/ext');
const webview = fakeWebviewView().view.webview as unknown as vscode.Webview;
const csp = (html: string): string => /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;

describe('viewHtml', () => {
  test.each(['inbox', 'dashboard', 'cost'] as const)('%s: strict CSP, nonce on the one script, resources from dist/webview', (name) => {
    const html = viewHtml(webview, EXT, name, vscode.Uri.joinPath, ['common.css', `${name}.css`]);
    const policy = csp(html);
    const nonce = /script-src 'nonce-([^']+)'/.exec(policy)![1]!;
    expect(policy).toBe(`default-src 'none'; script-src 'nonce-${nonce}'; style-src ${webview.cspSource}; img-src ${webview.cspSource} data:; font-src ${webview.cspSource}`);
    expect(policy).not.toMatch(/unsafe/);
    expect(html).toContain(`<main id="${name}-root"`);
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts).toEqual([` nonce="${nonce}" src="https://test.vscode-cdn.example/home/dev/ext/dist/webview/${name}.js"`]);
    expect([...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'https://test.vscode-cdn.example/home/dev/ext/dist/webview/common.css',
      `https://test.vscode-cdn.example/home/dev/ext/dist/webview/${name}.css`,
    ]);
    expect(html).not.toMatch(/style=|<style/);
  });

  test('a fresh nonce for every render', () => {
    const nonces = new Set(Array.from({ length: 20 }, () => /'nonce-([^']+)'/.exec(viewHtml(webview, EXT, 'inbox', vscode.Uri.joinPath))![1]));
    expect(nonces.size).toBe(20);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  test('scripts on, local resources only from dist/webview', () => {
    const o = webviewOptions(EXT, vscode.Uri.joinPath);
    expect(o.enableScripts).toBe(true);
    expect(o.localResourceRoots!.map((u) => u.fsPath)).toEqual(['/home/dev/ext/dist/webview']);
  });

  test('links only the stylesheets the build produced', () => {
    const dir = mkdtempSync(join(tmpdir(), 'to-ext-css-'));
    try {
      writeFileSync(join(dir, 'common.css'), '');
      writeFileSync(join(dir, 'inbox.css'), '');
      expect(stylesFor('inbox', dir)).toEqual(['common.css', 'inbox.css']);
      expect(stylesFor('cost', dir)).toEqual(['common.css']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
