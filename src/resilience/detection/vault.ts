// The vault's signals: the vault not taking the platform's events for too long (vault_unreachable), and a
// checkpoint the vault countersigned that the cell no longer has as it was (checkpoint_diverged).
import type { DetectionThresholds, DetectorDeps, Finding } from './detection.types.ts';

/** The vault check, with since when the vault has been unreachable or behind. */
export function createVaultCheck(
  deps: Pick<DetectorDeps, 'cells' | 'vault'>,
  t: DetectionThresholds,
  now: () => number,
) {
  let vaultBadSince: number | null = null;

  async function checkVault(out: Finding[]): Promise<void> {
    if (deps.vault === undefined) return;
    const status = await deps.vault();
    // An isolated cell is not shipped on purpose: its lag is the incident's, not the vault's.
    const shipped = status.filter((s) => !s.paused);
    const behind = shipped.filter((s) => s.last_error !== null || s.lag_seconds > t.vaultSeconds);
    if (behind.length === 0) {
      vaultBadSince = null;
    } else {
      vaultBadSince ??= now();
      if (now() - vaultBadSince >= t.vaultSeconds * 1000)
        out.push({
          signal: 'vault_unreachable',
          cell: null,
          severity: 'high',
          message: `The vault has not taken the platform's events for ${Math.round((now() - vaultBadSince) / 1000)} s: ${behind.map((s) => `${s.cell} (${s.last_error ?? `${s.lag_events} events behind`})`).join(', ')}`,
          evidence: { cells: behind },
          key: String(vaultBadSince),
          isolate: false,
        });
    }
    for (const s of shipped) {
      const cell = deps.cells.find((c) => c.name === s.cell);
      if (cell?.checkpoints === undefined || s.witnessed_size === null || s.witnessed_root === null) continue;
      let local: string | undefined;
      try {
        local = (await cell.checkpoints.get(s.witnessed_size)).root;
      } catch (err) {
        // A database that cannot be read is the integrity check's finding, not a history cut short.
        if ((err as { code?: unknown }).code !== 'checkpoint_not_found') continue;
        local = undefined;
      }
      if (local === s.witnessed_root) continue;
      out.push({
        signal: 'checkpoint_diverged',
        cell: s.cell,
        severity: 'critical',
        message:
          local === undefined
            ? `Cell ${s.cell} has no checkpoint of size ${s.witnessed_size}, which the vault countersigned: its history was cut`
            : `Cell ${s.cell}'s checkpoint of size ${s.witnessed_size} has root ${local}, the vault countersigned ${s.witnessed_root}: its history was rewritten`,
        evidence: { size: s.witnessed_size, local_root: local ?? null, witnessed_root: s.witnessed_root },
        key: String(s.witnessed_size),
        isolate: true,
      });
    }
  }

  return { check: checkVault };
}
