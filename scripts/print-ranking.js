#!/usr/bin/env node
'use strict';
// Reads the output of `n8n execute --rawOutput` on stdin and prints, ranked by score, every lead that reached an
// end of the workflow: the items of every node output that is connected to nothing, from every branch and every
// run (a node fed by two outputs runs twice). Pass the workflow JSON (the template) as the first argument so the
// ends are read from its connections; without it, they are inferred from the execution (which outputs fed a node).
//   node scripts/print-ranking.js templates/demo-ranking.json < run.json

const fs = require('fs');

/** The execution as printed by `n8n execute --rawOutput` (task-runner lines come before the JSON). */
function parseExecution(text) {
  const lines = text.split('\n');
  return JSON.parse(lines.slice(lines.indexOf('{'), lines.lastIndexOf('}') + 1).join('\n'));
}

/** Whether output `index` of node `name` leads somewhere in the workflow. */
function isConnected(workflow, name, index) {
  const targets = workflow.connections?.[name]?.main?.[index];
  return Array.isArray(targets) && targets.length > 0;
}

/** The outputs ("node|index") that fed another node in this execution, read from each run's source. */
function outputsThatFed(runData) {
  const fed = new Set();
  for (const runs of Object.values(runData)) {
    for (const run of runs) {
      for (const source of run.source ?? []) if (source) fed.add(`${source.previousNode}|${source.previousNodeOutput ?? 0}`);
    }
  }
  return fed;
}

/**
 * Every item that left on an output connected to nothing, in run order: { node, output, run, item }.
 * Without the workflow, an output counts as connected when it fed another node in this execution (an output that
 * fed nothing had no items, or leads nowhere).
 */
function workflowEnds(execution, workflow) {
  const ends = [];
  const { runData } = execution.data.resultData;
  const fed = workflow ? undefined : outputsThatFed(runData);
  for (const [node, runs] of Object.entries(runData)) {
    runs.forEach((run, runIndex) => {
      (run.data?.main ?? []).forEach((items, output) => {
        const connected = workflow ? isConnected(workflow, node, output) : fed.has(`${node}|${output}`);
        if (connected) return;
        for (const item of items ?? []) ends.push({ node, output, run: runIndex, item });
      });
    });
  }
  return ends;
}

/** The name n8n shows for an output: the node's own name for it, or its index. */
function outputName(workflow, node, output) {
  const names = workflow?.nodes?.find((n) => n.name === node)?.outputNames;
  return names?.[output] ?? String(output);
}

function printRanking(execution, workflow, log = console.log) {
  const { error, lastNodeExecuted } = execution.data.resultData;
  if (error) log(`The workflow stopped in "${lastNodeExecuted}": ${error.message}\n`);
  const ends = workflowEnds(execution, workflow);
  const scoreOf = (lead) => lead.decay?.score ?? lead.leadScore?.score ?? lead.score;
  const topReasons = (lead) => (Array.isArray(lead.leadScore?.topReasons) ? lead.leadScore.topReasons.join(', ') : '');
  const errorText = (lead) => (lead.error ? `error${lead.error.node ? ` in ${lead.error.node}` : ''}: ${lead.error.message ?? lead.error}` : '');
  const rows = ends
    .map(({ node, output, item }) => ({ lead: item.json, end: `${node} (${outputName(workflow, node, output)})` }))
    .sort((a, b) => (scoreOf(b.lead) ?? -Infinity) - (scoreOf(a.lead) ?? -Infinity))
    .map(({ lead, end }) => [
      String(lead.name ?? lead.email ?? lead.id ?? ''),
      String(scoreOf(lead) ?? ''),
      String(lead.leadScore?.label ?? lead.leadScore?.grade ?? lead.grade ?? ''),
      String(lead.leadStage?.stage ?? lead.stage ?? ''),
      String(lead.routing?.rep?.name ?? lead.routing?.owner ?? lead.owner ?? ''),
      end,
      errorText(lead) || topReasons(lead),
    ]);
  const header = ['Lead', 'Score', 'Grade', 'Stage', 'Owner', 'Ended at', 'Top reasons'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const format = (row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ');
  log(format(header));
  log(widths.map((width) => '-'.repeat(width)).join('  '));
  rows.forEach((row) => log(format(row)));
  const endNames = [...new Set(ends.map(({ node }) => node))];
  log(`\n${rows.length} leads reached an end of the workflow (${endNames.map((n) => `"${n}"`).join(', ') || 'none'}; ${execution.status}).`);
  return rows.length;
}

module.exports = { parseExecution, workflowEnds, printRanking };

if (require.main === module) {
  const workflow = process.argv[2] ? JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) : undefined;
  const execution = parseExecution(fs.readFileSync(0, 'utf8'));
  printRanking(execution, workflow);
  if (execution.data.resultData.error) process.exit(1);
}
