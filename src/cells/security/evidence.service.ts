// The chain of custody: each captured manifest journaled only as the successor of the newest one.
import { found } from '../../platform/errors.ts';
import { EVIDENCE_GENESIS, toEvidence, type Incidents, type IncidentsDeps } from './incident.model.ts';
import { SecurityError } from './security-error.ts';
import { evidenceCaptured } from './security.events.ts';
import * as repo from './security.repository.ts';

type EvidenceJobs = Pick<Incidents, 'lastEvidenceHash' | 'recordEvidence' | 'evidence' | 'getEvidence'>;

/** The evidence records of the incident service. */
export function createEvidence(deps: IncidentsDeps): EvidenceJobs {
  const { db, journal } = deps;
  const self: EvidenceJobs = {
    async lastEvidenceHash() {
      return (await repo.lastEvidence(db))?.sha256 ?? EVIDENCE_GENESIS;
    },
    async recordEvidence(input, actor) {
      await journal.transaction(async (trx) => {
        // Under the journal's lock: two captures at once cannot both extend the same link.
        await journal.lock(trx);
        const last = (await repo.lastEvidence(trx))?.sha256 ?? EVIDENCE_GENESIS;
        if (input.prev_sha256 !== last)
          throw new SecurityError(
            'invalid_incident',
            `Evidence ${input.id} names ${input.prev_sha256} as the manifest before it, but the chain of custody ends at ${last}: capture it again`,
            'Biên bản chứng cứ không nối tiếp chuỗi lưu giữ; hãy thu thập lại',
            { field: 'prev_sha256' },
          );
        await journal.append(trx, evidenceCaptured, {
          stream: `evidence:${input.id}`,
          actor,
          payload: input,
        });
      });
      return self.getEvidence(input.id);
    },
    async evidence(f) {
      const page = await repo.listEvidence(db, f);
      return { items: page.items.map(toEvidence), total: page.total };
    },
    async getEvidence(id) {
      const r = found(
        await repo.findEvidence(db, id),
        () =>
          new SecurityError('evidence_not_found', `No evidence ${id}`, 'Không tìm thấy biên bản chứng cứ', {
            id,
          }),
      );
      return toEvidence(r);
    },
  };
  return self;
}
