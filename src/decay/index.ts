export * from './curves';
export * from './storedScore';
