import type { JournalTables } from '../../journal/index.ts';

/** Every table of the core cell, as the database returns them (integers as bigint). */
export interface CoreTables extends JournalTables {
  geo_province: {
    code: string;
    name: string;
    type: string;
    phone_code: string | null;
    search_key: string;
    loaded_seq: bigint;
  };
  office: {
    id: string;
    type: string;
    name: string;
    postcode: string;
    province_code: string | null;
    commune_code: string | null;
    address: string;
    phone: string | null;
    opening_hours: string;
    parent_id: string | null;
    status: string;
    opened_at: string;
    closed_at: string | null;
    close_reason: string | null;
    search_key: string;
    updated_seq: bigint;
  };
  staff: {
    id: string;
    username: string;
    full_name: string;
    search_key: string;
    cccd: string | null;
    phone: string;
    office_id: string;
    /** The roles as a JSON array, sorted. */
    roles: string;
    password_hash: string;
    status: string;
    created_at: string;
    disabled_at: string | null;
    disabled_reason: string | null;
    updated_seq: bigint;
  };
  auth_session: {
    secret_hash: string;
    staff_id: string;
    created_at: string;
    expires_at: string;
    ended_at: string | null;
  };
  auth_lockout: { staff_id: string; failures: bigint; locked_until: string | null };
  auth_totp: {
    staff_id: string;
    /** The TOTP seed sealed by the server's secret box, bound to the staff id. */
    sealed_secret: string;
    enrolled_at: string;
    /** The last 30-second step a code was accepted for; a code at or before it is a replay. */
    last_step: bigint | null;
  };
  api_token: {
    id: string;
    secret_hash: string;
    staff_id: string;
    name: string;
    /** The permissions as a JSON array, sorted. */
    permissions: string;
    office_id: string | null;
    created_at: string;
    expires_at: string;
    revoked_at: string | null;
    revoked_reason: string | null;
  };
  geo_commune: {
    code: string;
    province_code: string;
    name: string;
    type: string;
    search_key: string;
  };
}
