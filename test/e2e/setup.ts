// Each e2e test drives real n8n processes (about 3 s per CLI command); give them room, bounded.
jest.setTimeout(5 * 60 * 1000);
