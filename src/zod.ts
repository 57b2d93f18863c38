/**
 * The one door to zod. The build bundles this module, zod included, into dist/src/zod.js (gulpfile.js
 * `bundleZod`), so the package ships with no runtime dependency (n8n's verification rejects any) and validates
 * with the zod version it was tested with, not with whatever zod the n8n instance happens to carry.
 */
export { z } from 'zod/v4';
