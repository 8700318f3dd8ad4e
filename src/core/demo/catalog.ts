/**
 * The cast of the demo: routes, caller numbers, destinations and the ordinary outcome mix of an
 * outbound dialer. Numbers use the 555-01xx range, reserved for fiction in the NANP.
 */
export const ROUTES = ['telco-east', 'telco-west', 'sipline', 'voxroute'] as const;
/** Share of traffic each route carries (least-cost routing spreads every number across them). */
export const ROUTE_WEIGHTS = [0.34, 0.28, 0.22, 0.16];

/** NANP destination area codes with their state, and their share of destination traffic. */
export const NANP_REGIONS: Array<{ npa: string; state: string; weight: number }> = [
  { npa: '212', state: 'NY', weight: 6 },
  { npa: '718', state: 'NY', weight: 5 },
  { npa: '213', state: 'CA', weight: 6 },
  { npa: '310', state: 'CA', weight: 5 },
  { npa: '415', state: 'CA', weight: 4 },
  { npa: '312', state: 'IL', weight: 5 },
  { npa: '773', state: 'IL', weight: 3 },
  { npa: '713', state: 'TX', weight: 5 },
  { npa: '214', state: 'TX', weight: 4 },
  { npa: '512', state: 'TX', weight: 3 },
  { npa: '305', state: 'FL', weight: 4 },
  { npa: '407', state: 'FL', weight: 3 },
  { npa: '404', state: 'GA', weight: 4 },
  { npa: '617', state: 'MA', weight: 3 },
  { npa: '206', state: 'WA', weight: 3 },
  { npa: '602', state: 'AZ', weight: 3 },
  { npa: '303', state: 'CO', weight: 3 },
  { npa: '215', state: 'PA', weight: 3 },
  { npa: '614', state: 'OH', weight: 2 },
  { npa: '313', state: 'MI', weight: 2 },
  { npa: '612', state: 'MN', weight: 2 },
  { npa: '702', state: 'NV', weight: 2 },
  { npa: '615', state: 'TN', weight: 2 },
  { npa: '504', state: 'LA', weight: 1 },
  { npa: '801', state: 'UT', weight: 1 },
  { npa: '416', state: 'ON', weight: 2 },
  { npa: '604', state: 'BC', weight: 1 },
];

/** International destinations: ISO country, E.164 prefix, digits after it, share. */
export const INTL_REGIONS: Array<{ country: string; prefix: string; digits: number; weight: number }> = [
  { country: 'GB', prefix: '+447700900', digits: 3, weight: 4 },
  { country: 'MX', prefix: '+5255', digits: 8, weight: 4 },
  { country: 'DE', prefix: '+4930', digits: 8, weight: 2 },
  { country: 'IN', prefix: '+9198', digits: 8, weight: 2 },
  { country: 'PH', prefix: '+63917', digits: 7, weight: 2 },
  { country: 'AU', prefix: '+61491570', digits: 3, weight: 1 },
];
/** Share of calls that go abroad. */
export const INTL_SHARE = 0.12;

/** Caller numbers' own area codes (state) for the dialer's number pool. */
export const CALLER_NPAS: Array<{ npa: string; state: string }> = [
  { npa: '212', state: 'NY' },
  { npa: '312', state: 'IL' },
  { npa: '415', state: 'CA' },
  { npa: '617', state: 'MA' },
  { npa: '713', state: 'TX' },
  { npa: '305', state: 'FL' },
  { npa: '206', state: 'WA' },
  { npa: '404', state: 'GA' },
];

/** Ordinary final responses of an outbound dialer, with weights (percent). Background 403 is ~0.3%. */
export const OUTCOMES: Array<{ code: number; reason: string; q850: number | null; weight: number }> = [
  { code: 200, reason: 'OK', q850: 16, weight: 40 },
  { code: 487, reason: 'Request Terminated', q850: 16, weight: 20 },
  { code: 480, reason: 'Temporarily Unavailable', q850: 18, weight: 14.5 },
  { code: 486, reason: 'Busy Here', q850: 17, weight: 12 },
  { code: 408, reason: 'Request Timeout', q850: 102, weight: 5 },
  { code: 404, reason: 'Not Found', q850: 1, weight: 4.5 },
  { code: 503, reason: 'Service Unavailable', q850: 34, weight: 3.7 },
  { code: 403, reason: 'Forbidden', q850: 21, weight: 0.3 },
];

/**
 * Relative call volume by UTC hour: a US dialer works 08:00-20:00 Eastern to Pacific, so traffic
 * rises from 12:00 UTC, peaks 15:00-21:00 UTC and is near zero overnight.
 */
export const HOURLY_VOLUME = [
  3, 2, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 3, 8, 12, 15, 17, 18, 18, 17, 16, 15, 12, 8, 5,
];
