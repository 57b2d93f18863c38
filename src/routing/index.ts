export * from './businessHours';
export * from './hash';
export * from './message';
export * from './methods';
export * from './priority';
export * from './reps';
export * from './route';
export * from './rules';
