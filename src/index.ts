/** The shared core: plain TypeScript, no n8n imports. Nodes and scripts use it through this entry. */
export * from './errors';
export * from './fields';
export * from './time';
export { parseWithSchema } from './validation';
export * from './conditions';
export * from './decay';
export * from './scoring';
export * from './routing';
export * from './stages';
export * from './numbers';
export * from './tuning';
