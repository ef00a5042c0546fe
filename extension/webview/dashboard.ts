/** Entry of the immune dashboard webview bundle. */
import { mountDashboard } from './dashboard-view.js';
import { hostChannel, vscodeApi } from './vscode-api.js';

const root = document.getElementById('dashboard-root');
if (!root) throw new Error('dashboard webview: the page has no element with id "dashboard-root"');
/** The mounted view (exported so a test can dispose it; the IIFE bundle ignores it). */
export const view = mountDashboard(root, hostChannel(vscodeApi()));
