import { z } from 'zod';
import { defineEvent } from '../../journal/index.ts';
import { canonicalJson } from '../../platform/canonical-json.ts';
import type { SecurityTables } from './security-tables.ts';
import * as repo from './security.repository.ts';

/** The modes a guarded cell can be in, from open to shut. */
export const INCIDENT_MODES = ['normal', 'read-only', 'isolated'] as const;
export type IncidentMode = (typeof INCIDENT_MODES)[number];

export const REQUEST_KINDS = ['set_mode', 'restore', 'keys'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** The keys whose change needs two people. */
export const KEY_NAMES = ['checkpoint', 'secret-box', 'backup'] as const;

export const SIGNALS = [
  'chain_broken',
  'integrity_failed',
  'canary_touched',
  'file_entropy',
  'mass_change',
  'actor_burst',
  'checkpoint_diverged',
  'vault_unreachable',
  'system_transfer_refused',
] as const;
export type Signal = (typeof SIGNALS)[number];

export const SEVERITIES = ['warning', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

const id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-f]{32}$`));
const reason = z.string().min(3).max(500);

export const modeChanged = defineEvent<
  SecurityTables,
  z.ZodType<{
    cell: string;
    mode: IncidentMode;
    previous: IncidentMode;
    reason: string;
    request_id: string | null;
    alert_id: string | null;
  }>
>({
  type: 'security.mode.changed',
  schema: z.strictObject({
    cell: z.string().min(1).max(31),
    mode: z.enum(INCIDENT_MODES),
    previous: z.enum(INCIDENT_MODES),
    reason,
    // The approved request that returned the cell toward service, or the alert that isolated it.
    request_id: id('inr').nullable(),
    alert_id: id('alr').nullable(),
  }),
  async apply(db, e) {
    await repo.saveMode(db, {
      cell: e.payload.cell,
      mode: e.payload.mode,
      reason: e.payload.reason,
      changed_at: e.at,
      changed_by: e.actor,
      request_id: e.payload.request_id,
      alert_id: e.payload.alert_id,
      updated_seq: e.seq,
    });
    if (e.payload.request_id !== null) await repo.markRequestDone(db, e.payload.request_id, e.seq);
  },
});

export const requestMade = defineEvent<
  SecurityTables,
  z.ZodType<{
    id: string;
    kind: RequestKind;
    cell: string | null;
    mode: IncidentMode | null;
    target: string | null;
    reason: string;
    expires_at: string;
  }>
>({
  type: 'security.request.made',
  schema: z.strictObject({
    id: id('inr'),
    kind: z.enum(REQUEST_KINDS),
    cell: z.string().min(1).max(31).nullable(),
    mode: z.enum(INCIDENT_MODES).nullable(),
    target: z.string().min(1).max(100).nullable(),
    reason,
    expires_at: z.iso.datetime(),
  }),
  async apply(db, e) {
    await repo.insertRequest(db, {
      ...e.payload,
      requested_by: e.actor,
      requested_at: e.at,
      status: 'pending',
      decided_by: null,
      decided_at: null,
      decision_reason: null,
      updated_seq: e.seq,
    });
  },
});

export const requestDecided = defineEvent<
  SecurityTables,
  z.ZodType<{ id: string; approved: boolean; reason: string }>
>({
  type: 'security.request.decided',
  schema: z.strictObject({ id: id('inr'), approved: z.boolean(), reason }),
  async apply(db, e) {
    await repo.decideRequest(db, {
      id: e.payload.id,
      status: e.payload.approved ? 'approved' : 'refused',
      decided_by: e.actor,
      decided_at: e.at,
      decision_reason: e.payload.reason,
      updated_seq: e.seq,
    });
  },
});

export const alertRaised = defineEvent<
  SecurityTables,
  z.ZodType<{
    id: string;
    signal: Signal;
    cell: string | null;
    severity: Severity;
    message: string;
    evidence: Record<string, unknown>;
    dedupe_key: string;
  }>
>({
  type: 'security.alert.raised',
  schema: z.strictObject({
    id: id('alr'),
    signal: z.enum(SIGNALS),
    cell: z.string().min(1).max(31).nullable(),
    severity: z.enum(SEVERITIES),
    message: z.string().min(1).max(1000),
    evidence: z.record(z.string(), z.unknown()),
    dedupe_key: z.string().max(200),
  }),
  async apply(db, e) {
    await repo.insertAlert(db, {
      ...e.payload,
      // Canonical, so that the row is the same whether the event was just appended or replayed.
      evidence: canonicalJson(e.payload.evidence),
      raised_at: e.at,
      acknowledged_by: null,
      acknowledged_at: null,
      acknowledge_note: null,
      raised_seq: e.seq,
    });
  },
});

export const alertAcknowledged = defineEvent<SecurityTables, z.ZodType<{ id: string; note: string }>>({
  type: 'security.alert.acknowledged',
  schema: z.strictObject({ id: id('alr'), note: reason }),
  async apply(db, e) {
    await repo.acknowledgeAlert(db, e.payload.id, e.actor, e.at, e.payload.note);
  },
});

export const evidenceCaptured = defineEvent<
  SecurityTables,
  z.ZodType<{
    id: string;
    cell: string | null;
    reason: string;
    sha256: string;
    prev_sha256: string;
    files: number;
    signature: string;
    key_id: string;
  }>
>({
  type: 'security.evidence.captured',
  schema: z.strictObject({
    id: id('evd'),
    cell: z.string().min(1).max(31).nullable(),
    reason: z.string().min(1).max(500),
    // The manifest's hash, and the hash of the manifest before it: the chain of custody.
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    prev_sha256: z.string().regex(/^[0-9a-f]{64}$/),
    files: z.number().int().min(0),
    signature: z.string().min(1).max(200),
    key_id: z.string().min(1).max(64),
  }),
  async apply(db, e) {
    await repo.insertEvidence(db, {
      ...e.payload,
      files: BigInt(e.payload.files),
      captured_at: e.at,
      captured_by: e.actor,
      captured_seq: e.seq,
    });
  },
});

export const restoreApplied = defineEvent<
  SecurityTables,
  z.ZodType<{ request_id: string; cell: string; head_seq: string; report_sha256: string; kept: string }>
>({
  type: 'security.restore.applied',
  schema: z.strictObject({
    request_id: id('inr'),
    cell: z.string().min(1).max(31),
    // The restored cell's newest event, the restore report's hash, and where the replaced data was kept.
    head_seq: z.string().regex(/^\d{1,19}$/),
    report_sha256: z.string().regex(/^[0-9a-f]{64}$/),
    kept: z.string().min(1).max(500),
  }),
  async apply(db, e) {
    await repo.markRequestDone(db, e.payload.request_id, e.seq);
  },
});

/**
 * A key was changed on an approved `keys` request (its second person's approval), by the operator who ran
 * the command: the new key's fingerprint (SHA-256 of its public half), never the key.
 */
export const keysChanged = defineEvent<
  SecurityTables,
  z.ZodType<{ request_id: string; key: (typeof KEY_NAMES)[number]; fingerprint: string }>
>({
  type: 'security.keys.changed',
  schema: z.strictObject({
    request_id: id('inr'),
    key: z.enum(KEY_NAMES),
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  async apply(db, e) {
    await repo.markRequestDone(db, e.payload.request_id, e.seq);
  },
});

export const securityEvents = [
  modeChanged,
  requestMade,
  requestDecided,
  alertRaised,
  alertAcknowledged,
  evidenceCaptured,
  restoreApplied,
  keysChanged,
];
