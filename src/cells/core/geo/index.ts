export { geoEvents, provinceLoaded, provinceSchema, type ProvinceInput } from './geo.events.ts';
export { geoRoutes } from './geo.routes.ts';
export {
  createGeo,
  parseDivisions,
  type Commune,
  type Geo,
  type GeoDeps,
  type LoadResult,
  type Page,
  type PageRequest,
  type Province,
} from './geo.service.ts';
