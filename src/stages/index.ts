export * from './ladder';
export * from './classify';
