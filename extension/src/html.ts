/**
 * The webviews' HTML: a strict Content-Security-Policy (nothing but our own scripts, styles and images),
 * a fresh nonce per render, resources through asWebviewUri from dist/webview/.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as vscode from 'vscode';

export type ViewName = 'inbox' | 'dashboard' | 'cost';

/**
 * A nonce for one render: 128 random bits, base64.
 * @example makeNonce() // 'mZ3q0v8Gx1…=='
 */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The webview options: scripts on, resources only from dist/webview.
 * @example view.webview.options = webviewOptions(context.extensionUri)
 */
export function webviewOptions(extensionUri: vscode.Uri, joinPath: (base: vscode.Uri, ...p: string[]) => vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [joinPath(extensionUri, 'dist', 'webview')] };
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The stylesheets of view `name` that the build put in `webviewDir`: the shared common.css, then its own.
 * @example stylesFor('inbox', join(extensionPath, 'dist', 'webview')) // ['common.css', 'inbox.css']
 */
export function stylesFor(name: ViewName, webviewDir: string): string[] {
  return ['common.css', `${name}.css`].filter((f) => existsSync(join(webviewDir, f)));
}

/**
 * The document of view `name`: its root element `<name>-root`, its script `<name>.js` and `styles`.
 * @example view.webview.html = viewHtml(view.webview, context.extensionUri, 'inbox', vscode.Uri.joinPath, ['common.css', 'inbox.css'])
 */
export function viewHtml(
  webview: Pick<vscode.Webview, 'asWebviewUri' | 'cspSource'>,
  extensionUri: vscode.Uri,
  name: ViewName,
  joinPath: (base: vscode.Uri, ...p: string[]) => vscode.Uri,
  styles: readonly string[] = [`${name}.css`],
  nonce: string = makeNonce(),
): string {
  const asset = (file: string): string => escapeAttr(webview.asWebviewUri(joinPath(extensionUri, 'dist', 'webview', file)).toString());
  const src = webview.cspSource;
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${src}`,
    `img-src ${src} data:`,
    `font-src ${src}`,
  ].join('; ');
  const title = { inbox: 'Approval inbox', dashboard: 'Immune dashboard', cost: 'Cost' }[name];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles.map((f) => `<link rel="stylesheet" href="${asset(f)}">`).join('\n')}
<title>${title}</title>
</head>
<body>
<main id="${name}-root" aria-label="${title}"></main>
<script nonce="${nonce}" src="${asset(`${name}.js`)}"></script>
</body>
</html>`;
}
