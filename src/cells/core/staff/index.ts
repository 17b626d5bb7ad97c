export { staffEvents } from './staff.events.ts';
export {
  createStaff,
  type AddStaffInput,
  type Staff,
  type StaffDeps,
  type StaffService,
} from './staff.service.ts';
