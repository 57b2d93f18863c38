import fc from 'fast-check';

// Property tests draw from a fixed seed so a CI run is reproducible; FC_SEED=<n> explores other draws locally.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261122) });
