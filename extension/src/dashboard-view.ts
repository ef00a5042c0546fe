/**
 * The immune dashboard view: read only while it is visible (it starts collapsed), so a closed dashboard
 * costs nothing on each refresh.
 */
import type * as vscode from 'vscode';
import type { StateService } from './state-service.js';
import { StateView } from './view-base.js';

export class DashboardView implements vscode.Disposable {
  readonly view: StateView;

  constructor(extensionUri: vscode.Uri, private readonly service: StateService, private readonly days = 7) {
    this.view = new StateView(extensionUri, 'dashboard', { onWantsState: () => void this.refresh(true) });
  }

  /** Reads and sends the dashboard; unless `force`, only when the view is visible. */
  async refresh(force = false): Promise<void> {
    if (!force && !this.view.visible) return;
    this.view.show({ type: 'dashboard', state: await this.service.dashboard(Date.now(), this.days) });
  }

  dispose(): void {
    this.view.dispose();
  }
}
