import {
  CUSTOMS_API, type GuideItemDto, type PortsGlanceDto, type LookupDto, type PortDto, type PortWaitDto, type WaitDirection, type WaitMode, type WaitReportResultDto,
} from '@bay/shared';
import { request } from '../../services/request';

/* Typed calls to the customs endpoints (shared CUSTOMS_API); kept in the subpackage. */
export const customsApi = {
  ports: () => request<{ items: PortDto[] }>(CUSTOMS_API.ports).then((r) => r.items),
  port: (id: string) => request<PortDto>(CUSTOMS_API.port(id)),
  glance: () => request<PortsGlanceDto>(CUSTOMS_API.waits),
  wait: (id: string) => request<PortWaitDto>(CUSTOMS_API.portWait(id)),
  report: (id: string, body: { direction: WaitDirection; mode: WaitMode; minutes: number }) =>
    request<WaitReportResultDto>(CUSTOMS_API.waitReports(id), { method: 'POST', body }),
  guide: () => request<{ items: GuideItemDto[] }>(CUSTOMS_API.guide).then((r) => r.items),
  lookup: (q: string) => request<LookupDto>(CUSTOMS_API.lookup, { query: { q } }),
};

export const routesCustoms = {
  index: '/packages/customs/index/index',
  port: (id: string) => `/packages/customs/port/index?id=${encodeURIComponent(id)}`,
  guide: '/packages/customs/guide/index',
};
