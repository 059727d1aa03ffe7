// bench/RESULTS.md: the record of one `npm run bench`. Figures mean little without the machine,
// the date and the command beside them, and a terminal scrollback is lost, so bench/run.mjs adds
// each section here as it finishes and writes the file once at the end: through a temporary file
// renamed into place, so a run stopped half-way leaves the previous record whole.
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type, version } from 'node:os';
import { relative } from 'node:path';
import { chromiumPath } from '../tests/support/chromium.mjs';

/** `section` is the one section asked for (undefined for a full run); argv as given to run.mjs. */
export function startResults({ argv, section }) {
  const started = new Date();
  const load = loadavg();
  const sections = [];
  const add = (entry) => sections.push({ tables: [], notes: [], ...entry });
  return {
    get failed() {
      return sections.filter((s) => s.failure).length;
    },
    /** A browser section: its window.__bench object as a Figure | Value table. */
    addFigures(title, how, figures, notes = []) {
      add({ title, how, notes, tables: [{ head: ['Figure', 'Value'], rows: Object.entries(figures) }] });
    },
    /** A child script: its own tables when it wrote them (bench/capture.mjs), else its output as text. */
    addChild(title, args, outcome) {
      const how = `node ${args.join(' ')}`;
      const failure =
        outcome.status === 0 ? undefined : outcome.signal ? `failed, killed by ${outcome.signal}` : `failed, exit ${outcome.status}`;
      const text = outcome.tables.length === 0 || failure ? outcome.stdout.trim() : undefined;
      add({
        title,
        how,
        failure,
        text,
        errors: failure ? lastLines(outcome.stderr, 30) : undefined,
        tables: outcome.tables,
        notes: outcome.notes,
      });
    },
    addFailure(title, how, error, notes = []) {
      add({ title, how, notes, failure: 'failed', errors: lastLines(error?.stack ?? String(error), 30) });
    },
    addSkipped(title, reason) {
      add({ title, notes: [`skipped: ${reason}`] });
    },
    write(file) {
      const markdown = render({ argv, section, started, finished: new Date(), load, sections });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, markdown);
      renameSync(temporary, file);
    },
  };
}

function render({ argv, section, started, finished, load, sections }) {
  const failed = sections.filter((s) => s.failure);
  const out = [
    '# Benchmark results',
    '',
    'Figures from one run on a shared, noisy machine (other jobs run beside it, so times move from run to run).',
    'Read the ratios, each against a baseline measured side by side in the same run, not the milliseconds.',
    '',
  ];
  if (section) {
    out.push(
      `**Partial run:** only the \`${section}\` section (written because of \`--results\`); a full \`npm run bench\` writes every section.`,
      '',
    );
  }
  if (failed.length) out.push(`**${failed.length} of ${sections.length} sections failed:** ${failed.map((s) => s.title).join(', ')}.`, '');
  out.push(
    `- Date: ${started.toISOString()} (UTC)`,
    `- Command: \`${commandLine(argv)}\``,
    `- Duration: ${duration(finished - started)}`,
    `- CPU: ${cpuText()}`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${osText()}`,
    `- Load average at the start (1, 5, 15 min): ${load.map((n) => n.toFixed(2)).join(', ')}`,
    `- Node: ${process.version}`,
    `- Chromium: ${chromiumVersion()}`,
  );
  sections.forEach((s, i) => {
    if (out.at(-1) !== '') out.push('');
    out.push(`## ${i + 1}. ${s.title}`, '');
    if (s.how) out.push(`\`${s.how}\``, '');
    if (s.failure) out.push(`**${s.failure}**`, '');
    for (const table of s.tables) {
      if (table.title) out.push(`### ${cell(table.title)}`, '');
      out.push(...markdownTable(table.head, table.rows), '');
    }
    if (s.text) out.push(...fenced(s.text), '');
    if (s.errors) out.push('Errors (last lines):', '', ...fenced(s.errors), '');
    for (const note of s.notes) out.push(`- ${note}`);
    if (s.notes.length) out.push('');
  });
  return `${out.join('\n').trimEnd()}\n`;
}

/** Every row as wide as the head, so a short or long row from a child cannot break the table. */
export function markdownTable(head, rows) {
  const width = head.length;
  const line = (cells) => `| ${Array.from({ length: width }, (_, i) => cell(cells[i] ?? '')).join(' | ')} |`;
  return [
    line(head),
    line(head.map(() => '---')),
    ...rows.map((row) => line(row.slice(0, width - 1).concat(row.slice(width - 1).join(' ')))),
  ];
}

const cell = (value) => String(value).replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();

/** A fence longer than any run of backticks inside, so the text cannot close it. */
function fenced(text) {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}text`, text, fence];
}

const lastLines = (text, count) => text.trimEnd().split('\n').slice(-count).join('\n') || undefined;

/** What was typed: `npm run bench -- …` when npm ran it, else the node command. */
function commandLine(argv) {
  const args = argv.map(shellQuote).join(' ');
  if (process.env.npm_lifecycle_event === 'bench') return `npm run bench${args ? ` -- ${args}` : ''}`;
  return ['node', ...process.execArgv.map(shellQuote), relative(process.cwd(), process.argv[1]), args].filter(Boolean).join(' ');
}

const shellQuote = (arg) => (/^[\w./,=:@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

function duration(ms) {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function cpuText() {
  const models = [...new Set(cpus().map((cpu) => cpu.model.trim()))];
  return `${models.join(' / ') || 'unknown'} × ${cpus().length}`;
}

function osText() {
  let distribution = '';
  try {
    distribution = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? '';
  } catch {
    // not Linux, or no os-release: the kernel line says enough
  }
  return `${distribution ? `${distribution}, ` : ''}${type()} ${release()} (${version()})`;
}

/** The browser the benches launch (tests/support/chromium.mjs); its stderr carries wrapper noise. */
function chromiumVersion() {
  try {
    const path = chromiumPath();
    return `${execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()} (${path})`;
  } catch (error) {
    return `unknown (${error.message.split('\n')[0]})`;
  }
}
