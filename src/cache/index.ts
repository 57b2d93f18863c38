export * from './lru';
export * from './compiledSettings';
