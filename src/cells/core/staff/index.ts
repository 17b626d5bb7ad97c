export { DEMO_PASSWORD, DEMO_PRIVILEGED, DEMO_TOTP_SECRET, demoStaff } from './staff.demo.ts';
export { staffAdded, staffEvents } from './staff.events.ts';
export { staffRoutes, staffSchema } from './staff.routes.ts';
export {
  createStaff,
  type AddStaffInput,
  type Staff,
  type StaffDeps,
  type StaffService,
} from './staff.service.ts';
