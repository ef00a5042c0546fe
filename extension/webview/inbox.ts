/** Entry of the inbox webview bundle. */
import { mountInbox } from './inbox-view.js';
import { hostChannel, vscodeApi } from './vscode-api.js';

const root = document.getElementById('inbox-root');
if (!root) throw new Error('inbox webview: the page has no element with id "inbox-root"');
/** The mounted view (exported so a test can dispose it; the IIFE bundle ignores it). */
export const view = mountInbox(root, hostChannel(vscodeApi()));
