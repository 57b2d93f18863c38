#!/usr/bin/env node
'use strict';
// Reads the output of `n8n execute --rawOutput` on stdin and prints the items of the last node that ran
// as a table ranked by score: lead, score, grade, stage, owner and the strongest reasons.

const input = require('fs').readFileSync(0, 'utf8');
const lines = input.split('\n');
// Task-runner and license lines come before the JSON; it starts at a line that is exactly "{".
const execution = JSON.parse(lines.slice(lines.indexOf('{'), lines.lastIndexOf('}') + 1).join('\n'));
const { runData, lastNodeExecuted, error } = execution.data.resultData;
if (error) {
  console.error(`The workflow failed in "${lastNodeExecuted}": ${error.message}`);
  process.exit(1);
}
const runs = runData[lastNodeExecuted];
const leads = runs[runs.length - 1].data.main.flat().filter(Boolean).map((item) => item.json);

const scoreOf = (lead) => lead.leadScore?.score ?? lead.score;
const topReasons = (lead) =>
  (lead.leadScore?.explanation?.contributions ?? [])
    .filter((c) => c.points !== 0)
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points))
    .slice(0, 3)
    .map((c) => `${c.label ?? c.rule} ${c.points > 0 ? '+' : ''}${c.points}`)
    .join(', ');
const rows = leads
  .sort((a, b) => (scoreOf(b) ?? -Infinity) - (scoreOf(a) ?? -Infinity))
  .map((lead) => [
    String(lead.name ?? lead.email ?? lead.id ?? ''),
    String(scoreOf(lead) ?? ''),
    String(lead.leadScore?.label ?? lead.leadScore?.grade ?? lead.grade ?? ''),
    String(lead.leadStage?.stage ?? lead.stage ?? ''),
    String(lead.routing?.rep?.name ?? lead.routing?.owner ?? lead.owner ?? ''),
    lead.error ? `error: ${lead.error.message ?? lead.error}` : topReasons(lead),
  ]);
const header = ['Lead', 'Score', 'Grade', 'Stage', 'Owner', 'Top reasons'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
const format = (row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ');
console.log(format(header));
console.log(widths.map((width) => '-'.repeat(width)).join('  '));
rows.forEach((row) => console.log(format(row)));
console.log(`\n${rows.length} leads from "${lastNodeExecuted}" (${execution.status}).`);
