import type { Band } from './metrics';

/**
 * The report's chart as SVG, which n8n shows as a binary: the gain curve (share of conversions found when working
 * the best-scored leads first) beside conversion per score band. No fonts or scripts: plain shapes and text, every
 * text escaped, so a model or stage name cannot inject markup.
 */

export interface GainSeries {
	name: string;
	color: string;
	scores: ArrayLike<number>;
	y: ArrayLike<number>;
}

const W = 760;
const H = 340;
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

/** Points of the gain curve, one per distinct score (ties move together), from (0,0) to (1,1). */
export function gainCurve(scores: ArrayLike<number>, y: ArrayLike<number>): Array<[number, number]> {
	const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
	let positives = 0;
	for (let i = 0; i < y.length; i++) positives += y[i];
	const points: Array<[number, number]> = [[0, 0]];
	let found = 0;
	for (let k = 0; k < order.length; k++) {
		found += y[order[k]];
		if (k + 1 < order.length && scores[order[k + 1]] === scores[order[k]]) continue;
		points.push([(k + 1) / order.length, positives === 0 ? 0 : found / positives]);
	}
	return points;
}

/** At most `max` points of a curve, evenly picked, keeping both ends (a chart needs no 200,000 points). */
function thin(points: Array<[number, number]>, max: number): Array<[number, number]> {
	if (points.length <= max) return points;
	const step = (points.length - 1) / (max - 1);
	return Array.from({ length: max }, (_, k) => points[Math.round(k * step)]);
}

export function chartSvg(title: string, series: readonly GainSeries[], bands: readonly Band[], overallRate: number): string {
	const out: string[] = [];
	out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`);
	out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
	out.push(`<text x="${W / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${escape(title)}</text>`);

	// Left: gain curve.
	const gx = 50, gy = 40, gw = 300, gh = 250;
	out.push(`<text x="${gx + gw / 2}" y="${gy - 6}" text-anchor="middle">Share of conversions found, best-scored leads first</text>`);
	out.push(`<rect x="${gx}" y="${gy}" width="${gw}" height="${gh}" fill="none" stroke="#999"/>`);
	for (const t of [0, 0.25, 0.5, 0.75, 1]) {
		out.push(`<text x="${gx - 4}" y="${fmt(gy + gh - t * gh + 4)}" text-anchor="end">${t * 100}%</text>`);
		out.push(`<text x="${fmt(gx + t * gw)}" y="${gy + gh + 14}" text-anchor="middle">${t * 100}%</text>`);
	}
	out.push(`<text x="${gx + gw / 2}" y="${gy + gh + 28}" text-anchor="middle">Share of leads worked</text>`);
	out.push(`<line x1="${gx}" y1="${gy + gh}" x2="${gx + gw}" y2="${gy}" stroke="#bbb" stroke-dasharray="4 3"/>`);
	series.forEach((s, k) => {
		const path = thin(gainCurve(s.scores, s.y), 400)
			.map(([a, b], i) => `${i === 0 ? 'M' : 'L'}${fmt(gx + a * gw)} ${fmt(gy + gh - b * gh)}`)
			.join(' ');
		out.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
		out.push(`<rect x="${gx + gw - 140}" y="${gy + gh - 40 + k * 16}" width="10" height="10" fill="${s.color}"/>`);
		out.push(`<text x="${gx + gw - 125}" y="${gy + gh - 31 + k * 16}">${escape(s.name)}</text>`);
	});

	// Right: conversion rate per band, best band left, with the overall rate as a line.
	const bx = 430, by = 40, bw = 300, bh = 250;
	const maxRate = Math.max(overallRate, ...bands.map((b) => b.conversionRate), 0.01);
	out.push(`<text x="${bx + bw / 2}" y="${by - 6}" text-anchor="middle">Conversion rate per score band (1 = best scores)</text>`);
	out.push(`<rect x="${bx}" y="${by}" width="${bw}" height="${bh}" fill="none" stroke="#999"/>`);
	const slot = bw / Math.max(1, bands.length);
	bands.forEach((b, k) => {
		const h = (b.conversionRate / maxRate) * (bh - 20);
		out.push(`<rect x="${fmt(bx + k * slot + slot * 0.15)}" y="${fmt(by + bh - h)}" width="${fmt(slot * 0.7)}" height="${fmt(h)}" fill="#3b7dd8"/>`);
		out.push(`<text x="${fmt(bx + k * slot + slot / 2)}" y="${fmt(by + bh - h - 3)}" text-anchor="middle" font-size="9">${fmt(b.conversionRate * 100)}%</text>`);
		out.push(`<text x="${fmt(bx + k * slot + slot / 2)}" y="${by + bh + 14}" text-anchor="middle">${b.band}</text>`);
	});
	const ly = by + bh - (overallRate / maxRate) * (bh - 20);
	out.push(`<line x1="${bx}" y1="${fmt(ly)}" x2="${bx + bw}" y2="${fmt(ly)}" stroke="#d9534f" stroke-dasharray="4 3"/>`);
	out.push(`<text x="${bx + bw - 2}" y="${fmt(ly - 3)}" text-anchor="end" fill="#d9534f">average ${fmt(overallRate * 100)}%</text>`);
	out.push(`<text x="${bx + bw / 2}" y="${by + bh + 28}" text-anchor="middle">Score band</text>`);
	out.push('</svg>');
	return out.join('\n');
}
