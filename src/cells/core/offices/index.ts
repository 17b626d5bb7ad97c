export { demoOfficeNetwork } from './office.demo.ts';
export { NATIONAL_OFFICE_TYPES, officeEvents, OFFICE_TYPES, type OfficeType } from './office.events.ts';
export {
  createOffices,
  type Office,
  type OfficeListQuery,
  type OfficeNode,
  type Offices,
  type OfficesDeps,
  type OpenOfficeInput,
} from './office.service.ts';
