import type { JournalTables, RequestKeyTables } from '../../journal/index.ts';

/** Every table of the services cell, as the database returns them (integers as bigint). */
export interface ServicesTables extends JournalTables, RequestKeyTables {
  /** A state agency that takes dossiers through the post. */
  services_agency: {
    /** The agency's code, e.g. `H01.TTPVHCC`. */
    code: string;
    name: string;
    /** central, province or commune. */
    level: string;
    province_code: string;
    /** The commune an agency of commune level serves; null above it. */
    commune_code: string | null;
    address: string;
    /** The 5-digit code of the commune the agency sits in: where dossiers are delivered and results collected. */
    commune: string;
    phone: string;
    updated_seq: bigint;
  };
  /** A procedure an agency accepts through the post, in the national catalogue's code. */
  services_procedure: {
    code: string;
    name: string;
    /** Its field (lĩnh vực), e.g. Hộ tịch. */
    field: string;
    agency_code: string;
    /** Canonical JSON: [{ key, name, form: original|copy|either, count }]. */
    documents: string;
    /** The name without marks, for accent-insensitive search. */
    search_key: string;
    /** The agency's fee (lệ phí) and charge (phí), collected for it. */
    agency_fee: bigint;
    agency_charge: bigint;
    /** The post's own tariff for carrying the dossier and for bringing the result back. */
    send_tariff: bigint;
    return_tariff: bigint;
    /** The agency's deadline for the postal channel, in working days from hand-over. */
    deadline_days: bigint;
    /** 1 while offered; 0 once withdrawn (dossiers already taken keep their procedure). */
    active: bigint;
    updated_seq: bigint;
  };
  /** The agency an agency officer's account acts for: it sees and decides only that agency's dossiers. */
  services_agency_officer: {
    staff_id: string;
    agency_code: string;
    assigned_by: string;
    assigned_at: string;
  };
  /** The last serial of dossier codes per office: codes only go up. */
  services_serial: { prefix: string; last: bigint };
  /** A citizen's dossier: sent to an agency, its result brought back, or both. */
  services_dossier: {
    /** HS + the office's postcode + a serial: what the citizen tracks it by. */
    id: string;
    /** send, receive or both. */
    service: string;
    procedure_code: string;
    agency_code: string;
    /** The office that took it in. */
    office_id: string;
    /** counter or address. */
    place: string;
    state: string;
    citizen_name: string;
    citizen_cccd: string;
    citizen_phone: string;
    citizen_address: string;
    citizen_commune: string;
    representative_name: string | null;
    representative_cccd: string | null;
    representative_phone: string | null;
    authorisation_no: string | null;
    /** The authorisation's last day (YYYY-MM-DD). */
    authorisation_until: string | null;
    /** The agency's own number for a dossier lodged with it directly (receive only). */
    agency_ref: string | null;
    /** Canonical JSON: the documents presented, [{ key, form, count }]. */
    documents: string;
    /** Canonical JSON: the keys of the required documents still missing. */
    missing: string;
    seal_no: string | null;
    agency_fee: bigint;
    post_fee: bigint;
    clerk_id: string;
    till_session_id: string | null;
    citizen_signature: string | null;
    clerk_signature: string | null;
    accepted_at: string | null;
    handed_over_at: string | null;
    /** Who received it at the agency, as the delivery's proof names them. */
    received_by: string | null;
    /** The agency's deadline: working days from hand-over. */
    deadline_day: string | null;
    /** The day the agency gave for the result. */
    appointment_day: string | null;
    decision_note: string | null;
    decided_at: string | null;
    closed_at: string | null;
    created_at: string;
    updated_at: string;
    updated_seq: bigint;
  };
  /** A journey of the dossier's papers that the delivery cell carries under an S10 id. */
  services_dossier_leg: {
    dossier_id: string;
    leg_no: bigint;
    /** out (the dossier to the agency), supplement (papers the agency asked for), back (the result). */
    kind: string;
    /** requested (waiting for its item), posted, delivered, returned. */
    state: string;
    item_id: string | null;
    from_office_id: string;
    requested_at: string;
    updated_at: string;
  };
  /** The dossier's history: every step with who took it, where and why. */
  services_dossier_step: {
    dossier_id: string;
    seq: bigint;
    step: string;
    state: string;
    actor: string;
    office_id: string | null;
    at: string;
    note: string | null;
  };
  /** The outbox of SMS messages to citizens. */
  services_notice: {
    id: string;
    dossier_id: string;
    channel: string;
    recipient: string;
    body: string;
    created_at: string;
    sent_at: string | null;
  };
}
