/** A file of the desired-state directory, as read by an adapter (file system, git). */
export interface DesiredStateFile {
  /** The file as the user names it, used in diagnostics (e.g. `desired-state/sales/solar-leads.yaml`). */
  path: string;
  /**
   * The file relative to the desired-state root, with `/` separators (e.g. `sales/solar-leads.yaml`).
   * Default `path`. The policy file is the one whose relative path is `cxone-gitops.yaml` (or `.yml`).
   */
  relativePath?: string;
  bytes: Uint8Array;
}

/** Relative paths of the policy file. */
export const POLICY_FILE_NAMES: readonly string[] = ['cxone-gitops.yaml', 'cxone-gitops.yml'];

/** True for the policy file at the root of the desired-state directory. */
export function isPolicyFile(file: DesiredStateFile): boolean {
  return POLICY_FILE_NAMES.includes(file.relativePath ?? file.path);
}
