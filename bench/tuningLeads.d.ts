export interface GeneratedLeads {
	leads: Array<{ [key: string]: any }>;
	logits: number[];
}
export function generateTuningLeads(options: { count: number; seed?: number; noiseFields?: number; noiseValues?: number }): GeneratedLeads;
export const TRUE_WEIGHTS: Record<string, unknown>;
export const AS_OF: number;
export const DAY_MS: number;
