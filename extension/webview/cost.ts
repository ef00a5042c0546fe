/** Entry of the cost webview bundle. */
import { mountCost } from './cost-view.js';
import { hostChannel, vscodeApi } from './vscode-api.js';

const root = document.getElementById('cost-root');
if (!root) throw new Error('cost webview: the page has no element with id "cost-root"');
/** The mounted view (exported so a test can dispose it; the IIFE bundle ignores it). */
export const view = mountCost(root, hostChannel(vscodeApi()));
