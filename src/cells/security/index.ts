import type { CellDefinition } from '../../journal/index.ts';
import { securityMigrations } from './migrations/index.ts';
import { securityEvents } from './security.events.ts';
import type { SecurityTables } from './security-tables.ts';

export { modeRefusal } from './guard.ts';
export { createIncidents } from './incident.service.ts';
export {
  EVIDENCE_GENESIS,
  REQUEST_HOURS,
  type EvidenceInput,
  type EvidenceView,
  type AlertInput,
  type AlertView,
  type CellModeView,
  type Incidents,
  type IncidentsDeps,
  type RequestView,
} from './incident.model.ts';
export { SecurityError, type SecurityErrorCode } from './security-error.ts';
export { INCIDENT_MODES, SIGNALS, type IncidentMode, type Severity, type Signal } from './security.events.ts';
export { securityRoutes } from './security.routes.ts';
export type { SecurityTables } from './security-tables.ts';
export { securityMigrations };

/** The security cell: incident modes of the other cells, two-person requests, detection's alerts. */
export const securityCell: CellDefinition<SecurityTables> = {
  name: 'security',
  migrations: securityMigrations,
  events: securityEvents,
  projections: [
    { table: 'cell_mode', key: ['cell'] },
    { table: 'incident_request', key: ['id'] },
    { table: 'security_alert', key: ['id'] },
    { table: 'evidence', key: ['id'] },
  ],
};
