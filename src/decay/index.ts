export * from './curves';
