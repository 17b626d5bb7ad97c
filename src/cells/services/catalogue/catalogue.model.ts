// The catalogue's shapes: an agency, a procedure it takes through the post, and the documents it requires.

/** How a required document must be presented. */
export type DocumentForm = 'original' | 'copy' | 'either';

/** A document a procedure requires: its key within the procedure, its name, its form and how many. */
export interface RequiredDocument {
  key: string;
  name: string;
  form: DocumentForm;
  count: number;
}

export type AgencyLevel = 'central' | 'province' | 'commune';

/** A state agency that takes dossiers through the post. */
export interface Agency {
  code: string;
  name: string;
  level: AgencyLevel;
  province_code: string;
  commune_code: string | null;
  address: string;
  /** The commune it sits in: where its dossiers are delivered and its results collected. */
  commune: string;
  phone: string;
}

/** A procedure of the national catalogue that an agency accepts through the post. */
export interface Procedure {
  code: string;
  name: string;
  field: string;
  agency_code: string;
  documents: RequiredDocument[];
  agency_fee: bigint;
  agency_charge: bigint;
  send_tariff: bigint;
  return_tariff: bigint;
  deadline_days: number;
  active: boolean;
}
