export { demoOfficeNetwork } from './office.demo.ts';
export { officeRoutes } from './office.routes.ts';
export { NATIONAL_OFFICE_TYPES, officeEvents, OFFICE_TYPES, type OfficeType } from './office.events.ts';
export {
  createOffices,
  officeTarget,
  type Office,
  type OfficeListQuery,
  type OfficeNode,
  type Offices,
  type OfficesDeps,
  type OpenOfficeInput,
} from './office.service.ts';
