export {
  buildNetwork,
  neighbours,
  regionOf,
  zoneBetween,
  ZONES,
  type Network,
  type NetworkOffice,
  type NetworkSnapshot,
  type NetworkSource,
  type Zone,
} from './network.ts';
export {
  quote,
  SERVICE_NAMES,
  SERVICES,
  TARIFF,
  volumetricGrams,
  type Quote,
  type Service,
} from './tariff.ts';
