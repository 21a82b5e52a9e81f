/** One file (or config entry) install/uninstall looked at, what happened to it and why. */
export interface InstallAction {
  target: string;
  action: InstallActionKind;
  detail: string;
  /** For changes and dry runs: the exact change as a unified-style diff or snippet. */
  diff?: string;
}

export interface InstallReport {
  actions: InstallAction[];
  /** Notes for the user: things skipped, commands they still need to run, snippets to paste. */
  messages: string[];
}

const DRY = { created: 'would-create', updated: 'would-update', removed: 'would-remove', restored: 'would-restore' } as const;
type InstallActionKind = keyof typeof DRY | (typeof DRY)[keyof typeof DRY] | 'unchanged' | 'skipped';

/** The action a dry run reports instead of doing `kind`. */
export function actionFor(kind: keyof typeof DRY, dryRun: boolean): InstallActionKind {
  return dryRun ? DRY[kind] : kind;
}
